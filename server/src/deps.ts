import pg from 'pg'
import type { Logger } from 'pino'
import type { AppDeps } from './app-deps.ts'
import { systemClock, type Clock } from './clock.ts'
import type { AppConfig } from './config/env.ts'
import { createPrisma } from './db/prisma.ts'
import { createMailer } from './mail/mailer.ts'
import { createLimiters, defaultRateLimits, type RateLimitSettings } from './http/rate-limit.ts'
import { sessionService } from './auth/sessions.ts'

export interface DepsOptions {
  databaseUrl: string
  config: AppConfig
  logger: Logger
  clock?: Clock
  smtpUrl?: string
  mailFrom?: string
  rateLimits?: RateLimitSettings
  poolSize?: number
}

/** Wires the deps object from configuration; `close()` releases every pool. */
export function buildDeps(o: DepsOptions): AppDeps & { close(): Promise<void> } {
  const db = createPrisma(o.databaseUrl, o.poolSize ?? 10)
  const pool = new pg.Pool({ connectionString: o.databaseUrl, max: 4 })
  pool.on('error', (e) => o.logger.warn({ err: e }, 'idle pg connection lost'))
  const clock = o.clock ?? systemClock
  const mailer = createMailer({ db, smtpUrl: o.smtpUrl, from: o.mailFrom ?? 'Fabrique <no-reply@fabrique.localhost>', logger: o.logger })
  const limiters = createLimiters(pool, o.rateLimits ?? defaultRateLimits, o.config.production)
  const sessions = sessionService({ db, clock, config: o.config })
  return {
    db,
    pool,
    clock,
    config: o.config,
    mailer,
    logger: o.logger,
    limiters,
    sessions,
    async close() {
      await db.$disconnect()
      await pool.end()
    },
  }
}
