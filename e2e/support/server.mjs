#!/usr/bin/env node
// Playwright's webServer: starts the real Fabrique server on a fresh, throw-away database and
// removes that database when Playwright stops it (SIGTERM to the process group).
//   - PostgreSQL on 127.0.0.1:5432 reachable (CI, dev machines): a new database `fabrique_e2e_<random>`
//     created here, dropped on exit.
//   - otherwise: the server's embedded PostgreSQL in a new temporary FABRIQUE_DATA_DIR (port
//     EMBEDDED_PG_PORT, 54349 by default), deleted on exit.
// Set E2E_DATABASE=embedded to force the second mode. Demo data is on (DEMO_DATA=true).
// E2E_STRIPE=1: card payments on, against a local fake Stripe started here (support/fake-stripe.mjs:
// the SDK is pointed at it with STRIPE_API_URL; its Checkout page sends the signed webhooks).
import { spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import pg from 'pg'
import { startFakeStripe } from './fake-stripe.mjs'

const here = path.dirname(fileURLToPath(import.meta.url))
const serverDir = path.resolve(here, '../../server')
const port = process.env.PORT ?? '3100'
const adminUrl = process.env.E2E_PG_ADMIN_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres'
const log = (m) => console.error(`[e2e server] ${m}`)

function reachable(host, p, ms = 1000) {
  return new Promise((resolve) => {
    const s = net.connect({ host, port: p })
    const done = (ok) => {
      s.destroy()
      resolve(ok)
    }
    s.setTimeout(ms, () => done(false))
    s.once('connect', () => done(true))
    s.once('error', () => done(false))
  })
}

async function admin(sql) {
  const c = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 5000 })
  await c.connect()
  try {
    await c.query(sql)
  } finally {
    await c.end()
  }
}

const env = {
  ...process.env,
  PORT: port,
  HOST: process.env.HOST ?? '127.0.0.1',
  APP_ORIGIN: process.env.APP_ORIGIN ?? `http://localhost:${port}`,
  DEMO_DATA: 'true',
  LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
  NODE_ENV: 'development',
}
delete env.DATABASE_URL
let cleanup = async () => {}
let stopStripe = async () => {}

if (process.env.E2E_STRIPE === '1') {
  const webhookSecret = `whsec_e2e_${randomBytes(8).toString('hex')}`
  const fake = await startFakeStripe({ appOrigin: `http://127.0.0.1:${port}`, webhookSecret, log })
  Object.assign(env, { STRIPE_SECRET_KEY: 'sk_test_e2e', STRIPE_WEBHOOK_SECRET: webhookSecret, STRIPE_API_URL: fake.url })
  stopStripe = fake.close
  log(`fake Stripe on ${fake.url}`)
}

const u = new URL(adminUrl)
const useExternal =
  process.env.E2E_DATABASE !== 'embedded' && (await reachable(u.hostname, Number(u.port || 5432)))
if (useExternal) {
  // Best effort: can we actually log in (trust auth, role exists)?
  const name = `fabrique_e2e_${randomBytes(5).toString('hex')}`
  try {
    await admin(`CREATE DATABASE "${name}"`)
    u.pathname = `/${name}`
    env.DATABASE_URL = u.toString()
    log(`database ${name} on ${u.host}`)
    cleanup = () => admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)
  } catch (e) {
    log(`cannot use ${u.host} (${e.message}); falling back to the embedded PostgreSQL`)
  }
}
if (!env.DATABASE_URL) {
  // The embedded PostgreSQL runs as the `postgres` user when we are root: the folder must be
  // reachable by it (the server's startEmbeddedPostgres makes the parents traversable).
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fabrique-e2e-'))
  env.FABRIQUE_DATA_DIR = dir
  env.EMBEDDED_PG_PORT = process.env.EMBEDDED_PG_PORT ?? '54349'
  log(`embedded PostgreSQL in ${dir}, port ${env.EMBEDDED_PG_PORT}`)
  cleanup = async () => fs.rmSync(dir, { recursive: true, force: true })
}

const child = spawn(process.execPath, ['src/main.ts'], {
  cwd: serverDir,
  env,
  stdio: 'inherit',
})
let stopping = false
const exited = new Promise((resolve) =>
  child.once('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0))),
)

async function stop(signal) {
  if (stopping) return
  stopping = true
  // Playwright signals the whole process group, so the server usually has it already.
  if (child.exitCode === null && child.signalCode === null) child.kill(signal)
  const timer = setTimeout(() => child.kill('SIGKILL'), 12_000)
  await exited
  clearTimeout(timer)
  await stopStripe().catch(() => {})
  await cleanup().catch((e) => log(`cleanup failed: ${e.message}`))
  process.exit(0)
}
process.on('SIGTERM', () => void stop('SIGTERM'))
process.on('SIGINT', () => void stop('SIGINT'))

const code = await exited
if (!stopping) {
  log(`server exited on its own (code ${code})`)
  await cleanup().catch(() => {})
  process.exit(code || 1)
}
