// P1 — the race: 100 members each send POST /api/v1/bookings for the same desk at overlapping
// times, all at once, 200 rounds. Exactly one 201 per round, the rest 409; no overlapping active
// rows afterwards; latency of every request. Baseline in the same run: raw pg (pool 10), 100
// racing INSERTs per round into the same bookings table, each after pg_advisory_xact_lock.
//   pnpm bench:p1 [--quick] [--rounds=N] [--racers=N]
import pg from 'pg'
import {
  args,
  latencyStats,
  postgresCpuMs,
  printTable,
  procCpuMs,
  record,
  round,
  startApp,
  withBenchDb,
} from './lib/common.ts'
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
const ROUNDS = a.num('rounds', 200, 20)
const RACERS = a.num('racers', 100, 100)
const HOUR = 3600_000

/** Round r: a 60-min booking starting at S or S+30 min (every pair overlaps); rounds 2 h apart. */
function slot(t0: number, r: number, k: number) {
  const start = t0 + r * 2 * HOUR + (k % 2) * 30 * 60_000
  return { start: new Date(start), end: new Date(start + HOUR) }
}

const OVERLAPS = `
  SELECT count(*)::int AS n FROM bookings a JOIN bookings b
    ON a.resource_id = b.resource_id AND a.id < b.id
   AND a.exclusive AND b.exclusive
   AND a.status IN ('pending','confirmed','checked_in','completed')
   AND b.status IN ('pending','confirmed','checked_in','completed')
   AND tstzrange(a.block_starts_at, a.block_ends_at, '[)') && tstzrange(b.block_starts_at, b.block_ends_at, '[)')
  WHERE a.resource_id = $1`

interface Tally {
  rounds: number
  oneWinner: number
  latencies: number[]
  roundMs: number[]
  codes: Record<string, number>
}
const newTally = (): Tally => ({ rounds: 0, oneWinner: 0, latencies: [], roundMs: [], codes: {} })

