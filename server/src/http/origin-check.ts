import type { NextFunction, Request, Response } from 'express'
import { AppError } from './problem.ts'

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS'])

/**
 * CSRF defence on every state-changing request: a browser always sends Origin (or at least
 * Referer) on such requests, and it must be ours. Requests without either and without a session
 * cookie (API clients, curl) pass: there is no ambient credential to abuse.
 */
export function originCheck(allowed: string[], sessionCookie: string) {
  const allow = new Set(allowed.map((o) => new URL(o).origin))
  return (req: Request, _res: Response, next: NextFunction) => {
    if (SAFE.has(req.method)) return next()
    if (req.get('sec-fetch-site') === 'cross-site') return next(new AppError('origin_rejected', 'cross-site request refused'))
    const origin = req.get('origin') ?? refererOrigin(req.get('referer'))
    if (origin) {
      if (allow.has(origin)) return next()
      return next(new AppError('origin_rejected', `origin ${origin} may not send this request`))
    }
    if (req.headers.cookie?.includes(`${sessionCookie}=`)) {
      return next(new AppError('origin_rejected', 'missing Origin header on a request carrying a session'))
    }
    next()
  }
}

function refererOrigin(referer: string | undefined) {
  if (!referer) return undefined
  try {
    return new URL(referer).origin
  } catch {
    return 'invalid'
  }
}
