// Pure: what the kiosk shows for a scan, a listed check-in, a walk-in, or an error.
import type { KioskBookingDto, KioskMemberResult, KioskScanResult } from '@fabrique/shared/checkin/schema'
import { ApiError } from '../../lib/api.ts'

export type KioskView =
  | { kind: 'welcome'; booking: KioskBookingDto }
  | { kind: 'goodbye'; booking: KioskBookingDto }
  | { kind: 'member'; result: KioskMemberResult }
  | { kind: 'error'; error: KioskErrorKey; from?: string }

/** i18n keys under `live.kiosk.errors.` */
export type KioskErrorKey =
  | 'notRecognised'
  | 'expired'
  | 'tooEarly'
  | 'tooEarlyAt'
  | 'notNow'
  | 'full'
  | 'closed'
  | 'notAllowed'
  | 'device'
  | 'network'
  | 'busy'
  | 'unknown'

/** After this long a result goes back to the idle screen; a member's choices wait longer. */
export const RESULT_MS = 8_000
export const CHOICES_MS = 30_000

export function kioskViewOf(r: KioskScanResult): KioskView {
  if (r.kind === 'member') return { kind: 'member', result: r }
  return r.action === 'checked_in' ? { kind: 'welcome', booking: r.booking } : { kind: 'goodbye', booking: r.booking }
}

const FULL = new Set(['booking_conflict', 'capacity_exceeded'])
const CLOSED = new Set(['outside_opening_hours', 'lieu_closed'])
const NOT_ALLOWED = new Set([
  'not_bookable',
  'out_of_service',
  'resource_archived',
  'quota_day_reached',
  'quota_week_reached',
  'too_short',
  'too_long',
  'not_on_granularity',
  'habilitation_missing',
  'referent_absent',
  'rule_violation',
])

/** Plain words for a failed kiosk call (the server's detail is English and for developers). */
export function kioskErrorOf(e: unknown): Extract<KioskView, { kind: 'error' }> {
  const err = (error: KioskErrorKey, from?: string) => ({ kind: 'error' as const, error, ...(from ? { from } : {}) })
  if (!(e instanceof ApiError)) return err('unknown')
  switch (e.code) {
    case 'not_found':
    case 'validation_failed':
      return err('notRecognised')
    case 'token_invalid':
      return err('expired')
    case 'invalid_transition': {
      const from = /from (\d{4}-\d\d-\d\dT\S+)/.exec(e.detail ?? '')?.[1]
      if (from) return err('tooEarlyAt', from)
      if (/opens \d+ minutes before/.test(e.detail ?? '')) return err('tooEarly')
      return err('notNow')
    }
    case 'unauthenticated':
    case 'forbidden':
      return err('device')
    case 'network_error':
      return err('network')
    case 'rate_limited':
      return err('busy')
    default:
      break
  }
  if (FULL.has(e.code)) return err('full')
  if (CLOSED.has(e.code)) return err('closed')
  if (NOT_ALLOWED.has(e.code)) return err('notAllowed')
  return err('unknown')
}

/** How long a view stays before the kiosk is ready for the next person. */
export function viewDuration(v: KioskView): number {
  return v.kind === 'member' ? CHOICES_MS : RESULT_MS
}
