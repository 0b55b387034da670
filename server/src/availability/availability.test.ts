import { DateTime } from 'luxon'
import { describe, expect, it } from 'vitest'
import { defaultBookingRules, type BookingRules } from '@fabrique/shared/resources/rules'
import type { WeeklyInterval } from '../lieux/opening-hours.ts'
import { computeAvailability } from './availability.ts'
import type { AvailabilityInput, HeldRange, Interval } from './types.ts'
import { bookableWindows } from './windows.ts'

const iso = (ms: number, zone: string) =>
  DateTime.fromMillis(ms, { zone }).toISO({ suppressMilliseconds: true })!
const at = (s: string) => DateTime.fromISO(s, { setZone: true }).toMillis()
const allWeek = (startMinute: number, endMinute: number): WeeklyInterval[] =>
  [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, startMinute, endMinute }))

function input(
  zone: string,
  from: string,
  to: string,
  over: Partial<AvailabilityInput> = {},
  rules: Partial<BookingRules> = {},
): AvailabilityInput {
  return {
    zone,
    from,
    to,
    now: new Date('2020-01-01T00:00:00Z'),
    openingHours: allWeek(0, 1440),
    closures: [],
    rules: { ...defaultBookingRules, bookingWindowDays: 730 * 5, ...rules },
    capacity: 1,
    held: [],
    referentWindows: null,
    ...over,
  }
}
const starts = (zone: string, list: Interval[]) => list.map((s) => iso(s.start, zone))
const spans = (zone: string, list: Interval[]) => list.map((s) => `${iso(s.start, zone)}/${iso(s.end, zone)}`)

describe('slots on DST days, exact offsets', () => {
  it.each([
    // zone, date, hours [start, end) in minutes, granularity, expected slot count, expected starts (some), expected last end
    [
      'Europe/Paris',
      '2026-03-29',
      0,
      1440,
      60,
      23,
      ['2026-03-29T00:00:00+01:00', '2026-03-29T01:00:00+01:00', '2026-03-29T03:00:00+02:00'],
      '2026-03-30T00:00:00+02:00',
    ],
    [
      'Europe/Paris',
      '2026-10-25',
      0,
      1440,
      60,
      25,
      ['2026-10-25T02:00:00+02:00', '2026-10-25T02:00:00+01:00', '2026-10-25T03:00:00+01:00'],
      '2026-10-26T00:00:00+01:00',
    ],
    [
      'Europe/Paris',
      '2026-03-29',
      60,
      240,
      30,
      4,
      [
        '2026-03-29T01:00:00+01:00',
        '2026-03-29T01:30:00+01:00',
        '2026-03-29T03:00:00+02:00',
        '2026-03-29T03:30:00+02:00',
      ],
      '2026-03-29T04:00:00+02:00',
    ],
    [
      'Europe/Paris',
      '2026-10-25',
      60,
      240,
      30,
      8,
      ['2026-10-25T02:30:00+02:00', '2026-10-25T02:00:00+01:00', '2026-10-25T03:30:00+01:00'],
      '2026-10-25T04:00:00+01:00',
    ],
    [
      'Asia/Kolkata',
      '2026-07-13',
      540,
      720,
      60,
      3,
      ['2026-07-13T09:00:00+05:30', '2026-07-13T11:00:00+05:30'],
      '2026-07-13T12:00:00+05:30',
    ],
    // St John's springs forward at 02:00 on the second Sunday of March: −03:30 → −02:30.
    [
      'America/St_Johns',
      '2026-03-08',
      0,
      1440,
      30,
      46,
      ['2026-03-08T01:30:00-03:30', '2026-03-08T03:00:00-02:30'],
      '2026-03-09T00:00:00-02:30',
    ],
    [
      'America/St_Johns',
      '2026-11-01',
      0,
      1440,
      30,
      50,
      ['2026-11-01T01:30:00-02:30', '2026-11-01T01:30:00-03:30'],
      '2026-11-02T00:00:00-03:30',
    ],
    [
      'Pacific/Kiritimati',
      '2026-01-01',
      540,
      600,
      30,
      2,
      ['2026-01-01T09:00:00+14:00', '2026-01-01T09:30:00+14:00'],
      '2026-01-01T10:00:00+14:00',
    ],
    [
      'Pacific/Pago_Pago',
      '2025-12-31',
      1380,
      1440,
      30,
      2,
      ['2025-12-31T23:00:00-11:00', '2025-12-31T23:30:00-11:00'],
      '2026-01-01T00:00:00-11:00',
    ],
    // Lord Howe moves 30 minutes: 02:00 +10:30 → 02:30 +11:00. With 60-minute cells the cell across the
    // jump is kept whole (01:00–03:00 lasting 90 min); with 30-minute cells every cell is 30 min.
    [
      'Australia/Lord_Howe',
      '2026-10-04',
      0,
      1440,
      60,
      23,
      ['2026-10-04T01:00:00+10:30', '2026-10-04T03:00:00+11:00'],
      '2026-10-05T00:00:00+11:00',
    ],
    [
      'Australia/Lord_Howe',
      '2026-10-04',
      0,
      1440,
      30,
      47,
      ['2026-10-04T01:30:00+10:30', '2026-10-04T02:30:00+11:00'],
      '2026-10-05T00:00:00+11:00',
    ],
    [
      'Australia/Lord_Howe',
      '2026-04-05',
      0,
      1440,
      30,
      49,
      ['2026-04-05T01:30:00+11:00', '2026-04-05T01:30:00+10:30'],
      '2026-04-06T00:00:00+10:30',
    ],
    // Santiago springs forward at midnight: the day starts at 01:00.
    [
      'America/Santiago',
      '2026-09-06',
      0,
      1440,
      60,
      23,
      ['2026-09-06T01:00:00-03:00', '2026-09-06T02:00:00-03:00'],
      '2026-09-07T00:00:00-03:00',
    ],
  ])('%s %s hours %i–%i every %i min: %i slots', (zone, date, open, close, g, count, someStarts, lastEnd) => {
    const { slots, free } = computeAvailability(
      input(zone, date, date, { openingHours: allWeek(open, close) }, { granularityMinutes: g }),
    )
    expect(slots).toHaveLength(count)
    expect(starts(zone, slots)).toEqual(expect.arrayContaining(someStarts))
    expect(iso(slots.at(-1)!.end, zone)).toBe(lastEnd)
    expect(free).toEqual([{ start: slots[0]!.start, end: slots.at(-1)!.end }])
  })

  it('the Lord Howe straddling cell is the only one not of the granularity', () => {
    const zone = 'Australia/Lord_Howe'
    const { slots } = computeAvailability(
      input(zone, '2026-10-04', '2026-10-04', {}, { granularityMinutes: 60 }),
    )
    const odd = slots.filter((s) => s.end - s.start !== 3_600_000)
    expect(spans(zone, odd)).toEqual(['2026-10-04T01:00:00+10:30/2026-10-04T03:00:00+11:00'])
    expect(odd[0]!.end - odd[0]!.start).toBe(90 * 60_000)
  })
})

