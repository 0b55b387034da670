import { randomBytes } from 'node:crypto'
import { DateTime } from 'luxon'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { adminQuery, withDatabase } from './support/database.ts'
import {
  freePort,
  killLeftovers,
  logIn,
  serverEnv,
  startServer,
  waitUntilUp,
  within,
  type ServerRun,
} from './support/server-process.ts'

// QUALITY.md R6: `kill -9` of the real server (`node src/main.ts`) under booking load, then a
// restart on the same database: no half-written booking, no half-written idempotency key, no
// booking without its confirmation e-mail job, and every request can be replayed safely.

const TOTAL = 150
const IN_FLIGHT = 40
/** SIGKILL once this many responses have arrived (~40%). */
const KILL_AFTER = 60
const ACTIVE = `('pending', 'confirmed', 'checked_in', 'completed')`

const admin = inject('pgAdminUrl')
const dbName = `fabrique_crash_${randomBytes(5).toString('hex')}`
const databaseUrl = withDatabase(admin, dbName)
let db: pg.Client

interface Attempt {
  key: string
  /** The exact JSON sent, sent again for the replay. */
  body: string
  /** What came back before the kill: status and raw text, or the network error. */
  before?: { status: number; text: string } | { error: string }
  after?: { status: number; text: string }
}

async function post(origin: string, cookie: string, a: Attempt) {
  const res = await fetch(`${origin}/api/v1/bookings`, {
    method: 'POST',
    headers: { Cookie: cookie, Origin: origin, 'Content-Type': 'application/json', 'Idempotency-Key': a.key },
    body: a.body,
    signal: AbortSignal.timeout(10_000),
  })
  return { status: res.status, text: await res.text() }
}

/** Runs `work` over `items` with at most `n` at once; `stop()` true stops taking new items. */
async function pool<T>(items: T[], n: number, work: (item: T) => Promise<void>, stop = () => false) {
  let next = 0
  await Promise.all(
    Array.from({ length: n }, async () => {
      while (next < items.length && !stop()) await work(items[next++]!)
    }),
  )
}

const sql = async <R extends pg.QueryResultRow>(text: string, values: unknown[] = []) =>
  (await db.query<R>(text, values)).rows

/** Pairs of active bookings of one exclusive resource whose held blocks overlap. */
const overlaps = () =>
  sql<{ a: string; b: string }>(`
    SELECT x.id AS a, y.id AS b FROM bookings x JOIN bookings y
      ON x.resource_id = y.resource_id AND x.id < y.id
     AND tstzrange(x.block_starts_at, x.block_ends_at, '[)') && tstzrange(y.block_starts_at, y.block_ends_at, '[)')
    WHERE x.exclusive AND y.exclusive AND x.status IN ${ACTIVE} AND y.status IN ${ACTIVE}`)

/** The idempotency keys of the member, with the stored answer as the exact JSON text. */
const storedKeys = async (userId: string) =>
  new Map(
    (
      await sql<{ key: string; status: number; text: string | null }>(
        `SELECT key, status, response #>> '{}' AS text FROM idempotency_keys WHERE user_id = $1`,
        [userId],
      )
    ).map((r) => [r.key, r]),
  )

/**
 * (b) no half-written key, (c) bookings = successful keys, (e) each booking's confirmation job
 * committed with it. Returns the booking id of each key.
 */
async function checkCommittedState(userId: string, seeded: ReadonlySet<string>) {
  // (a) Two active bookings of one desk never overlap.
  expect(await overlaps()).toEqual([])

  // (b) Every key committed its answer: none still at the placeholder written when it was claimed.
  const half = await sql(
    `SELECT key, status, response FROM idempotency_keys WHERE status = 0 OR response = '{}'::jsonb OR jsonb_typeof(response) <> 'string'`,
  )
  expect(half).toEqual([])

  // (c) Each stored 201 names an existing booking of the member; each booking has exactly one key.
  const keys = await storedKeys(userId)
  const bookingOfKey = new Map<string, string>()
  for (const k of keys.values()) {
    expect(k.status).toBe(201)
    const body = JSON.parse(k.text!) as { id: string; userId?: string }
    bookingOfKey.set(k.key, body.id)
  }
  // The demo data's own bookings of the member (made without a key) are not the load's.
  const bookings = (await sql<{ id: string }>(`SELECT id FROM bookings WHERE user_id = $1`, [userId])).filter(
    (b) => !seeded.has(b.id),
  )
  const ids = [...bookingOfKey.values()]
  expect(new Set(ids).size).toBe(ids.length) // no booking named by two keys
  expect(new Set(ids)).toEqual(new Set(bookings.map((b) => b.id))) // and none without a key

  // (e) The confirmation e-mail job of each booking committed with it (queued, running or done).
  const jobs = await sql<{ booking_id: string; state: string }>(
    `SELECT data->>'bookingId' AS booking_id, state FROM pgboss.job WHERE name = 'email.booking_confirmed'`,
  )
  const jobState = new Map(jobs.map((j) => [j.booking_id, j.state]))
  const withoutJob = bookings.filter((b) => !jobState.has(b.id)).map((b) => b.id)
  expect(withoutJob, 'bookings committed without their confirmation e-mail job').toEqual([])
  const badJobs = jobs.filter((j) => !['created', 'retry', 'active', 'completed'].includes(j.state))
  expect(badJobs).toEqual([])
  return { keys, bookingOfKey, bookingCount: bookings.length }
}

