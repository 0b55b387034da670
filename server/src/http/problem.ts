import { errorStatus, type ErrorCode, type FieldIssue } from '@fabrique/shared/errors'

/** An expected failure with a stable code; the error handler turns it into problem+json. */
export class AppError extends Error {
  readonly code: ErrorCode
  readonly status: number
  readonly errors: FieldIssue[] | undefined
  readonly headers: Record<string, string>
  readonly conflict: { startsAt: string; endsAt: string } | undefined
  constructor(
    code: ErrorCode,
    detail?: string,
    opts: { errors?: FieldIssue[]; headers?: Record<string, string>; conflict?: { startsAt: string; endsAt: string } } = {},
  ) {
    super(detail ?? code)
    this.code = code
    this.status = errorStatus[code]
    this.errors = opts.errors
    this.headers = opts.headers ?? {}
    this.conflict = opts.conflict
  }
}

export const notFound = (what = 'resource') => new AppError('not_found', `${what} not found`)
export const forbidden = (detail = 'you may not do this') => new AppError('forbidden', detail)

export const titles: Record<ErrorCode, string> = {
  validation_failed: 'Invalid request',
  malformed_json: 'Malformed JSON body',
  payload_too_large: 'Request body too large',
  unsupported_media_type: 'Unsupported media type',
  unauthenticated: 'Authentication required',
  invalid_credentials: 'Invalid e-mail or password',
  email_not_verified: 'E-mail address not verified',
  forbidden: 'Forbidden',
  origin_rejected: 'Cross-origin request refused',
  not_found: 'Not found',
  email_taken: 'E-mail address already registered',
  slug_taken: 'Slug already in use',
  conflict: 'Conflict',
  last_owner: 'A lieu needs at least one owner',
  already_member: 'Already a member',
  token_invalid: 'Link invalid or expired',
  rule_violation: 'Rule violated',
  booking_conflict: 'The slot is already taken',
  invalid_transition: 'Not possible in the booking’s current state',
  idempotency_key_reused: 'Idempotency-Key reused with a different request',
  resource_archived: 'Resource archived',
  out_of_service: 'Resource out of service',
  not_bookable: 'You may not book this resource',
  outside_opening_hours: 'Outside opening hours',
  lieu_closed: 'The lieu is closed that day',
  not_on_granularity: 'Times must fall on the booking grid',
  too_short: 'Booking too short',
  too_long: 'Booking too long',
  in_the_past: 'In the past',
  notice_too_short: 'Too late to book this slot',
  beyond_booking_window: 'Too far ahead',
  too_late_to_cancel: 'Too late to cancel',
  quota_day_reached: 'Daily quota reached',
  quota_week_reached: 'Weekly quota reached',
  habilitation_missing: 'Habilitation required',
  referent_absent: 'No référent on site',
  capacity_exceeded: 'More seats than the resource has',
  offer_expired: 'Offer expired',
  opening_hours_overlap: 'Opening hours overlap',
  vat_exempt_lieu: 'A VAT-exempt lieu invoices without VAT',
  credit_exceeds_invoice: 'More than what is left to credit on the invoice',
  not_creditable: 'Only an invoice can be credited',
  invoice_already_paid: 'Payment already recorded',
  membership_required: 'An active adhésion is required',
  insufficient_credits: 'Not enough credits',
  already_subscribed: 'Already subscribed',
  invalid_subscription_state: 'Not possible in the subscription’s current state',
  pass_exhausted: 'Nothing left on this pass',
  pass_expired: 'Pass expired',
  employer_not_allowed: 'Your employer does not pay this booking',
  pool_exhausted: 'Nothing left in this pool',
  card_payments_unavailable: 'Card payments are not available',
  rate_limited: 'Too many requests',
  internal: 'Something went wrong',
  service_unavailable: 'Service unavailable',
}