describe('windows', () => {
  it('merges Saturday 10:00–24:00 with Sunday from 00:00 into one window, across spring forward', () => {
    const week = [
      { weekday: 6, startMinute: 600, endMinute: 1440 },
      { weekday: 7, startMinute: 0, endMinute: 720 },
    ]
    const w = bookableWindows('Europe/Paris', '2026-03-28', '2026-03-29', week, [])
    expect(spans('Europe/Paris', w)).toEqual(['2026-03-28T10:00:00+01:00/2026-03-29T12:00:00+02:00'])
  })
  it('starts at `from` even when the day before is open until 24:00', () => {
    const week = [
      { weekday: 6, startMinute: 600, endMinute: 1440 },
      { weekday: 7, startMinute: 0, endMinute: 720 },
    ]
    const w = bookableWindows('Europe/Paris', '2026-03-29', '2026-03-29', week, [])
    expect(spans('Europe/Paris', w)).toEqual(['2026-03-29T00:00:00+01:00/2026-03-29T12:00:00+02:00'])
  })
  it('leaves out closed dates', () => {
    const w = bookableWindows('Asia/Kolkata', '2026-12-24', '2026-12-26', allWeek(540, 1080), [
      { startDate: '2026-12-25', endDate: '2026-12-25' },
    ])
    expect(spans('Asia/Kolkata', w)).toEqual([
      '2026-12-24T09:00:00+05:30/2026-12-24T18:00:00+05:30',
      '2026-12-26T09:00:00+05:30/2026-12-26T18:00:00+05:30',
    ])
  })
})

