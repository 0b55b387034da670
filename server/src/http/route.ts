import type { NextFunction, Request, Response, Router } from 'express'
import { z } from 'zod'
import { AppError } from './problem.ts'
import { parseOrThrow } from './validate.ts'
import type { AuthedUser } from '../auth/session-middleware.ts'

export type Method = 'get' | 'post' | 'put' | 'patch' | 'delete'
export type AuthMode = 'none' | 'optional' | 'user'

export interface RouteSpec<B extends z.ZodType, Q extends z.ZodType, R extends z.ZodType> {
  method: Method
  /** Express path relative to /api/v1, e.g. `/lieux/:lieuId`. */
  path: string
  summary: string
  tag: string
  auth: AuthMode
  body?: B
  query?: Q
  response?: R
  /** Success status (default 200; 204 sends no body). */
  status?: number
  /** Extra error codes this route may answer with (documentation). */
  errors?: string[]
}

export interface Ctx<B, Q, A extends AuthMode> {
  body: B
  query: Q
  params: Record<string, string>
  user: A extends 'user' ? AuthedUser : AuthedUser | null
  req: Request
  res: Response
}

/** Every route registered, for the OpenAPI document. */
export const registry: RouteSpec<z.ZodType, z.ZodType, z.ZodType>[] = []

/**
 * Declares a route: validates body and query with the shared schemas, checks authentication, calls
 * the handler and sends its result (parsed by the response schema in development, so a DTO never
 * drifts from its contract).
 */
export function route<B extends z.ZodType = z.ZodUndefined, Q extends z.ZodType = z.ZodUndefined, R extends z.ZodType = z.ZodUnknown, A extends AuthMode = AuthMode>(
  router: Router,
  spec: RouteSpec<B, Q, R> & { auth: A },
  handler: (ctx: Ctx<z.output<B>, z.output<Q>, A>) => Promise<z.input<R> | undefined | void>,
) {
  if (!registry.some((r) => r.method === spec.method && r.path === spec.path)) registry.push(spec as never)
  router[spec.method](spec.path, async (req: Request, res: Response, next: NextFunction) => {
    try {
      const user = (req as Request & { user?: AuthedUser }).user ?? null
      if (spec.auth === 'user' && !user) throw new AppError('unauthenticated', 'log in first')
      const body = spec.body ? parseOrThrow(spec.body, req.body ?? undefined, 'body') : undefined
      const query = spec.query ? parseOrThrow(spec.query, { ...(req.query as object) }, 'query') : undefined
      const result = await handler({
        body,
        query,
        params: req.params as Record<string, string>,
        user,
        req,
        res,
      } as Ctx<z.output<B>, z.output<Q>, A>)
      if (res.headersSent) return
      const status = spec.status ?? 200
      if (status === 204 || result === undefined) {
        res.status(status === 200 ? 204 : status).end()
        return
      }
      res.status(status).json(result)
    } catch (e) {
      next(e)
    }
  })
}

/** Path parameter that must be a UUID; anything else cannot name an object, so it is a 404. */
export function uuidParam(ctx: { params: Record<string, string> }, name: string, what = 'resource'): string {
  const v = ctx.params[name]
  if (!v || !z.uuid().safeParse(v).success) throw new AppError('not_found', `${what} not found`)
  return v
}
