import { describe, expect, it } from 'vitest'
import { forAudience, occupancyFrom, type OccupancyBookingRow, type OccupancyResourceRow } from './occupancy.ts'

const now = new Date('2026-11-27T09:00:00Z') // 10:00 in Paris, a Friday
const r = (id: string, kind: OccupancyResourceRow['kind'], capacity = 1, over: Partial<OccupancyResourceRow> = {}): OccupancyResourceRow => ({
  id: `00000000-0000-4000-8000-00000000000${id}`,
  name: `R${id}`,
  kind,
  capacity,
  dedicatedToId: null,
  outOfService: false,
  outOfServiceReason: null,
  ...over,
})
let bookingIds = 0
const b = (res: OccupancyResourceRow, from: string, to: string, over: Partial<OccupancyBookingRow> = {}): OccupancyBookingRow => ({
  id: `20000000-0000-4000-8000-${String(++bookingIds).padStart(12, '0')}`,
  resourceId: res.id,
  userId: '10000000-0000-4000-8000-000000000001',
  userName: 'Alice',
  visibleToCommunity: false,
  startsAt: new Date(from),
  endsAt: new Date(to),
  seats: 1,
  status: 'confirmed',
  checkedInAt: null,
  ...over,
})
const week = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, startMinute: 480, endMinute: 1200 }))

describe('occupancyFrom', () => {
  it('derives states, seats, next starts and chained busy periods', () => {
    const desk = r('1', 'desk')
    const zone = r('2', 'zone', 5)
    const room = r('3', 'room', 8)
    const dedicated = r('4', 'desk', 1, { dedicatedToId: '10000000-0000-4000-8000-000000000009' })
    const machine = r('5', 'machine', 1, { outOfService: true, outOfServiceReason: 'panne' })
    const o = occupancyFrom({
      lieuId: '20000000-0000-4000-8000-000000000001',
      seq: 7,
      now,
      zone: 'Europe/Paris',
      week,
      closures: [],
      resources: [desk, zone, room, dedicated, machine],
      bookings: [
        b(desk, '2026-11-27T08:30:00Z', '2026-11-27T09:30:00Z'),
        b(desk, '2026-11-27T09:30:00Z', '2026-11-27T10:30:00Z'), // back to back: busy until 10:30
        b(desk, '2026-11-27T13:00:00Z', '2026-11-27T14:00:00Z'),
        b(zone, '2026-11-27T08:00:00Z', '2026-11-27T10:00:00Z', { seats: 2, status: 'checked_in', checkedInAt: new Date('2026-11-27T08:05:00Z') }),
        b(zone, '2026-11-27T08:00:00Z', '2026-11-27T11:00:00Z', { seats: 1, userName: 'Bob', userId: '10000000-0000-4000-8000-000000000002', visibleToCommunity: true, status: 'checked_in', checkedInAt: new Date('2026-11-27T08:10:00Z') }),
        // Checked in 10 minutes early: in use already.
        b(room, '2026-11-27T09:10:00Z', '2026-11-27T10:00:00Z', { status: 'checked_in', checkedInAt: new Date('2026-11-27T08:58:00Z') }),
      ],
    })
    const by = (x: OccupancyResourceRow) => o.resources.find((y) => y.resourceId === x.id)!
    expect(by(desk)).toMatchObject({ state: 'booked', seatsBooked: 1, busyUntil: '2026-11-27T10:30:00.000Z', freeUntil: null, nextStartsAt: '2026-11-27T09:30:00.000Z' })
    expect(by(zone)).toMatchObject({ state: 'in_use', seatsBooked: 3, seatsCheckedIn: 3, busyUntil: '2026-11-27T11:00:00.000Z' })
    expect(by(room)).toMatchObject({ state: 'in_use', seatsCheckedIn: 1 })
    expect(by(dedicated)).toMatchObject({ state: 'free', freeUntil: null, busyUntil: null })
    expect(by(machine)).toMatchObject({ state: 'out_of_service', outOfServiceReason: 'panne' })
    // Seats: the hot desk and the zone's 5; the dedicated desk, room and machine are not seats.
    expect(o).toMatchObject({ seq: 7, openNow: true, seatsTotal: 6, seatsFreeNow: 2 })
    expect(forAudience(o, 'managers').peopleIn!.map((p) => p.name)).toEqual(['Alice', 'Bob', 'Alice'])
    expect(forAudience(o, 'members').peopleIn!.map((p) => p.name)).toEqual(['Bob'])
    expect(forAudience(o, 'public').peopleIn).toBeNull()
    expect(Object.keys(forAudience(o, 'managers').peopleIn![0]!)).not.toContain('visibleToCommunity')
  })

  it('is closed outside opening hours, and a free resource is free until the next booking', () => {
    const desk = r('1', 'desk')
    const night = new Date('2026-11-27T21:00:00Z')
    const o = occupancyFrom({ lieuId: '20000000-0000-4000-8000-000000000001', seq: 0, now: night, zone: 'Europe/Paris', week, closures: [], resources: [desk], bookings: [] })
    expect(o.openNow).toBe(false)
    const day = occupancyFrom({ lieuId: '20000000-0000-4000-8000-000000000001', seq: 0, now, zone: 'Europe/Paris', week, closures: [], resources: [desk], bookings: [b(desk, '2026-11-27T13:00:00Z', '2026-11-27T14:00:00Z')] })
    expect(day.resources[0]).toMatchObject({ state: 'free', freeUntil: '2026-11-27T13:00:00.000Z', seatsBooked: 0 })
  })
})
