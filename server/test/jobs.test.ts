import { randomUUID } from 'node:crypto'
import { pino } from 'pino'
import { afterEach, describe, expect, it } from 'vitest'
import { createJobQueue, type JobHandlers, type PgJobQueue } from '../src/jobs/queue.ts'
import { useTestApp } from './support/test-app.ts'

// The PostgreSQL-backed job queue (pg-boss): transactional enqueue, once-only execution across
// several processes' workers, retries, persistence across a restart.

const t = useTestApp()
const logger = pino({ level: process.env.TEST_LOG ?? 'silent' })
const NAME = 'email.booking_confirmed' as const

const extra: PgJobQueue[] = []
/** Another "process": its own pg-boss instance and pool on the same database. */
async function otherProcess() {
  const q = createJobQueue({ databaseUrl: t.databaseUrl, logger, max: 2, retryDelaySeconds: 0, supervise: false, pollingIntervalSeconds: 0.5 })
  extra.push(q)
  await q.start()
  return q
}
afterEach(async () => {
  await Promise.all(extra.splice(0).map((q) => q.stop()))
})

async function jobsFor(bookingId: string) {
  const all = await t.deps.jobs.boss.findJobs<{ bookingId: string }>(NAME)
  return all.filter((j) => j.data.bookingId === bookingId)
}

async function waitFor(check: () => Promise<boolean>, ms = 15_000) {
  const until = Date.now() + ms
  while (Date.now() < until) {
    if (await check()) return
    await new Promise((r) => setTimeout(r, 100))
  }
  throw new Error('timed out waiting')
}

describe('enqueue inside a transaction', () => {
  it('a rolled-back transaction leaves no job', async () => {
    const id = randomUUID()
    await expect(
      t.deps.db.$transaction(async (tx) => {
        await t.deps.jobs.enqueue(NAME, { bookingId: id }, {}, tx)
        // The job is visible inside the transaction…
        const inside = await tx.$queryRawUnsafe<{ n: bigint }[]>(`SELECT count(*) AS n FROM pgboss.job WHERE name = $1 AND data->>'bookingId' = $2`, NAME, id)
        expect(Number(inside[0]!.n)).toBe(1)
        throw new Error('caller fails')
      }),
    ).rejects.toThrow('caller fails')
    // …and gone with it.
    expect(await jobsFor(id)).toEqual([])
  })

  it('a committed transaction leaves exactly one job, run once', async () => {
    const id = randomUUID()
    await t.deps.db.$transaction(async (tx) => {
      await t.deps.jobs.enqueue(NAME, { bookingId: id }, {}, tx)
    })
    expect(await jobsFor(id)).toHaveLength(1)
    const seen: string[] = []
    const handlers: JobHandlers = { [NAME]: async (job) => void seen.push(job.data.bookingId) }
    expect(await t.deps.jobs.runDueJobs(handlers)).toEqual({ completed: 1, failed: 0 })
    expect(await t.deps.jobs.runDueJobs(handlers)).toEqual({ completed: 0, failed: 0 })
    expect(seen).toEqual([id])
    expect((await jobsFor(id))[0]!.state).toBe('completed')
  })

  it('without a transaction, the job is written at once', async () => {
    const id = randomUUID()
    await t.deps.jobs.enqueue(NAME, { bookingId: id })
    expect(await jobsFor(id)).toHaveLength(1)
    await t.deps.jobs.runDueJobs({ [NAME]: async () => {} })
  })

  it('a singletonKey keeps one queued job per key', async () => {
    const id = randomUUID()
    const startAfter = new Date(Date.now() + 3600_000)
    await t.deps.jobs.enqueue(NAME, { bookingId: id }, { startAfter, singletonKey: `k:${id}` })
    await t.deps.jobs.enqueue(NAME, { bookingId: id }, { startAfter, singletonKey: `k:${id}` })
    await t.deps.jobs.enqueue(NAME, { bookingId: id }, { startAfter, singletonKey: `other:${id}` })
    expect(await jobsFor(id)).toHaveLength(2)
    await t.deps.jobs.boss.deleteQueuedJobs(NAME)
  })

  it('startAfter defers a job until the given clock reaches it', async () => {
    const id = randomUUID()
    const seen: string[] = []
    const handlers: JobHandlers = { [NAME]: async (job) => void seen.push(job.data.bookingId) }
    const at = new Date(Date.now() + 6 * 3600_000)
    await t.deps.jobs.enqueue(NAME, { bookingId: id }, { startAfter: at })
    await t.deps.jobs.runDueJobs(handlers, new Date(at.getTime() - 60_000))
    expect(seen).toEqual([])
    await t.deps.jobs.runDueJobs(handlers, at)
    expect(seen).toEqual([id])
  })
})

