import { describe, expect, it } from 'vitest'
import type { KioskBookingDto } from '@fabrique/shared/checkin/schema'
import { ApiError } from '../../lib/api.ts'
import { CHOICES_MS, RESULT_MS, kioskErrorOf, kioskViewOf, viewDuration } from './kiosk.ts'
import { deviceUrl, tokenFromHash } from './deviceToken.ts'

const booking: KioskBookingDto = {
  id: '00000000-0000-4000-8000-000000000001',
  firstName: 'Camille',
  resource: { id: '00000000-0000-4000-8000-000000000002', name: 'Poste 3', kind: 'desk' },
  startsAt: '2026-11-27T08:00:00.000Z',
  endsAt: '2026-11-27T11:00:00.000Z',
  seats: 1,
  status: 'checked_in',
}
const problem = (status: number, code: ApiError['code'], detail?: string) => new ApiError(status, { code, detail })

describe('kiosk results', () => {
  it('maps a booking code to a welcome or a goodbye', () => {
    expect(kioskViewOf({ kind: 'booking', action: 'checked_in', booking })).toEqual({ kind: 'welcome', booking })
    expect(kioskViewOf({ kind: 'booking', action: 'checked_out', booking: { ...booking, status: 'completed' } }).kind).toBe('goodbye')
  })

  it('maps a member card to its choices, shown longer', () => {
    const v = kioskViewOf({ kind: 'member', member: { firstName: 'Camille' }, bookings: [booking], walkIn: [] })
    expect(v.kind).toBe('member')
    expect(viewDuration(v)).toBe(CHOICES_MS)
    expect(viewDuration({ kind: 'welcome', booking })).toBe(RESULT_MS)
    expect(RESULT_MS).toBe(8_000)
  })

  it('says what went wrong in plain words', () => {
    expect(kioskErrorOf(problem(404, 'not_found', 'code not recognised'))).toEqual({ kind: 'error', error: 'notRecognised' })
    expect(kioskErrorOf(problem(400, 'validation_failed')).error).toBe('notRecognised')
    expect(kioskErrorOf(problem(410, 'token_invalid', 'this code has expired')).error).toBe('expired')
    expect(kioskErrorOf(problem(409, 'invalid_transition', 'too early: this code works from 2026-11-27T07:30:00.000Z'))).toEqual({
      kind: 'error',
      error: 'tooEarlyAt',
      from: '2026-11-27T07:30:00.000Z',
    })
    expect(kioskErrorOf(problem(409, 'invalid_transition', 'check-in opens 15 minutes before the start and closes at the end')).error).toBe('tooEarly')
    expect(kioskErrorOf(problem(409, 'invalid_transition', 'a cancelled booking cannot be checked in or out')).error).toBe('notNow')
    expect(kioskErrorOf(problem(409, 'booking_conflict')).error).toBe('full')
    expect(kioskErrorOf(problem(422, 'capacity_exceeded')).error).toBe('full')
    expect(kioskErrorOf(problem(422, 'outside_opening_hours')).error).toBe('closed')
    expect(kioskErrorOf(problem(422, 'quota_day_reached')).error).toBe('notAllowed')
    expect(kioskErrorOf(problem(401, 'unauthenticated')).error).toBe('device')
    expect(kioskErrorOf(problem(403, 'forbidden')).error).toBe('device')
    expect(kioskErrorOf(problem(0, 'network_error')).error).toBe('network')
    expect(kioskErrorOf(problem(429, 'rate_limited')).error).toBe('busy')
    expect(kioskErrorOf(problem(500, 'internal')).error).toBe('unknown')
    expect(kioskErrorOf(new Error('boom')).error).toBe('unknown')
  })
})

describe('device tokens', () => {
  it('reads the token from the fragment and builds the device URL', () => {
    expect(tokenFromHash('#token=abc_DEF-123')).toBe('abc_DEF-123')
    expect(tokenFromHash('')).toBeNull()
    expect(tokenFromHash('#other=1')).toBeNull()
    expect(deviceUrl('https://fabrique.example', 'kiosk', 'abc')).toBe('https://fabrique.example/borne#token=abc')
    expect(deviceUrl('https://fabrique.example', 'lobby', 'abc')).toBe('https://fabrique.example/ecran#token=abc')
  })
})
