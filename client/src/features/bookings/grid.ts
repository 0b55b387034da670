// Pure helpers of the booking pages. Every wall-clock time is the lieu's (`zone`), never the
// browser's: luxon does the zone arithmetic, the browser's own zone is never consulted.
import { DateTime } from 'luxon'
import type { BookingDto, ResourceAvailabilityDto } from '@fabrique/shared/bookings/schema'

const MINUTE = 60_000

export type View = 'day' | 'week'

// ─── Local dates ─────────────────────────────────────────────────────────────

/** Today's calendar date `YYYY-MM-DD` in the zone. */
export function todayIn(zone: string, now: Date = new Date()): string {
  return DateTime.fromJSDate(now, { zone }).toISODate()!
}

/** A calendar date moved by whole days (pure calendar arithmetic, no zone involved). */
export function addDays(date: string, days: number): string {
  return DateTime.fromISO(date, { zone: 'UTC' }).plus({ days }).toISODate()!
}

/** The Monday of the ISO week of a date. */
export function weekStart(date: string): string {
  const d = DateTime.fromISO(date, { zone: 'UTC' })
  return d.minus({ days: d.weekday - 1 }).toISODate()!
}

/** The seven dates of the week of `date`, Monday first. */
export function weekDates(date: string): string[] {
  const monday = weekStart(date)
  return Array.from({ length: 7 }, (_, i) => addDays(monday, i))
}

/** Previous / next day or week. In week view the date snaps to the week's Monday. */
export function shiftDate(date: string, view: View, dir: -1 | 1): string {
  return view === 'day' ? addDays(date, dir) : addDays(weekStart(date), 7 * dir)
}

/** The local dates a view shows: one day, or the week's seven. */
export function viewRange(date: string, view: View): { from: string; to: string } {
  if (view === 'day') return { from: date, to: date }
  const days = weekDates(date)
  return { from: days[0]!, to: days[6]! }
}

/** Instants bounding local dates [from, to] (both included) in the zone. */
export function instantsOf(from: string, to: string, zone: string): { from: string; to: string } {
  const start = DateTime.fromISO(from, { zone }).startOf('day')
  const end = DateTime.fromISO(to, { zone }).plus({ days: 1 }).startOf('day')
  return { from: start.toUTC().toISO()!, to: end.toUTC().toISO()! }
}

/** Is `date` a valid `YYYY-MM-DD`? */
export function isLocalDate(date: string | null | undefined): date is string {
  return !!date && /^\d{4}-\d{2}-\d{2}$/.test(date) && DateTime.fromISO(date).isValid
}

// ─── Instants shown in the zone ──────────────────────────────────────────────

/** "09:00": the wall-clock time of an instant in the zone. */
export function timeIn(iso: string | number, zone: string): string {
  const d = typeof iso === 'number' ? DateTime.fromMillis(iso, { zone }) : DateTime.fromISO(iso, { zone })
  return d.toFormat('HH:mm')
}

/** The calendar date of an instant in the zone. */
export function dateIn(iso: string | number, zone: string): string {
  const d = typeof iso === 'number' ? DateTime.fromMillis(iso, { zone }) : DateTime.fromISO(iso, { zone })
  return d.toISODate()!
}

const luxonLocale = (locale: string) => (locale.startsWith('en') ? 'en-GB' : 'fr-FR')

/** "lundi 3 mars 2026" / "Monday 3 March 2026" for a local date. */
export function longDate(date: string, locale: string): string {
  const s = DateTime.fromISO(date, { zone: 'UTC' }).setLocale(luxonLocale(locale)).toFormat('cccc d LLLL yyyy')
  return s.charAt(0).toLocaleUpperCase() + s.slice(1)
}

/** "lun. 3 mars" for a local date. */
export function shortDate(date: string, locale: string): string {
  return DateTime.fromISO(date, { zone: 'UTC' }).setLocale(luxonLocale(locale)).toFormat('ccc d LLL')
}

/** "lun. 3 mars, 09:00–10:30" — an interval of instants in the zone (dates repeated when it spans days). */
export function formatSpan(startIso: string, endIso: string, zone: string, locale: string): string {
  const s = DateTime.fromISO(startIso, { zone }).setLocale(luxonLocale(locale))
  const e = DateTime.fromISO(endIso, { zone }).setLocale(luxonLocale(locale))
  const day = s.toFormat('ccc d LLL yyyy')
  if (s.toISODate() === e.toISODate()) return `${day}, ${s.toFormat('HH:mm')}–${e.toFormat('HH:mm')}`
  return `${day}, ${s.toFormat('HH:mm')} – ${e.toFormat('ccc d LLL yyyy')}, ${e.toFormat('HH:mm')}`
}

