// Pure helpers of the live occupancy (no socket here: tested without a network, bundled anywhere).
import type { Occupancy, ResourceLive } from '@fabrique/shared/live/schema'
import { nextOccupancy } from '@fabrique/shared/live/sequence'

export type LiveStatus = 'connecting' | 'live' | 'offline'

export interface LiveModel {
  occupancy: Occupancy | null
  /** A resync (`lieu:join`) is under way: further gaps do not ask for another. */
  resyncing: boolean
}

export type LiveAction =
  | { type: 'event'; occupancy: Occupancy }
  | { type: 'snapshot'; occupancy: Occupancy }
  | { type: 'resync-failed' }

/** The reducer behind useLiveOccupancy; `resync` says a `lieu:join` must be sent. */
export function liveReduce(model: LiveModel, action: LiveAction): { model: LiveModel; resync: boolean } {
  if (action.type === 'resync-failed') return { model: { ...model, resyncing: false }, resync: false }
  const current = model.occupancy
  const o = action.occupancy
  if (current && o.lieuId !== current.lieuId) return { model, resync: false }
  if (action.type === 'snapshot') {
    // A snapshot is authoritative unless an event newer than it was applied meanwhile.
    if (current && o.seq < current.seq) return { model: { ...model, resyncing: false }, resync: false }
    return { model: { occupancy: o, resyncing: false }, resync: false }
  }
  // The shared rule (docs/live.md): older or equal → ignore; next → apply; a gap → apply (it is a
  // whole state, newer than anything missed) and reload the snapshot.
  const d = nextOccupancy(current, o)
  if (d.action === 'ignore') return { model, resync: false }
  if (d.action === 'apply') return { model: { ...model, occupancy: d.state }, resync: false }
  return { model: { occupancy: d.state, resyncing: true }, resync: !model.resyncing }
}

// ─── Badges ──────────────────────────────────────────────────────────────────

export type BadgeTone = 'free' | 'booked' | 'busy' | 'off' | 'closed'

export interface LiveBadge {
  /** i18n key under `live.badge.` */
  key: 'free' | 'booked' | 'inUse' | 'outOfService' | 'closed' | 'seatsFree' | 'full'
  tone: BadgeTone
  /** For zones: seats free now and capacity. */
  free?: number
  capacity?: number
}

/** Seats free now on a resource: a zone's capacity minus the seats booked; else 1 or 0. */
export function seatsFreeOf(r: ResourceLive): number {
  if (r.state === 'out_of_service') return 0
  if (r.kind === 'zone') return Math.max(0, r.capacity - r.seatsBooked)
  return r.state === 'free' ? 1 : 0
}

/** A resource's state now as a badge: "Libre / Réservé / Occupé / Hors service", zones "4/12 places libres". */
export function liveBadge(r: ResourceLive, openNow: boolean): LiveBadge {
  if (r.state === 'out_of_service') return { key: 'outOfService', tone: 'off' }
  if (r.kind === 'zone') {
    if (!openNow && r.seatsBooked === 0) return { key: 'closed', tone: 'closed' }
    const free = seatsFreeOf(r)
    return free === 0
      ? { key: 'full', tone: 'busy', free, capacity: r.capacity }
      : { key: 'seatsFree', tone: free === r.capacity ? 'free' : 'booked', free, capacity: r.capacity }
  }
  if (r.state === 'in_use') return { key: 'inUse', tone: 'busy' }
  if (r.state === 'booked') return { key: 'booked', tone: 'booked' }
  if (!openNow) return { key: 'closed', tone: 'closed' }
  return { key: 'free', tone: 'free' }
}

/** Zones of an occupancy with their free seats, in the server's order. */
export function zonesOf(o: Occupancy): { resource: ResourceLive; free: number }[] {
  return o.resources.filter((r) => r.kind === 'zone').map((r) => ({ resource: r, free: seatsFreeOf(r) }))
}

/** Desks in service (dedicated ones included) and how many are free now. */
export function desksOf(o: Occupancy): { total: number; free: number } {
  const desks = o.resources.filter((r) => r.kind === 'desk' && r.state !== 'out_of_service')
  return { total: desks.length, free: desks.filter((r) => r.state === 'free').length }
}

/** The next instant at which the state may change by itself (a booking starts or ends), or null. */
export function nextBoundary(o: Occupancy, now: number): number | null {
  let next: number | null = null
  for (const r of o.resources) {
    for (const s of [r.nextStartsAt, r.busyUntil]) {
      if (!s) continue
      const t = Date.parse(s)
      if (t > now && (next === null || t < next)) next = t
    }
  }
  return next
}
