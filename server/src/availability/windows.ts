import type { DateClosure, WeeklyInterval } from '../lieux/opening-hours.ts'
import { pushMerged } from './intervals.ts'
import { addDays, datesBetween, localDay, openingsMs } from './local-days.ts'
import type { Interval } from './types.ts'

export function isClosed(date: string, closures: readonly DateClosure[]): boolean {
  return closures.some((c) => c.startDate <= date && date <= c.endDate)
}

/**
 * Open time of the local dates from..to (inclusive) in `zone`, as a normalized interval list:
 * weekly hours expanded by openingsOn (wall-clock, DST-aware, `24:00` = next local midnight),
 * closed dates removed, and intervals that touch merged — a Saturday 10:00–24:00 and a Sunday from
 * 00:00 make one window. The day before `from` is expanded too and clipped, so nothing that could
 * spill over midnight is lost (today hours end at 24:00 at the latest, so nothing does).
 */
export function bookableWindows(
  zone: string,
  from: string,
  to: string,
  openingHours: readonly WeeklyInterval[],
  closures: readonly DateClosure[],
): Interval[] {
  if (from > to) return []
  const lo = localDay(zone, from).start
  const hi = localDay(zone, to).end
  const out: Interval[] = []
  for (const date of datesBetween(addDays(from, -1), to)) {
    if (isClosed(date, closures)) continue
    for (const o of openingsMs(zone, date, localDay(zone, date).weekday, openingHours)) {
      pushMerged(out, Math.max(o.start, lo), Math.min(o.end, hi))
    }
  }
  return out
}
