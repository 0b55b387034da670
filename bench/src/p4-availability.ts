// P4 — availability for 200 resources × 31 days with 5,000 existing bookings.
// (1) computeAvailability alone on synthetic inputs (availability/synthetic.ts): median of N runs.
// (2) The endpoint GET /api/v1/lieux/:lieuId/availability?from&to over 31 days, 200 resources and
//     5,000 bookings seeded, at 10 connections: p99. There is no natural baseline: the figures are
//     absolute, against the targets (< 50 ms; endpoint p99 < 150 ms).
// (3) Where an endpoint call spends its time, one at a time in-process: SQL (pg round trips), then
//     a mirror of availability-service.ts's stages (computation, DTO with ISO strings, JSON).
//   pnpm bench:p4 [--quick] [--runs=N] [--requests=N] [--connections=N]
import { DateTime } from 'luxon'
import { effectiveRules } from '@fabrique/shared/resources/rules'
import {
  args,
  latencyStats,
  median,
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
  insertBookings,
  localDayStart,
  loginAll,
  openDb,
  request,
  ZONE,
  type SeedBooking,
} from './lib/world.ts'
import { computeAvailability } from '../../server/src/availability/availability.ts'
import { syntheticAvailabilityInputs } from '../../server/src/availability/synthetic.ts'
import { availabilityService } from '../../server/src/bookings/availability-service.ts'

const a = args()
const RUNS = a.num('runs', 21, 7)
// A bounded number of requests rather than a duration: one call may take seconds.
const REQUESTS = a.num('requests', 40, 20)
const CONNECTIONS = a.num('connections', 10, 10)
const RESOURCES = 200
const DAYS = 31
const BOOKINGS = 5000

installMeter()

// ── (1) The pure computation ──
const inputs = syntheticAvailabilityInputs(RESOURCES, DAYS, BOOKINGS, 42)
const runOnce = () => {
  const t = performance.now()
  let slots = 0
  for (const i of inputs) slots += computeAvailability(i).slots.length
  return { ms: performance.now() - t, slots }
}
for (let i = 0; i < 3; i++) runOnce()
const pureRuns: number[] = []
let pureSlots = 0
for (let i = 0; i < RUNS; i++) {
  const r = runOnce()
  pureRuns.push(r.ms)
  pureSlots = r.slots
}
const pure = {
  runs: RUNS,
  medianMs: round(median(pureRuns)),
  minMs: round(Math.min(...pureRuns)),
  maxMs: round(Math.max(...pureRuns)),
  slots: pureSlots,
}
console.log(
  `P4 computation: ${RESOURCES} resources × ${DAYS} days, ${BOOKINGS} bookings → ${pureSlots} slots; median ${pure.medianMs} ms of ${RUNS} runs (min ${pure.minMs}, max ${pure.maxMs})`,
)

// ── (2) and (3) The endpoint ──
/** 5,000 bookings over the 31 days, no two overlapping on a desk (buffers included), ≤ 4 seats in a zone. */
function seedBookings(lieuId: string, resources: { id: string; kind: string }[], userIds: string[]) {
  // mulberry32, as in availability/synthetic.ts: deterministic.
  let a = 42
  const random = () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  const used = new Map<string, Int8Array>() // resource:day → seats per 15-min cell
  const out: SeedBooking[] = []
  let attempts = 0
  while (out.length < BOOKINGS && attempts++ < BOOKINGS * 50) {
    const ri = Math.floor(random() * resources.length)
    const r = resources[ri]!
    const d = 1 + Math.floor(random() * DAYS)
    const day = localDayStart(d)
    if (day.weekday === 7) continue
    const [open, close] = day.weekday === 6 ? [600, 1440] : [480, 1200]
    const cells = 1 + Math.floor(random() * 8) // 30 min – 4 h
    const startMinute = open + 30 * Math.floor(random() * ((close - open) / 30 - cells + 1))
    const buffer = ri % 3 === 0 ? 15 : 0
    const zone = r.kind === 'zone'
    const seats = zone ? 1 + Math.floor(random() * 2) : 1
    const key = `${r.id}:${d}`
    const occ = used.get(key) ?? new Int8Array(96)
    const c0 = startMinute / 15
    const c1 = Math.min(96, (startMinute + cells * 30 + buffer) / 15)
    let fits = true
    for (let c = c0; c < c1; c++) if (occ[c]! + seats > (zone ? 4 : 1)) fits = false
    if (!fits) continue
    for (let c = c0; c < c1; c++) occ[c]! += seats
    used.set(key, occ)
    const start = day.plus({ minutes: startMinute })
    out.push({
      lieuId,
      resourceId: r.id,
      userId: userIds[out.length % userIds.length]!,
      start: start.toJSDate(),
      end: start.plus({ minutes: cells * 30 }).toJSDate(),
      blockEnd: start.plus({ minutes: cells * 30 + buffer }).toJSDate(),
      seats,
      exclusive: !zone,
    })
  }
  return out
}

