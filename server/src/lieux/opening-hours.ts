import { DateTime } from 'luxon'

export interface WeeklyInterval {
  weekday: number // ISO 1 = Monday … 7 = Sunday
  startMinute: number
  endMinute: number
}
export interface DateClosure {
  startDate: string // YYYY-MM-DD, local
  endDate: string
}

/**
 * The concrete opening intervals of one local date in `zone`: wall-clock minutes turned into
 * instants by luxon, so a 23- or 25-hour day (DST) gets the right instants. A wall-clock time that
 * does not exist (spring forward) moves forward with the clock, as luxon does.
 */
export function openingsOn(date: string, zone: string, week: WeeklyInterval[], closures: DateClosure[]) {
  if (closures.some((c) => c.startDate <= date && date <= c.endDate)) return []
  const day = DateTime.fromISO(date, { zone })
  return week
    .filter((i) => i.weekday === day.weekday)
    .sort((a, b) => a.startMinute - b.startMinute)
    .map((i) => ({
      start: day.startOf('day').set({ hour: Math.floor(i.startMinute / 60), minute: i.startMinute % 60 }),
      end:
        i.endMinute === 1440
          ? day.plus({ days: 1 }).startOf('day')
          : day.startOf('day').set({ hour: Math.floor(i.endMinute / 60), minute: i.endMinute % 60 }),
    }))
}

/** Open at `now`, and the next opening instant within `horizonDays` when closed. */
export function openState(now: Date, zone: string, week: WeeklyInterval[], closures: DateClosure[], horizonDays = 14) {
  const n = DateTime.fromJSDate(now, { zone })
  for (let d = -1; d <= horizonDays; d++) {
    const date = n.plus({ days: d }).toISODate()!
    for (const o of openingsOn(date, zone, week, closures)) {
      if (o.start <= n && n < o.end) return { openNow: true, nextOpening: null }
      if (o.start > n) return { openNow: false, nextOpening: o.start.toISO({ suppressMilliseconds: true }) }
    }
  }
  return { openNow: false, nextOpening: null }
}
