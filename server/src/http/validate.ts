import type { z } from 'zod'
import type { FieldIssue } from '@fabrique/shared/errors'
import { AppError } from './problem.ts'

/** zod issues → field issues naming each offending field by its dotted path. */
export function fieldIssues(error: z.ZodError, prefix?: string): FieldIssue[] {
  return error.issues.flatMap((issue) => {
    const base = [...(prefix ? [prefix] : []), ...issue.path.map(String)]
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((k) => ({ field: [...base, k].join('.'), message: 'unknown field' }))
    }
    return [{ field: base.join('.'), message: issue.message }]
  })
}

/** PostgreSQL text cannot hold U+0000: a string carrying one is refused, naming its field. */
function nulIssues(value: unknown, path: string[] = []): FieldIssue[] {
  if (typeof value === 'string') return value.includes('\u0000') ? [{ field: path.join('.'), message: 'must not contain a NUL character' }] : []
  if (Array.isArray(value)) return value.flatMap((x, i) => nulIssues(x, [...path, String(i)]))
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, x]) => nulIssues(x, [...path, k]))
  return []
}

export function parseOrThrow<S extends z.ZodType>(schema: S, value: unknown, where: 'body' | 'query'): z.output<S> {
  const nul = nulIssues(value)
  if (nul.length) throw new AppError('validation_failed', `invalid ${where}: ${nul.map((e) => e.field || where).slice(0, 5).join(', ')}`, { errors: nul })
  const r = schema.safeParse(value)
  if (!r.success) {
    const errors = fieldIssues(r.error)
    const names = [...new Set(errors.map((e) => e.field || where))].slice(0, 5).join(', ')
    throw new AppError('validation_failed', `invalid ${where}: ${names}`, { errors })
  }
  return r.data
}
