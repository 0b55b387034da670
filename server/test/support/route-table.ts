import { expect } from 'vitest'
import type { Response } from 'supertest'
import { errorCodes, errorStatus, ZProblem, type ErrorCode } from '@fabrique/shared/errors'
import { registry, type Method } from '../../src/http/route.ts'
import type { TestApp } from './test-app.ts'

/** Shared helpers of the route-table suites (authorization.test.ts, bad-input.test.ts). */

export type Agent = ReturnType<TestApp['agent']>

/** `PATCH /lieux/:lieuId`: how a route is named in the tables. */
export const routeKey = (r: { method: Method; path: string }) => `${r.method.toUpperCase()} ${r.path}`

/** Every route registered so far (call inside a test: the app registers them when created). */
export function registeredRoutes() {
  expect(registry.length, 'registry is empty: was the app created?').toBeGreaterThan(20)
  return registry.map((r) => ({
    method: r.method,
    path: r.path,
    auth: r.auth,
    body: r.body,
    query: r.query,
    key: routeKey(r),
  }))
}

/** `/lieux/:lieuId/closures/:closureId` + params → `/api/v1/lieux/…/closures/…` (params URL-encoded). */
export function fillPath(path: string, params: Record<string, string>) {
  const filled = path.replace(/:(\w+)/g, (_m, name: string) => {
    const v = params[name]
    if (v === undefined) throw new Error(`no value for :${name} in ${path}`)
    return encodeURIComponent(v)
  })
  return `/api/v1${filled}`
}

export const pathParams = (path: string) => [...path.matchAll(/:(\w+)/g)].map((m) => m[1]!)

/** Sends one request; a body (any JSON value) is sent as application/json. */
export function send(agent: Agent, method: Method, url: string, body?: unknown) {
  const req = agent[method](url)
  return body === undefined ? req : req.set('Content-Type', 'application/json').send(JSON.stringify(body))
}

/** The response is RFC 9457 problem+json with exactly this status and code. */
export function expectProblem(res: Response, status: number, code: ErrorCode, what = '') {
  const label = `${what} → ${res.status} ${res.text.slice(0, 300)}`
  expect(res.status, label).toBe(status)
  expect(res.headers['content-type'], label).toMatch(/^application\/problem\+json/)
  const body = JSON.parse(res.text) as unknown
  const parsed = ZProblem.safeParse(body)
  expect(parsed.success, label).toBe(true)
  expect(parsed.data!.code, label).toBe(code)
  expect(errorStatus[parsed.data!.code], label).toBe(status)
  return parsed.data!
}

/** Any client error (never a 5xx), as problem+json with a known code; returns the problem. */
export function expectClientProblem(res: Response, what = '') {
  const label = `${what} → ${res.status} ${res.text.slice(0, 300)}`
  expect(res.status, label).toBeGreaterThanOrEqual(400)
  expect(res.status, label).toBeLessThan(500)
  expect(res.headers['content-type'], label).toMatch(/^application\/problem\+json/)
  const parsed = ZProblem.safeParse(JSON.parse(res.text))
  expect(parsed.success, label).toBe(true)
  expect(errorCodes, label).toContain(parsed.data!.code)
  expect(errorStatus[parsed.data!.code], label).toBe(res.status)
  return parsed.data!
}

/** Tables whose content a refused request must leave alone. */
export const dataTables = [
  'users',
  'sessions',
  'email_tokens',
  'lieux',
  'opening_intervals',
  'closures',
  'lieu_memberships',
  'invitations',
  'outbox_emails',
  'networks',
  'network_coordinators',
  'employers',
  'employer_memberships',
] as const

/** Row counts of every data table. */
export async function rowCounts(t: TestApp) {
  const out: Record<string, number> = {}
  for (const table of dataTables) {
    const r = await t.deps.pool.query<{ n: string }>(`SELECT count(*) AS n FROM ${table}`)
    out[table] = Number(r.rows[0]!.n)
  }
  return out
}

/**
 * Every row of every data table, as text (the clock is fixed, so a read-only request changes
 * nothing here, not even a session's last-seen time). Compare two snapshots with toEqual.
 */
export async function dbSnapshot(t: TestApp) {
  const out: Record<string, string[]> = {}
  for (const table of dataTables) {
    const r = await t.deps.pool.query<{ row: string }>(`SELECT x::text AS row FROM ${table} x ORDER BY 1`)
    out[table] = r.rows.map((x) => x.row)
  }
  return out
}