await withBenchDb(async (bench) => {
  const db = openDb(bench.url)
  const [manager, ...members] = await createUsers(db, RACERS + 1, 'p1-')
  const lieu = await createLieu(db, { managerId: manager!.id, memberIds: members.map((m) => m.id) })
  const [appDesk, rawDesk, warmDesk] = await createResources(db, lieu.id, [
    { kind: 'desk', name: 'Bureau course (API)' },
    { kind: 'desk', name: 'Bureau course (pg)' },
    { kind: 'desk', name: 'Bureau échauffement' },
  ])
  await db.$disconnect()
  const t0 = localDayStart(1).toMillis()

  const app = await startApp(bench.url)
  const check = new pg.Client({ connectionString: bench.url })
  await check.connect()
  try {
    const cookies = await loginAll(app.origin, members)
    console.log(
      `P1 race: ${ROUNDS} rounds × ${RACERS} racers; app pid ${app.pid} at ${app.origin} (Prisma pool 10, NODE_ENV=production)`,
    )

    // ── The app ──
    const book = (deskId: string, r: number, k: number) => {
      const s = slot(t0, r, k)
      return request(`${app.origin}/api/v1/bookings`, {
        method: 'POST',
        headers: { Origin: app.origin, Cookie: cookies[k]! },
        body: { resourceId: deskId, startsAt: s.start.toISOString(), endsAt: s.end.toISOString() },
      })
    }
    // Warm-up (not counted): three rounds on another desk.
    for (let r = 0; r < 3; r++) await Promise.all(cookies.map((_, k) => book(warmDesk!.id, r, k)))

    const api = newTally()
    const examples: Record<string, string> = {}
    const started = performance.now()
    const apiCpu0 = { app: procCpuMs(app.pid), pg: postgresCpuMs(bench.name) }
    for (let r = 0; r < ROUNDS; r++) {
      const rs = performance.now()
      const replies = await Promise.all(cookies.map((_, k) => book(appDesk!.id, r, k)))
      api.roundMs.push(performance.now() - rs)
      api.rounds++
      let won = 0
      let lost = 0
      for (const x of replies) {
        api.latencies.push(x.ms)
        api.codes[x.status] = (api.codes[x.status] ?? 0) + 1
        if (x.status === 201) won++
        else if (x.status === 409) lost++
        else examples[x.status] ??= x.body.slice(0, 300)
      }
      if (won === 1 && lost === RACERS - 1) api.oneWinner++
      if ((r + 1) % 20 === 0) process.stdout.write(`  api round ${r + 1}/${ROUNDS}\n`)
    }
    const apiSeconds = (performance.now() - started) / 1000
    const apiCpu = {
      appMsPerRequest: round((procCpuMs(app.pid) - apiCpu0.app) / (ROUNDS * RACERS)),
      pgMsPerRequest: round((postgresCpuMs(bench.name) - apiCpu0.pg) / (ROUNDS * RACERS)),
    }
    const apiOverlaps = (await check.query(OVERLAPS, [appDesk!.id])).rows[0].n as number
    const apiRows = (
      await check.query(
        `SELECT count(*)::int AS n FROM bookings WHERE resource_id = $1 AND status = 'confirmed'`,
        [appDesk!.id],
      )
    ).rows[0].n as number

    // ── Baseline: raw pg, advisory lock then INSERT ──
    const pool = new pg.Pool({ connectionString: bench.url, max: 10 })
    const memberIds = members.map((m) => m.id)
    const rawInsert = async (r: number, k: number): Promise<{ code: string; ms: number }> => {
      const s = slot(t0, r, k)
      const ts = performance.now()
      const c = await pool.connect()
      try {
        await c.query('BEGIN')
        await c.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [`resource:${rawDesk!.id}`])
        await c.query(
          `INSERT INTO bookings (id, lieu_id, resource_id, user_id, booked_by_id, starts_at, ends_at, block_starts_at, block_ends_at, seats, exclusive, status, updated_at)
           VALUES (gen_random_uuid(), $1, $2, $3, $3, $4, $5, $4, $5, 1, true, 'confirmed', now())`,
          [lieu.id, rawDesk!.id, memberIds[k], s.start, s.end],
        )
        await c.query('COMMIT')
        return { code: 'inserted', ms: performance.now() - ts }
      } catch (e) {
        await c.query('ROLLBACK').catch(() => {})
        return { code: (e as { code?: string }).code ?? 'error', ms: performance.now() - ts }
      } finally {
        c.release()
      }
    }
    const raw = newTally()
    const rawStarted = performance.now()
    const rawPg0 = postgresCpuMs(bench.name)
    for (let r = 0; r < ROUNDS; r++) {
      const rs = performance.now()
      const outs = await Promise.all(memberIds.map((_, k) => rawInsert(r, k)))
      raw.roundMs.push(performance.now() - rs)
      raw.rounds++
      let won = 0
      let lost = 0
      for (const o of outs) {
        raw.latencies.push(o.ms)
        raw.codes[o.code] = (raw.codes[o.code] ?? 0) + 1
        if (o.code === 'inserted') won++
        else if (o.code === '23P01') lost++
      }
      if (won === 1 && lost === RACERS - 1) raw.oneWinner++
    }
    const rawSeconds = (performance.now() - rawStarted) / 1000
    const rawCpu = { pgMsPerRequest: round((postgresCpuMs(bench.name) - rawPg0) / (ROUNDS * RACERS)) }
    await pool.end()
    const rawOverlaps = (await check.query(OVERLAPS, [rawDesk!.id])).rows[0].n as number

    const apiLat = latencyStats(api.latencies)
    const rawLat = latencyStats(raw.latencies)
    const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length
    const count5xx = Object.entries(api.codes)
      .filter(([c]) => c.startsWith('5'))
      .reduce((s, [, n]) => s + n, 0)
    printTable(`P1 race — ${ROUNDS} rounds × ${RACERS} racers (same desk, overlapping times)`, [
      {
        run: 'API (HTTP+Prisma)',
        'one-winner rounds': `${api.oneWinner}/${api.rounds}`,
        outcomes: JSON.stringify(api.codes),
        overlaps: apiOverlaps,
        p50: apiLat.p50,
        p99: apiLat.p99,
        max: apiLat.max,
        'round ms': mean(api.roundMs),
        'req/s': (api.rounds * RACERS) / apiSeconds,
      },
      {
        run: 'raw pg + lock',
        'one-winner rounds': `${raw.oneWinner}/${raw.rounds}`,
        outcomes: JSON.stringify(raw.codes),
        overlaps: rawOverlaps,
        p50: rawLat.p50,
        p99: rawLat.p99,
        max: rawLat.max,
        'round ms': mean(raw.roundMs),
        'req/s': (raw.rounds * RACERS) / rawSeconds,
      },
    ])
    const ratio = {
      p99: round(apiLat.p99 / rawLat.p99),
      p50: round(apiLat.p50 / rawLat.p50),
      roundTime: round(mean(api.roundMs) / mean(raw.roundMs)),
    }
    const ok = api.oneWinner === api.rounds && apiOverlaps === 0 && apiRows === api.rounds && count5xx === 0
    console.log(`  ratio API/raw: p99 ×${ratio.p99}, p50 ×${ratio.p50}, round time ×${ratio.roundTime}`)
    console.log(
      `  target: one winner every round, zero overlaps, p99 < 100 ms → correctness ${ok ? 'MET' : 'MISSED'}, p99 ${apiLat.p99 < 100 ? 'MET' : 'MISSED'} (${apiLat.p99} ms)`,
    )
    console.log(
      `  CPU per request: app ${apiCpu.appMsPerRequest} ms, PostgreSQL ${apiCpu.pgMsPerRequest} ms (raw pg: PostgreSQL ${rawCpu.pgMsPerRequest} ms)`,
    )
    console.log(
      `  5xx: ${count5xx} (503 retry: ${api.codes[503] ?? 0}); confirmed rows on the desk: ${apiRows}`,
    )
    if (Object.keys(examples).length) console.log('  unexpected answers:', examples)
    if (app.output.length)
      console.log(`  server said (first lines):\n    ${app.output.slice(0, 10).join('\n    ')}`)
    record('p1-race', {
      rounds: ROUNDS,
      racers: RACERS,
      prismaPool: 10,
      api: {
        oneWinnerRounds: api.oneWinner,
        codes: api.codes,
        overlaps: apiOverlaps,
        confirmedRows: apiRows,
        latencyMs: apiLat,
        meanRoundMs: round(mean(api.roundMs)),
        seconds: round(apiSeconds),
        count5xx,
        count503: api.codes[503] ?? 0,
        cpu: apiCpu,
      },
      rawPg: {
        oneWinnerRounds: raw.oneWinner,
        codes: raw.codes,
        overlaps: rawOverlaps,
        latencyMs: rawLat,
        meanRoundMs: round(mean(raw.roundMs)),
        seconds: round(rawSeconds),
        cpu: rawCpu,
      },
      ratioApiOverRaw: ratio,
      targets: { correctness: ok, p99Under100: apiLat.p99 < 100 },
    })
  } finally {
    await check.end()
    await app.stop()
  }
})
