import type { FieldPath, FieldValues, UseFormSetError } from 'react-hook-form'
import type { FieldIssue } from '@fabrique/shared/errors'
import { ApiError } from './api.ts'

export interface SplitIssues {
  /** Issues whose `field` names a field of the form, keyed by that field's path. */
  byField: Record<string, string>
  /** Issues the form cannot place next to an input (whole-body or unknown paths). */
  rest: FieldIssue[]
}

/**
 * Splits a problem's `errors[]` between the form's fields and the rest. A server path that is
 * more precise than the form (`address.city.0`) lands on the closest enclosing field that exists.
 */
export function splitFieldIssues(issues: FieldIssue[], fieldNames: readonly string[]): SplitIssues {
  const known = new Set(fieldNames)
  const byField: Record<string, string> = {}
  const rest: FieldIssue[] = []
  for (const issue of issues) {
    const parts = issue.field.split('.').filter(Boolean)
    let target: string | undefined
    for (let n = parts.length; n > 0 && !target; n--) {
      const candidate = parts.slice(0, n).join('.')
      if (known.has(candidate)) target = candidate
    }
    if (target && !(target in byField)) byField[target] = issue.message
    else if (!target) rest.push(issue)
  }
  return { byField, rest }
}

/**
 * Puts a server error onto a react-hook-form: field issues go next to their inputs (focusing the
 * first), and the return value says whether something is left to show above the form.
 */
export function applyServerErrors<T extends FieldValues>(
  error: unknown,
  setError: UseFormSetError<T>,
  fieldNames: readonly FieldPath<T>[],
): { handledAll: boolean } {
  if (!(error instanceof ApiError) || error.fieldErrors.length === 0) return { handledAll: false }
  const { byField, rest } = splitFieldIssues(error.fieldErrors, fieldNames)
  let first = true
  // A specific code (email_taken, slug_taken …) says more, in the reader's language, than the
  // server's English field message.
  const specific =
    error.code !== 'validation_failed' && error.code !== 'unknown' ? codeMessage(error.code) : null
  for (const [field, message] of Object.entries(byField)) {
    setError(field as FieldPath<T>, { type: 'server', message: specific ?? message }, { shouldFocus: first })
    first = false
  }
  return { handledAll: rest.length === 0 && Object.keys(byField).length > 0 }
}

const CODE_PREFIX = '@code:'
/** A field message that stands for an error code; translated when shown. */
export function codeMessage(code: string): string {
  return CODE_PREFIX + code
}
export function codeOfMessage(message: string): string | null {
  return message.startsWith(CODE_PREFIX) ? message.slice(CODE_PREFIX.length) : null
}
