import { randomUUID } from 'node:crypto'
import { PgBoss, fromPrisma, type JobResult, type JobWithMetadata, type QueueOptions } from 'pg-boss'
// pg-boss's own statement for `send`/`insert` (one queue per statement): several of them, one per
// queue, become the data-modifying CTEs of a single statement in `enqueueAll`.
import { insertJobs } from 'pg-boss/dist/plans.js'
import type { Logger } from 'pino'
import type { Tx } from '../db/prisma.ts'
import type { EnqueueOptions, JobName, JobPayloads, JobQueue, JobRequest } from './types.ts'

/** Every job name; a queue is created for each (the contract's keys, in one list). */
export const jobNames = [
  'email.booking_confirmed',
  'email.booking_cancelled',
  'email.booking_reminder',
  'email.waitlist_offer',
  'waitlist.offer_expired',
  'bookings.no_show',
  'subscriptions.tick',
  'stripe.event',
  'employers.invoice_run',
] as const satisfies readonly JobName[]
// A job name added to JobPayloads but not here fails to compile.
type Missing = Exclude<JobName, (typeof jobNames)[number]>
const _allListed: Missing extends never ? true : never = true
void _allListed

/** What a handler receives: the job's payload and the instant it was meant to run. */
export interface JobContext<N extends JobName> {
  id: string
  name: N
  data: JobPayloads[N]
  /** When the job became due (its startAfter). */
  startAfter: Date
  retryCount: number
}
export type JobHandler<N extends JobName> = (job: JobContext<N>) => Promise<void>
export type JobHandlers = { [N in JobName]?: JobHandler<N> }

/** The pg-boss schema; kept apart from the application's tables. */
export const JOBS_SCHEMA = 'pgboss'

export interface JobQueueOptions {
  databaseUrl: string
  logger: Logger
  /** Pool size of pg-boss's own connections. */
  max?: number
  /** Seconds between polls of each worker (production default 2). */
  pollingIntervalSeconds?: number
  /** Retry policy of every queue; tests retry without delay. */
  retryDelaySeconds?: number
  /** Background maintenance (expiring stuck jobs, retention). Off in tests that drive jobs by hand. */
  supervise?: boolean
}

export interface PgJobQueue extends JobQueue {
  /** Opens pg-boss (installing or migrating its schema) and makes sure every queue exists. */
  start(): Promise<void>
  /** Stops the workers (waiting for running handlers) and closes the pool. */
  stop(): Promise<void>
  /**
   * Starts a worker per job name that has a handler. Every process may call it: a job is claimed
   * by one worker only (SELECT … FOR UPDATE SKIP LOCKED), so it runs once across processes.
   * `extraHandlers` is the hook for other domains (the booking service's waitlist and no-show jobs).
   */
  registerHandlers(handlers: JobHandlers, extraHandlers?: JobHandlers): Promise<void>
  /**
   * Runs, in this process and without workers, every job that is due (tests: deterministic).
   * Jobs whose startAfter is at or before `dueBy` are made due first. Failed jobs are retried
   * within the call until their retry limit. Returns how many handler runs succeeded and failed.
   */
  runDueJobs(handlers: JobHandlers, dueBy?: Date): Promise<{ completed: number; failed: number }>
  /** The underlying pg-boss instance (tests, diagnostics). */
  readonly boss: PgBoss
}