/** "3 mars 2026 à 14:30" — one instant in the zone. */
export function formatMoment(iso: string, zone: string, locale: string): string {
  const d = DateTime.fromISO(iso, { zone }).setLocale(luxonLocale(locale))
  return `${d.toFormat('d LLL yyyy')} ${locale.startsWith('en') ? 'at' : 'à'} ${d.toFormat('HH:mm')}`
}

/** A local date-time `YYYY-MM-DDTHH:MM` in the zone → an instant (ISO, UTC). Null when invalid. */
export function localToInstant(local: string, zone: string): string | null {
  const d = DateTime.fromISO(local, { zone })
  return d.isValid ? d.toUTC().toISO({ suppressMilliseconds: true }) : null
}

/** An instant → the local date-time `YYYY-MM-DDTHH:MM` in the zone. */
export function instantToLocal(iso: string, zone: string): string {
  return DateTime.fromISO(iso, { zone }).toFormat("yyyy-LL-dd'T'HH:mm")
}

/** Minutes between two instants. */
export function minutesBetween(startIso: string, endIso: string): number {
  return Math.round((Date.parse(endIso) - Date.parse(startIso)) / MINUTE)
}

/** "12 min 05 s", "1 h 02 min" — what is left until an instant (0 when past). */
export function countdown(untilIso: string, now: Date): { text: string; over: boolean } {
  const left = Math.max(0, Date.parse(untilIso) - now.getTime())
  const s = Math.floor(left / 1000)
  const h = Math.floor(s / 3600)
  const m = Math.floor((s % 3600) / 60)
  const sec = s % 60
  const pad = (n: number) => String(n).padStart(2, '0')
  const text = h > 0 ? `${h} h ${pad(m)} min` : `${m} min ${pad(sec)} s`
  return { text, over: left === 0 }
}

// ─── Day grid ────────────────────────────────────────────────────────────────

export interface AxisCell {
  start: number
  end: number
  /** "09:00" in the zone. */
  label: string
}

export type CellState = 'free' | 'partial' | 'taken'
export interface GridCell {
  start: number
  end: number
  /** Axis cells covered (a resource with a coarser grid spans several). */
  span: number
  /** Position on the axis (0-based). */
  column: number
  state: CellState | 'closed'
  seatsFree: number
  capacity: number
}
export interface GridRow {
  resource: ResourceAvailabilityDto
  cells: GridCell[]
}
export interface DayGrid {
  axis: AxisCell[]
  rows: GridRow[]
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b)
}

/**
 * Cells of an axis from one instant to another, stepping `stepMinutes` of real time: across a DST
 * change the labels jump (01:30 → 03:00 on 29 March in Paris) or repeat (02:30 → 02:00 on 25 October).
 */
export function axisBetween(start: number, end: number, stepMinutes: number, zone: string): AxisCell[] {
  const out: AxisCell[] = []
  const step = stepMinutes * MINUTE
  for (let t = start; t < end; t += step) {
    out.push({ start: t, end: Math.min(t + step, end), label: timeIn(t, zone) })
  }
  return out
}

/** Axis from wall-clock minutes after local midnight (opening hours), e.g. 08:30 → 19:00. */
export function axisForHours(date: string, zone: string, startMinute: number, endMinute: number, stepMinutes: number): AxisCell[] {
  const midnight = DateTime.fromISO(date, { zone }).startOf('day')
  const at = (m: number) =>
    m >= 24 * 60 ? midnight.plus({ days: 1 }).toMillis() : midnight.set({ hour: Math.floor(m / 60), minute: m % 60 }).toMillis()
  return axisBetween(at(startMinute), at(endMinute), stepMinutes, zone)
}

/**
 * The day grid of the member planning: an axis from the earliest bookable cell of the date to the
 * latest, and for each resource its availability cells laid on it (taken, partly or wholly free);
 * axis positions without a cell (closed, past, outside the booking window) are `closed`.
 */
