import { DateTime } from 'luxon'
import type { Locale } from '@fabrique/shared/auth/schema'

/**
 * A slot in the lieu's zone, written the way the reader's language does:
 * fr "vendredi 27 novembre 2026, 09:00–12:00", en "Friday 27 November 2026, 09:00–12:00".
 * A slot over several days names both dates.
 */
export function formatSlot(start: Date, end: Date, zone: string, locale: Locale): string {
  const s = DateTime.fromJSDate(start, { zone }).setLocale(locale)
  const e = DateTime.fromJSDate(end, { zone }).setLocale(locale)
  if (s.hasSame(e, 'day')) return `${formatDay(start, zone, locale)}, ${s.toFormat('HH:mm')}–${e.toFormat('HH:mm')}`
  return `${formatDay(start, zone, locale)}, ${s.toFormat('HH:mm')} – ${formatDay(end, zone, locale)}, ${e.toFormat('HH:mm')}`
}

/** fr "vendredi 27 novembre 2026", en "Friday 27 November 2026" (in the lieu's zone). */
export function formatDay(d: Date, zone: string, locale: Locale): string {
  return DateTime.fromJSDate(d, { zone }).setLocale(locale).toFormat('cccc d LLLL yyyy')
}

/** A single instant: fr "vendredi 27 novembre 2026 à 09:00", en "Friday 27 November 2026 at 09:00". */
export function formatInstant(d: Date, zone: string, locale: Locale): string {
  const t = DateTime.fromJSDate(d, { zone }).toFormat('HH:mm')
  return `${formatDay(d, zone, locale)} ${locale === 'en' ? 'at' : 'à'} ${t}`
}

/** "1 rue de la Paix, 12100 Millau" — the parts that are filled in. */
export function formatAddress(l: { street: string; postalCode: string; city: string }): string {
  return [l.street, [l.postalCode, l.city].filter(Boolean).join(' ')].filter(Boolean).join(', ')
}
