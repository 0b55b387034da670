// P5 — live occupancy to 5,000 websocket clients. The real app (child process, NODE_ENV=production,
// in-memory adapter) with a lieu of 20 resources; 5,000 socket.io-client websocket clients in this
// (the load) process, authenticated as a lobby Device (token hash in `devices`), each joined to the
// lieu's public room. One occupancy change = one booking through POST /api/v1/bookings; repeated,
// spaced. Baseline in the same run: a bare Socket.IO 4 server (bench/src/bare-io-server.ts) with
// its own 5,000 clients from this same process, broadcasting the app's real payload (same bytes,
// seq replaced) on POST /emit. App and baseline events alternate, so a noisy neighbour hits both.
// Both servers are started with bench/src/lib/probe.ts preloaded: RSS, loop delay, and the
// duration of every local fan-out (Adapter#broadcast).
//   pnpm bench:p5 [--quick] [--clients=N] [--events=N] [--gap=MS]
import { createHash, randomBytes } from 'node:crypto'
import os from 'node:os'
import path from 'node:path'
import { monitorEventLoopDelay } from 'node:perf_hooks'
import { pathToFileURL } from 'node:url'
import pg from 'pg'
import type { Occupancy } from '@fabrique/shared/live/schema'
import {
  args,
  freePort,
  latencyStats,
  median,
  printTable,
  record,
  round,
  sleep,
  startApp,
  startScript,
  withBenchDb,
  type Child,
} from './lib/common.ts'
import { connectCrowd, epoch, type Crowd } from './lib/crowd.ts'
import {
  createLieu,
  createResources,
  createUsers,
  insertBookings,
  loginAll,
  openDb,
  request,
  type SeedBooking,
} from './lib/world.ts'

const a = args()
const CLIENTS = a.num('clients', 5000, 1000)
const EVENTS = a.num('events', 20, 5)
const GAP_MS = a.num('gap', 1500, 800)
const WAIT_MS = 15_000 // per event, at most
const SLOT = 30 * 60_000

const probeFile = path.join(import.meta.dirname, 'lib', 'probe.ts')
const probed = (port: number) => ({
  env: { BENCH_PROBE_PORT: String(port) },
  nodeArgs: ['--expose-gc', '--import', pathToFileURL(probeFile).href],
})

interface ProbeReading {
  now: number
  patched: string
  rss: number
  heapUsed: number
  loop: { maxMs: number; p99Ms: number; meanMs: number }
  fanouts: { at: number; ms: number; rooms: string[]; sockets: number }[]
  stalls: { at: number; ms: number }[]
}
async function probe(port: number, q = ''): Promise<ProbeReading> {
  const r = await request(`http://127.0.0.1:${port}/probe?${q}`)
  return JSON.parse(r.body) as ProbeReading
}

/** Local memory reading after a full GC (twice), once things settled. */
async function settledRss(port: number) {
  await sleep(1500)
  const p = await probe(port, 'gc=1')
  return { rss: p.rss, heapUsed: p.heapUsed }
}

export const loadavg = () => os.loadavg().map((x) => round(x, 2))

