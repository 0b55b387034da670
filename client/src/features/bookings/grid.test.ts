import { describe, expect, it } from 'vitest'
import type { BookingDto, ResourceAvailabilityDto } from '@fabrique/shared/bookings/schema'
import {
  addDays,
  axisForHours,
  bookingActions,
  buildDayGrid,
  countdown,
  dropTarget,
  endOptions,
  formatSpan,
  instantsOf,
  localToInstant,
  instantToLocal,
  placeBookings,
  shiftDate,
  splitBookings,
  startOptions,
  timeIn,
  todayIn,
  viewRange,
  weekDates,
  weekOf,
  weekStart,
  withOwnBooking,
} from './grid.ts'

const PARIS = 'Europe/Paris'
const RID = '00000000-0000-4000-8000-000000000001'

/** Cells of `minutes` from `from` to `to` (instants), with seats free by index. */
function slots(from: string, to: string, minutes: number, seats: (i: number) => number = () => 1) {
  const out = []
  let i = 0
  for (let t = Date.parse(from); t < Date.parse(to); t += minutes * 60_000, i++) {
    out.push({ start: new Date(t).toISOString(), end: new Date(t + minutes * 60_000).toISOString(), seatsFree: seats(i) })
  }
  return out
}
function resource(over: Partial<ResourceAvailabilityDto> = {}): ResourceAvailabilityDto {
  return { resourceId: RID, name: 'Poste 1', kind: 'desk', capacity: 1, timeZone: PARIS, slots: [], free: [], ...over }
}

describe('the test process runs in a zone far from the lieu', () => {
  it('is Asia/Kathmandu', () => {
    expect(Intl.DateTimeFormat().resolvedOptions().timeZone).toMatch(/^Asia\/Kat(h)?mandu$/)
  })
})

describe('local dates and navigation', () => {
  it('gives today in the lieu’s zone, not the browser’s', () => {
    // 23:30 UTC on 31 Dec: already 1 Jan in Kathmandu and Paris, still 31 Dec in Martinique.
    const now = new Date('2025-12-31T23:30:00Z')
    expect(todayIn(PARIS, now)).toBe('2026-01-01')
    expect(todayIn('America/Martinique', now)).toBe('2025-12-31')
  })
  it('moves by days and weeks, Monday first', () => {
    expect(addDays('2026-03-28', 1)).toBe('2026-03-29')
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28')
    expect(weekStart('2026-03-29')).toBe('2026-03-23') // a Sunday → its Monday
    expect(weekStart('2026-03-23')).toBe('2026-03-23')
    expect(weekDates('2026-12-31')).toEqual([
      '2026-12-28', '2026-12-29', '2026-12-30', '2026-12-31', '2027-01-01', '2027-01-02', '2027-01-03',
    ])
    expect(shiftDate('2026-03-29', 'day', 1)).toBe('2026-03-30')
    expect(shiftDate('2026-03-26', 'week', 1)).toBe('2026-03-30')
    expect(shiftDate('2026-03-26', 'week', -1)).toBe('2026-03-16')
    expect(viewRange('2026-03-26', 'week')).toEqual({ from: '2026-03-23', to: '2026-03-29' })
    expect(viewRange('2026-03-26', 'day')).toEqual({ from: '2026-03-26', to: '2026-03-26' })
  })
  it('bounds local dates with instants of the zone (23 h and 25 h days)', () => {
    expect(instantsOf('2026-03-29', '2026-03-29', PARIS)).toEqual({
      from: '2026-03-28T23:00:00.000Z',
      to: '2026-03-29T22:00:00.000Z',
    })
    expect(instantsOf('2026-10-25', '2026-10-25', PARIS)).toEqual({
      from: '2026-10-24T22:00:00.000Z',
      to: '2026-10-25T23:00:00.000Z',
    })
  })
  it('converts local date-times of the lieu to instants and back', () => {
    expect(localToInstant('2026-03-29T09:00', PARIS)).toBe('2026-03-29T07:00:00Z')
    expect(localToInstant('2026-03-28T09:00', PARIS)).toBe('2026-03-28T08:00:00Z')
    expect(localToInstant('nonsense', PARIS)).toBeNull()
    expect(instantToLocal('2026-10-25T08:00:00Z', PARIS)).toBe('2026-10-25T09:00')
  })
  it('shows times in the lieu’s zone', () => {
    expect(timeIn('2026-07-01T07:00:00Z', PARIS)).toBe('09:00')
    expect(formatSpan('2026-07-01T07:00:00Z', '2026-07-01T08:30:00Z', PARIS, 'fr')).toBe('mer. 1 juil. 2026, 09:00–10:30')
    expect(formatSpan('2026-07-01T07:00:00Z', '2026-07-01T08:30:00Z', PARIS, 'en')).toBe('Wed 1 Jul 2026, 09:00–10:30')
  })
  it('counts down to an offer’s expiry', () => {
    const now = new Date('2026-05-01T10:00:00Z')
    expect(countdown('2026-05-01T10:12:05Z', now)).toEqual({ text: '12 min 05 s', over: false })
    expect(countdown('2026-05-01T11:02:30Z', now)).toEqual({ text: '1 h 02 min', over: false })
    expect(countdown('2026-05-01T09:00:00Z', now).over).toBe(true)
  })
})