await withBenchDb(async (bench) => {
  const db = openDb(bench.url)
  const [manager, ...members] = await createUsers(db, 21, 'p4-')
  const week = [
    ...[1, 2, 3, 4, 5].map((weekday) => ({ weekday, startMinute: 480, endMinute: 1200 })),
    { weekday: 6, startMinute: 600, endMinute: 1440 },
  ]
  const lieu = await createLieu(db, {
    managerId: manager!.id,
    memberIds: members.map((m) => m.id),
    openingHours: week,
  })
  const resources = await createResources(
    db,
    lieu.id,
    Array.from({ length: RESOURCES }, (_, i) =>
      i % 10 === 9
        ? { kind: 'zone' as const, name: `Espace ${i + 1}`, capacity: 4 }
        : {
            kind: 'desk' as const,
            name: `Bureau ${i + 1}`,
            ...(i % 3 === 0 ? { rules: { bufferAfterMinutes: 15 } } : {}),
          },
    ),
  )
  await db.$disconnect()
  const seeded = seedBookings(
    lieu.id,
    resources,
    members.map((m) => m.id),
  )
  await insertBookings(bench.url, seeded)
  const from = localDayStart(1).toISODate()!
  const to = localDayStart(DAYS).toISODate()!
  const path = `/api/v1/lieux/${lieu.id}/availability?from=${from}&to=${to}`
  console.log(
    `P4 endpoint: ${resources.length} resources, ${seeded.length} bookings seeded, ${from} → ${to} (${DAYS} days); ${REQUESTS} requests over ${CONNECTIONS} connections`,
  )

  const app = await startApp(bench.url)
  let loaded, single, size
  try {
    const [cookie] = await loginAll(app.origin, [manager!])
    const headers = { Origin: app.origin, Cookie: cookie! }
    const first = await request(`${app.origin}${path}`, { headers })
    if (first.status !== 200) throw new Error(`availability: ${first.status} ${first.body.slice(0, 300)}`)
    const body = JSON.parse(first.body) as { slots: unknown[] }[]
    size = {
      resources: body.length,
      slots: body.reduce((s, r) => s + r.slots.length, 0),
      bytes: first.body.length,
    }
    console.log(
      `  answer: ${size.resources} resources, ${size.slots} slots, ${(size.bytes / 1e6).toFixed(2)} MB of JSON`,
    )
    const lat: number[] = []
    for (let i = 0; i < 2; i++) await request(`${app.origin}${path}`, { headers }) // warm-up
    for (let i = 0; i < 10; i++) lat.push((await request(`${app.origin}${path}`, { headers })).ms)
    single = latencyStats(lat)
    const c0 = procCpuMs(app.pid)
    loaded = await cannon({
      url: `${app.origin}${path}`,
      connections: CONNECTIONS,
      seconds: 0,
      amount: REQUESTS,
      headers,
    })
    loaded = {
      ...loaded,
      appCpuMsPerRequest: round((procCpuMs(app.pid) - c0) / Math.max(1, loaded.requests)),
    }
  } finally {
    await app.stop()
  }

  // Where the time goes, one call at a time in this process.
  await sleep(300)
  const inproc = await inProcessApp(bench.url)
  let breakdown
  try {
    const service = availabilityService(inproc.deps)
    const q = { from, to }
    for (let i = 0; i < 3; i++) await service.forLieu(manager!.id, lieu.id, q)
    const N = a.quick ? 3 : 7
    const serviceMs: number[] = []
    const sqlMs: number[] = []
    const statements: number[] = []
    const stringifyMs: number[] = []
    for (let i = 0; i < N; i++) {
      resetMeter()
      const t = performance.now()
      const out = await service.forLieu(manager!.id, lieu.id, q)
      serviceMs.push(performance.now() - t)
      await sleep(5)
      const m = meterSnapshot()
      sqlMs.push(m.total.ms)
      statements.push(m.total.count)
      const ts = performance.now()
      JSON.stringify(out)
      stringifyMs.push(performance.now() - ts)
    }
    // A mirror of forLieu's stages after its queries (availability-service.ts, 2026-11-27).
    const db2 = inproc.deps.db
    const lieuRow = await db2.lieu.findUniqueOrThrow({
      where: { id: lieu.id },
      select: {
        timeZone: true,
        bookingRules: true,
        openingHours: { select: { weekday: true, startMinute: true, endMinute: true } },
      },
    })
    const fromDt = DateTime.fromISO(from, { zone: ZONE }).startOf('day')
    const toDt = DateTime.fromISO(to, { zone: ZONE }).plus({ days: 1 }).startOf('day')
    const rs = await db2.resource.findMany({
      where: { lieuId: lieu.id, archivedAt: null },
      orderBy: [{ kind: 'asc' }, { name: 'asc' }],
    })
    const held = await db2.booking.findMany({
      where: {
        lieuId: lieu.id,
        status: { in: ['pending', 'confirmed', 'checked_in', 'completed'] },
        blockStartsAt: { lt: toDt.toJSDate() },
        blockEndsAt: { gt: fromDt.toJSDate() },
        resourceId: { in: rs.map((r) => r.id) },
      },
      select: { resourceId: true, blockStartsAt: true, blockEndsAt: true, seats: true },
    })
    const byResource = new Map<string, { start: number; end: number; seats: number }[]>()
    for (const h of held) {
      const list = byResource.get(h.resourceId) ?? []
      list.push({ start: h.blockStartsAt.getTime(), end: h.blockEndsAt.getTime(), seats: h.seats })
      byResource.set(h.resourceId, list)
    }
    const computeMs: number[] = []
    const dtoMs: number[] = []
    const now = new Date()
    for (let i = 0; i < N; i++) {
      const t0 = performance.now()
      const results = rs.map((r) =>
        computeAvailability({
          zone: ZONE,
          from,
          to,
          now,
          openingHours: lieuRow.openingHours,
          closures: [],
          rules: effectiveRules(lieuRow.bookingRules, r.rules),
          capacity: r.kind === 'zone' ? r.capacity : 1,
          held: byResource.get(r.id) ?? [],
          referentWindows: null,
        }),
      )
      const t1 = performance.now()
      const iso = (ms: number) =>
        DateTime.fromMillis(ms, { zone: ZONE }).toISO({ suppressMilliseconds: true })!
      const dto = results.map((x) => ({
        slots: x.slots.map((s) => ({ start: iso(s.start), end: iso(s.end), seatsFree: s.seatsFree })),
        free: x.free.map((f) => ({ start: iso(f.start), end: iso(f.end) })),
      }))
      const t2 = performance.now()
      computeMs.push(t1 - t0)
      dtoMs.push(t2 - t1)
      void dto
    }
    breakdown = {
      calls: N,
      serviceMs: round(median(serviceMs)),
      sqlMs: round(median(sqlMs)),
      statements: median(statements),
      restMs: round(median(serviceMs) - median(sqlMs)),
      computeMs: round(median(computeMs)),
      dtoIsoMs: round(median(dtoMs)),
      jsonStringifyMs: round(median(stringifyMs)),
    }
  } finally {
    await inproc.stop()
  }

  const endpointMet =
    loaded.requests >= REQUESTS &&
    (loaded.codes['200'] ?? 0) === loaded.requests &&
    loaded.latencyMs.p99 < 150
  printTable('P4 availability — 200 resources × 31 days, 5,000 bookings', [
    {
      what: 'computeAvailability (synthetic, median)',
      ms: pure.medianMs,
      target: '< 50 ms',
      result: pure.medianMs < 50 ? 'MET' : 'MISSED',
    },
    { what: `endpoint, 1 at a time, p50 / p99`, ms: `${single.p50} / ${single.p99}` },
    {
      what: `endpoint, ${CONNECTIONS} connections, p99`,
      ms: loaded.latencyMs.p99,
      target: '< 150 ms',
      result: endpointMet ? 'MET' : 'MISSED',
    },
    {
      what: `endpoint, ${CONNECTIONS} connections, p50 (req/s, answers)`,
      ms: `${loaded.latencyMs.p50} (${loaded.rps}/s, ${JSON.stringify(loaded.codes)})`,
    },
  ])
  printTable('Where one endpoint call spends its time (in-process, median)', [
    { stage: `SQL: ${breakdown.statements} statements (pg round trips)`, ms: breakdown.sqlMs },
    { stage: 'rest of forLieu (Prisma mapping + computation + DTO)', ms: breakdown.restMs },
    { stage: '  of which computeAvailability ×200 (mirror)', ms: breakdown.computeMs },
    { stage: '  of which ISO strings with luxon for the DTO (mirror)', ms: breakdown.dtoIsoMs },
    { stage: 'JSON.stringify of the answer', ms: breakdown.jsonStringifyMs },
    { stage: 'forLieu total', ms: breakdown.serviceMs },
  ])
  record('p4-availability', {
    resources: RESOURCES,
    days: DAYS,
    bookings: BOOKINGS,
    computation: pure,
    endpoint: { seeded: seeded.length, size, single, loaded, connections: CONNECTIONS, requests: REQUESTS },
    breakdown,
    targets: { computationUnder50: pure.medianMs < 50, endpointP99Under150: endpointMet },
  })
})
