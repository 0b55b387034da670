import type pg from 'pg'
import type { Logger } from 'pino'
import type { Clock } from './clock.ts'
import type { AppConfig } from './config/env.ts'
import type { Db } from './db/prisma.ts'
import type { Mailer } from './mail/mailer.ts'
import type { Limiters } from './http/rate-limit.ts'
import type { SessionService } from './auth/sessions.ts'
import type { JobQueue } from './jobs/types.ts'
import type { LivePublisher } from './live/types.ts'

/** The one deps object every service receives. */
export interface AppDeps {
  db: Db
  /** Plain pg pool for the few things outside Prisma (rate-limit counters, readiness, a lieu's planning read). */
  pool: pg.Pool
  clock: Clock
  config: AppConfig
  mailer: Mailer
  logger: Logger
  limiters: Limiters
  sessions: SessionService
  /** PostgreSQL-backed job queue (pg-boss): enqueue inside the caller's transaction. */
  jobs: JobQueue
  /** Live occupancy: announce a lieu's change after its transaction commits. */
  live: LivePublisher
}
