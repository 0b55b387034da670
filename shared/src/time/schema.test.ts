import { describe, expect, it } from 'vitest'
import { minutesToTime, timeToMinutes, ZInstant, ZLocalDate, ZLocalTime, ZTimeZone } from './schema.ts'

// Run under TZ=Asia/Kathmandu (+05:45): nothing here may depend on the machine's zone.

describe('ZInstant', () => {
  it.each([
    ['2026-03-29T01:30:00Z', true], // inside the Paris spring-forward gap, but an instant is an instant
    ['2026-03-29T01:30:00+05:45', true],
    ['2026-03-29T01:30:00-03:30', true],
    ['2026-03-29T01:30:00.123Z', true],
    ['2026-03-29T01:30:00', false], // naive: which zone? refused
    ['2026-03-29T01:30:00.000', false],
    ['2026-03-29', false],
    ['2026-03-29T01:30:00+0545', false],
    ['2026-02-30T01:30:00Z', false],
    ['2026-03-29T25:00:00Z', false],
    ['yesterday', false],
    ['', false],
    ['1774747800000', false],
  ])('%j → %s', (input, ok) => {
    expect(ZInstant.safeParse(input).success).toBe(ok)
  })

  it('keeps the string as given (no conversion to the local zone)', () => {
    expect(ZInstant.parse('2026-03-29T01:30:00+05:45')).toBe('2026-03-29T01:30:00+05:45')
  })

  it('refuses non-strings', () => {
    expect(ZInstant.safeParse(new Date('2026-03-29T01:30:00Z')).success).toBe(false)
    expect(ZInstant.safeParse(1774747800000).success).toBe(false)
  })

  it('says what it expected', () => {
    const r = ZInstant.safeParse('2026-03-29T01:30:00')
    expect(r.error?.issues.map((i) => i.message)).toEqual([
      'expected an ISO 8601 date-time with Z or an offset',
    ])
  })
})

describe('ZLocalDate', () => {
  it.each([
    ['2026-03-29', true],
    ['2024-02-29', true], // leap year
    ['2026-12-31', true],
    ['2026-02-29', false], // not a leap year
    ['2026-13-01', false],
    ['2026-00-10', false],
    ['2026-3-1', false],
    ['29/03/2026', false],
    ['2026-03-29T00:00:00Z', false],
    ['', false],
  ])('%j → %s', (input, ok) => {
    expect(ZLocalDate.safeParse(input).success).toBe(ok)
  })
})

describe('ZLocalTime', () => {
  it.each([
    ['00:00', true],
    ['07:00', true],
    ['12:30', true],
    ['23:59', true],
    ['24:00', true], // end of day
    ['24:01', false],
    ['25:00', false],
    ['7:00', false],
    ['07:0', false],
    ['12:60', false],
    ['12:00:00', false],
    ['12h00', false],
    [' 12:00', false],
    ['', false],
  ])('%j → %s', (input, ok) => {
    expect(ZLocalTime.safeParse(input).success).toBe(ok)
  })
})

describe('ZTimeZone', () => {
  it.each([
    ['Europe/Paris', true],
    ['America/St_Johns', true], // −03:30
    ['Asia/Kathmandu', true], // +05:45
    ['Australia/Lord_Howe', true], // 30-minute DST shift
    ['Indian/Reunion', true],
    ['UTC+2', false],
    ['Mars/Olympus', false],
    ['Europe/Paris ', false], // trailing space
    [' Europe/Paris', false],
    ['Europe/Pariss', false],
    ['UTC', false], // no region: a lieu has a place
    ['+02:00', false],
    ['', false],
  ])('%j → %s', (input, ok) => {
    expect(ZTimeZone.safeParse(input).success).toBe(ok)
  })

  it('refuses an over-long string', () => {
    expect(ZTimeZone.safeParse(`Europe/${'P'.repeat(60)}`).success).toBe(false)
  })
})

describe('minutesToTime / timeToMinutes', () => {
  it.each([
    [0, '00:00'],
    [5, '00:05'],
    [540, '09:00'],
    [750, '12:30'],
    [1439, '23:59'],
    [1440, '24:00'],
  ])('%i ↔ %s', (minutes, time) => {
    expect(minutesToTime(minutes)).toBe(time)
    expect(timeToMinutes(time)).toBe(minutes)
  })

  it('round-trips every minute of a day, each a valid ZLocalTime', () => {
    const bad: number[] = []
    for (let m = 0; m <= 1440; m++) {
      const t = minutesToTime(m)
      if (timeToMinutes(t) !== m || !ZLocalTime.safeParse(t).success) bad.push(m)
    }
    expect(bad).toEqual([])
  })
})
