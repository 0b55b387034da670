import { describe, expect, it } from 'vitest'
import { splitFieldIssues } from './formErrors.ts'
import { problemToApiError } from './api.ts'

describe('splitFieldIssues', () => {
  const fields = ['email', 'password', 'address.city', 'legal.siret', 'intervals.2.end'] as const

  it('maps exact paths onto fields', () => {
    const r = splitFieldIssues(
      [
        { field: 'email', message: 'invalid e-mail address' },
        { field: 'legal.siret', message: 'invalid SIRET (14 digits)' },
      ],
      fields,
    )
    expect(r.byField).toEqual({ email: 'invalid e-mail address', 'legal.siret': 'invalid SIRET (14 digits)' })
    expect(r.rest).toEqual([])
  })

  it('maps deeper paths to the closest enclosing field and keeps the first message per field', () => {
    const r = splitFieldIssues(
      [
        { field: 'address.city.0', message: 'too long' },
        { field: 'address.city', message: 'second' },
        { field: 'intervals.2.end', message: 'end must be after start' },
      ],
      fields,
    )
    expect(r.byField).toEqual({ 'address.city': 'too long', 'intervals.2.end': 'end must be after start' })
  })

  it('keeps unknown and whole-body issues aside', () => {
    const r = splitFieldIssues(
      [
        { field: '', message: 'unrecognized key' },
        { field: 'phone', message: 'invalid phone number' },
      ],
      fields,
    )
    expect(r.byField).toEqual({})
    expect(r.rest.map((i) => i.field)).toEqual(['', 'phone'])
  })
})

describe('problemToApiError', () => {
  it('reads a problem+json body', () => {
    const e = problemToApiError(400, {
      type: 'https://fabrique.example/problems/validation_failed',
      title: 'Validation failed',
      status: 400,
      code: 'validation_failed',
      detail: 'The request body is invalid',
      errors: [{ field: 'email', message: 'invalid e-mail address' }],
    })
    expect(e.code).toBe('validation_failed')
    expect(e.status).toBe(400)
    expect(e.detail).toBe('The request body is invalid')
    expect(e.fieldErrors).toHaveLength(1)
  })

  it('falls back on the status for bodies that are not problems', () => {
    expect(problemToApiError(502, '<html>Bad gateway</html>').code).toBe('internal')
    expect(problemToApiError(401, undefined).code).toBe('unauthenticated')
    expect(problemToApiError(418, { detail: 'teapot' })).toMatchObject({ code: 'unknown', detail: 'teapot' })
  })
})
