import { defaultBookingRules } from '@fabrique/shared/resources/rules'
import type { WeeklyInterval } from '../lieux/opening-hours.ts'
import { addDays, datesBetween, localDay } from './local-days.ts'
import type { AvailabilityInput, HeldRange } from './types.ts'

/** A small deterministic PRNG (mulberry32), so benchmark inputs are the same on every run. */
function prng(seed: number) {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const ZONE = 'Europe/Paris'
const FROM = '2026-03-16' // the period crosses the spring-forward night of 2026-03-29
const MINUTE_MS = 60_000

/** Monday–Friday 08:00–20:00, Saturday 10:00–24:00, Sunday closed. */
const WEEK: WeeklyInterval[] = [
  ...[1, 2, 3, 4, 5].map((weekday) => ({ weekday, startMinute: 480, endMinute: 1200 })),
  { weekday: 6, startMinute: 600, endMinute: 1440 },
]

/**
 * Inputs for the availability benchmark (QUALITY.md P4): `resources` resources of one lieu in
 * Paris over `days` local days, with `bookings` existing bookings spread over them at random
 * (30-minute grid, 30 min–4 h, inside opening hours, a tenth of the resources being 4-seat zones).
 * Deterministic for a given seed; `now` is the day before the period.
 */
export function syntheticAvailabilityInputs(
  resources: number,
  days: number,
  bookings: number,
  seed = 1,
): AvailabilityInput[] {
  const random = prng(seed)
  const to = addDays(FROM, days - 1)
  const openDays = datesBetween(FROM, to)
    .map((date) => localDay(ZONE, date))
    .filter((d) => d.weekday !== 7)
  const held: HeldRange[][] = Array.from({ length: resources }, () => [])
  const bufferAfter = (i: number) => (i % 3 === 0 ? 15 : 0)
  const capacity = Array.from({ length: resources }, (_, i) => (i % 10 === 9 ? 4 : 1))
  for (let b = 0; b < bookings && openDays.length > 0; b++) {
    const r = Math.floor(random() * resources)
    const day = openDays[Math.floor(random() * openDays.length)]!
    const openMinute = day.weekday === 6 ? 600 : 480
    const startCell = Math.floor(random() * 20)
    const cells = 1 + Math.floor(random() * 8)
    // Hours are between 08:00 and 24:00, after any DST jump of the night: wall minutes map to
    // instants with the day's end offset.
    const offset = day.pieces.at(-1)!.offset
    const start = (day.wallMidnightMinutes + openMinute + startCell * 30 - offset) * MINUTE_MS
    const end = start + (cells * 30 + bufferAfter(r)) * MINUTE_MS
    held[r]!.push({ start, end, seats: 1 + Math.floor(random() * capacity[r]!) })
  }
  const now = new Date(localDay(ZONE, FROM).start - 12 * 60 * MINUTE_MS)
  return held.map((h, i) => ({
    zone: ZONE,
    from: FROM,
    to,
    now,
    openingHours: WEEK,
    closures: [],
    rules: { ...defaultBookingRules, bufferAfterMinutes: bufferAfter(i) },
    capacity: capacity[i]!,
    held: h,
    referentWindows: null,
  }))
}
