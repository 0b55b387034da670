import { z } from 'zod'
import { ZMeDto, ZSessionDto, type UpdateProfileRequest } from '@fabrique/shared/auth/schema'
import { api } from '../../lib/api.ts'

export const accountApi = {
  updateProfile: (body: UpdateProfileRequest) => api.patch('/me', body, ZMeDto),
  changePassword: (body: { currentPassword: string; newPassword: string }) => api.post('/me/password', body),
  sessions: (signal?: AbortSignal) => api.get('/me/sessions', z.array(ZSessionDto), signal),
  revokeSession: (id: string) => api.delete(`/me/sessions/${encodeURIComponent(id)}`),
  exportData: () => api.get<unknown>('/me/export'),
  deleteAccount: (password: string) => api.delete('/me', { password }),
}
