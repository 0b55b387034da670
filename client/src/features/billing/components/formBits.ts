import type { z } from 'zod'
import { ApiError } from '../../../lib/api.ts'

/** Client-side validation failures, shown by FormAlert like the server's. */
export function validationError(issues: { field: string; message: string }[]): ApiError {
  return new ApiError(422, { code: 'validation_failed', errors: issues })
}

/** Parses with a shared schema; returns the data or throws an ApiError naming the fields. */
export function parseOrThrow<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const r = schema.safeParse(value)
  if (r.success) return r.data
  throw validationError(r.error.issues.map((i) => ({ field: i.path.join('.'), message: i.message })))
}
