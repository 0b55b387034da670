import { DateTime } from 'luxon'
import { describe, expect, it } from 'vitest'
import { defaultBookingRules, type BookingRules } from '@fabrique/shared/resources/rules'
import type { WeeklyInterval } from '../lieux/opening-hours.ts'
import { checkBookingRequest, heldRange, isoWeekKey, localDayKey } from './booking-rules.ts'
import type { BookingRequestCheck } from './types.ts'

const PARIS = 'Europe/Paris'
const d = (s: string) => new Date(DateTime.fromISO(s, { setZone: true }).toMillis())
const weekdays = (startMinute: number, endMinute: number): WeeklyInterval[] =>
  [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, startMinute, endMinute }))

const rules: BookingRules = {
  ...defaultBookingRules,
  granularityMinutes: 30,
  minDurationMinutes: 60,
  maxDurationMinutes: 240,
  minNoticeMinutes: 120,
  bookingWindowDays: 30,
}
// Friday 2026-03-20 10:00 in Paris (winter time); the lieu is open 08:00–20:00 every day.
const base: BookingRequestCheck = {
  zone: PARIS,
  now: d('2026-03-20T10:00:00+01:00'),
  start: d('2026-03-23T10:00:00+01:00'),
  end: d('2026-03-23T11:00:00+01:00'),
  openingHours: weekdays(480, 1200),
  closures: [],
  rules,
  referentWindows: null,
  asManager: false,
}
const check = (over: Partial<BookingRequestCheck>, r: Partial<BookingRules> = {}) =>
  checkBookingRequest({ ...base, ...over, rules: { ...rules, ...r } })?.code ?? null