const runs: ServerRun[] = []

beforeAll(async () => {
  await adminQuery(admin, `CREATE DATABASE "${dbName}" TEMPLATE "${inject('templateDb')}"`)
  db = new pg.Client({ connectionString: databaseUrl })
  await db.connect()
})

afterAll(async () => {
  killLeftovers()
  await Promise.all(runs.map((r) => within(r.exited, 5000, 'exit after SIGKILL').catch(() => {})))
  await db?.end().catch(() => {})
  await adminQuery(admin, `DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`).catch(() => {})
})

describe('kill -9 under booking load, then restart (QUALITY.md R6)', () => {
  it(
    'leaves no half-written booking, key or job, and every request replays safely',
    { timeout: 60_000 },
    async () => {
      const port = await freePort()
      const origin = `http://127.0.0.1:${port}`
      const env = serverEnv(port, { DATABASE_URL: databaseUrl })
      const first = startServer(env)
      runs.push(first)
      await waitUntilUp(first, origin, { timeoutMs: 30_000 })

      const login = await logIn(origin, 'membre@fabrique.demo', 'fabrique-demo')
      expect(login.status).toBe(200)
      const cookie = login.cookie!
      const get = async <T>(url: string) => {
        const res = await fetch(`${origin}/api/v1${url}`, { headers: { Cookie: cookie } })
        expect(res.status, `GET ${url}`).toBe(200)
        return (await res.json()) as T
      }
      const me = await get<{ id: string; lieux: { id: string; slug: string }[] }>('/me')
      const quai = me.lieux.find((l) => l.slug === 'le-quai')!
      const lieu = await get<{ timeZone: string; closures: { startDate: string; endDate: string }[] }>(
        `/lieux/${quai.id}`,
      )
      expect(lieu.timeZone).toBe('Europe/Paris')
      const seeded = new Set(
        (await sql<{ id: string }>(`SELECT id FROM bookings WHERE user_id = $1`, [me.id])).map((b) => b.id),
      )
      const desks = await get<{ id: string; name: string }[]>(`/lieux/${quai.id}/resources?kind=desk`)
      expect(desks.map((d) => d.name).sort()).toEqual([1, 2, 3, 4, 5, 6].map((n) => `Poste ${n}`))

      // Three open weekdays 3–20 days ahead (Mon–Fri 08:30–19:00 in Paris, closures skipped);
      // one-hour slots on the half hour from 08:30 to 18:00, so that neighbours overlap.
      const today = DateTime.now().setZone('Europe/Paris').startOf('day')
      const open = [] as DateTime[]
      for (let d = 3; d <= 20; d++) {
        const day = today.plus({ days: d })
        const iso = day.toISODate()!
        if (day.weekday <= 5 && !lieu.closures.some((c) => c.startDate <= iso && iso <= c.endDate))
          open.push(day)
      }
      const days = open.sort(() => Math.random() - 0.5).slice(0, 3)
      expect(days).toHaveLength(3)
      const pick = <T>(xs: T[]) => xs[Math.floor(Math.random() * xs.length)]!
      const attempts: Attempt[] = Array.from({ length: TOTAL }, (_, i) => {
        const start = pick(days)
          .set({ hour: 8, minute: 30 })
          .plus({ minutes: 30 * Math.floor(Math.random() * 20) })
        return {
          key: `crash-${i}-${randomBytes(6).toString('hex')}`,
          body: JSON.stringify({
            resourceId: pick(desks).id,
            startsAt: start.toISO(),
            endsAt: start.plus({ hours: 1 }).toISO(),
          }),
        }
      })

      // The load, and the kill once ~40% of the answers are in.
      let answered = 0
      let killedAt = 0
      await within(
        pool(
          attempts,
          IN_FLIGHT,
          async (a) => {
            try {
              a.before = await post(origin, cookie, a)
            } catch (e) {
              a.before = { error: String((e as Error).cause ?? e) }
              return
            }
            if (++answered === KILL_AFTER) {
              killedAt = Date.now()
              first.child.kill('SIGKILL')
            }
          },
          () => killedAt > 0,
        ),
        20_000,
        'the load',
      )
      expect(await within(first.exited, 5000, 'exit after SIGKILL')).toEqual({
        code: null,
        signal: 'SIGKILL',
      })
      const answeredBefore = attempts.filter((a) => a.before && 'status' in a.before)
      const lost = attempts.filter((a) => a.before && 'error' in a.before)
      const statusesBefore = countBy(answeredBefore.map((a) => (a.before as { status: number }).status))
      // Only 201 (booked) and 409 (taken) before the kill; some requests cut off by it.
      expect(Object.keys(statusesBefore).sort()).toEqual(expect.arrayContaining(['201']))
      expect(answeredBefore.every((a) => [201, 409].includes((a.before as { status: number }).status))).toBe(
        true,
      )
      expect(lost.length).toBeGreaterThan(0)

      // Restart on the same database (and port).
      const second = startServer(env)
      runs.push(second)
      await waitUntilUp(second, origin, { timeoutMs: 30_000 })
      expect((await fetch(`${origin}/readyz`)).status).toBe(200)

      // (a), (b), (c), (e) on what the crash left.
      const afterCrash = await checkCommittedState(me.id, seeded)
      // Every 201 received before the kill was committed, with exactly the answer received.
      for (const a of answeredBefore) {
        const before = a.before as { status: number; text: string }
        if (before.status === 201) expect(afterCrash.keys.get(a.key)?.text).toBe(before.text)
        else expect(afterCrash.keys.has(a.key)).toBe(false)
      }
      // The API agrees with the tables (and the session survived the restart).
      const listed = await get<{ id: string }[]>(`/me/bookings`)
      expect(new Set(listed.map((b) => b.id).filter((id) => !seeded.has(id)))).toEqual(
        new Set(afterCrash.bookingOfKey.values()),
      )

      // (d) Replay every request, same key and body.
      await within(
        pool(attempts, IN_FLIGHT, async (a) => {
          a.after = await post(origin, cookie, a)
        }),
        15_000,
        'the replay',
      )
      for (const a of attempts) {
        const stored = afterCrash.keys.get(a.key)
        if (stored) {
          // Committed before the crash: the stored answer, byte for byte, and the same booking.
          expect({ key: a.key, status: a.after!.status, text: a.after!.text }).toEqual({
            key: a.key,
            status: stored.status,
            text: stored.text,
          })
        } else {
          // Not committed: it runs now, normally.
          expect([201, 409], `${a.key}: ${a.after!.text}`).toContain(a.after!.status)
          // Refused before the crash for a booking that committed: still refused.
          if (a.before && 'status' in a.before && a.before.status === 409) expect(a.after!.status).toBe(409)
        }
      }
      const afterReplay = await checkCommittedState(me.id, seeded)
      // Every key from before still names its booking; each 201 of the replay is its key's booking.
      for (const [key, id] of afterCrash.bookingOfKey) expect(afterReplay.bookingOfKey.get(key)).toBe(id)
      for (const a of attempts.filter((x) => x.after!.status === 201)) {
        expect(afterReplay.bookingOfKey.get(a.key)).toBe((JSON.parse(a.after!.text) as { id: string }).id)
      }
      expect(afterReplay.bookingCount).toBe(attempts.filter((a) => a.after!.status === 201).length)

      const statusesAfter = countBy(attempts.map((a) => a.after!.status))
      const committedUnanswered = lost.filter((a) => afterCrash.keys.has(a.key)).length
      console.info(
        `R6: ${answeredBefore.length} answered before the kill ${JSON.stringify(statusesBefore)}, ` +
          `${lost.length} cut off (${committedUnanswered} of them committed), ` +
          `${afterCrash.bookingCount} bookings after the crash, replay ${JSON.stringify(statusesAfter)}, ` +
          `${afterReplay.bookingCount} bookings in the end`,
      )
      expect(statusesAfter['201']).toBeGreaterThan(0)
    },
  )
})

function countBy(xs: number[]) {
  const out: Record<string, number> = {}
  for (const x of xs) out[x] = (out[x] ?? 0) + 1
  return out
}