export function createJobQueue(o: JobQueueOptions): PgJobQueue {
  const boss = new PgBoss({
    connectionString: o.databaseUrl,
    schema: JOBS_SCHEMA,
    max: o.max ?? 4,
    application_name: 'fabrique-jobs',
    supervise: o.supervise ?? true,
    // No cron schedules are used: recurring work is enqueued by the domains with startAfter.
    schedule: false,
  })
  boss.on('error', (e) => o.logger.error({ err: e }, 'job queue error'))
  const queueOptions: QueueOptions & { policy: 'short' } = {
    // `short`: at most one *queued* job per singletonKey — the contract's EnqueueOptions.singletonKey.
    // Jobs sent without a key get a unique one, so they never collide.
    policy: 'short',
    retryLimit: 5,
    retryDelay: o.retryDelaySeconds ?? 30,
    retryBackoff: (o.retryDelaySeconds ?? 30) > 0,
    expireInSeconds: 300,
    deleteAfterSeconds: 7 * 86400,
  }
  let started: Promise<void> | null = null
  let stopped = false
  /** Each queue's job table and whether inserts notify workers (read at start, for `enqueueAll`). */
  const queueTables = new Map<string, { table: string; notify: boolean }>()
  /** `enqueueAll`'s statement per list of job names (null: not batchable). */
  const batchTexts = new Map<string, string | null>()

  async function ensureStarted() {
    started ??= (async () => {
      await boss.start()
      const existing = new Map((await boss.getQueues()).map((q) => [q.name, q]))
      const { policy, ...settings } = queueOptions
      for (const name of jobNames) {
        const q = existing.get(name)
        if (!q) await boss.createQueue(name, { policy, ...settings })
        // A changed retry or retention setting applies to queues created by an earlier version.
        else if (Object.entries(settings).some(([k, v]) => q[k as keyof typeof q] !== v)) await boss.updateQueue(name, settings)
      }
      for (const q of await boss.getQueues([...jobNames])) queueTables.set(q.name, { table: q.table, notify: q.notify === true })
    })()
    return started
  }

  async function runOne(handlers: JobHandlers, job: JobWithMetadata<object>) {
    const handler = handlers[job.name as JobName] as JobHandler<JobName> | undefined
    if (!handler) throw new Error(`no handler for job ${job.name}`)
    await handler({ id: job.id, name: job.name as JobName, data: job.data as never, startAfter: job.startAfter, retryCount: job.retryCount })
  }

  /**
   * One statement inserting every job of the batch: pg-boss's insert of each job's queue as a
   * data-modifying CTE (each keeps its ON CONFLICT DO NOTHING, so a queued singletonKey is skipped
   * as `send` skips it), with the payload `send` builds. Null when a queue's statement is not the
   * plain single-parameter insert this expects (a notifying queue, another pg-boss version).
   */
  function batchStatement(jobs: readonly JobRequest[]): { text: string; values: string[] } | null {
    const names = jobs.map((j) => j.name).join(',')
    let text = batchTexts.get(names)
    if (text === undefined) {
      text = batchText(jobs.map((j) => j.name))
      batchTexts.set(names, text)
    }
    if (text === null) return null
    // What send() stores (Attorney.checkSendArgs + toJobPayload): absent keys take the queue's settings.
    const values = jobs.map((j) => {
      const opts = j.opts ?? {}
      return JSON.stringify([
        {
          data: j.payload,
          priority: 0,
          singletonKey: opts.singletonKey ?? randomUUID(),
          singletonOffset: 0,
          ...(opts.startAfter ? { startAfter: opts.startAfter.toISOString() } : {}),
        },
      ])
    })
    return { text, values }
  }

  function batchText(names: readonly string[]): string | null {
    const ctes: string[] = []
    for (const [i, name] of names.entries()) {
      const q = queueTables.get(name)
      if (!q || q.notify) return null
      const insert = insertJobs(JOBS_SCHEMA, { table: q.table, name, returnId: true, notify: false })
      if (insert.split('$').length !== 2 || !insert.includes('$1::text::json')) return null
      ctes.push(`j${i} AS (${insert.replace('$1::text::json', () => `$${i + 1}::text::json`)})`)
    }
    const counts = names.map((_, i) => `(SELECT count(*) FROM j${i})::int AS n${i}`).join(', ')
    return `WITH ${ctes.join(',\n')}\nSELECT ${counts}`
  }

  async function enqueueOne<N extends JobName>(name: N, payload: JobPayloads[N], opts: EnqueueOptions = {}, tx?: Tx) {
    await ensureStarted()
    const id = await boss.send(name, payload, {
      singletonKey: opts.singletonKey ?? randomUUID(),
      ...(opts.startAfter ? { startAfter: opts.startAfter } : {}),
      // Inside the caller's interactive transaction: the job commits or rolls back with it.
      ...(tx ? { db: fromPrisma(tx) } : {}),
    })
    if (id === null) o.logger.debug({ job: name, singletonKey: opts.singletonKey }, 'job already queued with this key')
  }

  return {
    boss,
    enqueue: enqueueOne,
    async enqueueAll(jobs, tx) {
      await ensureStarted()
      const batch = tx && jobs.length > 1 ? batchStatement(jobs) : null
      if (!batch) {
        for (const j of jobs) await enqueueOne(j.name, j.payload as never, j.opts, tx)
        return
      }
      const [counts] = await tx!.$queryRawUnsafe<Record<string, number>[]>(batch.text, ...batch.values)
      for (const [i, j] of jobs.entries()) {
        if (counts?.[`n${i}`] === 0) o.logger.debug({ job: j.name, singletonKey: j.opts?.singletonKey }, 'job already queued with this key')
      }
    },
    start: ensureStarted,
    async stop() {
      if (stopped) return
      stopped = true
      if (started) await started.catch(() => {})
      await boss.stop({ graceful: true, timeout: 10_000, close: true })
    },
    async registerHandlers(handlers, extraHandlers = {}) {
      await ensureStarted()
      const all: JobHandlers = { ...handlers, ...extraHandlers }
      for (const name of jobNames) {
        if (!all[name]) {
          o.logger.warn({ job: name }, 'no handler registered for this job: its jobs wait in the queue')
          continue
        }
        await boss.work<object>(
          name,
          {
            // Up to 10 jobs a fetch, settled one by one; a full batch fetches again at once.
            batchSize: 10,
            perJobResults: true,
            burstWhenBatchFull: true,
            includeMetadata: true,
            pollingIntervalSeconds: o.pollingIntervalSeconds ?? 2,
          },
          async (jobs) => {
            const results: JobResult[] = []
            for (const job of jobs as JobWithMetadata<object>[]) {
              try {
                await runOne(all, job)
                results.push({ id: job.id, status: 'completed' })
              } catch (e) {
                o.logger.warn({ err: e, job: job.name, jobId: job.id, attempt: job.retryCount }, 'job failed; it will be retried')
                results.push({ id: job.id, status: 'failed', output: { message: String(e) } })
              }
            }
            return results
          },
        )
      }
    },
    async runDueJobs(handlers, dueBy) {
      await ensureStarted()
      if (dueBy) {
        // Bring forward what the caller's clock says is due (pg-boss compares with the database's clock).
        for (const name of jobNames) {
          for (const job of await boss.findJobs<object>(name, { queued: true })) {
            if (job.startAfter.getTime() <= dueBy.getTime() && job.startAfter.getTime() > Date.now())
              await boss.update(name, undefined, { id: job.id, startAfter: new Date() })
          }
        }
      }
      let completed = 0
      let failed = 0
      for (let round = 0; round < 100; round++) {
        let ran = 0
        for (const name of jobNames) {
          const jobs = await boss.fetch<object>(name, { batchSize: 50, includeMetadata: true })
          for (const job of jobs) {
            ran++
            try {
              await runOne(handlers, job)
              await boss.complete(name, job.id)
              completed++
            } catch (e) {
              await boss.fail(name, job.id, { message: String(e) })
              failed++
            }
          }
        }
        if (ran === 0) break
      }
      return { completed, failed }
    },
  }
}

/** Adapts handlers written over the payload alone (`(data) => …`) to JobHandlers. */
export function payloadHandlers(h: { [N in JobName]?: (data: JobPayloads[N]) => Promise<void> }): JobHandlers {
  const out: Record<string, JobHandler<JobName>> = {}
  for (const [name, fn] of Object.entries(h) as [JobName, (data: unknown) => Promise<void>][]) out[name] = (job) => fn(job.data)
  return out as JobHandlers
}
