// P6 — two server processes (A, B: `node server/src/main.ts`, NODE_ENV=production) sharing one
// PostgreSQL database and a Redis started here for the run (its own port, no persistence, so it can
// be stopped without touching any other Redis), through the Socket.IO Redis Streams adapter.
//
// 1. Added latency: N websocket clients (lobby Device, public room) on B, a booking through A's
//    API, time to receipt; the same with the N clients on A (same run, phases alternated B, A, B, A).
//    Both processes have bench/src/lib/probe.ts preloaded: when each one started its local fan-out.
// 2. Redis outage: N clients on B and N/4 on A (reconnecting, applying the client's seq rule and
//    re-joining on a gap), a booking through A every 250 ms for 20 s; Redis stopped at 5 s and
//    started again (empty) at 10 s ("restart"), or frozen with SIGSTOP/SIGCONT for the same 5 s
//    ("pause"). Then: which seqs each client received, gaps noticed and resynced, and whether each
//    client's final state equals a fresh snapshot.
//   pnpm bench:p6 [--quick] [--clients=N] [--events=N] [--outage=restart|pause|both]
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import net from 'node:net'
import type { Occupancy } from '@fabrique/shared/live/schema'
import {
  args,
  freePort,
  latencyStats,
  printTable,
  record,
  round,
  sleep,
  startApp,
  withBenchDb,
  type Child,
} from './lib/common.ts'
import { connectCrowd, epoch, type Crowd } from './lib/crowd.ts'
import { bookingSlots, liveSeq, loadavg, probe, probed, seedLiveLieu } from './lib/live-world.ts'
import { loginAll, request } from './lib/world.ts'

const a = args()
const CLIENTS = a.num('clients', 1000, 300)
const EVENTS = a.num('events', 10, 4) // per latency phase; 4 phases
const OUTAGE = typeof a.raw.outage === 'string' ? a.raw.outage : 'both'
const STREAM_MS = a.num('stream', 20_000, 20_000)
const DOWN_AT = 5000
const DOWN_MS = a.num('down', 5000, 5000)
const EVERY_MS = 250

// ─── Our own Redis ───────────────────────────────────────────────────────────

const redisBin = spawnSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' }).stdout.trim()
if (!redisBin) throw new Error('P6 needs redis-server (apt-get install redis-server)')
let redis: ChildProcess | undefined
process.on('exit', () => redis?.kill('SIGKILL'))

const reachable = (port: number) =>
  new Promise<boolean>((resolve) => {
    const s = net.connect(port, '127.0.0.1')
    s.once('connect', () => (s.destroy(), resolve(true)))
    s.once('error', () => resolve(false))
  })

async function startRedis(port: number) {
  redis = spawn(
    redisBin,
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    {
      stdio: 'ignore',
    },
  )
  for (let i = 0; i < 200 && !(await reachable(port)); i++) await sleep(25)
}
async function stopRedis() {
  const r = redis
  if (!r || r.exitCode !== null) return
  const gone = new Promise((resolve) => r.once('exit', resolve))
  r.kill('SIGTERM')
  await gone
}

// ─── Run ─────────────────────────────────────────────────────────────────────

