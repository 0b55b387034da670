// P2 — booking throughput through the whole HTTP stack (session, origin check, validation, rules,
// Prisma transaction, PostgreSQL, job enqueue): POST /api/v1/bookings, 50 connections, every
// request a different desk or slot (500 desks). Baseline in the same run: raw pg (pool 10, 50 in
// flight) inserting the same row after pg_advisory_xact_lock. Then one request in flight, and a
// profile of one booking in-process (statements and time in SQL).
// With --priced, the desks have an hourly rate (4 €/h, paid on site): each booking reads what
// pricing needs (employer allocations, plans, credits, passes) in its transaction.
//   pnpm bench:p2 [--quick] [--duration=S] [--connections=N] [--desks=N] [--priced]
import pg from 'pg'
import {
  args,
  latencyStats,
  postgresCpuMs,
  printTable,
  procCpuMs,
  record,
  round,
  sleep,
  startApp,
  withBenchDb,
} from './lib/common.ts'
import { cannon } from './lib/cannon.ts'
import { inProcessApp } from './lib/inproc.ts'
import { installMeter, meterSnapshot, resetMeter } from './lib/meter.ts'
import {
  createLieu,
  createResources,
  createUsers,
  localDayStart,
  loginAll,
  openDb,
  request,
} from './lib/world.ts'

const a = args()
const SECONDS = a.num('duration', 15, 5)
const CONNECTIONS = a.num('connections', 50, 50)
const DESKS = a.num('desks', 500, 500)
const MEMBERS = 50
const SLOT = 30 * 60_000
const PROFILE_N = a.num('profile', 200, 50)
const PRICED = a.raw.priced === true

installMeter()

/** The i-th distinct (desk, slot) from day `baseDay`: desks first, then the next half hour. */
const slotter = (desks: { id: string }[], baseDay: number) => {
  const t0 = localDayStart(baseDay).toMillis()
  let i = 0
  return () => {
    const n = i++
    const start = t0 + Math.floor(n / desks.length) * SLOT
    return {
      resourceId: desks[n % desks.length]!.id,
      startsAt: new Date(start).toISOString(),
      endsAt: new Date(start + SLOT).toISOString(),
      n,
    }
  }
}

