import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { pendingMigrations } from '@fabrique/prisma/migrations'
import { adminQuery, reachable, withDatabase } from './support/database.ts'
import {
  freePort,
  killLeftovers,
  logIn,
  serverEnv,
  startServer,
  waitUntilUp,
  within,
} from './support/server-process.ts'

// The real server, as `pnpm start` runs it: `node src/main.ts` in server/, in a child process.
afterAll(() => killLeftovers())

describe('refuses to start on bad configuration, naming the variable', () => {
  // An unreachable database: were the configuration wrongly accepted, the process would still fail,
  // but without the "refuses to start" report the assertions look for.
  const db = 'postgresql://127.0.0.1:1/nowhere'
  it.each([
    ['PORT=abc', { PORT: 'abc', DATABASE_URL: db }, ['PORT']],
    ['PORT=70000', { PORT: '70000', DATABASE_URL: db }, ['PORT']],
    ['DATABASE_URL=mysql://x', { DATABASE_URL: 'mysql://x' }, ['DATABASE_URL']],
    ['production without APP_ORIGIN', { NODE_ENV: 'production', DATABASE_URL: db }, ['APP_ORIGIN']],
    [
      'production with demo data',
      {
        NODE_ENV: 'production',
        DEMO_DATA: 'true',
        APP_ORIGIN: 'https://fabrique.example.org',
        DATABASE_URL: db,
      },
      ['DEMO_DATA'],
    ],
    [
      'production with demo data and no APP_ORIGIN',
      { NODE_ENV: 'production', DEMO_DATA: '1', DATABASE_URL: db },
      ['DEMO_DATA', 'APP_ORIGIN'],
    ],
    ['LOG_LEVEL=verbose', { LOG_LEVEL: 'verbose', DATABASE_URL: db }, ['LOG_LEVEL']],
  ])('%s → exit 1 naming it', async (_name, env, vars) => {
    const run = startServer(env)
    const { code } = await within(run.exited, 30_000, 'exit')
    expect(code).toBe(1)
    const out = run.output()
    expect(out).toContain('Fabrique refuses to start.')
    const named = [...out.matchAll(/^ {2}- (\w+): /gm)].map((m) => m[1]).sort()
    expect(named).toEqual([...vars].sort())
  })
})

describe('a real start on a fresh database', () => {
  const admin = inject('pgAdminUrl')
  const dbName = `fabrique_proc_${randomBytes(5).toString('hex')}`
  const databaseUrl = withDatabase(admin, dbName)
  const userCount = async () => {
    const c = new pg.Client({ connectionString: databaseUrl })
    await c.connect()
    try {
      return (await c.query<{ n: number }>('SELECT count(*)::int AS n FROM users')).rows[0]!.n
    } finally {
      await c.end()
    }
  }
  const envFor = (port: number, over: Record<string, string> = {}) =>
    serverEnv(port, { DATABASE_URL: databaseUrl, ...over })

  beforeAll(async () => {
    await adminQuery(admin, `CREATE DATABASE "${dbName}"`)
  })
  afterAll(async () => {
    await adminQuery(admin, `DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`)
  })

  let seededUsers = 0

  it(
    'migrates, seeds, answers, logs a demo persona in, and stops cleanly on SIGTERM',
    { timeout: 120_000 },
    async () => {
      const port = await freePort()
      const origin = `http://127.0.0.1:${port}`
      const run = startServer(envFor(port))
      await waitUntilUp(run, origin)

      const health = await fetch(`${origin}/healthz`)
      expect(health.status).toBe(200)
      expect(await health.json()).toEqual({ status: 'ok' })
      const ready = await fetch(`${origin}/readyz`)
      expect(ready.status).toBe(200)
      expect(await ready.json()).toEqual({ status: 'ready' })

      const login = await logIn(origin, 'gestion@fabrique.demo', 'fabrique-demo')
      expect(login.status).toBe(200)
      const cookie = login.cookie
      expect(cookie).toBeDefined()
      const me = await fetch(`${origin}/api/v1/me`, {
        headers: { Cookie: cookie!, Origin: origin },
      })
      expect(me.status).toBe(200)
      expect(await me.json()).toMatchObject({
        email: 'gestion@fabrique.demo',
        name: 'Sophie Durand',
        emailVerified: true,
      })

      // The demo banner names the logins and the app's origin.
      expect(run.stdout()).toContain(`Fabrique is running (demo data) — open ${origin}`)
      expect(run.stdout()).toContain('gestion@fabrique.demo')

      seededUsers = await userCount()
      expect(seededUsers).toBe(4)
      expect(await pendingMigrations({ url: databaseUrl })).toEqual([])

      const t0 = Date.now()
      run.child.kill('SIGTERM')
      const exit = await within(run.exited, 10_000, 'exit after SIGTERM')
      expect(exit).toEqual({ code: 0, signal: null })
      expect(Date.now() - t0).toBeLessThan(10_000)
      expect(await reachable('127.0.0.1', port)).toBe(false)
    },
  )

  it(
    'a second start on the same database neither migrates nor seeds again',
    { timeout: 120_000 },
    async () => {
      expect(seededUsers).toBe(4)
      const port = await freePort()
      const origin = `http://127.0.0.1:${port}`
      const run = startServer(envFor(port, { LOG_LEVEL: 'info' }))
      await waitUntilUp(run, origin)
      const logs = run
        .stdout()
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => JSON.parse(l) as { msg: string; seeded?: boolean; demo?: boolean })
      const listening = logs.find((l) => l.msg === 'Fabrique is listening')
      expect(listening).toMatchObject({ demo: true, seeded: false })
      expect(logs.map((l) => l.msg)).not.toContain('applying database migrations')
      expect(await userCount()).toBe(seededUsers)

      run.child.kill('SIGINT')
      expect(await within(run.exited, 10_000, 'exit after SIGINT')).toEqual({ code: 0, signal: null })
      // Through the graceful path to its end (not cut short by another signal handler).
      const after = run
        .stdout()
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => (JSON.parse(l) as { msg: string }).msg)
      expect(after.slice(-2)).toEqual(['shutting down: finishing in-flight requests', 'stopped'])
      expect(await reachable('127.0.0.1', port)).toBe(false)
    },
  )
})
