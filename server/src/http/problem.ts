import { errorStatus, type ErrorCode, type FieldIssue } from '@fabrique/shared/errors'

/** An expected failure with a stable code; the error handler turns it into problem+json. */
export class AppError extends Error {
  readonly code: ErrorCode
  readonly status: number
  readonly errors: FieldIssue[] | undefined
  readonly headers: Record<string, string>
  constructor(code: ErrorCode, detail?: string, opts: { errors?: FieldIssue[]; headers?: Record<string, string> } = {}) {
    super(detail ?? code)
    this.code = code
    this.status = errorStatus[code]
    this.errors = opts.errors
    this.headers = opts.headers ?? {}
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
  opening_hours_overlap: 'Opening hours overlap',
  rate_limited: 'Too many requests',
  internal: 'Something went wrong',
  service_unavailable: 'Service unavailable',
}
