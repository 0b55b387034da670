import { describe, expect, it } from 'vitest'
import { openingsOn, openState } from './opening-hours.ts'

const PARIS = 'Europe/Paris'
// Monday to Friday 9:00–12:30 and 14:00–18:00; Saturday 10:00–24:00.
const week = [
  ...[1, 2, 3, 4, 5].flatMap((weekday) => [
    { weekday, startMinute: 540, endMinute: 750 },
    { weekday, startMinute: 840, endMinute: 1080 },
  ]),
  { weekday: 6, startMinute: 600, endMinute: 1440 },
]

describe('openingsOn', () => {
  it.each([
    // date, expected first start, expected last end (exact offset strings)
    ['2026-11-27', '2026-11-27T09:00:00.000+01:00', '2026-11-27T18:00:00.000+01:00'], // Friday, winter
    ['2026-07-01', '2026-07-01T09:00:00.000+02:00', '2026-07-01T18:00:00.000+02:00'], // summer
    ['2026-03-28', '2026-03-28T10:00:00.000+01:00', '2026-03-29T00:00:00.000+01:00'], // Saturday before spring forward
    ['2026-10-24', '2026-10-24T10:00:00.000+02:00', '2026-10-25T00:00:00.000+02:00'], // Saturday before fall back
  ])('%s in Paris', (date, first, last) => {
    const o = openingsOn(date, PARIS, week, [])
    expect(o[0]!.start.toISO()).toBe(first)
    expect(o.at(-1)!.end.toISO()).toBe(last)
  })

  it('keeps wall-clock hours on the 23-hour day (Monday after spring forward is ordinary, Sunday has no hours)', () => {
    expect(openingsOn('2026-03-29', PARIS, week, [])).toEqual([])
    const monday = openingsOn('2026-03-30', PARIS, week, [])
    expect(monday.map((o) => o.start.toISO())).toEqual(['2026-03-30T09:00:00.000+02:00', '2026-03-30T14:00:00.000+02:00'])
  })

  it('a 24-hour interval on a 25-hour day lasts 25 hours', () => {
    const allDay = [{ weekday: 7, startMinute: 0, endMinute: 1440 }]
    const [o] = openingsOn('2026-10-25', PARIS, allDay, [])
    expect(o!.end.diff(o!.start, 'hours').hours).toBe(25)
    const [spring] = openingsOn('2026-03-29', PARIS, allDay, [])
    expect(spring!.end.diff(spring!.start, 'hours').hours).toBe(23)
  })

  it('a closure removes every interval of its dates, inclusive', () => {
    const closures = [{ startDate: '2026-12-24', endDate: '2026-12-26' }]
    expect(openingsOn('2026-12-24', PARIS, week, closures)).toEqual([])
    expect(openingsOn('2026-12-26', PARIS, week, closures)).toEqual([])
    expect(openingsOn('2026-12-23', PARIS, week, closures)).toHaveLength(2)
  })
})

describe('openState', () => {
  it('is open inside an interval', () => {
    expect(openState(new Date('2026-11-27T10:00:00Z'), PARIS, week, [])).toEqual({ openNow: true, nextOpening: null })
  })
  it('names the afternoon opening during lunch', () => {
    expect(openState(new Date('2026-11-27T12:00:00Z'), PARIS, week, [])).toEqual({ openNow: false, nextOpening: '2026-11-27T14:00:00+01:00' })
  })
  it('skips a closure to the next open day', () => {
    const s = openState(new Date('2026-12-23T18:00:00Z'), PARIS, week, [{ startDate: '2026-12-24', endDate: '2026-12-26' }])
    expect(s).toEqual({ openNow: false, nextOpening: '2026-12-28T09:00:00+01:00' })
  })
  it('says nothing when never open', () => {
    expect(openState(new Date('2026-11-27T10:00:00Z'), PARIS, [], [])).toEqual({ openNow: false, nextOpening: null })
  })
})
