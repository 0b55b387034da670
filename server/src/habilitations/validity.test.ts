import { describe, expect, it } from 'vitest'
import { grantValidUntil, isGrantValid } from './validity.ts'

const at = new Date('2026-11-27T09:00:00Z')
const d = (s: string) => new Date(s)

describe('isGrantValid', () => {
  it('is valid without expiry nor revocation', () => {
    expect(isGrantValid({ expiresAt: null, revokedAt: null }, at)).toBe(true)
    expect(grantValidUntil({ expiresAt: null, revokedAt: null })).toBeNull()
  })
  it('stops at the expiry, exclusive', () => {
    const g = { expiresAt: d('2026-11-27T10:00:00Z'), revokedAt: null }
    expect(isGrantValid(g, at)).toBe(true)
    expect(isGrantValid(g, d('2026-11-27T09:59:59.999Z'))).toBe(true)
    expect(isGrantValid(g, d('2026-11-27T10:00:00Z'))).toBe(false)
  })
  it('stops at the revocation, even before the expiry', () => {
    const g = { expiresAt: d('2027-01-01T00:00:00Z'), revokedAt: d('2026-11-27T08:00:00Z') }
    expect(isGrantValid(g, at)).toBe(false)
    expect(isGrantValid(g, d('2026-11-27T07:00:00Z'))).toBe(true)
    expect(grantValidUntil(g)).toEqual(d('2026-11-27T08:00:00Z'))
  })
  it('takes the earlier of expiry and revocation', () => {
    expect(
      grantValidUntil({ expiresAt: d('2026-11-01T00:00:00Z'), revokedAt: d('2026-12-01T00:00:00Z') }),
    ).toEqual(d('2026-11-01T00:00:00Z'))
  })
})
