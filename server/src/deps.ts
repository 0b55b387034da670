import pg from 'pg'
import type { Logger } from 'pino'
import type { AppDeps } from './app-deps.ts'
import { systemClock, type Clock } from './clock.ts'
import type { AppConfig } from './config/env.ts'
import { createPrisma } from './db/prisma.ts'
import { createMailer } from './mail/mailer.ts'
import { createLimiters, defaultRateLimits, type RateLimitSettings } from './http/rate-limit.ts'
import { sessionService } from './auth/sessions.ts'
import { silentLive } from './live/types.ts'
import { createJobQueue, type PgJobQueue } from './jobs/queue.ts'

export interface DepsOptions {
  databaseUrl: string
  config: AppConfig
  logger: Logger
  clock?: Clock
  smtpUrl?: string
  mailFrom?: string
  rateLimits?: RateLimitSettings
  poolSize?: number
  /** Options of the job queue (tests: small pool, no retry delay, no background supervision). */
  jobs?: { max?: number; retryDelaySeconds?: number; supervise?: boolean; pollingIntervalSeconds?: number }
}

/** Wires the deps object from configuration; `close()` releases every pool. */
export function buildDeps(o: DepsOptions): AppDeps & { jobs: PgJobQueue; close(): Promise<void> } {
  const db = createPrisma(o.databaseUrl, o.poolSize ?? 10)
  const pool = new pg.Pool({ connectionString: o.databaseUrl, max: 4 })
  pool.on('error', (e) => o.logger.warn({ err: e }, 'idle pg connection lost'))
  const clock = o.clock ?? systemClock
  const mailer = createMailer({ db, smtpUrl: o.smtpUrl, from: o.mailFrom ?? 'Fabrique <no-reply@fabrique.localhost>', logger: o.logger })
  const limiters = createLimiters(pool, o.rateLimits ?? defaultRateLimits, o.config.production)
  const sessions = sessionService({ db, clock, config: o.config })
  // Started by main.ts (or lazily by the first enqueue); workers are registered separately.
  const jobs = createJobQueue({ databaseUrl: o.databaseUrl, logger: o.logger, ...o.jobs })
  return {
    db,
    pool,
    clock,
    config: o.config,
    mailer,
    logger: o.logger,
    limiters,
    sessions,
    jobs,
    live: silentLive,
    async close() {
      await jobs.stop()
      await db.$disconnect()
      await pool.end()
    },
  }
}
