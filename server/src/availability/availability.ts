import { DateTime } from 'luxon'
import { intersect, normalize, pushMerged } from './intervals.ts'
import { datesBetween, dayGrid } from './local-days.ts'
import type { Availability, AvailabilityInput, HeldRange, Interval, Slot } from './types.ts'
import { bookableWindows } from './windows.ts'

const MINUTE_MS = 60_000

/**
 * Bookable time of a resource: open windows ∩ référent shifts (when required) ∩
 * [now + minimum notice, now + booking window). The window end adds calendar days in the zone.
 */
export function bookableTime(input: AvailabilityInput): Interval[] {
  const { zone, rules, now } = input
  let time = bookableWindows(zone, input.from, input.to, input.openingHours, input.closures)
  if (input.referentWindows) time = intersect(time, normalize(input.referentWindows))
  const lo = now.getTime() + rules.minNoticeMinutes * MINUTE_MS
  const hi = DateTime.fromJSDate(now, { zone }).plus({ days: rules.bookingWindowDays }).toMillis()
  return intersect(time, [{ start: lo, end: hi }])
}

/**
 * Slots and free time of one resource.
 *
 * Cells follow the local wall-clock grid: their boundaries are the instants whose local time is a
 * multiple of `granularityMinutes` after local midnight (see dayGrid). On a DST day that makes
 * fewer cells (23 h) or more (25 h: the repeated hour has its own cells), all of the granularity
 * when the jump is a multiple of it (every 1-hour shift with a granularity dividing 60). When it is
 * not (Lord Howe's 30-minute shift with 60-minute cells, a 45-minute grid on a 1-hour shift), the
 * one cell that straddles the jump is kept whole with its real length (e.g. 01:00–03:00 lasting
 * 90 min): cells always tile the day, and the booking check accepts exactly these boundaries. A
 * granularity that does not divide 24 h ends each day with a shorter cell up to midnight, and a day
 * whose midnight is skipped (Santiago, Asunción, Havana spring forward at 00:00) starts at 01:00,
 * so its first cell runs from there to the next grid time.
 *
 * A cell is kept when it lies entirely inside bookable time. Its free seats are the capacity minus
 * the seats of every held range overlapping the cell widened by the buffers (what a new booking
 * there would hold) — the same "sum of overlapping seats" the booking transaction checks, floored
 * at 0. Held ranges are sorted once (by start and by end, with suffix/prefix sums) and swept with
 * the cells, so the cost is O(H log H + cells), never cells × held.
 */
export function computeAvailability(input: AvailabilityInput): Availability {
  const { rules, capacity } = input
  const g = rules.granularityMinutes
  const before = rules.bufferBeforeMinutes * MINUTE_MS
  const after = rules.bufferAfterMinutes * MINUTE_MS
  const time = bookableTime(input)
  const seats = new SeatSweep(input.held)

  const slots: Slot[] = []
  const free: Interval[] = []
  let w = 0
  for (const date of datesBetween(input.from, input.to)) {
    if (w >= time.length) break
    const grid = dayGrid(input.zone, date, g)
    for (let c = 0; c + 1 < grid.length; c++) {
      const start = grid[c]!
      const end = grid[c + 1]!
      while (w < time.length && time[w]!.end < end) w++
      if (w >= time.length) break
      if (time[w]!.start > start) continue
      const seatsFree = Math.max(0, capacity - seats.overlapping(start - before, end + after))
      slots.push({ start, end, seatsFree })
      if (seatsFree > 0) pushMerged(free, start, end)
    }
  }
  return { slots, free }
}

/** Sum of seats of held ranges overlapping [a, b), for calls with non-decreasing a and b. */
class SeatSweep {
  private readonly starts: Float64Array
  private readonly ends: Float64Array
  private readonly startSeats: Float64Array
  private readonly endSeats: Float64Array
  private i = 0 // held ranges with start < b
  private j = 0 // held ranges with end <= a
  private seatsStartBefore = 0
  private seatsEndedBy = 0

  constructor(held: readonly HeldRange[]) {
    const real = held.filter((h) => h.end > h.start && h.seats > 0)
    const byStart = [...real].sort((x, y) => x.start - y.start)
    const byEnd = real.sort((x, y) => x.end - y.end)
    this.starts = Float64Array.from(byStart, (h) => h.start)
    this.startSeats = Float64Array.from(byStart, (h) => h.seats)
    this.ends = Float64Array.from(byEnd, (h) => h.end)
    this.endSeats = Float64Array.from(byEnd, (h) => h.seats)
  }

  /** A range overlaps [a, b) unless it starts at or after b or ends at or before a (never both). */
  overlapping(a: number, b: number): number {
    while (this.i < this.starts.length && this.starts[this.i]! < b)
      this.seatsStartBefore += this.startSeats[this.i++]!
    while (this.j < this.ends.length && this.ends[this.j]! <= a) this.seatsEndedBy += this.endSeats[this.j++]!
    return this.seatsStartBefore - this.seatsEndedBy
  }
}
