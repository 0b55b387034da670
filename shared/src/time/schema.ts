import { z } from 'zod'
import { IANAZone } from 'luxon'

/** An instant: ISO 8601 with `Z` or an explicit offset. Naive date-times are refused. */
// Year 0000 is valid ISO 8601 but PostgreSQL (and the proleptic calendar we store) has no year 0.
const notYearZero = (s: string) => !s.startsWith('0000')

export const ZInstant = z.iso
  .datetime({ offset: true, message: 'expected an ISO 8601 date-time with Z or an offset' })
  .refine(notYearZero, { message: 'year 0000 does not exist' })

/** A local calendar date `YYYY-MM-DD` (interpreted in the lieu's zone). */
export const ZLocalDate = z.iso.date({ message: 'expected a date YYYY-MM-DD' }).refine(notYearZero, { message: 'year 0000 does not exist' })

/** A wall-clock time `HH:MM`; `24:00` is allowed as an end of day. */
export const ZLocalTime = z
  .string()
  .regex(/^(?:[01]\d|2[0-3]):[0-5]\d$|^24:00$/, { message: 'expected a time HH:MM (00:00–24:00)' })

export const ZTimeZone = z
  .string()
  .max(64)
  .refine((tz) => IANAZone.isValidZone(tz) && tz.includes('/'), { message: 'unknown IANA time zone' })
  // Luxon ignores case: store the canonical spelling (europe/paris → Europe/Paris).
  .transform((tz) => new Intl.DateTimeFormat('en', { timeZone: tz }).resolvedOptions().timeZone)

export function minutesToTime(m: number): string {
  return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`
}
export function timeToMinutes(t: string): number {
  const [h, m] = t.split(':').map(Number)
  return (h ?? 0) * 60 + (m ?? 0)
}
