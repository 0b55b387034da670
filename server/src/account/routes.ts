import { Router } from 'express'
import { z } from 'zod'
import {
  ZChangePasswordRequest,
  ZDeleteAccountRequest,
  ZMeDto,
  ZSessionDto,
  ZUpdateProfileRequest,
} from '@fabrique/shared/auth/schema'
import type { AppDeps } from '../app-deps.ts'
import { route } from '../http/route.ts'
import { accountService } from './service.ts'
import { clearCookie } from '../auth/sessions.ts'

export function accountRoutes(deps: AppDeps) {
  const r = Router()
  const account = accountService(deps)
  const tag = 'My account'

  route(r, { method: 'get', path: '/me', tag, summary: 'The logged-in account, its lieux, networks and employers', auth: 'user', response: ZMeDto }, ({ user }) => account.me(user.id))
  route(r, { method: 'patch', path: '/me', tag, summary: 'Update my profile', auth: 'user', body: ZUpdateProfileRequest, response: ZMeDto }, ({ user, body }) => account.updateProfile(user.id, body))
  route(r, { method: 'post', path: '/me/password', tag, summary: 'Change my password (ends my other sessions)', auth: 'user', body: ZChangePasswordRequest, status: 204 }, async ({ user, body }) => {
    await account.changePassword(user, body.currentPassword, body.newPassword)
  })
  route(r, { method: 'get', path: '/me/sessions', tag, summary: 'My open sessions', auth: 'user', response: z.array(ZSessionDto) }, ({ user }) => account.listSessions(user))
  route(r, { method: 'delete', path: '/me/sessions/:sessionId', tag, summary: 'End one of my sessions', auth: 'user', status: 204 }, async ({ user, params }) => {
    await account.revokeSession(user.id, params.sessionId ?? '')
  })
  route(r, { method: 'get', path: '/me/export', tag, summary: 'Download all my data (GDPR)', auth: 'user' }, async ({ user, res }) => {
    res.attachment(`fabrique-${user.id}.json`)
    return account.exportData(user.id)
  })
  route(r, { method: 'delete', path: '/me', tag, summary: 'Delete my account (GDPR)', auth: 'user', body: ZDeleteAccountRequest, status: 204, errors: ['last_owner'] }, async ({ user, body, res }) => {
    await account.deleteAccount(user, body.password)
    clearCookie(res, deps.config)
  })
  return r
}
