import { minutesToTime, timeToMinutes } from '@fabrique/shared/time/schema'

export interface EditableInterval {
  weekday: number
  start: string
  end: string
}

const DAY_END = 24 * 60

/** A sensible new interval for a day: 09:00–18:00 on an empty day, else after the last one. */
export function nextIntervalFor(existing: readonly EditableInterval[]): { start: string; end: string } {
  const ends = existing.map((i) => timeToMinutes(i.end)).filter((m) => Number.isFinite(m))
  if (ends.length === 0) return { start: '09:00', end: '18:00' }
  const lastEnd = Math.max(...ends)
  const start = Math.min(lastEnd + 60, DAY_END - 60)
  const end = Math.min(start + 4 * 60, DAY_END)
  return { start: minutesToTime(start), end: minutesToTime(end) }
}

/** The week with Monday's intervals copied onto Tuesday … Friday (week-ends kept). */
export function copyMondayToWeekdays(intervals: readonly EditableInterval[]): EditableInterval[] {
  const monday = intervals.filter((i) => i.weekday === 1)
  const kept = intervals.filter((i) => i.weekday === 1 || i.weekday >= 6)
  const copies = [2, 3, 4, 5].flatMap((weekday) => monday.map((i) => ({ ...i, weekday })))
  return sortWeek([...kept, ...copies])
}

export function sortWeek(intervals: readonly EditableInterval[]): EditableInterval[] {
  return [...intervals].sort((a, b) => a.weekday - b.weekday || a.start.localeCompare(b.start))
}
