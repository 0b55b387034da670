import type { BookingRules } from '@fabrique/shared/resources/rules'
import type { DateClosure, WeeklyInterval } from '../lieux/opening-hours.ts'

/** A half-open interval [start, end) of instants, as epoch milliseconds (fast to compare). */
export interface Interval {
  start: number
  end: number
}

/** An existing booking as availability sees it: the range it holds (buffers included) and its seats. */
export interface HeldRange extends Interval {
  seats: number
}

/** Everything availability needs about one resource; no I/O, `now` and the zone passed in. */
export interface AvailabilityInput {
  zone: string
  /** Local dates, inclusive. */
  from: string
  to: string
  now: Date
  openingHours: WeeklyInterval[]
  closures: DateClosure[]
  rules: BookingRules
  /** Seats of a zone; 1 for exclusive resources. */
  capacity: number
  /** Active bookings of the resource overlapping the period (block ranges, with buffers). */
  held: HeldRange[]
  /** When the resource needs a référent: the shifts of référents holding its habilitation; else null. */
  referentWindows: Interval[] | null
}

export interface Slot extends Interval {
  seatsFree: number
}

export interface Availability {
  /** Grid cells (rules.granularityMinutes, aligned on local midnight) inside bookable time, each with free seats. */
  slots: Slot[]
  /** Maximal intervals with at least one seat free. */
  free: Interval[]
}

/** A request to check against the rules (pure part: time rules only; quotas, habilitations, conflicts are checked with the database). */
export interface BookingRequestCheck {
  zone: string
  now: Date
  start: Date
  end: Date
  openingHours: WeeklyInterval[]
  closures: DateClosure[]
  rules: BookingRules
  referentWindows: Interval[] | null
  /** Managers are not held to minimum notice and the booking window (they still respect hours). */
  asManager: boolean
}

export type RuleViolationCode =
  | 'in_the_past'
  | 'notice_too_short'
  | 'beyond_booking_window'
  | 'not_on_granularity'
  | 'too_short'
  | 'too_long'
  | 'lieu_closed'
  | 'outside_opening_hours'
  | 'referent_absent'

export interface RuleViolation {
  code: RuleViolationCode
  detail: string
}
