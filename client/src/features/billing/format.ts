// Pure helpers for the billing pages: money, durations, periods and entitlements in words.
// Amounts are integer cents (EUR); dates of a lieu are shown in the lieu's zone.
import type { TFunction } from 'i18next'
import type { Entitlements, PlanDto } from '@fabrique/shared/billing/schema'
import { localDateIn } from '../../lib/datetime.ts'

const intlLocale = (locale: string) => (locale.startsWith('en') ? 'en-GB' : 'fr-FR')
const KINDS = ['desk', 'room', 'machine', 'zone'] as const

/** 123450 → "1 234,50 €" (fr) / "€1,234.50" (en). */
export function formatEuros(cents: number, locale = 'fr'): string {
  return new Intl.NumberFormat(intlLocale(locale), { style: 'currency', currency: 'EUR' }).format(cents / 100)
}

/** 2000 → "20 %" (fr) / "20%" (en); 550 → "5,5 %". */
export function formatVatRate(bp: number, locale = 'fr'): string {
  return new Intl.NumberFormat(intlLocale(locale), { style: 'percent', maximumFractionDigits: 2 }).format(
    bp / 10_000,
  )
}

/** Minutes → "2 h 30", "45 min", "10 h" (the same in both languages); negative keeps its sign. */
export function formatMinutes(minutes: number): string {
  const sign = minutes < 0 ? '−' : ''
  const m = Math.abs(minutes)
  const h = Math.floor(m / 60)
  const rest = m % 60
  if (h === 0) return `${sign}${rest} min`
  return rest === 0 ? `${sign}${h} h` : `${sign}${h} h ${String(rest).padStart(2, '0')}`
}

/** "12,5" / "12.50" / "12" typed by a person → cents (null when not a non-negative amount). */
export function parseEuros(input: string): number | null {
  const s = input.replace(/[\s\u00a0\u202f€]/g, '').replace(',', '.')
  if (!/^\d+(\.\d{1,2})?$/.test(s)) return null
  return Math.round(Number(s) * 100)
}

/** Cents → the value of a euros input: 1250 → "12,50" (fr) / "12.50" (en). */
export function centsToInput(cents: number, locale = 'fr'): string {
  const s = (cents / 100).toFixed(2)
  return locale.startsWith('en') ? s : s.replace('.', ',')
}

/** A calendar date of an instant in a zone: "26 nov. 2026". */
export function formatDateIn(iso: string, timeZone: string, locale = 'fr'): string {
  return new Intl.DateTimeFormat(intlLocale(locale), { dateStyle: 'medium', timeZone }).format(new Date(iso))
}

/** The paid-up span of a subscription, in the lieu's zone: "du 26 nov. 2026 au 26 déc. 2026"; null when empty. */
export function formatPeriod(
  startIso: string,
  endIso: string,
  timeZone: string,
  t: TFunction,
  locale = 'fr',
): string | null {
  if (Date.parse(startIso) >= Date.parse(endIso)) return null
  return t('billing.period', {
    from: formatDateIn(startIso, timeZone, locale),
    to: formatDateIn(endIso, timeZone, locale),
  })
}

/** Today's date `YYYY-MM-DD` in a zone. */
export function todayIn(timeZone: string, now = new Date()): string {
  return localDateIn(now, timeZone)
}

/**
 * The instant to send for a payment received on a local date: now when it is today in the lieu,
 * else noon UTC of that date (inside that day in every European zone, never in the future).
 */
export function paidAtFor(localDate: string, timeZone: string, now = new Date()): string {
  if (!localDate || localDate >= todayIn(timeZone, now)) return now.toISOString()
  return `${localDate}T12:00:00.000Z`
}

/** What a plan gives, sentence by sentence, for a member reading the offer. */
export function entitlementsInWords(
  e: Entitlements,
  t: TFunction,
  opts: { resourceNames?: Record<string, string> } = {},
): string[] {
  const out: string[] = []
  if (e.includedKinds.length > 0) {
    const names = e.includedKinds.map((k) => t(`billing.kinds.${k}`))
    out.push(t('billing.entitlements.included', { kinds: listFormat(names, t) }))
  }
  for (const k of KINDS) {
    const m = e.monthlyCreditMinutes[k]
    if (m) out.push(t('billing.entitlements.monthlyCredits', { amount: formatMinutes(m), kind: t(`billing.kinds.${k}`) }))
  }
  if (e.memberDiscountBp > 0)
    out.push(t('billing.entitlements.discount', { rate: formatVatRate(e.memberDiscountBp, t('billing.locale')) }))
  if (e.maxConcurrentBookings !== null)
    out.push(t('billing.entitlements.maxConcurrent', { count: e.maxConcurrentBookings }))
  if (e.bookingWindowDays !== null) out.push(t('billing.entitlements.window', { count: e.bookingWindowDays }))
  if (e.planOnlyResourceIds.length > 0) {
    const names = e.planOnlyResourceIds.map((id) => opts.resourceNames?.[id]).filter((n): n is string => !!n)
    out.push(
      names.length === e.planOnlyResourceIds.length
        ? t('billing.entitlements.planOnlyNamed', { names: listFormat(names, t) })
        : t('billing.entitlements.planOnly', { count: e.planOnlyResourceIds.length }),
    )
  }
  return out
}

function listFormat(items: string[], t: TFunction): string {
  const lf = new Intl.ListFormat(intlLocale(t('billing.locale')), { style: 'long', type: 'conjunction' })
  return lf.format(items)
}

/** "par mois" / "par an" price suffix key, and the adhésion first then the cheapest. */
export function sortPlans(plans: PlanDto[]): PlanDto[] {
  return [...plans].sort(
    (a, b) =>
      (a.kind === 'membership' ? 0 : 1) - (b.kind === 'membership' ? 0 : 1) ||
      a.priceInclCents - b.priceInclCents ||
      a.name.localeCompare(b.name),
  )
}

/** The remaining part of a pass, in words: "3 jours", "2 h 30". */
export function passRemaining(kind: 'day_pass' | 'carnet' | 'hour_pack', remaining: number, t: TFunction): string {
  return kind === 'hour_pack' ? formatMinutes(remaining) : t('billing.days', { count: remaining })
}

/** Hours typed by a manager ("2,5") → minutes (null when not a non-negative number). */
export function hoursToMinutes(input: string): number | null {
  const s = input.trim().replace(',', '.')
  if (s === '') return 0
  if (!/^-?\d+(\.\d+)?$/.test(s)) return null
  return Math.round(Number(s) * 60)
}
