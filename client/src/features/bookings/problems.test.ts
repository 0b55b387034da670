import { describe, expect, it } from 'vitest'
import { createInstance } from 'i18next'
import { errorStatus } from '@fabrique/shared/errors'
import { ApiError, problemToApiError } from '../../lib/api.ts'
import { en } from '../../lib/locales/en.ts'
import { fr } from '../../lib/locales/fr.ts'
import { bookingProblemMessage, occurrenceReason } from './problems.ts'

const i18n = createInstance()
void i18n.init({ lng: 'fr', resources: { fr: { translation: fr }, en: { translation: en } }, interpolation: { escapeValue: false } })
const t = i18n.t
const PARIS = { zone: 'Europe/Paris', locale: 'fr' }

const problem = (code: keyof typeof errorStatus, extra: Record<string, unknown> = {}) =>
  problemToApiError(errorStatus[code], { type: 'about:blank', title: code, status: errorStatus[code], code, detail: 'English detail', ...extra })

const BOOKING_CODES = [
  'booking_conflict', 'invalid_transition', 'idempotency_key_reused', 'resource_archived', 'not_bookable',
  'outside_opening_hours', 'lieu_closed', 'not_on_granularity', 'too_short', 'too_long', 'in_the_past',
  'notice_too_short', 'beyond_booking_window', 'too_late_to_cancel', 'quota_day_reached', 'quota_week_reached',
  'habilitation_missing', 'referent_absent', 'capacity_exceeded', 'offer_expired', 'out_of_service',
] as const

describe('booking problems → messages', () => {
  it('gives every booking rule its own translated sentence, never the server’s English detail', () => {
    const seen = new Set<string>()
    for (const code of BOOKING_CODES) {
      const m = bookingProblemMessage(problem(code), t, PARIS)
      expect(m, code).toBe(fr.errors[code])
      expect(m).not.toContain('English detail')
      seen.add(m)
    }
    expect(seen.size).toBe(BOOKING_CODES.length)
  })

  it('explains the missing habilitation', () => {
    expect(bookingProblemMessage(problem('habilitation_missing'), t, PARIS)).toBe(
      'Cette machine demande une habilitation : demandez une formation au lieu.',
    )
  })

  it('names the conflicting interval in the lieu’s zone (the problem’s `conflict`)', () => {
    const e = problem('booking_conflict', { conflict: { startsAt: '2026-03-29T07:00:00Z', endsAt: '2026-03-29T08:30:00Z' } })
    expect(e).toBeInstanceOf(ApiError)
    expect((e as ApiError).conflict).toEqual({ startsAt: '2026-03-29T07:00:00Z', endsAt: '2026-03-29T08:30:00Z' })
    // 29 March 2026: Paris is on summer time (UTC+2) from 02:00 local.
    expect(bookingProblemMessage(e, t, PARIS)).toBe(
      'Ce créneau est déjà pris (dim. 29 mars 2026, 09:00–10:30). Choisissez un autre horaire.',
    )
  })

  it('gives the deadline of a late cancellation', () => {
    const msg = bookingProblemMessage(problem('too_late_to_cancel'), t, { ...PARIS, cancellableUntil: '2026-10-25T09:00:00Z' })
    // 25 October 2026: back to winter time (UTC+1).
    expect(msg).toBe('Trop tard : l’annulation n’était possible que jusqu’au 25 oct. 2026 à 10:00. Contactez l’équipe du lieu.')
  })

  it('speaks English too', async () => {
    await i18n.changeLanguage('en')
    expect(bookingProblemMessage(problem('habilitation_missing'), i18n.t, { zone: 'Europe/Paris', locale: 'en' })).toBe(
      'This machine needs a habilitation: ask the lieu for a training.',
    )
    await i18n.changeLanguage('fr')
  })

  it('explains a series occurrence by its code, or its detail when the code is unknown', () => {
    expect(occurrenceReason('lieu_closed', 'closed', t)).toBe(fr.errors.lieu_closed)
    expect(occurrenceReason('something_new', 'a detail', t)).toBe('a detail')
    expect(occurrenceReason(null, null, t)).toBe('')
  })
})
