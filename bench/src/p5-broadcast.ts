// P5 — live occupancy to 5,000 websocket clients. The real app (child process, NODE_ENV=production,
// in-memory adapter) with a lieu of 20 resources; 5,000 socket.io-client websocket clients in this
// (the load) process, authenticated as a lobby Device (token hash in `devices`), each joined to the
// lieu's public room. One occupancy change = one booking through POST /api/v1/bookings; repeated,
// spaced. Baseline in the same run: a bare Socket.IO 4 server (bench/src/bare-io-server.ts) with
// its own 5,000 clients from this same process, broadcasting the app's real payload (same bytes,
// seq replaced) on POST /emit. App and baseline events alternate, so a noisy neighbour hits both.
// Both servers are started with bench/src/lib/probe.ts preloaded: RSS, loop delay, and the
// duration of every local fan-out (Adapter#broadcast).
// A third server (--chunks=N, default 10; --chunks=1 to skip) is the same bare server with its
// clients spread over N rooms, emitted one room per setImmediate: what a chunked fan-out would cost.
//   pnpm bench:p5 [--quick] [--clients=N] [--events=N] [--gap=MS] [--chunks=N]
import { monitorEventLoopDelay } from 'node:perf_hooks'
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
import { bookingSlots, loadavg, probe, probed, seedLiveLieu, settledMemory } from './lib/live-world.ts'
import { loginAll, request } from './lib/world.ts'

const a = args()
const CLIENTS = a.num('clients', 5000, 1000)
const EVENTS = a.num('events', 20, 5)
const GAP_MS = a.num('gap', 1500, 800)
const WAIT_MS = 15_000 // per event, at most
/** With N > 1, a third server: the bare one with its clients spread over N rooms, emitted one per tick. */
const CHUNKS = a.num('chunks', 10, 10)

