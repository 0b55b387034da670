import type { z } from 'zod'
import { ZProblem, type ErrorCode, type FieldIssue, type Problem } from '@fabrique/shared/errors'

export const API_BASE = '/api/v1'

/** A failed API call, carrying the server's RFC 9457 problem details. */
export class ApiError extends Error {
  readonly status: number
  readonly code: ErrorCode | 'network_error' | 'unknown'
  readonly detail: string | undefined
  readonly fieldErrors: FieldIssue[]
  /** booking_conflict: the interval already taken. */
  readonly conflict: { startsAt: string; endsAt: string } | undefined

  constructor(status: number, problem: Omit<Partial<Problem>, 'code'> & { code: ApiError['code'] }) {
    super(problem.detail ?? problem.title ?? `HTTP ${status}`)
    this.name = 'ApiError'
    this.status = status
    this.code = problem.code
    this.detail = problem.detail
    this.fieldErrors = problem.errors ?? []
    this.conflict = problem.conflict
  }
}

/** Turns any error body into an ApiError; tolerant of non-problem bodies (proxies, HTML pages). */
export function problemToApiError(status: number, body: unknown): ApiError {
  const parsed = ZProblem.safeParse(body)
  if (parsed.success) return new ApiError(status, parsed.data)
  const loose = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>
  return new ApiError(status, {
    code:
      status === 401
        ? 'unauthenticated'
        : status === 429
          ? 'rate_limited'
          : status >= 500
            ? 'internal'
            : 'unknown',
    detail: typeof loose.detail === 'string' ? loose.detail : undefined,
  })
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'

interface RequestOptions<T> {
  body?: unknown
  /** Extra request headers (e.g. Idempotency-Key). */
  headers?: Record<string, string>
  /** Parses the JSON response; omit for empty (204/202) answers. */
  schema?: z.ZodType<T>
  signal?: AbortSignal
}

export async function apiRequest<T = void>(
  method: Method,
  path: string,
  opts: RequestOptions<T> = {},
): Promise<T> {
  let res: Response
  try {
    res = await fetch(API_BASE + path, {
      method,
      credentials: 'same-origin',
      headers: {
        Accept: 'application/json, application/problem+json',
        ...(opts.body !== undefined ? { 'Content-Type': 'application/json' } : {}),
        ...opts.headers,
      },
      body: opts.body !== undefined ? JSON.stringify(opts.body) : undefined,
      signal: opts.signal,
    })
  } catch (e) {
    if (e instanceof DOMException && e.name === 'AbortError') throw e
    throw new ApiError(0, { code: 'network_error' })
  }
  const text = await res.text()
  let data: unknown = undefined
  if (text) {
    try {
      data = JSON.parse(text)
    } catch {
      data = undefined
    }
  }
  if (!res.ok) throw problemToApiError(res.status, data)
  if (!opts.schema) return data as T
  const parsed = opts.schema.safeParse(data)
  if (parsed.success) return parsed.data
  // A response that breaks the shared contract is a bug on one side: say so loudly in development,
  // but keep the page usable in production.
  console.error(`Unexpected response shape for ${method} ${path}`, parsed.error.issues)
  if (import.meta.env.DEV)
    throw new ApiError(res.status, { code: 'internal', detail: 'Unexpected response shape' })
  return data as T
}

export const api = {
  get: <T>(path: string, schema?: z.ZodType<T>, signal?: AbortSignal) =>
    apiRequest<T>('GET', path, { schema, signal }),
  post: <T = void>(path: string, body?: unknown, schema?: z.ZodType<T>) =>
    apiRequest<T>('POST', path, { body, schema }),
  put: <T = void>(path: string, body?: unknown, schema?: z.ZodType<T>) =>
    apiRequest<T>('PUT', path, { body, schema }),
  patch: <T = void>(path: string, body?: unknown, schema?: z.ZodType<T>) =>
    apiRequest<T>('PATCH', path, { body, schema }),
  delete: <T = void>(path: string, body?: unknown, schema?: z.ZodType<T>) =>
    apiRequest<T>('DELETE', path, { body, schema }),
}

export function isApiError(e: unknown, code?: ApiError['code']): e is ApiError {
  return e instanceof ApiError && (code === undefined || e.code === code)
}
