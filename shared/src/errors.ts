import { z } from 'zod'

// Stable error codes: clients switch on `code`, never on message text. One table gives each its
// HTTP status; the server's error handler and the OpenAPI document both read it.
export const errorStatus = {
  validation_failed: 400,
  malformed_json: 400,
  payload_too_large: 413,
  unsupported_media_type: 415,
  unauthenticated: 401,
  invalid_credentials: 401,
  email_not_verified: 403,
  forbidden: 403,
  origin_rejected: 403,
  not_found: 404,
  email_taken: 409,
  slug_taken: 409,
  conflict: 409,
  last_owner: 409,
  already_member: 409,
  token_invalid: 410,
  rule_violation: 422,
  // Booking engine: a conflict is 409 with the conflicting interval; each rule its own 422.
  booking_conflict: 409,
  invalid_transition: 409,
  idempotency_key_reused: 422,
  resource_archived: 422,
  out_of_service: 422,
  not_bookable: 422,
  outside_opening_hours: 422,
  lieu_closed: 422,
  not_on_granularity: 422,
  too_short: 422,
  too_long: 422,
  in_the_past: 422,
  notice_too_short: 422,
  beyond_booking_window: 422,
  too_late_to_cancel: 422,
  quota_day_reached: 422,
  quota_week_reached: 422,
  habilitation_missing: 422,
  referent_absent: 422,
  capacity_exceeded: 422,
  offer_expired: 410,
  opening_hours_overlap: 422,
  // Invoices (docs/invoices.md).
  vat_exempt_lieu: 422,
  credit_exceeds_invoice: 422,
  not_creditable: 422,
  invoice_already_paid: 409,
  // Memberships, credits, passes.
  membership_required: 422,
  insufficient_credits: 422,
  already_subscribed: 409,
  invalid_subscription_state: 409,
  pass_exhausted: 422,
  pass_expired: 422,
  // Employers (docs/employers.md).
  employer_not_allowed: 422,
  pool_exhausted: 422,
  // Payments: a card payment asked for where Stripe is not configured (docs/payments.md).
  card_payments_unavailable: 422,
  rate_limited: 429,
  internal: 500,
  service_unavailable: 503,
} as const satisfies Record<string, number>

export type ErrorCode = keyof typeof errorStatus
export const errorCodes = Object.keys(errorStatus) as ErrorCode[]

export const ZFieldIssue = z.object({
  /** Dotted path of the offending field, e.g. `openingHours.2.end` (empty for the whole body). */
  field: z.string(),
  message: z.string(),
})
export type FieldIssue = z.infer<typeof ZFieldIssue>

/** RFC 9457 problem details, as every error response of the API. */
export const ZProblem = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  code: z.enum(errorCodes as [ErrorCode, ...ErrorCode[]]),
  detail: z.string().optional(),
  instance: z.string().optional(),
  errors: z.array(ZFieldIssue).optional(),
  /** For booking_conflict: the interval already taken (ISO instants). */
  conflict: z.object({ startsAt: z.string(), endsAt: z.string() }).optional(),
  requestId: z.string().optional(),
})
export type Problem = z.infer<typeof ZProblem>
