import { DateTime } from 'luxon'

// Subscription periods, in the lieu's zone (a month from 31 January 10:00 Paris ends on the last
// day of February at 10:00 Paris, whatever the DST in between). Pure.

export type Interval = 'month' | 'year'

/** `start` plus n intervals, in `zone` (luxon clamps to the month's last day). */
export function addIntervals(start: Date, interval: Interval, n: number, zone: string): Date {
  const d = DateTime.fromJSDate(start, { zone })
  return (interval === 'month' ? d.plus({ months: n }) : d.plus({ years: n })).toJSDate()
}

export interface Slice {
  start: Date
  end: Date
}

/**
 * The monthly credit slices of a paid-up span [anchor, end): slice k is
 * [anchor + k months, anchor + k+1 months) ∩ span (counted from the anchor each time, so 31 January
 * gives 28 February then 31 March). A monthly plan's slices are its periods; a yearly plan has twelve.
 */
export function sliceAt(anchor: Date, end: Date, zone: string, at: Date): Slice | null {
  if (at < anchor || at >= end) return null
  const a = DateTime.fromJSDate(anchor, { zone })
  const t = DateTime.fromJSDate(at, { zone })
  let k = Math.max(0, Math.floor(t.diff(a, 'months').months) - 1)
  while (addIntervals(anchor, 'month', k + 1, zone) <= at) k++
  while (k > 0 && addIntervals(anchor, 'month', k, zone) > at) k--
  const start = addIntervals(anchor, 'month', k, zone)
  const sliceEnd = addIntervals(anchor, 'month', k + 1, zone)
  return { start, end: sliceEnd < end ? sliceEnd : end }
}

/** Every slice of the span (for display and tests). */
export function slices(anchor: Date, end: Date, zone: string): Slice[] {
  const out: Slice[] = []
  for (let k = 0; ; k++) {
    const start = addIntervals(anchor, 'month', k, zone)
    if (start >= end) return out
    const e = addIntervals(anchor, 'month', k + 1, zone)
    out.push({ start, end: e < end ? e : end })
  }
}
