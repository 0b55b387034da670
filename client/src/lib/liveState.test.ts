import { describe, expect, it } from 'vitest'
import type { Occupancy, ResourceLive } from '@fabrique/shared/live/schema'
import { desksOf, liveBadge, liveReduce, nextBoundary, seatsFreeOf, zonesOf, type LiveModel } from './liveState.ts'

const LIEU = '00000000-0000-4000-8000-000000000001'
const res = (over: Partial<ResourceLive> = {}): ResourceLive => ({
  resourceId: '00000000-0000-4000-8000-0000000000a1',
  name: 'Poste 1',
  kind: 'desk',
  capacity: 1,
  state: 'free',
  outOfServiceReason: null,
  seatsBooked: 0,
  seatsCheckedIn: 0,
  nextStartsAt: null,
  freeUntil: null,
  busyUntil: null,
  ...over,
})
const occ = (seq: number, over: Partial<Occupancy> = {}): Occupancy => ({
  lieuId: LIEU,
  seq,
  at: '2026-11-27T09:00:00.000Z',
  openNow: true,
  nextOpening: null,
  seatsTotal: 13,
  seatsFreeNow: 13,
  resources: [],
  peopleIn: null,
  ...over,
})

describe('seq ordering', () => {
  it('a first event without a snapshot is shown, and the snapshot asked for', () => {
    const r = liveReduce({ occupancy: null, resyncing: false }, { type: 'event', occupancy: occ(4) })
    expect(r.model.occupancy?.seq).toBe(4)
    expect(r.resync).toBe(true)
  })

  it('applies events in order and asks for one resync on a gap', () => {
    let m: LiveModel = { occupancy: null, resyncing: false }
    let r = liveReduce(m, { type: 'snapshot', occupancy: occ(10) })
    expect(r.model.occupancy?.seq).toBe(10)
    expect(r.resync).toBe(false)
    m = r.model

    r = liveReduce(m, { type: 'event', occupancy: occ(11, { seatsFreeNow: 12 }) })
    expect(r.model.occupancy?.seatsFreeNow).toBe(12)
    expect(r.resync).toBe(false)
    m = r.model

    // A stale or repeated event changes nothing (not even the object: no re-render).
    r = liveReduce(m, { type: 'event', occupancy: occ(11, { seatsFreeNow: 1 }) })
    expect(r.model).toBe(m)
    r = liveReduce(m, { type: 'event', occupancy: occ(9) })
    expect(r.model).toBe(m)

    // 12 was missed: 13 (a whole state, newer) is shown, and the snapshot reloaded once.
    r = liveReduce(m, { type: 'event', occupancy: occ(13, { seatsFreeNow: 11 }) })
    expect(r.model.occupancy?.seq).toBe(13)
    expect(r.resync).toBe(true)
    m = r.model
    r = liveReduce(m, { type: 'event', occupancy: occ(15) })
    expect(r.resync).toBe(false) // a resync is already under way
    m = r.model

    // The snapshot arrives: authoritative unless older than what is shown.
    r = liveReduce(m, { type: 'snapshot', occupancy: occ(14) })
    expect(r.model.occupancy?.seq).toBe(15)
    expect(r.model.resyncing).toBe(false)
    r = liveReduce(m, { type: 'snapshot', occupancy: occ(15, { seatsFreeNow: 3 }) })
    expect(r.model.occupancy?.seatsFreeNow).toBe(3)
    expect(r.model.resyncing).toBe(false)
  })

  it('a failed resync lets the next gap ask again', () => {
    const m: LiveModel = { occupancy: occ(3), resyncing: true }
    const r = liveReduce(m, { type: 'resync-failed' })
    expect(r.model.resyncing).toBe(false)
    expect(liveReduce(r.model, { type: 'event', occupancy: occ(7) }).resync).toBe(true)
  })

  it('ignores another lieu’s state', () => {
    const m: LiveModel = { occupancy: occ(3), resyncing: false }
    const other = occ(4, { lieuId: '00000000-0000-4000-8000-000000000002' })
    expect(liveReduce(m, { type: 'event', occupancy: other }).model).toBe(m)
  })
})

describe('state → badge', () => {
  it('labels desks, rooms and machines by their state', () => {
    expect(liveBadge(res(), true)).toEqual({ key: 'free', tone: 'free' })
    expect(liveBadge(res({ state: 'booked' }), true)).toEqual({ key: 'booked', tone: 'booked' })
    expect(liveBadge(res({ state: 'in_use' }), true)).toEqual({ key: 'inUse', tone: 'busy' })
    expect(liveBadge(res({ state: 'out_of_service' }), true)).toEqual({ key: 'outOfService', tone: 'off' })
    // Closed: a free resource is not "free" to come and use.
    expect(liveBadge(res(), false)).toEqual({ key: 'closed', tone: 'closed' })
    expect(liveBadge(res({ state: 'in_use' }), false).key).toBe('inUse')
  })

  it('counts a zone’s free seats', () => {
    const zone = res({ kind: 'zone', name: 'Open space', capacity: 12, seatsBooked: 8, seatsCheckedIn: 5, state: 'in_use' })
    expect(liveBadge(zone, true)).toEqual({ key: 'seatsFree', tone: 'booked', free: 4, capacity: 12 })
    expect(liveBadge({ ...zone, seatsBooked: 0, state: 'free' }, true)).toEqual({ key: 'seatsFree', tone: 'free', free: 12, capacity: 12 })
    expect(liveBadge({ ...zone, seatsBooked: 12 }, true)).toEqual({ key: 'full', tone: 'busy', free: 0, capacity: 12 })
    // Overbooked by a capacity change: never negative.
    expect(seatsFreeOf({ ...zone, seatsBooked: 14 })).toBe(0)
    expect(liveBadge({ ...zone, state: 'out_of_service' }, true).key).toBe('outOfService')
    expect(liveBadge({ ...zone, seatsBooked: 0, state: 'free' }, false).key).toBe('closed')
  })

  it('sums up zones and desks for the lobby', () => {
    const o = occ(1, {
      resources: [
        res({ kind: 'zone', name: 'Open space', capacity: 12, seatsBooked: 3, resourceId: '00000000-0000-4000-8000-0000000000b1' }),
        res(),
        res({ state: 'booked', resourceId: '00000000-0000-4000-8000-0000000000a2' }),
        res({ state: 'out_of_service', resourceId: '00000000-0000-4000-8000-0000000000a3' }),
        res({ kind: 'room', name: 'Salle', resourceId: '00000000-0000-4000-8000-0000000000c1' }),
      ],
    })
    expect(zonesOf(o).map((z) => [z.resource.name, z.free])).toEqual([['Open space', 9]])
    expect(desksOf(o)).toEqual({ total: 2, free: 1 })
  })

  it('finds when the state changes by itself', () => {
    const now = Date.parse('2026-11-27T09:00:00Z')
    const o = occ(1, {
      resources: [
        res({ nextStartsAt: '2026-11-27T10:00:00.000Z', freeUntil: '2026-11-27T10:00:00.000Z' }),
        res({ state: 'booked', busyUntil: '2026-11-27T09:30:00.000Z' }),
        res({ nextStartsAt: '2026-11-27T08:00:00.000Z' }),
      ],
    })
    expect(nextBoundary(o, now)).toBe(Date.parse('2026-11-27T09:30:00Z'))
    expect(nextBoundary(occ(1), now)).toBeNull()
  })
})