await withBenchDb(async (bench) => {
  const world = await seedLiveLieu(bench.url, 'p6-')
  const { lieu, deviceToken } = world
  const slot = bookingSlots(world.desks)
  const redisPort = await freePort()
  await startRedis(redisPort)
  const redisUrl = `redis://127.0.0.1:${redisPort}`
  const probeA = await freePort()
  const probeB = await freePort()
  let A: Child | undefined
  let B: Child | undefined
  const crowds: Crowd[] = []
  try {
    A = await startApp(bench.url, {
      env: { ...probed(probeA).env, REDIS_URL: redisUrl },
      nodeArgs: probed(probeA).nodeArgs,
    })
    B = await startApp(bench.url, {
      env: { ...probed(probeB).env, REDIS_URL: redisUrl },
      nodeArgs: probed(probeB).nodeArgs,
    })
    const [cookie] = await loginAll(A.origin, [world.manager])
    const book = async () => {
      const t0 = epoch()
      const r = await request(`${A!.origin}/api/v1/bookings`, {
        method: 'POST',
        headers: { Origin: A!.origin, Cookie: cookie! },
        body: slot(),
      })
      if (r.status !== 201) console.log(`  booking refused: ${r.status} ${r.body.slice(0, 160)}`)
      return { t0, t1: epoch(), status: r.status }
    }
    const publicRoom = `lieu:${lieu.id}:public`
    const fanoutAt = async (port: number) =>
      (await probe(port, 'reset=1')).fanouts.find((f) => f.rooms.includes(publicRoom))?.at
    console.log(`P6: ${CLIENTS} clients, ${EVENTS} events per phase; load average ${loadavg().join(' ')}`)

    // ── 1. Added latency: clients on B vs clients on A ──
    interface Lat {
      on: 'A' | 'B'
      e2e: number[]
      /** From A's fan-out start (A wrote to its sockets after XADD) to receipt. */
      afterFanoutA: number[]
      /** B's fan-out start minus A's: the stream hop (XREAD wake-up, decode). */
      hopMs: number[]
      triggerToFanoutA: number[]
      statuses: number[]
      missing: number
    }
    const lat: Record<'A' | 'B', Lat> = {
      A: { on: 'A', e2e: [], afterFanoutA: [], hopMs: [], triggerToFanoutA: [], statuses: [], missing: 0 },
      B: { on: 'B', e2e: [], afterFanoutA: [], hopMs: [], triggerToFanoutA: [], statuses: [], missing: 0 },
    }
    for (const on of ['B', 'A', 'B', 'A'] as const) {
      const target = on === 'A' ? A : B
      const crowd = await connectCrowd({
        origin: target.origin,
        n: CLIENTS,
        lieuId: lieu.id,
        auth: { deviceToken },
        concurrency: 100,
      })
      if (crowd.failed)
        console.log(
          `  ${crowd.failed} clients refused on ${on}: ${crowd.members.find((m) => m.error)?.error}`,
        )
      const ok = crowd.members.filter((m) => !m.error)
      await sleep(1000)
      for (let k = 0; k < EVENTS; k++) {
        await probe(probeA, 'reset=1')
        await probe(probeB, 'reset=1')
        const before = await liveSeq(bench.url, lieu.id)
        const { t0, status } = await book()
        lat[on].statuses.push(status)
        const seq = before + 1
        const have = await crowd.waitFor(seq, 15_000)
        lat[on].missing += ok.length - have
        await sleep(100)
        const fa = await fanoutAt(probeA)
        const fb = await fanoutAt(probeB)
        const times = ok.map((m) => m.got.get(seq)).filter((t): t is number => t !== undefined)
        lat[on].e2e.push(...times.map((t) => t - t0))
        if (fa !== undefined) {
          lat[on].afterFanoutA.push(...times.map((t) => t - fa))
          lat[on].triggerToFanoutA.push(fa - t0)
          if (fb !== undefined) lat[on].hopMs.push(fb - fa)
        }
        await sleep(700)
      }
      crowd.close()
      process.stdout.write(`  phase clients on ${on}: done\n`)
      await sleep(1500)
    }
    const sA = latencyStats(lat.A.e2e)
    const sB = latencyStats(lat.B.e2e)
    const added = { p50: round(sB.p50 - sA.p50), p99: round(sB.p99 - sA.p99) }
    const hop = latencyStats(lat.B.hopMs)
    printTable(`P6 (1) a booking through A; ${CLIENTS} clients on B vs on A (ms, from the request's send)`, [
      ...(['A', 'B'] as const).map((on) => ({
        'clients on': on,
        events: lat[on].statuses.length,
        missing: lat[on].missing,
        'e2e p50': latencyStats(lat[on].e2e).p50,
        'e2e p99': latencyStats(lat[on].e2e).p99,
        'e2e max': latencyStats(lat[on].e2e).max,
        'trigger→A fan-out p50': latencyStats(lat[on].triggerToFanoutA).p50,
        'A fan-out→recv p50': latencyStats(lat[on].afterFanoutA).p50,
        'A fan-out→recv p99': latencyStats(lat[on].afterFanoutA).p99,
      })),
    ])
    console.log(
      `\n  added by B: p50 +${added.p50} ms, p99 +${added.p99} ms (target ≤ 15 ms: ${added.p99 <= 15 ? 'MET' : 'MISSED'}); ` +
        `B's fan-out starts ${hop.p50} ms after A's (p99 ${hop.p99}, max ${hop.max})`,
    )

    // ── 2. Redis outage during a stream of changes ──
    const outages: Record<string, unknown>[] = []
    const modes = OUTAGE === 'both' ? ['restart', 'pause'] : [OUTAGE]
    const onB = await connectCrowd({
      origin: B.origin,
      n: CLIENTS,
      lieuId: lieu.id,
      auth: { deviceToken },
      resync: true,
      reconnection: true,
    })
    const onA = await connectCrowd({
      origin: A.origin,
      n: Math.ceil(CLIENTS / 4),
      lieuId: lieu.id,
      auth: { deviceToken },
      resync: true,
      reconnection: true,
    })
    crowds.push(onB, onA)
    for (const mode of modes) {
      await sleep(2000)
      const seqStart = await liveSeq(bench.url, lieu.id)
      const gaps0 = new Map(
        [...onB.members, ...onA.members].map((m) => [
          m,
          { gaps: m.gaps, resyncs: m.resyncs, disconnects: m.disconnects },
        ]),
      )
      const started = Date.now()
      const triggers: { t0: number; status: number; phase: 'before' | 'down' | 'after' }[] = []
      let phase: 'before' | 'down' | 'after' = 'before'
      let downAt = 0
      let upAt = 0
      const outage = (async () => {
        await sleep(DOWN_AT)
        phase = 'down'
        downAt = epoch()
        if (mode === 'restart') await stopRedis()
        else redis!.kill('SIGSTOP')
        await sleep(DOWN_MS)
        if (mode === 'restart') await startRedis(redisPort)
        else redis!.kill('SIGCONT')
        upAt = epoch()
        phase = 'after'
      })()
      while (Date.now() - started < STREAM_MS) {
        const t = Date.now()
        const p = phase
        const r = await book()
        triggers.push({ t0: r.t0, status: r.status, phase: p })
        await sleep(Math.max(0, EVERY_MS - (Date.now() - t)))
      }
      await outage
      const seqEnd = await liveSeq(bench.url, lieu.id)
      // Quiescence: every client shows seqEnd (or 30 s).
      const all = [...onB.members, ...onA.members].filter((m) => !m.error)
      const until = Date.now() + 30_000
      while (Date.now() < until && all.some((m) => (m.shown?.seq ?? -1) < seqEnd)) await sleep(100)
      await sleep(1000)
      // The truth: a fresh client's snapshot.
      const fresh = await connectCrowd({ origin: A.origin, n: 1, lieuId: lieu.id, auth: { deviceToken } })
      const truth = fresh.members[0]!.shown as Occupancy
      fresh.close()
      const strip = (o: Occupancy | null) => JSON.stringify(o ? { ...o, at: undefined } : null)
      const want = Array.from({ length: seqEnd - seqStart }, (_, i) => seqStart + 1 + i)
      const judge = (crowd: Crowd, name: string) => {
        const ms = crowd.members.filter((m) => !m.error)
        let missing = 0
        let clientsMissing = 0
        let gaps = 0
        let resyncs = 0
        let disconnects = 0
        let finalEqual = 0
        let finalSeqOk = 0
        const missingBySeq = new Map<number, number>()
        for (const m of ms) {
          const miss = want.filter((s) => !m.got.has(s))
          missing += miss.length
          if (miss.length) clientsMissing++
          for (const s of miss) missingBySeq.set(s, (missingBySeq.get(s) ?? 0) + 1)
          const g0 = gaps0.get(m)!
          gaps += m.gaps - g0.gaps
          resyncs += m.resyncs - g0.resyncs
          disconnects += m.disconnects - g0.disconnects
          if (m.shown?.seq === seqEnd) finalSeqOk++
          if (strip(m.shown) === strip(truth)) finalEqual++
        }
        return {
          group: name,
          clients: ms.length,
          seqs: want.length,
          missingDeliveries: missing,
          clientsMissingSome: clientsMissing,
          missingSeqs: [...missingBySeq.entries()].map(([s, n]) => `${s}×${n}`).slice(0, 20),
          gapsNoticed: gaps,
          resyncs,
          disconnects,
          finalSeqIsLatest: finalSeqOk,
          finalStateEqualsSnapshot: finalEqual,
        }
      }
      const jB = judge(onB, 'clients on B')
      const jA = judge(onA, 'clients on A')
      const during = triggers.filter((t) => t.phase === 'down')
      // Each booking is one seq (sequential, 250 ms apart): trigger i ↔ seq seqStart + 1 + i.
      const oneToOne = seqEnd - seqStart === triggers.length
      const lastB = new Map<number, number>()
      for (const m of onB.members)
        for (const [q, t] of m.got) if (q > seqStart && (!lastB.has(q) || t > lastB.get(q)!)) lastB.set(q, t)
      const delayByPhase = Object.fromEntries(
        (['before', 'down', 'after'] as const).map((ph) => [
          ph,
          oneToOne
            ? latencyStats(
                triggers
                  .map((t, i) => ({ t, q: seqStart + 1 + i }))
                  .filter(({ t, q }) => t.phase === ph && lastB.has(q))
                  .map(({ t, q }) => lastB.get(q)! - t.t0),
              )
            : null,
        ]),
      )
      const res = {
        mode,
        downMs: round(upAt - downAt),
        triggers: triggers.length,
        triggersWhileDown: during.length,
        statuses: Object.fromEntries(
          [...new Set(triggers.map((t) => t.status))].map((s) => [
            s,
            triggers.filter((t) => t.status === s).length,
          ]),
        ),
        seqStart,
        seqEnd,
        truthSeq: truth.seq,
        B: jB,
        A: jA,
        /** Trigger → the last B client's receipt, by when the booking was made relative to the outage. */
        delayToLastBClientMs: delayByPhase,
        serverLog: {
          A: A.output.filter((l) => /redis|live/i.test(l)).length,
          B: B.output.filter((l) => /redis|live/i.test(l)).length,
        },
      }
      outages.push(res)
      printTable(
        `P6 (2) Redis ${mode === 'restart' ? 'stopped and restarted empty' : 'frozen (SIGSTOP/SIGCONT)'} for ${res.downMs} ms during ${triggers.length} bookings on A (${during.length} while down); seqs ${seqStart + 1}…${seqEnd}`,
        [jB, jA].map((j) => ({
          group: j.group,
          clients: j.clients,
          'missing deliveries': `${j.missingDeliveries}/${j.clients * j.seqs}`,
          'clients missing some': j.clientsMissingSome,
          'gaps noticed': j.gapsNoticed,
          resyncs: j.resyncs,
          disconnects: j.disconnects,
          'final = latest seq': j.finalSeqIsLatest,
          'final = fresh snapshot': j.finalStateEqualsSnapshot,
        })),
      )
      const d = (ph: string) => {
        const x = delayByPhase[ph] as ReturnType<typeof latencyStats> | null
        return x ? `${ph}: ${x.n} events, p50 ${x.p50} / max ${x.max} ms` : `${ph}: n/a`
      }
      console.log(
        `  HTTP statuses ${JSON.stringify(res.statuses)}; booking → last B client: ${d('before')}; ${d('down')}; ${d('after')}`,
      )
      if (jB.missingSeqs.length || jA.missingSeqs.length)
        console.log(
          `  seqs never received (seq×clients): B ${jB.missingSeqs.join(' ')} | A ${jA.missingSeqs.join(' ')}`,
        )
    }
    const sample = (o: Child) =>
      o.output
        .filter((l) => /redis|live/i.test(l))
        .slice(0, 3)
        .map((l) => l.slice(0, 200))
    console.log(`  A's log (first lines about redis/live): ${JSON.stringify(sample(A))}`)
    console.log(`  B's log: ${JSON.stringify(sample(B))}`)
    record('p6-cluster', {
      clients: CLIENTS,
      eventsPerPhase: EVENTS,
      loadAverageAfter: loadavg(),
      latency: {
        clientsOnA: {
          e2eMs: sA,
          triggerToFanoutA: latencyStats(lat.A.triggerToFanoutA),
          afterFanoutA: latencyStats(lat.A.afterFanoutA),
          missing: lat.A.missing,
        },
        clientsOnB: {
          e2eMs: sB,
          triggerToFanoutA: latencyStats(lat.B.triggerToFanoutA),
          afterFanoutA: latencyStats(lat.B.afterFanoutA),
          missing: lat.B.missing,
        },
        addedByB: added,
        streamHopMs: hop,
      },
      outages,
      targets: {
        addedP99Under15ms: added.p99 <= 15,
        outageAllFinalStatesRight: outages.every((o) => {
          const x = o as {
            B: { finalStateEqualsSnapshot: number; clients: number }
            A: { finalStateEqualsSnapshot: number; clients: number }
          }
          return x.B.finalStateEqualsSnapshot === x.B.clients && x.A.finalStateEqualsSnapshot === x.A.clients
        }),
      },
    })
  } finally {
    for (const c of crowds) c.close()
    await A?.stop()
    await B?.stop()
    redis?.kill('SIGCONT')
    await stopRedis()
  }
})
process.exit(0)