describe('checkBookingRequest: each rule at its boundary', () => {
  it.each([
    ['a plain booking passes', {}, {}, null],
    // in_the_past — a manager may book from now on
    [
      'starting now (manager)',
      { asManager: true, start: d('2026-03-20T10:00:00+01:00'), end: d('2026-03-20T11:00:00+01:00') },
      {},
      null,
    ],
    [
      'starting a minute ago (manager)',
      { asManager: true, start: d('2026-03-20T09:59:00+01:00'), end: d('2026-03-20T11:00:00+01:00') },
      {},
      'in_the_past',
    ],
    // notice_too_short — 120 min
    [
      'exactly 120 min ahead',
      { start: d('2026-03-20T12:00:00+01:00'), end: d('2026-03-20T13:00:00+01:00') },
      {},
      null,
    ],
    [
      '120 min ahead with a 121-min notice',
      { start: d('2026-03-20T12:00:00+01:00'), end: d('2026-03-20T13:00:00+01:00') },
      { minNoticeMinutes: 121 },
      'notice_too_short',
    ],
    [
      '119 min ahead',
      { start: d('2026-03-20T11:59:00+01:00'), end: d('2026-03-20T13:00:00+01:00') },
      {},
      'notice_too_short',
    ],
    [
      'short notice as a manager',
      { asManager: true, start: d('2026-03-20T10:30:00+01:00'), end: d('2026-03-20T11:30:00+01:00') },
      {},
      null,
    ],
    // beyond_booking_window — 30 calendar days in Paris: 2026-04-19 10:00 summer time, not 30 × 24 h
    [
      'the last start inside the window',
      { start: d('2026-04-19T09:30:00+02:00'), end: d('2026-04-19T10:30:00+02:00') },
      {},
      null,
    ],
    [
      'a minute before the window end',
      { start: d('2026-04-19T09:59:00+02:00'), end: d('2026-04-19T11:00:00+02:00') },
      {},
      'not_on_granularity',
    ],
    [
      'at the window end',
      { start: d('2026-04-19T10:00:00+02:00'), end: d('2026-04-19T11:00:00+02:00') },
      {},
      'beyond_booking_window',
    ],
    [
      'beyond the window as a manager',
      { asManager: true, start: d('2026-05-19T10:00:00+02:00'), end: d('2026-05-19T11:00:00+02:00') },
      {},
      null,
    ],
    // not_on_granularity — local grid from midnight
    ['start off the grid', { start: d('2026-03-23T10:15:00+01:00') }, {}, 'not_on_granularity'],
    ['end off the grid', { end: d('2026-03-23T11:01:00+01:00') }, {}, 'not_on_granularity'],
    ['seconds off the grid', { end: d('2026-03-23T11:00:30+01:00') }, {}, 'not_on_granularity'],
    [
      'on a 45-min grid: 00:45 multiples (09:45)',
      { start: d('2026-03-23T09:45:00+01:00'), end: d('2026-03-23T11:15:00+01:00') },
      { granularityMinutes: 45 },
      null,
    ],
    [
      'on a 45-min grid: 10:00 is off',
      { start: d('2026-03-23T10:00:00+01:00'), end: d('2026-03-23T11:30:00+01:00') },
      { granularityMinutes: 45 },
      'not_on_granularity',
    ],
    // too_short / too_long — real elapsed minutes
    ['exactly the minimum', {}, { minDurationMinutes: 60 }, null],
    ['a minute under the minimum', {}, { minDurationMinutes: 61 }, 'too_short'],
    ['exactly the maximum', { end: d('2026-03-23T14:00:00+01:00') }, {}, null],
    [
      'a minute over the maximum',
      { end: d('2026-03-23T14:00:00+01:00') },
      { maxDurationMinutes: 239 },
      'too_long',
    ],
    [
      '09:00–10:00 on the 23-hour day is 60 min',
      { start: d('2026-03-29T09:00:00+02:00'), end: d('2026-03-29T10:00:00+02:00') },
      { minDurationMinutes: 60, maxDurationMinutes: 60 },
      null,
    ],
    [
      '01:00–04:00 on the 23-hour day is 120 min',
      {
        asManager: true,
        start: d('2026-03-29T01:00:00+01:00'),
        end: d('2026-03-29T04:00:00+02:00'),
        openingHours: weekdays(0, 1440),
      },
      { maxDurationMinutes: 120 },
      null,
    ],
    [
      '01:00–04:00 on the 23-hour day is over 119 min',
      {
        asManager: true,
        start: d('2026-03-29T01:00:00+01:00'),
        end: d('2026-03-29T04:00:00+02:00'),
        openingHours: weekdays(0, 1440),
      },
      { maxDurationMinutes: 119 },
      'too_long',
    ],
    [
      '01:00–04:00 on the 25-hour day is 240 min',
      {
        asManager: true,
        start: d('2026-10-25T01:00:00+02:00'),
        end: d('2026-10-25T04:00:00+01:00'),
        openingHours: weekdays(0, 1440),
      },
      { maxDurationMinutes: 239 },
      'too_long',
    ],
    ['an inverted booking is too short', { end: d('2026-03-23T09:00:00+01:00') }, {}, 'too_short'],
    // lieu_closed — a closure covering the start's local date
    [
      'closed that day',
      { closures: [{ startDate: '2026-03-21', endDate: '2026-03-23' }] },
      {},
      'lieu_closed',
    ],
    [
      'closure ending the day before',
      { closures: [{ startDate: '2026-03-21', endDate: '2026-03-22' }] },
      {},
      null,
    ],
    // outside_opening_hours — 08:00–20:00
    [
      'ending at closing time',
      { start: d('2026-03-23T19:00:00+01:00'), end: d('2026-03-23T20:00:00+01:00') },
      {},
      null,
    ],
    [
      'ending after closing time',
      { start: d('2026-03-23T19:00:00+01:00'), end: d('2026-03-23T20:30:00+01:00') },
      {},
      'outside_opening_hours',
    ],
    [
      'starting before opening',
      { start: d('2026-03-23T07:30:00+01:00'), end: d('2026-03-23T09:00:00+01:00') },
      {},
      'outside_opening_hours',
    ],
    [
      'across the lunch break',
      {
        openingHours: [
          { weekday: 1, startMinute: 480, endMinute: 720 },
          { weekday: 1, startMinute: 780, endMinute: 1080 },
        ],
        start: d('2026-03-23T11:30:00+01:00'),
        end: d('2026-03-23T13:30:00+01:00'),
      },
      {},
      'outside_opening_hours',
    ],
    [
      'across midnight inside one merged window',
      {
        openingHours: [
          { weekday: 6, startMinute: 600, endMinute: 1440 },
          { weekday: 7, startMinute: 0, endMinute: 720 },
        ],
        start: d('2026-03-28T23:00:00+01:00'),
        end: d('2026-03-29T03:00:00+02:00'),
      },
      {},
      null,
    ],
    [
      'across midnight into a closed day',
      {
        openingHours: [
          { weekday: 6, startMinute: 600, endMinute: 1440 },
          { weekday: 7, startMinute: 0, endMinute: 720 },
        ],
        closures: [{ startDate: '2026-03-29', endDate: '2026-03-29' }],
        start: d('2026-03-28T23:00:00+01:00'),
        end: d('2026-03-29T03:00:00+02:00'),
      },
      {},
      'outside_opening_hours',
    ],
    // referent_absent
    [
      'inside a référent shift',
      {
        referentWindows: [
          { start: d('2026-03-23T10:00:00+01:00').getTime(), end: d('2026-03-23T11:00:00+01:00').getTime() },
        ],
      },
      {},
      null,
    ],
    [
      'inside two touching shifts',
      {
        end: d('2026-03-23T12:00:00+01:00'),
        referentWindows: [
          { start: d('2026-03-23T11:00:00+01:00').getTime(), end: d('2026-03-23T12:00:00+01:00').getTime() },
          { start: d('2026-03-23T10:00:00+01:00').getTime(), end: d('2026-03-23T11:00:00+01:00').getTime() },
        ],
      },
      {},
      null,
    ],
    [
      'a minute past the shift end',
      {
        referentWindows: [
          { start: d('2026-03-23T10:00:00+01:00').getTime(), end: d('2026-03-23T10:59:00+01:00').getTime() },
        ],
      },
      {},
      'referent_absent',
    ],
    ['no référent on shift', { referentWindows: [] }, {}, 'referent_absent'],
  ] as const)('%s → %s', (_name, over, r, expected) => {
    expect(check(over as Partial<BookingRequestCheck>, r as Partial<BookingRules>)).toBe(expected)
  })

  it.each([
    ['in_the_past', { start: d('2026-03-20T09:00:00+01:00') }, {}, 'the booking starts in the past'],
    [
      'notice_too_short',
      { start: d('2026-03-20T11:00:00+01:00'), end: d('2026-03-20T12:00:00+01:00') },
      {},
      'minimum notice is 120 min',
    ],
    [
      'beyond_booking_window',
      { start: d('2026-05-20T10:00:00+02:00'), end: d('2026-05-20T11:00:00+02:00') },
      {},
      'bookings open at most 30 days ahead',
    ],
    [
      'not_on_granularity',
      { start: d('2026-03-23T10:10:00+01:00') },
      {},
      'start and end must fall on the 30-min grid from local midnight',
    ],
    ['too_short', { end: d('2026-03-23T10:30:00+01:00') }, {}, 'minimum duration is 60 min'],
    ['too_long', { end: d('2026-03-23T18:00:00+01:00') }, {}, 'maximum duration is 240 min'],
    [
      'lieu_closed',
      { closures: [{ startDate: '2026-03-23', endDate: '2026-03-23' }] },
      {},
      'the lieu is closed on 2026-03-23',
    ],
    [
      'outside_opening_hours',
      {
        start: d('2026-03-29T17:30:00+02:00'),
        end: d('2026-03-29T18:30:00+02:00'),
        openingHours: [
          { weekday: 7, startMinute: 840, endMinute: 1080 },
          { weekday: 7, startMinute: 540, endMinute: 750 },
        ],
      },
      {},
      'opening hours on 2026-03-29 are 09:00–12:30 and 14:00–18:00',
    ],
    ['outside_opening_hours', { openingHours: [] }, {}, 'there are no opening hours on 2026-03-23'],
  ] as const)('%s explains itself', (code, over, r, detail) => {
    const v = checkBookingRequest({
      ...base,
      ...(over as Partial<BookingRequestCheck>),
      rules: { ...rules, ...r },
    })
    expect(v).toEqual({ code, detail })
  })
})

