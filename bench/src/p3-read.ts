// P3 — an authenticated read: a manager's GET /api/v1/lieux/:lieuId/bookings?from&to for one day
// (200 bookings that day, 6,200 in the lieu), 50 connections. Baseline in the same run: a bare
// Express 5 + pg route doing one equivalent SELECT (a child process, like the app). The two are
// run alternately (app, baseline, app, baseline …) and averaged, so a noisy neighbour hits both.
//   pnpm bench:p3 [--quick] [--duration=S] [--connections=N] [--repeats=N]
import {
  args,
  latencyStats,
  printTable,
  procCpuMs,
  record,
  round,
  sleep,
  startApp,
  startScript,
  withBenchDb,
} from './lib/common.ts'
import { cannon, type CannonResult } from './lib/cannon.ts'
import { inProcessApp } from './lib/inproc.ts'
import { installMeter, meterSnapshot, resetMeter } from './lib/meter.ts'
import {
  createLieu,
  createResources,
  createUsers,
  insertBookings,
  localDayStart,
  loginAll,
  openDb,
  request,
  type SeedBooking,
} from './lib/world.ts'

const a = args()
const SECONDS = a.num('duration', 10, 5)
const CONNECTIONS = a.num('connections', 50, 50)
const REPEATS = a.num('repeats', 2, 1)
const DAYS = 31
const DESKS = 50
const DAY = 10 // the day read: ten days from today

installMeter()

