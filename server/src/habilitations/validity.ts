/** The validity of a habilitation grant; pure, shared by the habilitation API and the booking engine. */

export interface GrantValidity {
  expiresAt: Date | null
  revokedAt: Date | null
}

/**
 * The instant a grant stops being valid (its expiry or its revocation, whichever comes first), or
 * null when it never does. A grant is valid at every instant before that one.
 */
export function grantValidUntil(grant: GrantValidity): Date | null {
  const ends = [grant.expiresAt, grant.revokedAt].filter((d): d is Date => d !== null)
  if (ends.length === 0) return null
  return new Date(Math.min(...ends.map((d) => d.getTime())))
}

/** Valid at `at`: not revoked by then, and no expiry or an expiry after `at`. */
export function isGrantValid(grant: GrantValidity, at: Date): boolean {
  const until = grantValidUntil(grant)
  return until === null || until.getTime() > at.getTime()
}
