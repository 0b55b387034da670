// Preloaded into a server child (`node --expose-gc --import bench/src/lib/probe.ts <script>`) by
// P5/P6 to read the server from the inside without touching its code: memory, event-loop delay,
// and the duration of every Socket.IO local fan-out. Answers on its own loopback port
// (BENCH_PROBE_PORT): GET /probe[?gc=1][&reset=1] → JSON.
//
// - Fan-outs: socket.io-adapter's in-memory `Adapter.prototype.broadcast` (what every adapter —
//   memory, session-aware, Redis Streams — ends in to write a packet to this process's sockets) is
//   wrapped: start instant (epoch ms, sub-ms), synchronous duration, rooms, sockets written.
//   The fan-out is synchronous (encode once, then one ws frame per socket), so its duration is
//   the time the broadcast blocks the event loop.
// - Loop: `monitorEventLoopDelay` (5 ms resolution), plus a 5 ms ticker recording every stall
//   > 20 ms with its instant, to attribute stalls to broadcasts.
import http from 'node:http'
import { createRequire } from 'node:module'
import path from 'node:path'
import { monitorEventLoopDelay } from 'node:perf_hooks'

const epoch = () => performance.timeOrigin + performance.now()
const loop = monitorEventLoopDelay({ resolution: 5 })
loop.enable()

export interface Fanout {
  at: number
  ms: number
  rooms: string[]
  sockets: number
}
const fanouts: Fanout[] = []
const stalls: { at: number; ms: number }[] = []

let last = performance.now()
setInterval(() => {
  const t = performance.now()
  const gap = t - last - 5
  if (gap > 20 && stalls.length < 10_000) stalls.push({ at: performance.timeOrigin + last, ms: gap })
  last = t
}, 5).unref()

let patched = 'no'
try {
  const main = path.resolve(process.argv[1] ?? '.')
  const sio = createRequire(main).resolve('socket.io')
  const adapterFile = createRequire(sio).resolve('socket.io-adapter')
  const { Adapter } = createRequire(import.meta.url)(adapterFile) as {
    Adapter: {
      prototype: {
        broadcast: (this: AdapterThis, packet: unknown, opts: { rooms: Set<string> }) => unknown
      }
    }
  }
  interface AdapterThis {
    rooms: Map<string, Set<string>>
    sids: Map<string, unknown>
  }
  const original = Adapter.prototype.broadcast
  Adapter.prototype.broadcast = function (this: AdapterThis, packet, opts) {
    const t0 = performance.now()
    let sockets = 0
    if (opts.rooms.size === 0) sockets = this.sids.size
    else for (const r of opts.rooms) sockets += this.rooms.get(r)?.size ?? 0
    try {
      return original.call(this, packet, opts)
    } finally {
      if (fanouts.length < 100_000)
        fanouts.push({
          at: performance.timeOrigin + t0,
          ms: performance.now() - t0,
          rooms: [...opts.rooms],
          sockets,
        })
    }
  }
  patched = adapterFile
} catch (e) {
  patched = `failed: ${String(e)}`
}

const gc = (globalThis as { gc?: () => void }).gc

const server = http.createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://x')
  if (url.searchParams.has('gc') && gc) {
    gc()
    gc()
  }
  const mem = process.memoryUsage()
  const body = {
    now: epoch(),
    patched,
    rss: mem.rss,
    heapUsed: mem.heapUsed,
    external: mem.external,
    loop: {
      maxMs: loop.max / 1e6,
      p99Ms: loop.percentile(99) / 1e6,
      meanMs: loop.mean / 1e6,
    },
    fanouts,
    stalls,
  }
  res.setHeader('content-type', 'application/json')
  res.end(JSON.stringify(body))
  if (url.searchParams.has('reset')) {
    loop.reset()
    fanouts.length = 0
    stalls.length = 0
  }
})
server.listen(Number(process.env.BENCH_PROBE_PORT), '127.0.0.1')
server.unref()
