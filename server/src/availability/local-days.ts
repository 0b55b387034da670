import { DateTime, IANAZone } from 'luxon'
import { openingsOn, type WeeklyInterval } from '../lieux/opening-hours.ts'
import type { Interval } from './types.ts'

// Local dates and their instants. Luxon is exact but costs microseconds per call, and availability
// for 200 resources × 31 days asks the same questions thousands of times, so the answers (pure
// functions of zone and date) are memoized in small bounded maps.

const DAY_MS = 86_400_000
const MINUTE_MS = 60_000
const MAX_CACHE = 20_000

function memo<V>(cache: Map<string, V>, key: string, compute: () => V): V {
  let v = cache.get(key)
  if (v === undefined) {
    if (cache.size >= MAX_CACHE) cache.clear()
    v = compute()
    cache.set(key, v)
  }
  return v
}

/** One local date in a zone: [start, end) from its first instant to the next date's first instant. */
export interface LocalDay {
  date: string
  weekday: number // ISO 1 = Monday … 7 = Sunday
  start: number
  end: number
  /** The date's 00:00 as if it were UTC, in minutes: local wall minute = ms / 60000 + offset − this. */
  wallMidnightMinutes: number
  /** Constant-offset pieces covering [start, end): one, or two on a DST day. */
  pieces: { start: number; end: number; offset: number }[]
}

const DATE_RE = /^\d{4}-\d{2}-\d{2}$/

function utcDateMs(date: string): number {
  const ms = DATE_RE.test(date) ? Date.parse(`${date}T00:00:00Z`) : NaN
  if (Number.isNaN(ms)) throw new RangeError(`not a local date (YYYY-MM-DD): ${date}`)
  return ms
}

/** `date` plus `days` calendar days (calendar arithmetic, no zone involved). */
export function addDays(date: string, days: number): string {
  return new Date(utcDateMs(date) + days * DAY_MS).toISOString().slice(0, 10)
}

/** The local dates from..to inclusive (empty when from > to). Shared, do not mutate. */
const ranges = new Map<string, readonly string[]>()
export function datesBetween(from: string, to: string): readonly string[] {
  return memo(ranges, `${from}|${to}`, () => {
    const out: string[] = []
    for (let ms = utcDateMs(from), end = utcDateMs(to); ms <= end; ms += DAY_MS) {
      out.push(new Date(ms).toISOString().slice(0, 10))
    }
    return out
  })
}

const zones = new Map<string, IANAZone>()
function ianaZone(zone: string): IANAZone {
  return memo(zones, zone, () => {
    const z = IANAZone.create(zone)
    if (!z.isValid) throw new RangeError(`unknown time zone: ${zone}`)
    return z
  })
}

/** UTC offset of `zone` at `ms`, in minutes. */
export function offsetAt(zone: string, ms: number): number {
  return ianaZone(zone).offset(ms)
}

const days = new Map<string, LocalDay>()
export function localDay(zone: string, date: string): LocalDay {
  return memo(days, `${zone}|${date}`, () => {
    const wall = utcDateMs(date)
    const first = DateTime.fromISO(date, { zone }).startOf('day')
    const start = first.toMillis()
    const end = first.plus({ days: 1 }).startOf('day').toMillis()
    const z = ianaZone(zone)
    const o1 = z.offset(start)
    const o2 = z.offset(end - 1)
    const pieces = [{ start, end, offset: o1 }]
    if (o1 !== o2) {
      // One transition inside the day: binary search its instant (first ms with the new offset).
      // Two transitions cancelling out within one local day do not occur in the tz database.
      let lo = start
      let hi = end - 1
      while (lo < hi) {
        const mid = Math.floor((lo + hi) / 2)
        if (z.offset(mid) === o1) lo = mid + 1
        else hi = mid
      }
      pieces[0]!.end = lo
      pieces.push({ start: lo, end, offset: o2 })
    }
    return { date, weekday: first.weekday, start, end, wallMidnightMinutes: wall / MINUTE_MS, pieces }
  })
}

/**
 * The grid boundaries of a local day for `granularity` minutes: every instant of the day whose
 * local wall-clock time is a multiple of the granularity after midnight (a repeated hour counts
 * twice, a skipped one not at all), plus the day's first instant (local midnight, or the first
 * instant after it when midnight itself is skipped), then the day's end. Consecutive boundaries
 * are the day's cells.
 */
const grids = new Map<string, Float64Array>()
export function dayGrid(zone: string, date: string, granularity: number): Float64Array {
  return memo(grids, `${zone}|${date}|${granularity}`, () => {
    const day = localDay(zone, date)
    const out: number[] = [day.start]
    for (const p of day.pieces) {
      const wallStart = p.start / MINUTE_MS + p.offset - day.wallMidnightMinutes
      for (let m = Math.ceil(wallStart / granularity) * granularity; ; m += granularity) {
        const t = (day.wallMidnightMinutes + m - p.offset) * MINUTE_MS
        if (t >= p.end) break
        if (t > out.at(-1)!) out.push(t)
      }
    }
    out.push(day.end)
    return Float64Array.from(out)
  })
}

/** Whether `ms` is a grid boundary of its local day (see dayGrid). */
export function onLocalGrid(zone: string, ms: number, granularity: number): boolean {
  const t = DateTime.fromMillis(ms, { zone })
  if (t.second !== 0 || t.millisecond !== 0) return ms === localDay(zone, t.toISODate()!).start
  return (t.hour * 60 + t.minute) % granularity === 0 || ms === localDay(zone, t.toISODate()!).start
}

/** Opening intervals of one date (closures not applied), through openingsOn, as epoch ms. */
const openings = new Map<string, Interval[]>()
export function openingsMs(zone: string, date: string, weekday: number, week: readonly WeeklyInterval[]) {
  const ofDay = week.filter((i) => i.weekday === weekday)
  if (ofDay.length === 0) return []
  const key = `${zone}|${date}|${ofDay.map((i) => `${i.startMinute}-${i.endMinute}`).join(',')}`
  return memo(openings, key, () =>
    openingsOn(date, zone, ofDay, []).map((o) => ({ start: o.start.toMillis(), end: o.end.toMillis() })),
  )
}

/** The local date (YYYY-MM-DD) of an instant in `zone`. */
export function localDateOf(zone: string, ms: number): string {
  return DateTime.fromMillis(ms, { zone }).toISODate()!
}