describe('day grid in the lieu’s zone', () => {
  it('lays an ordinary day on a 30-minute axis, taken and zone cells included', () => {
    // 1 July 2026, 09:00–12:00 Paris (UTC+2).
    const desk = resource({ slots: slots('2026-07-01T07:00:00Z', '2026-07-01T10:00:00Z', 30, (i) => (i === 2 ? 0 : 1)) })
    const zone = resource({
      resourceId: '00000000-0000-4000-8000-000000000002',
      name: 'Open space',
      kind: 'zone',
      capacity: 3,
      slots: slots('2026-07-01T08:00:00Z', '2026-07-01T10:00:00Z', 60, (i) => (i === 0 ? 2 : 3)),
    })
    const g = buildDayGrid([desk, zone], '2026-07-01', PARIS)
    expect(g.axis.map((a) => a.label)).toEqual(['09:00', '09:30', '10:00', '10:30', '11:00', '11:30'])
    expect(g.rows[0]!.cells.map((c) => c.state)).toEqual(['free', 'free', 'taken', 'free', 'free', 'free'])
    const z = g.rows[1]!.cells
    expect(z.map((c) => [c.state, c.span, c.column, c.seatsFree])).toEqual([
      ['closed', 1, 0, 0],
      ['closed', 1, 1, 0],
      ['partial', 2, 2, 2],
      ['free', 2, 4, 3],
    ])
  })

  it('ignores cells of other dates (the week fetched at once)', () => {
    const desk = resource({ slots: slots('2026-07-01T07:00:00Z', '2026-07-02T09:00:00Z', 60) })
    const g = buildDayGrid([desk], '2026-07-02', PARIS)
    expect(g.axis[0]!.label).toBe('00:00')
    expect(g.axis.at(-1)!.label).toBe('10:00')
  })

  it('skips the missing hour on 29 March 2026 (Paris, 23-hour day)', () => {
    // 01:00 → 04:00 local is 00:00Z → 02:00Z: two real hours, four 30-minute cells.
    const desk = resource({ slots: slots('2026-03-29T00:00:00Z', '2026-03-29T02:00:00Z', 30) })
    const g = buildDayGrid([desk], '2026-03-29', PARIS)
    expect(g.axis.map((a) => a.label)).toEqual(['01:00', '01:30', '03:00', '03:30'])
    expect(g.rows[0]!.cells).toHaveLength(4)
    // Opening hours 00:00–24:00 that day: 46 cells of 30 min, not 48.
    expect(axisForHours('2026-03-29', PARIS, 0, 24 * 60, 30)).toHaveLength(46)
    const day = axisForHours('2026-03-29', PARIS, 8 * 60 + 30, 19 * 60, 30)
    expect(day).toHaveLength(21)
    expect(new Date(day[0]!.start).toISOString()).toBe('2026-03-29T06:30:00.000Z')
  })

  it('repeats the doubled hour on 25 October 2026 (Paris, 25-hour day)', () => {
    // 01:00 → 04:00 local is 23:00Z → 03:00Z: four real hours, eight cells, 02:00 and 02:30 twice.
    const desk = resource({ slots: slots('2026-10-24T23:00:00Z', '2026-10-25T03:00:00Z', 30) })
    const g = buildDayGrid([desk], '2026-10-25', PARIS)
    expect(g.axis.map((a) => a.label)).toEqual(['01:00', '01:30', '02:00', '02:30', '02:00', '02:30', '03:00', '03:30'])
    expect(axisForHours('2026-10-25', PARIS, 0, 24 * 60, 30)).toHaveLength(50)
    const day = axisForHours('2026-10-25', PARIS, 8 * 60 + 30, 19 * 60, 30)
    expect(new Date(day[0]!.start).toISOString()).toBe('2026-10-25T07:30:00.000Z')
  })

  it('an empty day has no axis', () => {
    expect(buildDayGrid([resource()], '2026-07-01', PARIS).axis).toEqual([])
  })
})

describe('week summary', () => {
  it('cuts free stretches at local midnight and marks days without cells closed', () => {
    const r = resource({
      slots: slots('2026-07-01T07:00:00Z', '2026-07-01T09:00:00Z', 60),
      free: [{ start: '2026-07-01T07:00:00Z', end: '2026-07-01T09:00:00Z' }],
    })
    const w = weekOf(r, weekDates('2026-07-01'), PARIS)
    expect(w[2]).toEqual({
      date: '2026-07-01',
      closed: false,
      free: [{ start: '2026-07-01T07:00:00.000Z', end: '2026-07-01T09:00:00.000Z' }],
    })
    expect(w[3]!.closed).toBe(true)
  })
})

