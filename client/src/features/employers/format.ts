// Pure helpers for the employer pages: months (employers account in French months) and an
// allocation in plain words. Amounts are integer cents excluding VAT.
import type { TFunction } from 'i18next'
import type { Allocation } from '@fabrique/shared/employers/schema'
import { localDateIn, weekdayName } from '../../lib/datetime.ts'
import { formatEuros, formatMinutes } from '../billing/format.ts'

export const EMPLOYER_ZONE = 'Europe/Paris'
const intlLocale = (locale: string) => (locale.startsWith('en') ? 'en-GB' : 'fr-FR')

/** The month `YYYY-MM` of `now` in Paris. */
export function currentMonth(now = new Date()): string {
  return localDateIn(now, EMPLOYER_ZONE).slice(0, 7)
}

/** `2026-11` + 2 → `2027-01`; negative goes back. */
export function addMonths(month: string, n: number): string {
  const [y, m] = month.split('-').map(Number)
  const total = (y ?? 1970) * 12 + (m ?? 1) - 1 + n
  return `${Math.floor(total / 12)}-${String((total % 12) + 1).padStart(2, '0')}`
}

/** `2026-11` → "Novembre 2026" / "November 2026". */
export function formatMonth(month: string, locale: string): string {
  const [y, m] = month.split('-').map(Number)
  const s = new Intl.DateTimeFormat(intlLocale(locale), { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(
    new Date(Date.UTC(y ?? 1970, (m ?? 1) - 1, 15)),
  )
  return s.charAt(0).toLocaleUpperCase() + s.slice(1)
}

/** The months to choose from: `current` and the `count - 1` before it, newest first. */
export function recentMonths(current: string, count = 24): string[] {
  return Array.from({ length: count }, (_, i) => addMonths(current, -i))
}

/** "Du lundi au vendredi" for a run of 3 days or more, else the days listed; null: every day. */
export function weekdaysInWords(days: readonly number[], t: TFunction, locale: string): string | null {
  const sorted = [...new Set(days)].sort((a, b) => a - b)
  if (sorted.length === 0 || sorted.length === 7) return null
  // French writes weekdays in lower case inside a sentence; English capitalises them.
  const name = (d: number) => (locale.startsWith('en') ? weekdayName(d, locale) : weekdayName(d, locale).toLocaleLowerCase('fr-FR'))
  const first = sorted[0]!
  const last = sorted[sorted.length - 1]!
  if (sorted.length >= 3 && last - first === sorted.length - 1) {
    return t('employers.allocation.weekdayRange', { from: name(first), to: name(last) })
  }
  const list = new Intl.ListFormat(intlLocale(locale), { style: 'long', type: 'conjunction' })
  return t('employers.allocation.weekdayList', { days: list.format(sorted.map(name)) })
}

/** An allocation, sentence by sentence: budget, then where, what and when (only what is limited). */
export function allocationInWords(
  a: Allocation,
  t: TFunction,
  opts: { locale: string; lieuName: (lieuId: string) => string | undefined },
): string[] {
  const out: string[] = []
  const per = a.budgetPeriod === 'month' ? 'Month' : 'Total'
  if (a.budgetKind === 'none') out.push(t('employers.allocation.noBudget'))
  else if (a.budgetKind === 'days') out.push(t(`employers.allocation.days${per}`, { count: a.budgetAmount }))
  else out.push(t(`employers.allocation.euros${per}`, { amount: formatEuros(a.budgetAmount, opts.locale) }))
  const list = new Intl.ListFormat(intlLocale(opts.locale), { style: 'long', type: 'conjunction' })
  if (a.lieuIds.length > 0) {
    const names = a.lieuIds.map((id) => opts.lieuName(id) ?? t('employers.allocation.unknownLieu'))
    out.push(t('employers.allocation.lieux', { names: list.format(names) }))
  } else out.push(t('employers.allocation.anyLieu'))
  if (a.resourceKinds.length > 0) {
    out.push(t('employers.allocation.kinds', { kinds: list.format(a.resourceKinds.map((k) => t(`billing.kinds.${k}`))) }))
  }
  const days = weekdaysInWords(a.weekdays, t, opts.locale)
  if (days) out.push(days)
  return out
}

/** A pool's validity ends at the local midnight after its last day: that last day, as an instant. */
export function lastDayOf(validUntil: string): string {
  return new Date(Date.parse(validUntil) - 1).toISOString()
}

/** Days or hours of a pool: "15 jours", "7 h 30". */
export function poolAmount(unit: 'day' | 'minute', amount: number, t: TFunction): string {
  return unit === 'day' ? t('billing.days', { count: amount }) : formatMinutes(amount)
}

/** What an admin reads on a pool: awaiting its card payment, expired, used up, or active. */
export function poolStatus(
  p: { status: 'pending' | 'active' | 'cancelled'; validUntil: string; remaining: number },
  now: Date,
): 'pending' | 'expired' | 'used' | 'active' {
  if (p.status === 'pending') return 'pending'
  if (Date.parse(p.validUntil) <= now.getTime()) return 'expired'
  return p.remaining === 0 ? 'used' : 'active'
}
