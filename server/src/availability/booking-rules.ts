import { DateTime } from 'luxon'
import type { BookingRules } from '@fabrique/shared/resources/rules'
import type { WeeklyInterval } from '../lieux/opening-hours.ts'
import { contains, normalize } from './intervals.ts'
import { localDateOf, localDay, onLocalGrid } from './local-days.ts'
import type { BookingRequestCheck, Interval, RuleViolation } from './types.ts'
import { bookableWindows, isClosed } from './windows.ts'

const MINUTE_MS = 60_000
type Instant = Date | number
const ms = (t: Instant) => (typeof t === 'number' ? t : t.getTime())

/** The local date (YYYY-MM-DD) of an instant: the day a daily quota counts it in. */
export function localDayKey(instant: Instant, zone: string): string {
  return localDateOf(zone, ms(instant))
}

/** The ISO week of an instant's local date (e.g. 2026-W13): the week a weekly quota counts it in. */
export function isoWeekKey(instant: Instant, zone: string): string {
  const d = DateTime.fromMillis(ms(instant), { zone })
  return `${d.weekYear}-W${String(d.weekNumber).padStart(2, '0')}`
}

/** The range a booking holds, buffers included: [start − bufferBefore, end + bufferAfter). */
export function heldRange(
  start: Instant,
  end: Instant,
  rules: Pick<BookingRules, 'bufferBeforeMinutes' | 'bufferAfterMinutes'>,
): Interval {
  return {
    start: ms(start) - rules.bufferBeforeMinutes * MINUTE_MS,
    end: ms(end) + rules.bufferAfterMinutes * MINUTE_MS,
  }
}

const hhmm = (minute: number) =>
  `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`

function hoursSentence(date: string, weekday: number, week: readonly WeeklyInterval[]): string {
  const ofDay = week.filter((i) => i.weekday === weekday).sort((a, b) => a.startMinute - b.startMinute)
  if (ofDay.length === 0) return `there are no opening hours on ${date}`
  const list = ofDay.map((i) => `${hhmm(i.startMinute)}–${hhmm(i.endMinute)}`)
  return `opening hours on ${date} are ${list.length > 1 ? `${list.slice(0, -1).join(', ')} and ${list.at(-1)}` : list[0]}`
}

const violation = (code: RuleViolation['code'], detail: string): RuleViolation => ({ code, detail })

/**
 * The first time rule a booking request breaks, or null. Durations are real elapsed minutes (a
 * 01:00–04:00 booking on a 23-hour day lasts 120 min); the grid is the local wall-clock grid from
 * midnight, the same one the availability cells use.
 */
export function checkBookingRequest(c: BookingRequestCheck): RuleViolation | null {
  const { zone, rules } = c
  const now = c.now.getTime()
  const start = c.start.getTime()
  const end = c.end.getTime()

  if (start < now) return violation('in_the_past', 'the booking starts in the past')
  if (!c.asManager) {
    if (start < now + rules.minNoticeMinutes * MINUTE_MS) {
      return violation('notice_too_short', `minimum notice is ${rules.minNoticeMinutes} min`)
    }
    const windowEnd = DateTime.fromJSDate(c.now, { zone }).plus({ days: rules.bookingWindowDays }).toMillis()
    if (start >= windowEnd) {
      return violation('beyond_booking_window', `bookings open at most ${rules.bookingWindowDays} days ahead`)
    }
  }
  const g = rules.granularityMinutes
  if (!onLocalGrid(zone, start, g) || !onLocalGrid(zone, end, g)) {
    return violation('not_on_granularity', `start and end must fall on the ${g}-min grid from local midnight`)
  }
  const minutes = (end - start) / MINUTE_MS
  if (minutes < rules.minDurationMinutes) {
    return violation('too_short', `minimum duration is ${rules.minDurationMinutes} min`)
  }
  if (minutes > rules.maxDurationMinutes) {
    return violation('too_long', `maximum duration is ${rules.maxDurationMinutes} min`)
  }
  const startDate = localDateOf(zone, start)
  if (isClosed(startDate, c.closures)) return violation('lieu_closed', `the lieu is closed on ${startDate}`)
  const booking = { start, end }
  const open = bookableWindows(zone, startDate, localDateOf(zone, end), c.openingHours, c.closures)
  if (!contains(open, booking)) {
    return violation(
      'outside_opening_hours',
      hoursSentence(startDate, localDay(zone, startDate).weekday, c.openingHours),
    )
  }
  if (c.referentWindows && !contains(normalize(c.referentWindows), booking)) {
    return violation(
      'referent_absent',
      'no référent holding the habilitation is present for the whole booking',
    )
  }
  return null
}
