import { createHash } from 'node:crypto'
import { Router, type Response } from 'express'
import { ZOpenDataLieu, ZOpenDataNetwork } from '@fabrique/shared/opendata/schema'
import type { AppDeps } from '../app-deps.ts'
import { route } from '../http/route.ts'
import { AppError } from '../http/problem.ts'
import { openDataService } from './service.ts'

const SLUG = /^[a-z0-9-]{1,60}$/

/** Readable from any site: CORS for everyone (GET only), and not blocked by our CORP default. */
export function crossOrigin(res: Response) {
  res.set('Access-Control-Allow-Origin', '*')
  res.set('Cross-Origin-Resource-Policy', 'cross-origin')
}

/**
 * Cacheable for 30 s; the ETag covers the content but not `updatedAt`, so an unchanged answer
 * revalidates as 304 however often it is recomputed.
 */
function cacheable<T extends { updatedAt: string }>(res: Response, body: T): T {
  const { updatedAt: _ignored, ...content } = body
  const hash = createHash('sha256').update(JSON.stringify(content)).digest('base64url').slice(0, 27)
  // Live figures: caches may keep them a second, then revalidate (the ETag makes that a 304).
  res.set('Cache-Control', 'public, max-age=1, stale-while-revalidate=30')
  res.set('ETag', `W/"${hash}"`)
  return body
}

/** Open data: public, no login, no personal data (docs/open-data.md). */
export function openDataRoutes(deps: AppDeps) {
  const r = Router()
  const svc = openDataService(deps)
  const tag = 'Open data'
  const slugOf = (params: Record<string, string>, what: string) => {
    const s = params.slug ?? ''
    if (!SLUG.test(s)) throw new AppError('not_found', `${what} not found`)
    return s
  }
  route(r, { method: 'get', path: '/open-data/lieux/:slug', tag, summary: 'A lieu now: open, next opening, free seats per kind (public, CORS, cacheable 30 s)', auth: 'none', response: ZOpenDataLieu }, async (ctx) => {
    crossOrigin(ctx.res)
    return cacheable(ctx.res, await svc.lieu(slugOf(ctx.params, 'lieu')))
  })
  route(r, { method: 'get', path: '/open-data/networks/:slug', tag, summary: 'Every lieu of a network now (public, CORS, cacheable 30 s)', auth: 'none', response: ZOpenDataNetwork }, async (ctx) => {
    crossOrigin(ctx.res)
    return cacheable(ctx.res, await svc.network(slugOf(ctx.params, 'network')))
  })
  return r
}