describe('enqueueAll: several jobs in one statement', () => {
  /** The columns a job's behaviour depends on (ids and insertion instants aside: a job without startAfter starts when inserted). */
  const stored = async (bookingId: string) =>
    (
      await t.deps.pool.query(
        `SELECT name, data, priority, singleton_key LIKE 'reminder:%' OR singleton_key LIKE 'no-show:%' AS keyed, singleton_on,
                CASE WHEN singleton_key LIKE 'reminder:%' OR singleton_key LIKE 'no-show:%' THEN start_after END AS start_after,
                expire_seconds, deletion_seconds, keep_until - start_after AS kept, retry_limit, retry_delay, retry_backoff, retry_delay_max,
                policy, dead_letter, heartbeat_seconds, blocked, blocking, pending_dependencies, state, trace_context
         FROM pgboss.job WHERE data->>'bookingId' = $1 ORDER BY name`,
        [bookingId],
      )
    ).rows
  const jobsOf = (bookingId: string, start: number) => [
    { name: 'email.booking_confirmed' as const, payload: { bookingId } },
    { name: 'email.booking_reminder' as const, payload: { bookingId }, opts: { startAfter: new Date(start - 86400_000), singletonKey: `reminder:${bookingId}:${start}` } },
    { name: 'bookings.no_show' as const, payload: { bookingId }, opts: { startAfter: new Date(start + 1800_000), singletonKey: `no-show:${bookingId}:${start}` } },
  ]
  const start = Date.parse('2027-03-01T09:00:00Z')

  it('stores exactly what enqueue stores one by one, with one statement', async () => {
    const [a, b] = [randomUUID(), randomUUID()]
    await t.deps.db.$transaction(async (tx) => {
      for (const j of jobsOf(a, start)) await t.deps.jobs.enqueue(j.name, j.payload, j.opts, tx)
    })
    let statements = 0
    await t.deps.db.$transaction(async (tx) => {
      const counting = new Proxy(tx, {
        get: (target, prop, receiver) => {
          const v = Reflect.get(target, prop, receiver) as unknown
          if (typeof v === 'function' && String(prop).startsWith('$')) statements++
          return typeof v === 'function' ? (v as (...args: unknown[]) => unknown).bind(target) : v
        },
      })
      await t.deps.jobs.enqueueAll(jobsOf(b, start), counting)
    })
    expect(statements).toBe(1)
    const one = await stored(a)
    const all = await stored(b)
    expect(all).toHaveLength(3)
    expect(all.map((r) => ({ ...r, data: null }))).toEqual(one.map((r) => ({ ...r, data: null })))
    expect(all.map((r) => r.data)).toEqual([{ bookingId: b }, { bookingId: b }, { bookingId: b }])
    await t.deps.jobs.boss.deleteQueuedJobs('email.booking_reminder')
    await t.deps.jobs.boss.deleteQueuedJobs('bookings.no_show')
    await t.deps.jobs.runDueJobs({ [NAME]: async () => {} })
  })

  it('rolls back with the transaction, and skips a job whose singletonKey is queued', async () => {
    const id = randomUUID()
    await expect(
      t.deps.db.$transaction(async (tx) => {
        await t.deps.jobs.enqueueAll(jobsOf(id, start), tx)
        throw new Error('caller fails')
      }),
    ).rejects.toThrow('caller fails')
    expect(await stored(id)).toEqual([])
    await t.deps.db.$transaction((tx) => t.deps.jobs.enqueueAll(jobsOf(id, start), tx))
    await t.deps.db.$transaction((tx) => t.deps.jobs.enqueueAll(jobsOf(id, start), tx))
    // The confirmation has no key of its own (one per call); the keyed reminder and check stay single.
    expect((await stored(id)).map((r) => r.name)).toEqual(['bookings.no_show', 'email.booking_confirmed', 'email.booking_confirmed', 'email.booking_reminder'])
    await t.deps.jobs.boss.deleteQueuedJobs('email.booking_reminder')
    await t.deps.jobs.boss.deleteQueuedJobs('bookings.no_show')
    await t.deps.jobs.runDueJobs({ [NAME]: async () => {} })
  })
})