describe('quota keys and held ranges', () => {
  it.each([
    // instant, zone, local day, ISO week
    ['2026-01-01T10:00:00Z', 'Pacific/Kiritimati', '2026-01-02', '2026-W01'],
    ['2026-01-01T10:00:00Z', 'Pacific/Pago_Pago', '2025-12-31', '2026-W01'],
    ['2027-01-01T12:00:00Z', PARIS, '2027-01-01', '2026-W53'],
    ['2026-03-29T22:30:00Z', PARIS, '2026-03-30', '2026-W14'],
    ['2026-03-29T21:30:00Z', PARIS, '2026-03-29', '2026-W13'],
    ['2026-07-12T18:30:00Z', 'Asia/Kolkata', '2026-07-13', '2026-W29'],
  ])('%s in %s is day %s, week %s', (instant, zone, day, week) => {
    expect(localDayKey(new Date(instant), zone)).toBe(day)
    expect(isoWeekKey(new Date(instant), zone)).toBe(week)
  })

  it('heldRange widens by the buffers', () => {
    const r = heldRange(d('2026-03-23T10:00:00+01:00'), d('2026-03-23T11:00:00+01:00'), {
      ...rules,
      bufferBeforeMinutes: 15,
      bufferAfterMinutes: 10,
    })
    expect(r).toEqual({
      start: d('2026-03-23T09:45:00+01:00').getTime(),
      end: d('2026-03-23T11:10:00+01:00').getTime(),
    })
  })
})