export function buildDayGrid(resources: readonly ResourceAvailabilityDto[], date: string, zone: string): DayGrid {
  const ofDate = resources.map((r) => ({ r, slots: r.slots.filter((s) => dateIn(s.start, zone) === date) }))
  const all = ofDate.flatMap((x) => x.slots)
  if (all.length === 0) return { axis: [], rows: ofDate.map(({ r }) => ({ resource: r, cells: [] })) }
  const starts = all.map((s) => Date.parse(s.start))
  const ends = all.map((s) => Date.parse(s.end))
  const stepMinutes = all
    .map((s) => Math.round((Date.parse(s.end) - Date.parse(s.start)) / MINUTE))
    .reduce((a, b) => gcd(a, b))
  const axis = axisBetween(Math.min(...starts), Math.max(...ends), Math.max(5, stepMinutes), zone)
  const rows = ofDate.map(({ r, slots }) => {
    const byStart = new Map(slots.map((s) => [Date.parse(s.start), s]))
    const cells: GridCell[] = []
    for (let i = 0; i < axis.length; ) {
      const a = axis[i]!
      const slot = byStart.get(a.start)
      if (slot) {
        const end = Date.parse(slot.end)
        let j = i
        while (j < axis.length && axis[j]!.start < end) j++
        const span = Math.max(1, j - i)
        cells.push({
          start: a.start,
          end,
          span,
          column: i,
          state: slot.seatsFree <= 0 ? 'taken' : slot.seatsFree < r.capacity ? 'partial' : 'free',
          seatsFree: slot.seatsFree,
          capacity: r.capacity,
        })
        i = j
      } else {
        cells.push({ start: a.start, end: a.end, span: 1, column: i, state: 'closed', seatsFree: 0, capacity: r.capacity })
        i++
      }
    }
    return { resource: r, cells }
  })
  return { axis, rows }
}

// ─── Week summary ────────────────────────────────────────────────────────────

export interface WeekDay {
  date: string
  /** No bookable cell that day (closed, past, outside the window). */
  closed: boolean
  /** Free stretches of the day, in the zone. */
  free: { start: string; end: string }[]
}

/** For one resource: each date's free stretches (cut at local midnight). */
export function weekOf(resource: ResourceAvailabilityDto, dates: readonly string[], zone: string): WeekDay[] {
  return dates.map((date) => {
    const hasSlots = resource.slots.some((s) => dateIn(s.start, zone) === date)
    const dayStart = DateTime.fromISO(date, { zone }).startOf('day')
    const lo = dayStart.toMillis()
    const hi = dayStart.plus({ days: 1 }).toMillis()
    const free = resource.free
      .map((f) => ({ s: Math.max(lo, Date.parse(f.start)), e: Math.min(hi, Date.parse(f.end)) }))
      .filter((f) => f.s < f.e)
      .map((f) => ({ start: new Date(f.s).toISOString(), end: new Date(f.e).toISOString() }))
    return { date, closed: !hasSlots, free }
  })
}

// ─── Booking dialog choices ──────────────────────────────────────────────────

export interface Slot {
  start: string
  end: string
  seatsFree: number
}

/** The slots of a local date. */
export function slotsOfDate(slots: readonly Slot[], date: string, zone: string): Slot[] {
  return slots.filter((s) => dateIn(s.start, zone) === date)
}

/** Start choices: cells with at least `seats` free. */
export function startOptions(slots: readonly Slot[], seats = 1): Slot[] {
  return slots.filter((s) => s.seatsFree >= seats)
}

/**
 * End choices for a start: the ends of the cells that follow it without a gap and with `seats`
 * free, up to `maxMinutes` after the start.
 */
export function endOptions(slots: readonly Slot[], startIso: string, seats = 1, maxMinutes = Infinity): string[] {
  const start = Date.parse(startIso)
  const sorted = [...slots].sort((a, b) => Date.parse(a.start) - Date.parse(b.start))
  let i = sorted.findIndex((s) => Date.parse(s.start) === start)
  if (i < 0) return []
  const out: string[] = []
  let prevEnd = start
  for (; i < sorted.length; i++) {
    const s = sorted[i]!
    if (Date.parse(s.start) !== prevEnd || s.seatsFree < seats) break
    if (Date.parse(s.end) - start > maxMinutes * MINUTE) break
    out.push(s.end)
    prevEnd = Date.parse(s.end)
  }
  return out
}

