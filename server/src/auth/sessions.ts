import type { Request, Response } from 'express'
import { parseCookie, stringifySetCookie } from 'cookie'
import type { Db } from '../db/prisma.ts'
import type { Clock } from '../clock.ts'
import type { AppConfig } from '../config/env.ts'
import { hashToken, newToken } from './tokens.ts'
import { sessionRepo } from './session-repo.ts'

export const SESSION_COOKIE = 'fabrique_session'
// In production the cookie is Secure and host-only under the __Host- prefix.
export const cookieName = (config: AppConfig) => (config.production ? `__Host-${SESSION_COOKIE}` : SESSION_COOKIE)

export function readSessionToken(req: Request, config: AppConfig): string | undefined {
  const header = req.headers.cookie
  if (!header) return undefined
  return parseCookie(header)[cookieName(config)] ?? undefined
}

export function sessionService(deps: { db: Db; clock: Clock; config: AppConfig }) {
  const repo = sessionRepo(deps.db)
  const { config, clock } = deps

  return {
    /** Starts a fresh session (a new token at every login: no fixation) and sets the cookie. */
    async start(res: Response, req: Request, userId: string, replacing?: string) {
      if (replacing) await repo.delete(hashToken(replacing))
      const token = newToken()
      const now = clock.now()
      await repo.create({
        id: hashToken(token),
        userId,
        now,
        expiresAt: new Date(now.getTime() + config.sessionAbsoluteMs),
        userAgent: req.get('user-agent')?.slice(0, 300) ?? null,
        ip: req.ip ?? null,
      })
      res.append(
        'Set-Cookie',
        stringifySetCookie({
          name: cookieName(config),
          value: token,
          httpOnly: true,
          sameSite: 'lax',
          secure: config.production,
          path: '/',
          maxAge: Math.floor(config.sessionAbsoluteMs / 1000),
        }),
      )
      return token
    },

    /** The live session for a token, or null when unknown, idle too long or past its absolute end. */
    async resolve(token: string) {
      const id = hashToken(token)
      const s = await repo.findWithUser(id)
      if (!s) return null
      const now = clock.now()
      const idleEnd = s.lastSeenAt.getTime() + config.sessionIdleMs
      if (s.expiresAt.getTime() <= now.getTime() || idleEnd <= now.getTime()) {
        await repo.delete(id)
        return null
      }
      // Writes at most once a minute per session.
      if (now.getTime() - s.lastSeenAt.getTime() > 60_000) await repo.touch(id, now)
      return s
    },

    async end(res: Response, token: string | undefined) {
      if (token) await repo.delete(hashToken(token))
      clearCookie(res, config)
    },

    endAll: (userId: string) => repo.deleteForUser(userId),
    endOthers: (userId: string, currentToken: string) => repo.deleteForUser(userId, hashToken(currentToken)),
    list: (userId: string) => repo.listForUser(userId),
    revoke: (userId: string, sessionId: string) => deps.db.session.deleteMany({ where: { id: sessionId, userId } }),
  }
}
export type SessionService = ReturnType<typeof sessionService>

export function clearCookie(res: Response, config: AppConfig) {
  res.append(
    'Set-Cookie',
    stringifySetCookie({ name: cookieName(config), value: '', httpOnly: true, sameSite: 'lax', secure: config.production, path: '/', maxAge: 0 }),
  )
}