await withBenchDb(async (bench) => {
  // ── A lieu of 20 resources, some busy now, and a lobby device ──
  const { manager, lieu, desks, deviceToken } = await seedLiveLieu(bench.url, 'p5-')
  const slot = bookingSlots(desks)

  // ── Servers ──
  type Target = 'app' | 'bare' | 'chunked'
  const targetsRun: Target[] = CHUNKS > 1 ? ['app', 'bare', 'chunked'] : ['app', 'bare']
  const ports = { app: await freePort(), bare: await freePort(), chunked: await freePort() }
  const child: Partial<Record<Target, Child>> = {}
  const crowd: Partial<Record<Target, Crowd>> = {}
  const loadLoop = monitorEventLoopDelay({ resolution: 5 })
  try {
    const app = (child.app = await startApp(bench.url, probed(ports.app)))
    child.bare = await startScript('bare-io-server.ts', probed(ports.bare).env, probed(ports.bare).nodeArgs)
    if (CHUNKS > 1)
      child.chunked = await startScript(
        'bare-io-server.ts',
        { ...probed(ports.chunked).env, CHUNKS: String(CHUNKS) },
        probed(ports.chunked).nodeArgs,
      )
    const [cookie] = await loginAll(app.origin, [manager])
    const p0 = await probe(ports.app)
    if (!p0.patched.includes('socket.io-adapter'))
      throw new Error(`probe not installed in the app: ${p0.patched}`)

    // Warm every server: one client joins and leaves (the app's snapshot is the payload the crowd gets).
    const one = await connectCrowd({ origin: app.origin, n: 1, lieuId: lieu.id, auth: { deviceToken } })
    if (one.failed) throw new Error(`a device client was refused: ${one.members[0]!.error}`)
    const snapshot = one.members[0]!.shown as Occupancy
    one.close()
    for (const t of targetsRun.slice(1))
      (await connectCrowd({ origin: child[t]!.origin, n: 1, lieuId: lieu.id })).close()
    const payloadBytes = Buffer.byteLength(JSON.stringify(snapshot))
    const states = snapshot.resources.reduce<Record<string, number>>(
      (s, r) => ((s[r.state] = (s[r.state] ?? 0) + 1), s),
      {},
    )
    console.log(
      `P5: ${CLIENTS} clients per server (${targetsRun.join(', ')}), ${EVENTS} events each, payload ${payloadBytes} bytes (${snapshot.resources.length} resources ${JSON.stringify(states)}, seats ${snapshot.seatsFreeNow}/${snapshot.seatsTotal} free); load average ${loadavg().join(' ')}`,
    )

    const memBefore: Partial<Record<Target, { rss: number; heapUsed: number }>> = {}
    const memConnected: typeof memBefore = {}
    const memAfter: typeof memBefore = {}
    for (const t of targetsRun) memBefore[t] = await settledMemory(ports[t])
    for (const t of targetsRun) {
      const c = (crowd[t] = await connectCrowd({
        origin: child[t]!.origin,
        n: CLIENTS,
        lieuId: lieu.id,
        auth: t === 'app' ? { deviceToken } : {},
        concurrency: 100,
      }))
      console.log(
        `  ${t}: ${CLIENTS - c.failed}/${CLIENTS} connected and joined in ${round(c.connectMs / 1000, 1)} s`,
      )
      const errs = c.members.filter((m) => m.error).slice(0, 3)
      if (errs.length) console.log(`  errors, e.g.: ${errs.map((m) => m.error).join('; ')}`)
    }
    for (const t of targetsRun) memConnected[t] = await settledMemory(ports[t])

    // ── Events, alternating app and baselines ──
    interface Ev {
      target: Target
      seq: number
      t0: number
      status: number
      delivered: number
      /** First local fan-out start, its longest synchronous piece, sockets written. */
      fanout?: { at: number; ms: number; sockets: number; pieces: number }
      loopMaxMs: number
      latE2e: number[]
      latAfterResponse: number[]
      latAfterFanout: number[]
    }
    const events: Ev[] = []
    let appSeq = snapshot.seq
    const bareSeq = { app: 0, bare: 0, chunked: 0 }

    const fire = async (target: Target) => {
      const c = crowd[target]!
      const port = ports[target]
      const ok = c.members.filter((m) => !m.error)
      await probe(port, 'reset=1')
      let t0: number
      let status: number
      let seq: number
      if (target === 'app') {
        const before = appSeq
        t0 = epoch()
        const r = await request(`${app.origin}/api/v1/bookings`, {
          method: 'POST',
          headers: { Origin: app.origin, Cookie: cookie! },
          body: slot(),
        })
        status = r.status
        if (r.status !== 201) console.log(`  booking refused: ${r.status} ${r.body.slice(0, 200)}`)
        // The event's seq: the first one after the last seen by a reference client.
        const m0 = ok[0]!
        const until = Date.now() + WAIT_MS
        while (Date.now() < until && ![...m0.got.keys()].some((s) => s > before)) await sleep(5)
        seq = Math.min(...[...m0.got.keys()].filter((s) => s > before))
        if (!Number.isFinite(seq)) seq = before + 1
        appSeq = seq
      } else {
        seq = ++bareSeq[target]
        const body = { ...snapshot, seq, at: new Date().toISOString() }
        t0 = epoch()
        const r = await request(`${child[target]!.origin}/emit`, { method: 'POST', body })
        status = r.status
      }
      const tResp = epoch()
      const delivered = await c.waitFor(seq, WAIT_MS)
      await sleep(100)
      const p = await probe(port)
      const fans = p.fanouts.filter((f) => f.sockets > 0)
      const fan = fans.length
        ? {
            at: Math.min(...fans.map((f) => f.at)),
            ms: Math.max(...fans.map((f) => f.ms)),
            sockets: fans.reduce((n, f) => n + f.sockets, 0),
            pieces: fans.length,
          }
        : undefined
      const times = ok.map((m) => m.got.get(seq)).filter((t): t is number => t !== undefined)
      events.push({
        target,
        seq,
        t0,
        status,
        delivered,
        fanout: fan,
        loopMaxMs: p.loop.maxMs,
        latE2e: times.map((t) => t - t0),
        latAfterResponse: times.map((t) => t - tResp),
        latAfterFanout: fan ? times.map((t) => t - fan.at) : [],
      })
    }

    // One warm-up event per server (a first booking runs cold paths), not counted.
    for (const target of targetsRun) {
      await fire(target)
      await sleep(GAP_MS)
    }
    events.length = 0
    loadLoop.enable()
    for (let k = 0; k < EVENTS; k++) {
      // Rotate the order so no server always goes first.
      const order = targetsRun.map((_, i) => targetsRun[(i + k) % targetsRun.length]!)
      for (const target of order) {
        await fire(target)
        await sleep(GAP_MS)
      }
      process.stdout.write(`\r  event ${k + 1}/${EVENTS}`)
    }
    loadLoop.disable()
    console.log(`\n  load average after: ${loadavg().join(' ')}`)
    for (const t of targetsRun) memAfter[t] = await settledMemory(ports[t])

    // ── Every client got every seq? ──
    const lost = (crowd: Crowd, target: Target) => {
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
    const summary = (target: Target) => {
      const evs = events.filter((e) => e.target === target)
      const c = crowd[target]!
      const before = memBefore[target]!
      const conn = memConnected[target]!
      const after = memAfter[target]!
      const n = CLIENTS - c.failed
      return {
        events: evs.length,
        statuses: [...new Set(evs.map((e) => e.status))],
        delivery: lost(c, target),
        connectSeconds: round(c.connectMs / 1000, 1),
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
    const chunkedS = CHUNKS > 1 ? summary('chunked') : undefined
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
    printTable(
      `P5 live occupancy — ${CLIENTS} websocket clients per server, ${EVENTS} events each, ${payloadBytes}-byte payload (ms)`,
      [
        row('app (booking → occupancy)', appS),
        row('bare Socket.IO 4 (POST → emit)', bareS),
        ...(chunkedS ? [row(`bare, fan-out in ${CHUNKS} rooms, one per tick`, chunkedS)] : []),
      ],
    )
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
        (chunkedS
          ? `\n  bare with the fan-out split in ${CHUNKS} rooms emitted one per setImmediate: longest block ${chunkedS.fanoutBlockMs.max} ms, e2e p99 ${chunkedS.e2eMs.p99} ms (×${round(chunkedS.e2eMs.p99 / bareS.e2eMs.p99)} of bare)`
          : '') +
        `\n  load process loop delay during the events: p99 ${round(loadLoop.percentile(99) / 1e6)} ms, max ${round(loadLoop.max / 1e6)} ms`,
    )
    record('p5-broadcast', {
      clients: CLIENTS,
      events: EVENTS,
      gapMs: GAP_MS,
      payloadBytes,
      resources: snapshot.resources.length,
      loadAverageAfter: loadavg(),
      app: appS,
      baseline: bareS,
      ...(chunkedS ? { chunks: CHUNKS, baselineChunked: chunkedS } : {}),
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
        fanoutPieces: e.fanout?.pieces ?? null,
        loopMaxMs: round(e.loopMaxMs),
      })),
      targets,
    })
  } finally {
    for (const c of Object.values(crowd)) c.close()
    for (const c of Object.values(child)) await c.stop()
  }
})
process.exit(0)
