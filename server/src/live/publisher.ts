// The LivePublisher behind deps.live: after a committed change, bump the lieu's sequence number,
// compute its occupancy once, and emit the three audience variants to the lieu's rooms.
import type { Server } from 'socket.io'
import type { Logger } from 'pino'
import { ZOccupancy, liveEvents, type LiveAudience, type Occupancy } from '@fabrique/shared/live/schema'
import type { Clock } from '../clock.ts'
import type { Db } from '../db/prisma.ts'
import { forAudience, loadOccupancy } from './occupancy.ts'
import type { LivePublisher } from './types.ts'

export const audiences: LiveAudience[] = ['managers', 'members', 'public']
/**
 * Each audience's room is split in shards, emitted one per event-loop turn: a broadcast to
 * thousands of sockets then never blocks the loop in one piece (QUALITY.md P5).
 */
export const SHARDS = 8
export const roomOf = (lieuId: string, audience: LiveAudience, shard: number) => `lieu:${lieuId}:${audience}:${shard}`
/** A socket's shard: stable for its connection. */
export function shardOf(socketId: string): number {
  let h = 0
  for (let i = 0; i < socketId.length; i++) h = (h * 31 + socketId.charCodeAt(i)) | 0
  return Math.abs(h) % SHARDS
}
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve))

export interface PublisherDeps {
  db: Db
  clock: Clock
  logger: Logger
  /** Parse every payload with its shared schema (development and tests). */
  validate: boolean
}

export interface LivePublisherHandle extends LivePublisher {
  /** Resolves when no computation is running or scheduled (tests, shutdown). */
  idle(): Promise<void>
  /** Computations run since start (tests: coalescing). */
  readonly runs: number
  /** Stops accepting changes and waits for the running ones. */
  close(): Promise<void>
}

/**
 * Coalescing: at most one computation in flight per lieu; changes announced while it runs set a
 * flag, and exactly one more computation follows (it reads everything committed so far). A burst of
 * 100 changes costs 2 computations, not 100, and each process emits a lieu's events in seq order.
 */
export function createLivePublisher(io: Pick<Server, 'to'>, deps: PublisherDeps): Omit<LivePublisherHandle, 'credentialsEnded'> {
  const inFlight = new Map<string, { again: boolean; done: Promise<void> }>()
  let runs = 0
  let closed = false

  function check(o: Occupancy): Occupancy {
    return deps.validate ? ZOccupancy.parse(o) : o
  }

  async function publishOnce(lieuId: string) {
    runs++
    const rows = await deps.db.$queryRaw<{ live_seq: bigint }[]>`UPDATE lieux SET live_seq = live_seq + 1 WHERE id = ${lieuId}::uuid RETURNING live_seq`
    if (!rows.length) return // the lieu is gone
    const full = await loadOccupancy(deps.db, lieuId, deps.clock.now(), Number(rows[0]!.live_seq))
    for (const a of audiences) {
      const payload = check(forAudience(full, a))
      for (let shard = 0; shard < SHARDS; shard++) {
        io.to(roomOf(lieuId, a, shard)).emit(liveEvents.occupancy, payload)
        // The lieu's next event waits for this loop (coalescing), so each socket keeps seq order.
        await nextTurn()
      }
    }
  }

  async function loop(lieuId: string, slot: { again: boolean }) {
    try {
      do {
        slot.again = false
        try {
          await publishOnce(lieuId)
        } catch (err) {
          // Clients notice the gap (or the silence) and reload; never crash the caller.
          deps.logger.warn({ err, lieuId }, 'live: could not publish the occupancy')
        }
      } while (slot.again && !closed)
    } finally {
      inFlight.delete(lieuId)
    }
  }

  return {
    lieuChanged(lieuId: string) {
      if (closed) return
      const running = inFlight.get(lieuId)
      if (running) {
        running.again = true
        return
      }
      const slot = { again: false, done: Promise.resolve() }
      inFlight.set(lieuId, slot)
      slot.done = loop(lieuId, slot)
    },
    async idle() {
      while (inFlight.size) await Promise.all([...inFlight.values()].map((s) => s.done))
    },
    get runs() {
      return runs
    },
    async close() {
      closed = true
      await this.idle()
    },
  }
}