await withBenchDb(async (bench) => {
  const db = openDb(bench.url)
  const [manager, ...members] = await createUsers(db, 21, 'p3-')
  const lieu = await createLieu(db, { managerId: manager!.id, memberIds: members.map((m) => m.id) })
  const desks = await createResources(
    db,
    lieu.id,
    Array.from({ length: DESKS }, (_, i) => ({ kind: 'desk' as const, name: `Bureau ${i + 1}` })),
  )
  await db.$disconnect()
  const rows: SeedBooking[] = []
  for (let d = 1; d <= DAYS; d++) {
    const day = localDayStart(d)
    desks.forEach((desk, j) => {
      for (const [h0, h1] of [
        [8, 10],
        [10, 12],
        [13, 15],
        [15, 17],
      ] as const) {
        rows.push({
          lieuId: lieu.id,
          resourceId: desk.id,
          userId: members[(j + h0) % members.length]!.id,
          start: day.plus({ hours: h0 }).toJSDate(),
          end: day.plus({ hours: h1 }).toJSDate(),
          exclusive: true,
        })
      }
    })
  }
  await insertBookings(bench.url, rows)
  const from = localDayStart(DAY).toUTC().toISO()!
  const to = localDayStart(DAY + 1)
    .toUTC()
    .toISO()!
  const query = `from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`

  const app = await startApp(bench.url)
  const base = await startScript('baseline-read-server.ts', { DATABASE_URL: bench.url })
  const appRuns: (CannonResult & { cpuMsPerRequest: number })[] = []
  const baseRuns: (CannonResult & { cpuMsPerRequest: number })[] = []
  let sizes
  try {
    const [cookie] = await loginAll(app.origin, [manager!])
    const appUrl = `${app.origin}/api/v1/lieux/${lieu.id}/bookings?${query}`
    const baseUrl = `${base.origin}/lieux/${lieu.id}/bookings?${query}`
    const appHeaders = { Origin: app.origin, Cookie: cookie! }
    // Same answer from both (count and bytes).
    const ra = await request(appUrl, { headers: appHeaders })
    const rb = await request(baseUrl)
    if (ra.status !== 200 || rb.status !== 200)
      throw new Error(`reads: app ${ra.status} ${ra.body.slice(0, 200)}, baseline ${rb.status}`)
    sizes = {
      appRows: (JSON.parse(ra.body) as unknown[]).length,
      baselineRows: (JSON.parse(rb.body) as unknown[]).length,
      appBytes: ra.body.length,
      baselineBytes: rb.body.length,
    }
    console.log(
      `P3 read: ${sizes.appRows} bookings that day (baseline ${sizes.baselineRows}), ${sizes.appBytes} bytes; ${CONNECTIONS} connections, ${SECONDS} s × ${REPEATS} each`,
    )

    const measure = async (url: string, pid: number, headers?: Record<string, string>, seconds = SECONDS) => {
      const c0 = procCpuMs(pid)
      const r = await cannon({ url, connections: CONNECTIONS, seconds, headers })
      return { ...r, cpuMsPerRequest: round((procCpuMs(pid) - c0) / Math.max(1, r.requests), 3) }
    }
    await measure(appUrl, app.pid, appHeaders, 2) // warm-up
    await measure(baseUrl, base.pid, undefined, 2)
    for (let i = 0; i < REPEATS; i++) {
      appRuns.push(await measure(appUrl, app.pid, appHeaders))
      baseRuns.push(await measure(baseUrl, base.pid))
    }
  } finally {
    await app.stop()
    await base.stop()
  }

  // ── Profile: statements and time in SQL per read, one at a time, in-process ──
  await sleep(300)
  const inproc = await inProcessApp(bench.url)
  let profile
  try {
    const [cookie] = await loginAll(inproc.origin, [manager!], 300)
    const url = `${inproc.origin}/api/v1/lieux/${lieu.id}/bookings?${query}`
    for (let i = 0; i < 30; i++) await request(url, { headers: { Origin: inproc.origin, Cookie: cookie! } })
    resetMeter()
    const lat: number[] = []
    const N = 200
    for (let i = 0; i < N; i++)
      lat.push((await request(url, { headers: { Origin: inproc.origin, Cookie: cookie! } })).ms)
    await sleep(50)
    const m = meterSnapshot()
    profile = {
      requests: N,
      latencyMs: latencyStats(lat),
      statementsPerRequest: round(m.total.count / N),
      sqlMsPerRequest: round(m.total.ms / N),
      byShape: m.shapes.map((s) => ({
        statement: s.shape,
        perRequest: round(s.count / N),
        msPerRequest: round(s.ms / N, 3),
      })),
    }
  } finally {
    await inproc.stop()
  }

  const avg = (runs: CannonResult[], f: (r: CannonResult) => number) =>
    round(runs.reduce((s, r) => s + f(r), 0) / runs.length)
  const appRps = avg(appRuns, (r) => r.rps)
  const baseRps = avg(baseRuns, (r) => r.rps)
  const appP99 = Math.max(...appRuns.map((r) => r.latencyMs.p99))
  const ratio = round(appRps / baseRps)
  printTable(`P3 authenticated read — GET a lieu's bookings for one day, ${CONNECTIONS} connections`, [
    ...appRuns.map((r, i) => ({
      run: `API #${i + 1}`,
      'req/s': r.rps,
      p50: r.latencyMs.p50,
      p99: r.latencyMs.p99,
      codes: JSON.stringify(r.codes),
      'CPU ms/req': (r as { cpuMsPerRequest: number }).cpuMsPerRequest,
    })),
    ...baseRuns.map((r, i) => ({
      run: `bare Express+pg #${i + 1}`,
      'req/s': r.rps,
      p50: r.latencyMs.p50,
      p99: r.latencyMs.p99,
      codes: JSON.stringify(r.codes),
      'CPU ms/req': (r as { cpuMsPerRequest: number }).cpuMsPerRequest,
    })),
  ])
  printTable(
    `Profile: one read in-process — ${profile.statementsPerRequest} statements, ${profile.sqlMsPerRequest} ms waiting on SQL, p50 ${profile.latencyMs.p50} ms end to end`,
    profile.byShape,
  )
  console.log(
    `\n  API ${appRps} req/s vs baseline ${baseRps} req/s → ×${ratio}; target ≥ 0.90 (${ratio >= 0.9 ? 'MET' : 'MISSED'}), p99 < 50 ms (${appP99 < 50 ? 'MET' : 'MISSED'}: ${appP99} ms)`,
  )
  record('p3-read', {
    seconds: SECONDS,
    connections: CONNECTIONS,
    repeats: REPEATS,
    sizes,
    api: { rps: appRps, p99Max: appP99, runs: appRuns },
    baseline: { rps: baseRps, p99Max: Math.max(...baseRuns.map((r) => r.latencyMs.p99)), runs: baseRuns },
    ratioApiOverBaseline: ratio,
    profile,
    targets: { atLeast90Percent: ratio >= 0.9, p99Under50: appP99 < 50 },
  })
})