describe('bookable time', () => {
  const zone = 'Asia/Kolkata'
  const day = '2026-07-13'
  const local = (hhmm: string) => at(`${day}T${hhmm}:00+05:30`)
  const hours = allWeek(540, 780) // 09:00–13:00

  it('buffers widen each cell: a booking held 09:45–11:15 (10:00–11:00 with 15 min either side) blocks 09:30–11:30', () => {
    const held: HeldRange[] = [{ start: local('09:45'), end: local('11:15'), seats: 1 }]
    const a = computeAvailability(
      input(
        zone,
        day,
        day,
        { openingHours: hours, held },
        { granularityMinutes: 30, bufferBeforeMinutes: 15, bufferAfterMinutes: 15 },
      ),
    )
    expect(spans(zone, a.free)).toEqual([
      '2026-07-13T09:00:00+05:30/2026-07-13T09:30:00+05:30',
      '2026-07-13T11:30:00+05:30/2026-07-13T13:00:00+05:30',
    ])
    expect(a.slots.map((s) => s.seatsFree)).toEqual([1, 0, 0, 0, 0, 1, 1, 1])
  })

  it('minimum notice drops the cells starting before now + notice', () => {
    const a = computeAvailability(
      input(zone, day, day, { openingHours: hours, now: new Date(local('09:10')) }, { minNoticeMinutes: 60 }),
    )
    expect(starts(zone, a.slots)[0]).toBe('2026-07-13T10:30:00+05:30')
  })

  it('the booking window counts calendar days in the zone (23 hours across spring forward)', () => {
    const paris = 'Europe/Paris'
    const a = computeAvailability(
      input(
        paris,
        '2026-03-28',
        '2026-03-30',
        { now: new Date(at('2026-03-28T12:00:00+01:00')) },
        { bookingWindowDays: 1 },
      ),
    )
    expect(iso(a.slots[0]!.start, paris)).toBe('2026-03-28T12:00:00+01:00')
    expect(iso(a.slots.at(-1)!.end, paris)).toBe('2026-03-29T12:00:00+02:00')
  })

  it('closures remove whole local days', () => {
    const a = computeAvailability(
      input(zone, '2026-07-13', '2026-07-15', {
        openingHours: hours,
        closures: [{ startDate: '2026-07-14', endDate: '2026-07-14' }],
      }),
    )
    expect(new Set(a.slots.map((s) => iso(s.start, zone).slice(0, 10)))).toEqual(
      new Set(['2026-07-13', '2026-07-15']),
    )
  })

  it('référent windows restrict the slots to their shifts (touching shifts merge)', () => {
    const referentWindows = [
      { start: local('11:00'), end: local('12:00') },
      { start: local('10:00'), end: local('11:00') },
      { start: local('12:15'), end: local('14:00') },
    ]
    const a = computeAvailability(input(zone, day, day, { openingHours: hours, referentWindows }))
    expect(spans(zone, a.free)).toEqual([
      '2026-07-13T10:00:00+05:30/2026-07-13T12:00:00+05:30',
      '2026-07-13T12:30:00+05:30/2026-07-13T13:00:00+05:30',
    ])
  })

  it('an empty référent list means no slot at all; null means no référent needed', () => {
    expect(
      computeAvailability(input(zone, day, day, { openingHours: hours, referentWindows: [] })).slots,
    ).toEqual([])
    expect(
      computeAvailability(input(zone, day, day, { openingHours: hours, referentWindows: null })).slots,
    ).toHaveLength(8)
  })

  it('counts seats of a zone: capacity 3, holds of 1 seat 10–12 and 2 seats 11–13', () => {
    const held: HeldRange[] = [
      { start: local('11:00'), end: local('13:00'), seats: 2 },
      { start: local('10:00'), end: local('12:00'), seats: 1 },
    ]
    const a = computeAvailability(
      input(
        zone,
        day,
        day,
        { openingHours: allWeek(540, 840), capacity: 3, held },
        { granularityMinutes: 60 },
      ),
    )
    expect(a.slots.map((s) => [iso(s.start, zone).slice(11, 16), s.seatsFree])).toEqual([
      ['09:00', 3],
      ['10:00', 2],
      ['11:00', 0],
      ['12:00', 1],
      ['13:00', 3],
    ])
    expect(spans(zone, a.free)).toEqual([
      '2026-07-13T09:00:00+05:30/2026-07-13T11:00:00+05:30',
      '2026-07-13T12:00:00+05:30/2026-07-13T14:00:00+05:30',
    ])
  })

  it('floors free seats at 0 when holds exceed the capacity', () => {
    const held: HeldRange[] = [{ start: local('09:00'), end: local('13:00'), seats: 5 }]
    const a = computeAvailability(input(zone, day, day, { openingHours: hours, capacity: 3, held }))
    expect(a.slots.every((s) => s.seatsFree === 0)).toBe(true)
    expect(a.free).toEqual([])
  })

  it('is empty when from > to', () => {
    expect(computeAvailability(input(zone, '2026-07-14', '2026-07-13'))).toEqual({ slots: [], free: [] })
  })
})
