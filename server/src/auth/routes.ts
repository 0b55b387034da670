import { Router } from 'express'
import { z } from 'zod'
import {
  ZLoginRequest,
  ZMeDto,
  ZPasswordResetConfirm,
  ZPasswordResetRequest,
  ZRegisterRequest,
  ZResendVerificationRequest,
  ZTokenRequest,
} from '@fabrique/shared/auth/schema'
import type { AppDeps } from '../app-deps.ts'
import { route } from '../http/route.ts'
import { authService } from './service.ts'
import { hashToken } from './tokens.ts'
import { accountService } from '../account/service.ts'

const ZMessage = z.object({ message: z.string() })

export function authRoutes(deps: AppDeps) {
  const r = Router()
  const auth = authService(deps)
  const account = accountService(deps)
  const tag = 'Authentication'

  route(r, { method: 'post', path: '/auth/register', tag, summary: 'Create an account; a verification e-mail follows', auth: 'none', body: ZRegisterRequest, response: ZMessage, status: 201, errors: ['rate_limited'] }, async ({ body, req }) => {
    await auth.register(body, req.ip ?? 'unknown')
    return { message: 'check your e-mail to confirm your address' }
  })
  route(r, { method: 'post', path: '/auth/resend-verification', tag, summary: 'Send the verification e-mail again', auth: 'none', body: ZResendVerificationRequest, status: 202 }, async ({ body, req, res }) => {
    await auth.resendVerification(body.email, req.ip ?? 'unknown')
    res.status(202).json({ message: 'if this address awaits confirmation, a new link is on its way' })
  })
  route(r, { method: 'post', path: '/auth/verify-email', tag, summary: 'Confirm the e-mail address (logs in)', auth: 'none', body: ZTokenRequest, response: ZMeDto, errors: ['token_invalid'] }, async ({ body, req, res }) => {
    const userId = await auth.verifyEmail(body.token, req, res)
    return account.me(userId)
  })
  route(r, { method: 'post', path: '/auth/login', tag, summary: 'Log in (a new session token each time)', auth: 'optional', body: ZLoginRequest, response: ZMeDto, errors: ['invalid_credentials', 'email_not_verified', 'rate_limited'] }, async ({ body, req, res, user }) => {
    const userId = await auth.login(body, req, res, user?.sessionToken)
    return account.me(userId)
  })
  route(r, { method: 'post', path: '/auth/logout', tag, summary: 'End this session', auth: 'optional', status: 204 }, async ({ req, res, user }) => {
    await deps.sessions.end(res, user?.sessionToken)
    if (user) deps.live.credentialsEnded({ sessionIds: [hashToken(user.sessionToken)] })
    void req
  })
  route(r, { method: 'post', path: '/auth/logout-all', tag, summary: 'End every session of the account ("log out everywhere")', auth: 'user', status: 204 }, async ({ res, user }) => {
    await deps.sessions.endAll(user.id)
    await deps.sessions.end(res, undefined)
    deps.live.credentialsEnded({ userId: user.id })
  })
  route(r, { method: 'post', path: '/auth/password-reset', tag, summary: 'E-mail a password reset link', auth: 'none', body: ZPasswordResetRequest, status: 202, errors: ['rate_limited'] }, async ({ body, req, res }) => {
    await auth.requestPasswordReset(body.email, req.ip ?? 'unknown')
    res.status(202).json({ message: 'if an account uses this address, a reset link is on its way' })
  })
  route(r, { method: 'post', path: '/auth/password-reset/confirm', tag, summary: 'Set a new password from a reset link (ends every session)', auth: 'none', body: ZPasswordResetConfirm, status: 204, errors: ['token_invalid'] }, async ({ body }) => {
    await auth.confirmPasswordReset(body)
  })
  return r
}