await withBenchDb(async (bench) => {
  // ── A lieu of 20 resources with some of them busy now, and a lobby device ──
  const db = openDb(bench.url)
  const [manager, ...members] = await createUsers(db, 11, 'p5-')
  const lieu = await createLieu(db, { managerId: manager!.id, memberIds: members.map((m) => m.id) })
  const resources = await createResources(db, lieu.id, [
    ...Array.from({ length: 12 }, (_, i) => ({ kind: 'desk' as const, name: `Bureau ${i + 1}` })),
    { kind: 'room' as const, name: 'Salle Jaurès', capacity: 6 },
    { kind: 'room' as const, name: 'Salle Louise Michel', capacity: 10 },
    { kind: 'room' as const, name: 'Cabine téléphone', capacity: 1 },
    { kind: 'zone' as const, name: 'Open space rez-de-chaussée', capacity: 20 },
    { kind: 'zone' as const, name: 'Mezzanine', capacity: 12 },
    { kind: 'machine' as const, name: 'Découpeuse laser' },
    { kind: 'machine' as const, name: 'Imprimante 3D Prusa' },
    { kind: 'machine' as const, name: 'Brodeuse numérique' },
  ])
  const desks = resources.filter((r) => r.kind === 'desk')
  const deviceToken = randomBytes(32).toString('base64url')
  await db.device.create({
    data: {
      lieuId: lieu.id,
      kind: 'lobby',
      name: 'Écran du hall (bench)',
      tokenHash: createHash('sha256').update(deviceToken).digest('hex'),
    },
  })
  await db.$disconnect()
  const now = Date.now()
  const seed: SeedBooking[] = []
  const busy = (r: { id: string }, i: number, seats = 1, exclusive = true) =>
    seed.push({
      lieuId: lieu.id,
      resourceId: r.id,
      userId: members[i % members.length]!.id,
      start: new Date(now - 30 * 60_000),
      end: new Date(now + 2 * 3600_000),
      seats,
      exclusive,
    })
  desks.slice(0, 6).forEach((d, i) => busy(d, i))
  busy(resources[12]!, 6)
  busy(resources[17]!, 7)
  for (let i = 0; i < 5; i++) busy(resources[15]!, i, 2, false)
  for (let i = 0; i < 3; i++) busy(resources[16]!, i + 5, 1, false)
  await insertBookings(bench.url, seed)
  const c = new pg.Client({ connectionString: bench.url })
  await c.connect()
  await c.query(
    `UPDATE bookings SET status = 'checked_in', checked_in_at = now() - interval '20 minutes' WHERE resource_id = ANY($1::uuid[])`,
    [[desks[0]!.id, desks[1]!.id, desks[2]!.id, resources[15]!.id]],
  )
  await c.end()

  // ── Servers ──
  const appProbe = await freePort()
  const bareProbe = await freePort()
  let app: Child | undefined
  let bare: Child | undefined
  let appCrowd: Crowd | undefined
  let bareCrowd: Crowd | undefined
  const loadLoop = monitorEventLoopDelay({ resolution: 5 })
  try {
    app = await startApp(bench.url, probed(appProbe))
    bare = await startScript('bare-io-server.ts', probed(bareProbe).env, probed(bareProbe).nodeArgs)
    const [cookie] = await loginAll(app.origin, [manager!])
    const p0 = await probe(appProbe)
    if (!p0.patched.includes('socket.io-adapter')) throw new Error(`probe not installed in the app: ${p0.patched}`)

    // Warm both: one client joins and leaves (the app's snapshot is the payload the crowd gets).
    const one = await connectCrowd({ origin: app.origin, n: 1, lieuId: lieu.id, auth: { deviceToken } })
    if (one.failed) throw new Error(`a device client was refused: ${one.members[0]!.error}`)
    const snapshot = one.members[0]!.shown as Occupancy
    one.close()
    const oneBare = await connectCrowd({ origin: bare.origin, n: 1, lieuId: lieu.id })
    oneBare.close()
    const payloadBytes = Buffer.byteLength(JSON.stringify(snapshot))
    const states = snapshot.resources.reduce<Record<string, number>>(
      (s, r) => ((s[r.state] = (s[r.state] ?? 0) + 1), s),
      {},
    )
    console.log(
      `P5: ${CLIENTS} clients per server, ${EVENTS} events each, payload ${payloadBytes} bytes (${snapshot.resources.length} resources ${JSON.stringify(states)}, seats ${snapshot.seatsFreeNow}/${snapshot.seatsTotal} free); load average ${loadavg().join(' ')}`,
    )

    const memBefore = { app: await settledRss(appProbe), bare: await settledRss(bareProbe) }
    appCrowd = await connectCrowd({ origin: app.origin, n: CLIENTS, lieuId: lieu.id, auth: { deviceToken }, concurrency: 100 })
    console.log(`  app: ${CLIENTS - appCrowd.failed}/${CLIENTS} connected and joined in ${round(appCrowd.connectMs / 1000, 1)} s`)
    bareCrowd = await connectCrowd({ origin: bare.origin, n: CLIENTS, lieuId: lieu.id, concurrency: 100 })
    console.log(`  bare: ${CLIENTS - bareCrowd.failed}/${CLIENTS} connected and joined in ${round(bareCrowd.connectMs / 1000, 1)} s`)
    const errs = [...appCrowd.members, ...bareCrowd.members].filter((m) => m.error).slice(0, 3)
    if (errs.length) console.log(`  errors, e.g.: ${errs.map((m) => m.error).join('; ')}`)
    const memConnected = { app: await settledRss(appProbe), bare: await settledRss(bareProbe) }

    // ── Events, alternating app and baseline ──
    interface Ev {
      target: 'app' | 'bare'
      seq: number
      t0: number
      t1: number
      status: number
      delivered: number
      expected: number
      fanout?: { at: number; ms: number; sockets: number }
      loopMaxMs: number
      stallsMs: number[]
      latE2e: number[]
      latAfterResponse: number[]
      latAfterFanout: number[]
    }
    const events: Ev[] = []
    let appSeq = snapshot.seq
    let bareSeq = 0
    let slot = Math.ceil((Date.now() + 5 * 60_000) / SLOT) * SLOT
    const ref = (crowd: Crowd) => crowd.members.find((m) => !m.error)!

    const fire = async (target: 'app' | 'bare', k: number) => {
      const crowd = target === 'app' ? appCrowd! : bareCrowd!
      const port = target === 'app' ? appProbe : bareProbe
      const ok = crowd.members.filter((m) => !m.error)
      await probe(port, 'reset=1')
      let t0: number
      let status: number
      let seq: number
      if (target === 'app') {
        const desk = desks[k % desks.length]!
        if (k > 0 && k % desks.length === 0) slot += SLOT
        const body = { resourceId: desk.id, startsAt: new Date(slot).toISOString(), endsAt: new Date(slot + SLOT).toISOString() }
        const before = appSeq
        t0 = epoch()
        const r = await request(`${app!.origin}/api/v1/bookings`, {
          method: 'POST',
          headers: { Origin: app!.origin, Cookie: cookie! },
          body,
        })
        status = r.status
        if (r.status !== 201) console.log(`  booking refused: ${r.status} ${r.body.slice(0, 200)}`)
        // The event's seq: the first one after the last seen by a reference client.
        const m0 = ref(crowd)
        const until = Date.now() + WAIT_MS
        while (Date.now() < until && ![...m0.got.keys()].some((s) => s > before)) await sleep(5)
        seq = Math.min(...[...m0.got.keys()].filter((s) => s > before))
        if (!Number.isFinite(seq)) seq = before + 1
        appSeq = seq
      } else {
        seq = ++bareSeq
        const body = { ...snapshot, seq, at: new Date().toISOString() }
        t0 = epoch()
        const r = await request(`${bare!.origin}/emit`, { method: 'POST', body })
        status = r.status
      }
      const tResp = epoch()
      const delivered = await crowd.waitFor(seq, WAIT_MS)
      await sleep(100)
      const p = await probe(port)
      const fan = p.fanouts.filter((f) => f.sockets > 0).sort((x, y) => y.sockets - x.sockets)[0]
      const times = ok.map((m) => m.got.get(seq)).filter((t): t is number => t !== undefined)
      events.push({
        target,
        seq,
        t0,
        t1: tResp,
        status,
        delivered,
        expected: ok.length,
        fanout: fan && { at: fan.at, ms: fan.ms, sockets: fan.sockets },
        loopMaxMs: p.loop.maxMs,
        stallsMs: p.stalls.map((s) => s.ms),
        latE2e: times.map((t) => t - t0),
        latAfterResponse: times.map((t) => t - tResp),
        latAfterFanout: fan ? times.map((t) => t - fan.at) : [],
      })
    }

    loadLoop.enable()
    for (let k = 0; k < EVENTS; k++) {
      for (const target of k % 2 ? (['bare', 'app'] as const) : (['app', 'bare'] as const)) {
        await fire(target, k)
        await sleep(GAP_MS)
      }
      process.stdout.write(`\r  event ${k + 1}/${EVENTS}`)
    }
    loadLoop.disable()
    console.log(`\n  load average after: ${loadavg().join(' ')}`)
    const memAfter = { app: await settledRss(appProbe), bare: await settledRss(bareProbe) }

    // ── Every client got every seq? ──
    const lost = (crowd: Crowd, target: 'app' | 'bare') => {
      const seqs = events.filter((e) => e.target === target).map((e) => e.seq)
      let missing = 0
      let clientsMissing = 0
      for (const m of crowd.members.filter((x) => !x.error)) {
        const miss = seqs.filter((s) => !m.got.has(s)).length
        missing += miss
        if (miss) clientsMissing++
      }
      const ok = crowd.members.filter((x) => !x.error)
      return {
        clients: ok.length,
        refused: crowd.failed,
        expectedDeliveries: ok.length * seqs.length,
        missing,
        clientsMissing,
        disconnects: ok.reduce((n, m) => n + m.disconnects, 0),
        duplicates: ok.reduce((n, m) => n + m.duplicates, 0),
        gaps: ok.reduce((n, m) => n + m.gaps, 0),
      }
    }
    const summary = (target: 'app' | 'bare') => {
      const evs = events.filter((e) => e.target === target)
      const crowd = target === 'app' ? appCrowd! : bareCrowd!
      const before = memBefore[target]
      const conn = memConnected[target]
      const after = memAfter[target]
      const n = CLIENTS - crowd.failed
      return {
        events: evs.length,
        statuses: [...new Set(evs.map((e) => e.status))],
        delivery: lost(crowd, target),
        e2eMs: latencyStats(evs.flatMap((e) => e.latE2e)),
        afterResponseMs: latencyStats(evs.flatMap((e) => e.latAfterResponse)),
        afterFanoutStartMs: latencyStats(evs.flatMap((e) => e.latAfterFanout)),
        lastClientE2eMs: latencyStats(evs.map((e) => Math.max(...e.latE2e))),
        triggerToFanoutMs: latencyStats(evs.filter((e) => e.fanout).map((e) => e.fanout!.at - e.t0)),
        fanoutBlockMs: latencyStats(evs.filter((e) => e.fanout).map((e) => e.fanout!.ms)),
        loopMaxMs: latencyStats(evs.map((e) => e.loopMaxMs)),
        memory: {
          rssBeforeMB: round(before.rss / 2 ** 20, 1),
          rssConnectedMB: round(conn.rss / 2 ** 20, 1),
          rssAfterEventsMB: round(after.rss / 2 ** 20, 1),
          rssPerClientKB: round((conn.rss - before.rss) / n / 1024, 1),
          rssPerClientAfterEventsKB: round((after.rss - before.rss) / n / 1024, 1),
          heapPerClientKB: round((conn.heapUsed - before.heapUsed) / n / 1024, 1),
        },
      }
    }
    const appS = summary('app')
    const bareS = summary('bare')
    const ratioP99 = round(appS.e2eMs.p99 / bareS.e2eMs.p99)
    const ratioP50 = round(appS.e2eMs.p50 / bareS.e2eMs.p50)
    const ratioFanoutP99 = round(appS.afterFanoutStartMs.p99 / bareS.afterFanoutStartMs.p99)
    const row = (name: string, s: typeof appS) => ({
      server: name,
      delivered: `${s.delivery.expectedDeliveries - s.delivery.missing}/${s.delivery.expectedDeliveries}`,
      'e2e p50': s.e2eMs.p50,
      'e2e p99': s.e2eMs.p99,
      'e2e max': s.e2eMs.max,
      'resp→recv p99': s.afterResponseMs.p99,
      'trigger→fanout p50': s.triggerToFanoutMs.p50,
      'fanout→recv p99': s.afterFanoutStartMs.p99,
      'fanout block p50/max': `${s.fanoutBlockMs.p50}/${s.fanoutBlockMs.max}`,
      'loop max p50/max': `${round(s.loopMaxMs.p50)}/${round(s.loopMaxMs.max)}`,
      'KB/client': s.memory.rssPerClientKB,
      'KB/client after events': s.memory.rssPerClientAfterEventsKB,
    })
    printTable(`P5 live occupancy — ${CLIENTS} websocket clients per server, ${EVENTS} events each, ${payloadBytes}-byte payload (ms)`, [
      row('app (booking → occupancy)', appS),
      row('bare Socket.IO 4 (POST → emit)', bareS),
    ])
    const blockMax = appS.fanoutBlockMs.max
    const targets = {
      noneLost: appS.delivery.missing === 0 && appS.delivery.refused === 0,
      p99Within120PercentOfBare: ratioP99 <= 1.2,
      memoryPerClientUnder25KB: appS.memory.rssPerClientKB <= 25,
      broadcastBlockUnder50ms: blockMax <= 50,
    }
    const v = (ok: boolean) => (ok ? 'MET' : 'MISSED')
    console.log(
      `\n  none lost: ${v(targets.noneLost)} (${appS.delivery.missing} missing, ${appS.delivery.refused} refused)` +
        `\n  p99 app/bare ×${ratioP99} (p50 ×${ratioP50}; from the fan-out start ×${ratioFanoutP99}); target ≤ 1.2: ${v(targets.p99Within120PercentOfBare)}` +
        `\n  memory ${appS.memory.rssPerClientKB} KB per client (bare ${bareS.memory.rssPerClientKB}); target ≤ 25 KB: ${v(targets.memoryPerClientUnder25KB)}` +
        `\n  broadcast blocks the loop ${appS.fanoutBlockMs.p50} ms (max ${blockMax}; bare ${bareS.fanoutBlockMs.p50}/${bareS.fanoutBlockMs.max}); target ≤ 50 ms: ${v(targets.broadcastBlockUnder50ms)}` +
        `\n  load process loop delay during the events: p99 ${round(loadLoop.percentile(99) / 1e6)} ms, max ${round(loadLoop.max / 1e6)} ms`,
    )
    record('p5-broadcast', {
      clients: CLIENTS,
      events: EVENTS,
      gapMs: GAP_MS,
      payloadBytes,
      resources: snapshot.resources.length,
      loadAverageAfter: loadavg(),
      connectSeconds: { app: round(appCrowd.connectMs / 1000, 1), bare: round(bareCrowd.connectMs / 1000, 1) },
      app: appS,
      baseline: bareS,
      ratioP99AppOverBare: ratioP99,
      ratioP50AppOverBare: ratioP50,
      ratioP99FromFanoutAppOverBare: ratioFanoutP99,
      loadProcessLoopMs: { p99: round(loadLoop.percentile(99) / 1e6), max: round(loadLoop.max / 1e6) },
      perEvent: events.map((e) => ({
        target: e.target,
        seq: e.seq,
        status: e.status,
        delivered: e.delivered,
        e2eP50: round(median(e.latE2e)),
        e2eMax: round(Math.max(...e.latE2e)),
        triggerToFanout: e.fanout ? round(e.fanout.at - e.t0) : null,
        fanoutMs: e.fanout ? round(e.fanout.ms) : null,
        loopMaxMs: round(e.loopMaxMs),
      })),
      targets,
    })
  } finally {
    appCrowd?.close()
    bareCrowd?.close()
    await app?.stop()
    await bare?.stop()
  }
})
process.exit(0)
