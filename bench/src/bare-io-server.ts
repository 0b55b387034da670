// The P5 baseline: a bare Socket.IO 4 server (default options, in-memory adapter, no auth). A
// client's `lieu:join` puts it in one room and acks { ok, snapshot: { lieuId, seq: 0 } }; POST /emit with a
// JSON body broadcasts that body as `occupancy` to the room, then answers 204. With CHUNKS=N the
// clients are spread over N rooms, emitted one room per setImmediate (a chunked fan-out).
//   PORT=… node bench/src/bare-io-server.ts
import http from 'node:http'
import { Server } from 'socket.io'

const server = http.createServer((req, res) => {
  if (req.url === '/ready') {
    res.setHeader('content-type', 'application/json')
    return res.end('{"ok":true}')
  }
  if (req.method === 'POST' && req.url === '/emit') {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const payload = JSON.parse(Buffer.concat(chunks).toString()) as unknown
      void (async () => {
        if (CHUNKS <= 1) io.to('lieu').emit('occupancy', payload)
        else
          for (let i = 0; i < CHUNKS; i++) {
            io.to(`lieu:${i}`).emit('occupancy', payload)
            await new Promise((r) => setImmediate(r))
          }
        res.statusCode = 204
        res.end()
      })()
    })
    return
  }
  res.statusCode = 404
  res.end()
})
/** CHUNKS > 1: clients are spread over that many rooms and a broadcast emits one room per tick. */
const CHUNKS = Number(process.env.CHUNKS ?? 1)
let joined = 0
const io = new Server(server, { path: '/socket.io', serveClient: false })
io.on('connection', (socket) => {
  socket.on('lieu:join', async (req: { lieuId?: string }, ack?: (a: unknown) => void) => {
    await socket.join(CHUNKS <= 1 ? 'lieu' : `lieu:${joined++ % CHUNKS}`)
    if (typeof ack === 'function')
      ack({ ok: true, audience: 'public', snapshot: { lieuId: req?.lieuId, seq: 0 } })
  })
})
server.listen(Number(process.env.PORT), '127.0.0.1')
process.on('SIGTERM', () => {
  io.close()
  server.closeAllConnections()
  process.exit(0)
})