describe('booking dialog choices', () => {
  const day = slots('2026-07-01T07:00:00Z', '2026-07-01T10:00:00Z', 30, (i) => (i === 3 ? 0 : 2))
  it('offers free starts and contiguous free ends', () => {
    expect(startOptions(day).map((s) => timeIn(s.start, PARIS))).toEqual(['09:00', '09:30', '10:00', '11:00', '11:30'])
    expect(endOptions(day, '2026-07-01T07:00:00Z').map((e) => timeIn(e, PARIS))).toEqual(['09:30', '10:00', '10:30'])
    expect(endOptions(day, '2026-07-01T07:00:00Z', 1, 60).map((e) => timeIn(e, PARIS))).toEqual(['09:30', '10:00'])
    expect(endOptions(day, '2026-07-01T07:00:00Z', 3)).toEqual([])
    expect(endOptions(day, '2026-07-01T06:00:00Z')).toEqual([])
  })
  it('gives a moved booking its own cells back', () => {
    const own = { startsAt: '2026-07-01T08:30:00Z', endsAt: '2026-07-01T09:00:00Z', seats: 1 }
    expect(withOwnBooking(day, own)[3]!.seatsFree).toBe(1)
    expect(withOwnBooking(day, own)[2]!.seatsFree).toBe(2) // ends as it starts: untouched
  })
})

function booking(over: Partial<BookingDto>): BookingDto {
  return {
    id: '00000000-0000-4000-8000-0000000000aa',
    lieuId: '00000000-0000-4000-8000-0000000000bb',
    resource: { id: RID, name: 'Poste 1', kind: 'desk' },
    user: { id: '00000000-0000-4000-8000-0000000000cc', name: 'Camille' },
    bookedById: null,
    startsAt: '2026-07-01T07:00:00Z',
    endsAt: '2026-07-01T08:00:00Z',
    seats: 1,
    status: 'confirmed',
    note: '',
    seriesId: null,
    cancelReason: null,
    checkedInAt: null,
    checkedOutAt: null,
    cancellableUntil: '2026-07-01T06:00:00Z',
    createdAt: '2026-06-01T07:00:00Z',
    price: null,
    ...over,
  }
}

describe('manager planning', () => {
  const axis = axisForHours('2026-07-01', PARIS, 9 * 60, 12 * 60, 30)
  it('places bookings on columns and overlapping ones on lanes', () => {
    const a = booking({ id: '00000000-0000-4000-8000-000000000a01' })
    const b = booking({ id: '00000000-0000-4000-8000-000000000a02', startsAt: '2026-07-01T07:30:00Z', endsAt: '2026-07-01T09:00:00Z' })
    const c = booking({ id: '00000000-0000-4000-8000-000000000a03', startsAt: '2026-07-01T08:00:00Z', endsAt: '2026-07-01T08:15:00Z' })
    const { placed, lanes } = placeBookings([c, b, a], axis)
    expect(lanes).toBe(2)
    expect(placed.map((p) => [p.booking.id.slice(-2), p.column, p.span, p.lane])).toEqual([
      ['01', 0, 2, 0],
      ['02', 1, 3, 1],
      ['03', 2, 1, 0],
    ])
  })
  it('drops a booking at a cell keeping its duration', () => {
    expect(dropTarget(booking({}), axis[4]!.start)).toEqual({
      startsAt: '2026-07-01T09:00:00.000Z',
      endsAt: '2026-07-01T10:00:00.000Z',
    })
  })
})

describe('my bookings', () => {
  const now = new Date('2026-07-01T06:30:00Z')
  it('splits upcoming from past', () => {
    const later = booking({ id: '00000000-0000-4000-8000-000000000b01', startsAt: '2026-07-02T07:00:00Z', endsAt: '2026-07-02T08:00:00Z' })
    const soon = booking({ id: '00000000-0000-4000-8000-000000000b02' })
    const old = booking({ id: '00000000-0000-4000-8000-000000000b03', startsAt: '2026-06-01T07:00:00Z', endsAt: '2026-06-01T08:00:00Z', status: 'completed' })
    const cancelled = booking({ id: '00000000-0000-4000-8000-000000000b04', status: 'cancelled' })
    const { upcoming, past } = splitBookings([later, old, soon, cancelled], now)
    expect(upcoming.map((b) => b.id.slice(-2))).toEqual(['02', '01'])
    expect(past.map((b) => b.id.slice(-2))).toEqual(['04', '03'])
  })
  it('says what can be done now', () => {
    expect(bookingActions(booking({}), now)).toMatchObject({ cancel: true, beforeDeadline: false, move: false, checkIn: false })
    expect(bookingActions(booking({}), new Date('2026-07-01T05:00:00Z'))).toMatchObject({ move: true, beforeDeadline: true })
    expect(bookingActions(booking({}), new Date('2026-07-01T06:50:00Z')).checkIn).toBe(true)
    expect(bookingActions(booking({ status: 'checked_in' }), now)).toMatchObject({ checkOut: true, cancel: false })
  })
})
