import { describe, expect, it } from 'vitest'
import {
  describeNextOpening,
  formatLocalDateRange,
  groupOpeningHours,
  localDateIn,
  weekdayName,
  weekdayOfLocalDate,
} from './datetime.ts'

describe('weekdayName', () => {
  it('names ISO weekdays in French and English, Monday = 1', () => {
    expect([1, 2, 3, 4, 5, 6, 7].map((d) => weekdayName(d, 'fr'))).toEqual([
      'Lundi',
      'Mardi',
      'Mercredi',
      'Jeudi',
      'Vendredi',
      'Samedi',
      'Dimanche',
    ])
    expect(weekdayName(1, 'en')).toBe('Monday')
    expect(weekdayName(7, 'en', 'short')).toBe('Sun')
  })
})

describe('groupOpeningHours', () => {
  it('returns seven days, Monday first, intervals sorted, closed days empty', () => {
    const week = groupOpeningHours([
      { weekday: 1, start: '14:00', end: '18:00' },
      { weekday: 1, start: '09:00', end: '12:30' },
      { weekday: 3, start: '09:00', end: '24:00' },
    ])
    expect(week).toHaveLength(7)
    expect(week[0]).toEqual({
      weekday: 1,
      intervals: [
        { start: '09:00', end: '12:30' },
        { start: '14:00', end: '18:00' },
      ],
    })
    expect(week[1]!.intervals).toEqual([])
    expect(week[2]!.intervals).toEqual([{ start: '09:00', end: '24:00' }])
    expect(week[6]!.weekday).toBe(7)
  })
})

describe('dates in a zone', () => {
  it('takes the calendar date in the lieu zone, not the machine zone', () => {
    // 23:30 UTC on 30 March is already 31 March in Paris (summer time started that night).
    expect(localDateIn(new Date('2025-03-30T23:30:00Z'), 'Europe/Paris')).toBe('2025-03-31')
    expect(localDateIn(new Date('2025-03-30T23:30:00Z'), 'America/Guadeloupe')).toBe('2025-03-30')
  })

  it('knows the ISO weekday of a date', () => {
    expect(weekdayOfLocalDate('2025-03-31')).toBe(1)
    expect(weekdayOfLocalDate('2025-03-30')).toBe(7)
  })
})

describe('describeNextOpening', () => {
  const now = new Date('2025-03-29T20:00:00+01:00') // Saturday evening in Paris

  it('says tomorrow across the DST change with the wall-clock time', () => {
    // Sunday 30 March 2025, 10:00 summer time (+02:00).
    expect(describeNextOpening('2025-03-30T10:00:00+02:00', 'Europe/Paris', 'fr', now)).toEqual({
      when: 'tomorrow',
      time: '10:00',
      date: 'dimanche 30 mars',
    })
  })

  it('says today, or gives the date further away', () => {
    expect(describeNextOpening('2025-03-29T22:00:00+01:00', 'Europe/Paris', 'fr', now).when).toBe('today')
    const later = describeNextOpening('2025-03-31T09:00:00+02:00', 'Europe/Paris', 'en', now)
    expect(later).toEqual({ when: 'later', time: '09:00', date: 'Monday 31 March' })
  })
})

describe('formatLocalDateRange', () => {
  it('formats one date or a span', () => {
    expect(formatLocalDateRange('2025-12-24', '2025-12-24', 'fr')).toBe('24 déc. 2025')
    expect(formatLocalDateRange('2025-12-24', '2026-01-02', 'en')).toMatch(/24 Dec 2025\s?–\s?2 Jan 2026/)
  })
})
