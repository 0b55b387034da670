import { randomBytes } from 'node:crypto'
import type { Express } from 'express'
import { pino } from 'pino'
import request from 'supertest'
import { afterAll, beforeAll, inject } from 'vitest'
import { createApp } from '../../src/app.ts'
import type { AppDeps } from '../../src/app-deps.ts'
import { fixedClock } from '../../src/clock.ts'
import type { AppConfig } from '../../src/config/env.ts'
import { buildDeps } from '../../src/deps.ts'
import { hashPassword } from '../../src/auth/password.ts'
import { defaultRateLimits, type RateLimitSettings } from '../../src/http/rate-limit.ts'
import { allJobHandlers } from '../../src/jobs/handlers.ts'
import type { PgJobQueue } from '../../src/jobs/queue.ts'
import { adminQuery, withDatabase } from './database.ts'

export const ORIGIN = 'http://fabrique.test'

export interface TestApp {
  app: Express
  deps: AppDeps & { jobs: PgJobQueue }
  /**
   * Runs every queued job due by the test clock, in this process (no workers in tests, so nothing
   * runs behind the test's back). Retries failures up to their limit; returns the counts.
   */
  runJobs(): Promise<{ completed: number; failed: number }>
  clock: ReturnType<typeof fixedClock>
  /** A supertest agent keeping cookies, sending our Origin on every request. */
  agent(): ReturnType<typeof originAgent>
  /** A verified account, logged in; returns its agent and id. */
  login(opts?: { email?: string; name?: string; password?: string }): Promise<{ agent: ReturnType<typeof originAgent>; id: string; email: string }>
  createUser(opts?: { email?: string; name?: string; password?: string; verified?: boolean }): Promise<{ id: string; email: string; password: string }>
  databaseUrl: string
}

function originAgent(app: Express) {
  const agent = request.agent(app)
  agent.set('Origin', ORIGIN)
  return agent
}

/**
 * One database per test file, cloned from the migrated template (fast, isolated, files run in
 * parallel). Call at the top level of a test file.
 */
export function useTestApp(opts: { now?: string; rateLimits?: Partial<RateLimitSettings> } = {}): TestApp {
  const t = {} as TestApp
  const name = `fabrique_t_${randomBytes(6).toString('hex')}`
  const admin = inject('pgAdminUrl')
  let close = async () => {}
  beforeAll(async () => {
    await adminQuery(admin, `CREATE DATABASE "${name}" TEMPLATE "${inject('templateDb')}"`)
    t.databaseUrl = withDatabase(admin, name)
    const config: AppConfig = {
      production: false,
      appOrigin: ORIGIN,
      allowedOrigins: [ORIGIN],
      sessionIdleMs: 72 * 3600_000,
      sessionAbsoluteMs: 30 * 86400_000,
      trustProxy: 'loopback',
    }
    t.clock = fixedClock(opts.now ?? '2026-11-27T09:00:00Z')
    const deps = buildDeps({
      databaseUrl: t.databaseUrl,
      config,
      logger: pino({ level: process.env.TEST_LOG ?? 'silent' }),
      clock: t.clock,
      rateLimits: { ...defaultRateLimits, ...opts.rateLimits },
      poolSize: 5,
      jobs: { max: 2, retryDelaySeconds: 0, supervise: false },
    })
    close = deps.close
    t.deps = deps
    // The template already holds pg-boss's schema and queues (global-setup), so this is quick.
    await deps.jobs.start()
    t.app = createApp(deps)
  })
  afterAll(async () => {
    await close()
    await adminQuery(admin, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)
  })
  let n = 0
  t.agent = () => originAgent(t.app)
  t.runJobs = () => t.deps.jobs.runDueJobs(allJobHandlers(t.deps), t.clock.now())
  t.createUser = async (o = {}) => {
    const email = (o.email ?? `user${++n}-${randomBytes(3).toString('hex')}@example.org`).toLowerCase()
    const password = o.password ?? 'correct horse battery'
    const u = await t.deps.db.user.create({
      data: { email, name: o.name ?? `User ${n}`, passwordHash: await hashPassword(password), emailVerifiedAt: o.verified === false ? null : new Date() },
    })
    return { id: u.id, email, password }
  }
  t.login = async (o = {}) => {
    const u = await t.createUser(o)
    const agent = t.agent()
    const res = await agent.post('/api/v1/auth/login').send({ email: u.email, password: u.password })
    if (res.status !== 200) throw new Error(`login failed: ${res.status} ${JSON.stringify(res.body)}`)
    return { agent, id: u.id, email: u.email }
  }
  return t
}

/** The newest e-mail in the outbox for `to`, and the token in its link. */
export async function lastEmail(t: TestApp, to: string) {
  const m = await t.deps.db.outboxEmail.findFirst({ where: { to }, orderBy: { createdAt: 'desc' } })
  if (!m) throw new Error(`no e-mail to ${to}`)
  const token = /token=([A-Za-z0-9_-]+)/.exec(m.text)?.[1]
  return { ...m, token }
}

export const lieuBody = (slug: string, over: Record<string, unknown> = {}) => ({
  slug,
  name: `Lieu ${slug}`,
  description: 'Un tiers-lieu',
  timeZone: 'Europe/Paris',
  address: { street: '1 rue de la Paix', postalCode: '12100', city: 'Millau', country: 'FR' },
  contact: { email: 'contact@example.org', phone: null, website: null },
  legal: { legalName: 'Association Test', siret: '73282932000074', vatNumber: null, vatExempt: true },
  ...over,
})