/**
 * Moving a booking: its own slot shows as taken in the availability; give its seats back on the
 * cells it holds (same resource only), so the current slot and its neighbours can be chosen.
 */
export function withOwnBooking(slots: readonly Slot[], own: Pick<BookingDto, 'startsAt' | 'endsAt' | 'seats'> | null): Slot[] {
  if (!own) return [...slots]
  const s0 = Date.parse(own.startsAt)
  const e0 = Date.parse(own.endsAt)
  return slots.map((s) =>
    Date.parse(s.start) < e0 && Date.parse(s.end) > s0 ? { ...s, seatsFree: s.seatsFree + own.seats } : s,
  )
}

// ─── Manager planning ────────────────────────────────────────────────────────

export interface PlacedBooking {
  booking: BookingDto
  /** First axis column (0-based) and number of columns, clipped to the axis. */
  column: number
  span: number
  /** Lane inside the row when bookings overlap (zones). */
  lane: number
}

/** Lays a day's bookings of one resource on the axis; overlapping ones get separate lanes. */
export function placeBookings(bookings: readonly BookingDto[], axis: readonly AxisCell[]): { placed: PlacedBooking[]; lanes: number } {
  if (axis.length === 0) return { placed: [], lanes: 1 }
  const lo = axis[0]!.start
  const hi = axis[axis.length - 1]!.end
  const col = (t: number, round: 'floor' | 'ceil') => {
    if (t <= lo) return 0
    if (t >= hi) return axis.length
    const i = axis.findIndex((a) => a.end > t)
    return round === 'ceil' && axis[i]!.start < t ? i + 1 : i
  }
  const sorted = [...bookings].sort((a, b) => Date.parse(a.startsAt) - Date.parse(b.startsAt))
  const laneEnds: number[] = []
  const placed: PlacedBooking[] = []
  for (const b of sorted) {
    const s = Date.parse(b.startsAt)
    const e = Date.parse(b.endsAt)
    if (e <= lo || s >= hi) continue
    const column = col(s, 'floor')
    const span = Math.max(1, col(e, 'ceil') - column)
    let lane = laneEnds.findIndex((end) => end <= s)
    if (lane < 0) {
      lane = laneEnds.length
      laneEnds.push(e)
    } else laneEnds[lane] = e
    placed.push({ booking: b, column, span, lane })
  }
  return { placed, lanes: Math.max(1, laneEnds.length) }
}

/** Where a dragged booking lands: same duration, starting at the target cell. */
export function dropTarget(booking: Pick<BookingDto, 'startsAt' | 'endsAt'>, cellStart: number): { startsAt: string; endsAt: string } {
  const duration = Date.parse(booking.endsAt) - Date.parse(booking.startsAt)
  return { startsAt: new Date(cellStart).toISOString(), endsAt: new Date(cellStart + duration).toISOString() }
}

// ─── My bookings ─────────────────────────────────────────────────────────────

const LIVE = new Set(['pending', 'confirmed', 'checked_in'])

/** Upcoming (not yet ended and still live), soonest first; the rest is the past, latest first. */
export function splitBookings(bookings: readonly BookingDto[], now: Date): { upcoming: BookingDto[]; past: BookingDto[] } {
  const t = now.getTime()
  const upcoming = bookings
    .filter((b) => LIVE.has(b.status) && Date.parse(b.endsAt) > t)
    .sort((a, b) => Date.parse(a.startsAt) - Date.parse(b.startsAt))
  const past = bookings
    .filter((b) => !upcoming.includes(b))
    .sort((a, b) => Date.parse(b.startsAt) - Date.parse(a.startsAt))
  return { upcoming, past }
}

/** What a member may do with a booking now. */
export function bookingActions(b: BookingDto, now: Date) {
  const t = now.getTime()
  const start = Date.parse(b.startsAt)
  const end = Date.parse(b.endsAt)
  const beforeDeadline = t <= Date.parse(b.cancellableUntil)
  const cancellable = b.status === 'pending' || b.status === 'confirmed'
  return {
    cancel: cancellable,
    /** Cancellable now, or only a manager can (the deadline passed). */
    beforeDeadline,
    move: cancellable && beforeDeadline,
    checkIn: b.status === 'confirmed' && t >= start - 15 * MINUTE && t < end,
    checkOut: b.status === 'checked_in',
  }
}