await withBenchDb(async (bench) => {
  const db = openDb(bench.url)
  const [manager, ...members] = await createUsers(db, MEMBERS + 1, 'p2-')
  const lieu = await createLieu(db, { managerId: manager!.id, memberIds: members.map((m) => m.id) })
  const desks = await createResources(
    db,
    lieu.id,
    Array.from({ length: DESKS }, (_, i) => ({ kind: 'desk' as const, name: `Bureau ${i + 1}` })),
  )
  if (PRICED)
    await db.resource.updateMany({ where: { lieuId: lieu.id }, data: { rates: { hourCents: 400 } } })
  await db.$disconnect()
  console.log(
    `P2 throughput: ${DESKS} ${PRICED ? 'priced ' : ''}desks, ${CONNECTIONS} connections, ${SECONDS} s per run`,
  )

  // ── Baseline first (the app's job workers would otherwise still be sending its e-mails) ──
  const pool = new pg.Pool({ connectionString: bench.url, max: 10 })
  const memberIds = members.map((m) => m.id)
  const rawNext = slotter(desks, 60)
  const insertOne = async () => {
    const s = rawNext()
    const c = await pool.connect()
    try {
      await c.query('BEGIN')
      await c.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [`resource:${s.resourceId}`])
      await c.query(
        `INSERT INTO bookings (id, lieu_id, resource_id, user_id, booked_by_id, starts_at, ends_at, block_starts_at, block_ends_at, seats, exclusive, status, updated_at)
         VALUES (gen_random_uuid(), $1, $2, $3, $3, $4, $5, $4, $5, 1, true, 'confirmed', now()) RETURNING *`,
        [lieu.id, s.resourceId, memberIds[s.n % MEMBERS], s.startsAt, s.endsAt],
      )
      await c.query('COMMIT')
    } catch (e) {
      await c.query('ROLLBACK').catch(() => {})
      throw e
    } finally {
      c.release()
    }
  }
  const rawRun = async (inFlight: number, seconds: number) => {
    const lat: number[] = []
    let errors = 0
    const until = performance.now() + seconds * 1000
    const pg0 = postgresCpuMs(bench.name)
    const t0 = performance.now()
    await Promise.all(
      Array.from({ length: inFlight }, async () => {
        while (performance.now() < until) {
          const ts = performance.now()
          try {
            await insertOne()
            lat.push(performance.now() - ts)
          } catch {
            errors++
          }
        }
      }),
    )
    const elapsed = (performance.now() - t0) / 1000
    return {
      rows: lat.length,
      perSecond: round(lat.length / elapsed),
      errors,
      latencyMs: latencyStats(lat),
      pgCpuMsPerRow: round((postgresCpuMs(bench.name) - pg0) / Math.max(1, lat.length)),
    }
  }
  await rawRun(CONNECTIONS, 2) // warm-up
  const raw = await rawRun(CONNECTIONS, SECONDS)
  const rawSingle = await rawRun(1, Math.min(5, SECONDS))
  await pool.end()

  // ── The app ──
  const app = await startApp(bench.url)
  const cookies = await loginAll(app.origin, members)
  const url = `${app.origin}/api/v1/bookings`
  const run = async (baseDay: number, connections: number, seconds: number) => {
    const next = slotter(desks, baseDay)
    const app0 = procCpuMs(app.pid)
    const pg0 = postgresCpuMs(bench.name)
    const r = await cannon({
      url,
      method: 'POST',
      connections,
      seconds,
      headers: { Origin: app.origin, 'Content-Type': 'application/json' },
      next: () => {
        const s = next()
        return {
          body: JSON.stringify({ resourceId: s.resourceId, startsAt: s.startsAt, endsAt: s.endsAt }),
          headers: { Cookie: cookies[s.n % MEMBERS]! },
        }
      },
    })
    const created = r.codes['201'] ?? 0
    return {
      ...r,
      created,
      bookingsPerSecond: round(created / r.seconds),
      appCpuMsPerBooking: round((procCpuMs(app.pid) - app0) / Math.max(1, created)),
      pgCpuMsPerBooking: round((postgresCpuMs(bench.name) - pg0) / Math.max(1, created)),
    }
  }
  let api, apiSingle
  try {
    // One in flight first: after the loaded run the app's job workers are busy sending its e-mails.
    await run(2, 4, 2) // warm-up
    apiSingle = await run(30, 1, Math.min(5, SECONDS))
    api = await run(10, CONNECTIONS, SECONDS)
  } finally {
    await app.stop()
  }
  const check = new pg.Client({ connectionString: bench.url })
  await check.connect()
  const rows = (await check.query(`SELECT count(*)::int AS n FROM bookings WHERE lieu_id = $1`, [lieu.id]))
    .rows[0].n as number
  await check.end()

  // ── Profile: one booking at a time through the app built in this process ──
  await sleep(500)
  const inproc = await inProcessApp(bench.url)
  let profile
  try {
    const [cookie] = await loginAll(inproc.origin, [members[0]!], 500)
    const next = slotter(desks, 90)
    const book = () => {
      const s = next()
      return request(`${inproc.origin}/api/v1/bookings`, {
        method: 'POST',
        headers: { Origin: inproc.origin, Cookie: cookie! },
        body: { resourceId: s.resourceId, startsAt: s.startsAt, endsAt: s.endsAt },
      })
    }
    for (let i = 0; i < 20; i++) await book() // warm-up
    await sleep(100)
    resetMeter()
    const lat: number[] = []
    for (let i = 0; i < PROFILE_N; i++) {
      const r = await book()
      if (r.status !== 201) throw new Error(`profile booking: ${r.status} ${r.body.slice(0, 200)}`)
      lat.push(r.ms)
    }
    await sleep(100)
    const m = meterSnapshot()
    profile = {
      bookings: PROFILE_N,
      latencyMs: latencyStats(lat),
      statementsPerBooking: round(m.total.count / PROFILE_N),
      sqlMsPerBooking: round(m.total.ms / PROFILE_N),
      byShape: m.shapes.map((s) => ({
        statement: s.shape,
        perBooking: round(s.count / PROFILE_N),
        msPerBooking: round(s.ms / PROFILE_N, 3),
      })),
    }
  } finally {
    await inproc.stop()
  }

  const ratio = round(api.bookingsPerSecond / raw.perSecond)
  printTable(`P2 throughput — ${CONNECTIONS} in flight, ${SECONDS} s, distinct desk/slot per request`, [
    {
      run: 'API POST /bookings',
      'bookings/s': api.bookingsPerSecond,
      p50: api.latencyMs.p50,
      p99: api.latencyMs.p99,
      codes: JSON.stringify(api.codes),
      'app CPU ms/bk': api.appCpuMsPerBooking,
      'pg CPU ms/bk': api.pgCpuMsPerBooking,
    },
    {
      run: 'raw pg + lock',
      'bookings/s': raw.perSecond,
      p50: raw.latencyMs.p50,
      p99: raw.latencyMs.p99,
      codes: `errors ${raw.errors}`,
      'pg CPU ms/bk': raw.pgCpuMsPerRow,
    },
    {
      run: 'API, 1 in flight',
      'bookings/s': apiSingle.bookingsPerSecond,
      p50: apiSingle.latencyMs.p50,
      p99: apiSingle.latencyMs.p99,
      codes: JSON.stringify(apiSingle.codes),
      'app CPU ms/bk': apiSingle.appCpuMsPerBooking,
      'pg CPU ms/bk': apiSingle.pgCpuMsPerBooking,
    },
    {
      run: 'raw pg, 1 in flight',
      'bookings/s': rawSingle.perSecond,
      p50: rawSingle.latencyMs.p50,
      p99: rawSingle.latencyMs.p99,
      codes: `errors ${rawSingle.errors}`,
      'pg CPU ms/bk': rawSingle.pgCpuMsPerRow,
    },
  ])
  printTable(
    `Profile: one booking in-process, ${PROFILE_N} bookings, ${profile.statementsPerBooking} statements and ${profile.sqlMsPerBooking} ms waiting on SQL per booking (p50 ${profile.latencyMs.p50} ms end to end)`,
    profile.byShape,
  )
  console.log(
    `\n  ratio API/raw: ×${ratio}; target ≥ 1,000 bookings/s (${api.bookingsPerSecond >= 1000 ? 'MET' : 'MISSED'}) and ≥ 0.40 of raw (${ratio >= 0.4 ? 'MET' : 'MISSED'})`,
  )
  console.log(`  rows in the lieu afterwards: ${rows} (API 201s incl. warm-up and 1-in-flight + raw rows)`)
  record('p2-throughput', {
    seconds: SECONDS,
    connections: CONNECTIONS,
    desks: DESKS,
    priced: PRICED,
    prismaPool: 10,
    api,
    apiSingle,
    rawPg: raw,
    rawPgSingle: rawSingle,
    ratioApiOverRaw: ratio,
    profile,
    targets: { atLeast1000: api.bookingsPerSecond >= 1000, atLeast40PercentOfRaw: ratio >= 0.4 },
  })
})
