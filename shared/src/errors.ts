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
  opening_hours_overlap: 422,
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
  requestId: z.string().optional(),
})
export type Problem = z.infer<typeof ZProblem>
