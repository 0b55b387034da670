// A crowd of socket.io-client websocket clients in this (the load) process, each joined to one
// lieu, recording when it received each `occupancy` seq and applying the client's sequence rule
// (shared `nextOccupancy`): a gap makes it re-join (reload the snapshot) when `resync` is on.
import { io, type Socket } from 'socket.io-client'
import { nextOccupancy } from '@fabrique/shared/live/sequence'
import type { Occupancy } from '@fabrique/shared/live/schema'
import { sleep } from './common.ts'

/** Wall-clock instant with sub-millisecond precision, comparable across processes of one machine. */
export const epoch = () => performance.timeOrigin + performance.now()

export interface Member {
  socket: Socket
  /** seq → first receipt instant (epoch ms). */
  got: Map<number, number>
  /** What this client shows (its snapshot or the last event it applied). */
  shown: Occupancy | null
  joinedSeq: number
  gaps: number
  resyncs: number
  duplicates: number
  disconnects: number
  recovered: number
  error?: string
}

export interface CrowdOptions {
  origin: string
  n: number
  lieuId: string
  auth?: Record<string, string>
  /** Clients connecting at once. */
  concurrency?: number
  /** On a seq gap, emit `lieu:join` again and show its snapshot (the documented client rule). */
  resync?: boolean
  /** socket.io-client reconnection (with connection-state recovery on the server). */
  reconnection?: boolean
}

export interface Crowd {
  members: Member[]
  failed: number
  connectMs: number
  /** Resolves when every connected member has `seq` (or after `ms`); the number that have it. */
  waitFor(seq: number, ms: number): Promise<number>
  /** Whether all connected members have received `seq`. */
  close(): void
}

type Join = { ok: true; snapshot: Occupancy } | { ok: false; code: string }

async function join(m: Member, lieuId: string): Promise<void> {
  const ack = (await m.socket.timeout(60_000).emitWithAck('lieu:join', { lieuId })) as Join
  if (!ack.ok) throw new Error(`join refused: ${ack.code}`)
  if (!m.shown || ack.snapshot.seq >= m.shown.seq) m.shown = ack.snapshot
}

function member(o: CrowdOptions): Promise<Member> {
  const socket = io(o.origin, {
    path: '/socket.io',
    transports: ['websocket'],
    forceNew: true,
    reconnection: o.reconnection ?? false,
    reconnectionDelay: 500,
    reconnectionDelayMax: 2000,
    timeout: 60_000,
    auth: o.auth ?? {},
  })
  const m: Member = {
    socket,
    got: new Map(),
    shown: null,
    joinedSeq: -1,
    gaps: 0,
    resyncs: 0,
    duplicates: 0,
    disconnects: 0,
    recovered: 0,
  }
  socket.on('occupancy', (ev: Occupancy) => {
    const t = epoch()
    if (m.got.has(ev.seq)) m.duplicates++
    else m.got.set(ev.seq, t)
    const d = nextOccupancy(m.shown, ev)
    if (d.action === 'ignore') return
    m.shown = d.state
    if (d.action === 'resync') {
      m.gaps++
      if (o.resync) {
        m.resyncs++
        join(m, o.lieuId).catch((e: unknown) => (m.error = String(e)))
      }
    }
  })
  socket.on('disconnect', () => m.disconnects++)
  let first = true
  return new Promise((resolve) => {
    socket.on('connect', () => {
      if (first) {
        first = false
        join(m, o.lieuId).then(
          () => {
            m.joinedSeq = m.shown?.seq ?? -1
            resolve(m)
          },
          (e: unknown) => {
            m.error = String(e)
            resolve(m)
          },
        )
        return
      }
      // A reconnection: recovered sessions got their rooms and missed packets back; others re-join.
      if (socket.recovered) m.recovered++
      else join(m, o.lieuId).catch((e: unknown) => (m.error = String(e)))
    })
    socket.on('connect_error', (e) => {
      if (first) {
        first = false
        m.error = e.message
        resolve(m)
      }
    })
  })
}

export async function connectCrowd(o: CrowdOptions): Promise<Crowd> {
  const started = performance.now()
  const members: Member[] = []
  let next = 0
  const worker = async () => {
    while (next < o.n) {
      next++
      members.push(await member(o))
    }
  }
  await Promise.all(Array.from({ length: o.concurrency ?? 100 }, worker))
  const connectMs = performance.now() - started
  const ok = members.filter((m) => !m.error)
  return {
    members,
    failed: members.length - ok.length,
    connectMs,
    async waitFor(seq, ms) {
      const until = Date.now() + ms
      let have = 0
      while (Date.now() < until) {
        have = ok.reduce((n, m) => n + (m.got.has(seq) ? 1 : 0), 0)
        if (have === ok.length) return have
        await sleep(10)
      }
      return have
    },
    close() {
      for (const m of members) m.socket.close()
    },
  }
}