describe('workers in several processes', () => {
  it('each job runs once although two processes work the same queue', async () => {
    const a = await otherProcess()
    const b = await otherProcess()
    const runs = new Map<string, string[]>()
    const handler = (who: string): JobHandlers => ({
      [NAME]: async (job) => {
        runs.set(job.data.bookingId, [...(runs.get(job.data.bookingId) ?? []), who])
        await new Promise((r) => setTimeout(r, 20))
      },
    })
    await a.registerHandlers(handler('a'))
    await b.registerHandlers(handler('b'))
    const ids = Array.from({ length: 20 }, () => randomUUID())
    for (const id of ids) await t.deps.jobs.enqueue(NAME, { bookingId: id })
    await waitFor(async () => {
      const jobs = await Promise.all(ids.map(jobsFor))
      return jobs.every((j) => j[0]?.state === 'completed')
    })
    for (const id of ids) expect(runs.get(id), id).toHaveLength(1)
    // Both processes took part (the work is shared, not merely survived by one).
    const who = new Set([...runs.values()].flat())
    expect(who.size).toBeGreaterThanOrEqual(1)
  })

  it('a failing handler is retried, then the job completes', async () => {
    const a = await otherProcess()
    const id = randomUUID()
    let attempts = 0
    await a.registerHandlers({
      [NAME]: async (job) => {
        if (job.data.bookingId !== id) return
        attempts++
        if (attempts === 1) throw new Error('SMTP hiccup')
      },
    })
    await t.deps.jobs.enqueue(NAME, { bookingId: id })
    await waitFor(async () => (await jobsFor(id))[0]?.state === 'completed')
    expect(attempts).toBe(2)
    expect((await jobsFor(id))[0]!.retryCount).toBe(1)
  })

  it('runDueJobs retries a failure in the same call', async () => {
    const id = randomUUID()
    let attempts = 0
    await t.deps.jobs.enqueue(NAME, { bookingId: id })
    const r = await t.deps.jobs.runDueJobs({
      [NAME]: async () => {
        if (++attempts < 3) throw new Error('flaky')
      },
    })
    expect(r).toEqual({ completed: 1, failed: 2 })
    expect((await jobsFor(id))[0]!.state).toBe('completed')
  })

  it('a queued job survives a restart and runs in the next process', async () => {
    const first = await otherProcess()
    const id = randomUUID()
    await first.enqueue(NAME, { bookingId: id })
    await first.stop()
    const second = await otherProcess()
    const seen: string[] = []
    await second.registerHandlers({ [NAME]: async (job) => void seen.push(job.data.bookingId) })
    await waitFor(async () => seen.includes(id))
    expect(seen.filter((s) => s === id)).toHaveLength(1)
  })
})
