import type { NextFunction, Request, Response } from 'express'
import type { AppConfig } from '../config/env.ts'
import { readSessionToken, type SessionService, clearCookie } from './sessions.ts'

export interface AuthedUser {
  id: string
  email: string
  name: string
  locale: 'fr' | 'en'
  emailVerified: boolean
  /** The raw session token (to end or rotate this session). */
  sessionToken: string
  /** The stored session id (token hash). */
  sessionId: string
}

/** Attaches `req.user` when the cookie names a live session; a dead cookie is cleared. */
export function sessionMiddleware(sessions: SessionService, config: AppConfig) {
  return async (req: Request, res: Response, next: NextFunction) => {
    try {
      const token = readSessionToken(req, config)
      if (token) {
        const s = await sessions.resolve(token)
        if (s) {
          ;(req as Request & { user?: AuthedUser }).user = {
            id: s.user.id,
            email: s.user.email,
            name: s.user.name,
            locale: s.user.locale,
            emailVerified: s.user.emailVerifiedAt !== null,
            sessionToken: token,
            sessionId: s.id,
          }
        } else clearCookie(res, config)
      }
      next()
    } catch (e) {
      next(e)
    }
  }
}
