import { z } from 'zod'
import { ZMeDto, type LoginRequest, type MeDto, type RegisterRequest } from '@fabrique/shared/auth/schema'
import { api, ApiError } from '../../lib/api.ts'

const ZMessage = z.object({ message: z.string() }).partial()

/** The logged-in user, or null when logged out. */
export async function fetchMe(signal?: AbortSignal): Promise<MeDto | null> {
  try {
    return await api.get('/me', ZMeDto, signal)
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) return null
    throw e
  }
}

export const authApi = {
  register: (body: RegisterRequest) => api.post('/auth/register', body, ZMessage),
  verifyEmail: (token: string) => api.post('/auth/verify-email', { token }, ZMeDto),
  resendVerification: (email: string) => api.post('/auth/resend-verification', { email }),
  login: (body: LoginRequest) => api.post('/auth/login', body, ZMeDto),
  logout: () => api.post('/auth/logout'),
  logoutAll: () => api.post('/auth/logout-all'),
  requestPasswordReset: (email: string) => api.post('/auth/password-reset', { email }),
  confirmPasswordReset: (token: string, password: string) =>
    api.post('/auth/password-reset/confirm', { token, password }),
}
