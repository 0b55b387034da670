// The client side of the sequence protocol, pure: what to do with an incoming `occupancy` event.
import type { Occupancy } from './schema.ts'

export type SeqDecision =
  /** The next one (or the first after a snapshot): show it. */
  | { action: 'apply'; state: Occupancy }
  /** Older than or equal to what is shown (a late duplicate, or an event from before the snapshot): drop it. */
  | { action: 'ignore'; state: Occupancy | null }
  /** Events were missed: show it (it is the whole state, newer than anything missed) and reload the snapshot with `lieu:join` to be sure. */
  | { action: 'resync'; state: Occupancy }

/**
 * `current` is what the client shows (its snapshot or last event), or null before the first snapshot.
 * Each event carries the lieu's whole state, so applying a newer one is always right; a gap is still
 * reported so the client re-joins (which also re-checks its access and its room).
 */
export function nextOccupancy(current: Occupancy | null, incoming: Occupancy): SeqDecision {
  if (current && incoming.lieuId !== current.lieuId) return { action: 'ignore', state: current }
  if (!current) return { action: 'resync', state: incoming }
  if (incoming.seq <= current.seq) return { action: 'ignore', state: current }
  if (incoming.seq === current.seq + 1) return { action: 'apply', state: incoming }
  return { action: 'resync', state: incoming }
}
