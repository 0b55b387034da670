import type { TFunction } from 'i18next'
import { ApiError } from '../../lib/api.ts'
import { errorMessage } from '../../lib/errorMessage.ts'
import { formatMoment, formatSpan } from './grid.ts'

export interface ProblemContext {
  /** The lieu's zone, to show the conflicting interval or a deadline. */
  zone: string
  locale: string
  /** Until when the booking could be cancelled (too_late_to_cancel). */
  cancellableUntil?: string
}

/**
 * A booking error in one sentence of the reader's language: each rule's code has its own message,
 * a conflict names the interval already taken (in the lieu's zone), a late cancellation its deadline.
 */
export function bookingProblemMessage(error: unknown, t: TFunction, ctx: ProblemContext): string {
  if (error instanceof ApiError) {
    if (error.code === 'booking_conflict' && error.conflict) {
      return t('bookings.problems.conflictWith', {
        span: formatSpan(error.conflict.startsAt, error.conflict.endsAt, ctx.zone, ctx.locale),
      })
    }
    if (error.code === 'too_late_to_cancel' && ctx.cancellableUntil) {
      return t('bookings.problems.tooLateSince', { date: formatMoment(ctx.cancellableUntil, ctx.zone, ctx.locale) })
    }
  }
  return errorMessage(error, t)
}

/** Why one occurrence of a series was not booked: its code, translated (the server's detail otherwise). */
export function occurrenceReason(code: string | null, detail: string | null, t: TFunction): string {
  if (!code) return detail ?? ''
  return t(`errors.${code}`, { defaultValue: detail ?? code })
}
