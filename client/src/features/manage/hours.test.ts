import { describe, expect, it } from 'vitest'
import { ZOpeningHoursRequest } from '@fabrique/shared/lieux/schema'
import { copyMondayToWeekdays, nextIntervalFor, sortWeek } from './hours.ts'

describe('nextIntervalFor', () => {
  it('proposes a working day on an empty day', () => {
    expect(nextIntervalFor([])).toEqual({ start: '09:00', end: '18:00' })
  })
  it('proposes an afternoon after a morning', () => {
    expect(nextIntervalFor([{ weekday: 1, start: '09:00', end: '12:00' }])).toEqual({
      start: '13:00',
      end: '17:00',
    })
  })
  it('never goes past midnight', () => {
    expect(nextIntervalFor([{ weekday: 1, start: '18:00', end: '23:30' }])).toEqual({
      start: '23:00',
      end: '24:00',
    })
  })
})

describe('copyMondayToWeekdays', () => {
  it('copies Monday onto Tuesday to Friday and keeps the week-end, in a shape the server accepts', () => {
    const week = copyMondayToWeekdays([
      { weekday: 1, start: '09:00', end: '12:30' },
      { weekday: 1, start: '14:00', end: '18:00' },
      { weekday: 3, start: '10:00', end: '11:00' },
      { weekday: 6, start: '10:00', end: '16:00' },
    ])
    expect(week).toHaveLength(11)
    expect(week.filter((i) => i.weekday === 3)).toEqual([
      { weekday: 3, start: '09:00', end: '12:30' },
      { weekday: 3, start: '14:00', end: '18:00' },
    ])
    expect(week.at(-1)).toEqual({ weekday: 6, start: '10:00', end: '16:00' })
    expect(ZOpeningHoursRequest.safeParse({ intervals: week }).success).toBe(true)
  })
})

describe('sortWeek', () => {
  it('orders by weekday then start', () => {
    expect(
      sortWeek([
        { weekday: 2, start: '09:00', end: '10:00' },
        { weekday: 1, start: '14:00', end: '15:00' },
        { weekday: 1, start: '08:00', end: '09:00' },
      ]).map((i) => `${i.weekday} ${i.start}`),
    ).toEqual(['1 08:00', '1 14:00', '2 09:00'])
  })
})
