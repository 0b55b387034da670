// Pricing of a booking: pure (no I/O; the zone, balances and passes are passed in).
//
// 1. The price: the cheapest of the hourly rate (per real elapsed minute), the half-day rate (up to
//    4 h within one local day) and the day rate (per local day touched; two half-days when only a
//    half-day rate is set), times the seats; the member's discount; VAT on the line, rounded as an
//    invoice line is (invoices/money.ts); none for a VAT-exempt lieu.
// 2. How it is paid, in this order: `free` (no rate, or nothing to pay), `included` (a kind an active
//    plan includes, during opening hours), `employer` (an employer's pool, when its allocation
//    allows it: employers/cover.ts decides, this module only places it in the order), `credits` (the balance of that kind covers the whole
//    duration), `pass` (a day pass / carnet covering the day, or an hour pack of that kind covering
//    the minutes), else `on_site` (money at the counter; `card` comes with Stripe).
import { DateTime } from 'luxon'
import type { ResourceKind } from '@fabrique/shared/resources/schema'
import { DEFAULT_VAT_RATE_BP, type PaymentMeans, type ResourceRates } from '@fabrique/shared/pricing/schema'
import { divRound, formatEuros, formatRate, lineAmounts } from '../invoices/money.ts'
import type { EmployerCover } from '../employers/cover.ts'

export type PassKind = 'day_pass' | 'carnet' | 'hour_pack'

/** A pass the member holds (what `usePass` would take from). */
export interface PassHolding {
  id: string
  kind: PassKind
  /** An hour pack's kind; a day pass or carnet may be limited to one kind too (null: any). */
  resourceKind: string | null
  /** Days (day pass, carnet) or minutes (hour pack). */
  remaining: number
  validUntil: Date
}

export interface PriceInput {
  rates: ResourceRates
  resourceKind: ResourceKind
  /** The lieu's IANA zone: days and half-days are local. */
  zone: string
  start: Date
  end: Date
  seats?: number
  vatExempt: boolean
  entitlements: { includedKinds: readonly string[]; memberDiscountBp: number }
  /** Is [start, end) inside the lieu's opening hours (an included kind counts only then)? */
  withinOpeningHours: boolean
  /** The member's credit balance for the resource's kind, in minutes. */
  creditBalanceMinutes: number
  passes: readonly PassHolding[]
  /** The employer's pool that pays the booking, when one does (employers/cover.ts). */
  employerCover?: EmployerCover | null
  /** Means already tried and refused (a debit that came up short under concurrency). */
  exclude?: { credits?: boolean; passIds?: readonly string[] }
}

export type PriceTier = 'none' | 'hour' | 'half_day' | 'day'

export interface PricePlan {
  tier: PriceTier
  /** Real elapsed minutes. */
  minutes: number
  /** Local days touched. */
  days: number
  /** The rate price (all seats), before the discount, excluding VAT. */
  listExclCents: number
  discountBp: number
  /** The price after the discount, excluding VAT (what is due when paid in money). */
  fullExclCents: number
  vatRateBp: number
  /** Due in money: the price for `on_site` / `card`, 0 otherwise. */
  priceExclCents: number
  vatCents: number
  priceInclCents: number
  means: PaymentMeans
  creditMinutes?: number
  pass?: { id: string; kind: PassKind; amount: number }
  employer?: EmployerCover
  label: string
}

const HALF_DAY_MINUTES = 240

/** Local calendar days the interval [start, end) touches. */
export function localDaysTouched(start: Date, end: Date, zone: string): number {
  const first = DateTime.fromJSDate(start, { zone }).startOf('day')
  const last = DateTime.fromMillis(end.getTime() - 1, { zone }).startOf('day')
  return Math.round(last.diff(first, 'days').days) + 1
}

export const hasRate = (r: ResourceRates) =>
  r.hourCents !== undefined || r.halfDayCents !== undefined || r.dayCents !== undefined

/** The cheapest applicable rate for one seat (ties: hour, then half-day, then day). */
export function ratePrice(rates: ResourceRates, minutes: number, days: number): { tier: PriceTier; cents: number } {
  const options: { tier: PriceTier; cents: number }[] = []
  if (rates.hourCents !== undefined) options.push({ tier: 'hour', cents: divRound(rates.hourCents * minutes, 60) })
  if (rates.halfDayCents !== undefined && days === 1 && minutes <= HALF_DAY_MINUTES) {
    options.push({ tier: 'half_day', cents: rates.halfDayCents })
  }
  const day = rates.dayCents ?? (rates.halfDayCents !== undefined ? 2 * rates.halfDayCents : undefined)
  if (day !== undefined) options.push({ tier: 'day', cents: day * days })
  if (options.length === 0) return { tier: 'none', cents: 0 }
  return options.reduce((best, o) => (o.cents < best.cents ? o : best))
}

/** « 2 h 30 », « 45 min », « 3 h ». */
export function formatMinutes(m: number): string {
  const h = Math.floor(m / 60)
  const r = m % 60
  if (h === 0) return `${r} min`
  return r === 0 ? `${h} h` : `${h} h ${String(r).padStart(2, '0')}`
}

function tierLabel(tier: PriceTier, minutes: number, days: number) {
  if (tier === 'half_day') return 'Demi-journée'
  if (tier === 'day') return days === 1 ? 'Journée' : `${days} journées`
  return `${formatMinutes(minutes)} au tarif horaire`
}

/** Prices a booking and chooses how it is paid. */
export function priceBooking(input: PriceInput): PricePlan {
  const seats = input.seats ?? 1
  const minutes = Math.round((input.end.getTime() - input.start.getTime()) / 60_000)
  if (minutes <= 0) throw new RangeError('priceBooking: the booking must end after it starts')
  const days = localDaysTouched(input.start, input.end, input.zone)
  const vatRateBp = input.vatExempt ? 0 : (input.rates.vatRateBp ?? DEFAULT_VAT_RATE_BP)
  const { tier, cents } = ratePrice(input.rates, minutes, days)
  const listExclCents = cents * seats
  const discountBp = Math.min(10_000, Math.max(0, input.entitlements.memberDiscountBp))
  const fullExclCents = listExclCents - divRound(listExclCents * discountBp, 10_000)
  const base = { tier, minutes, days, listExclCents, discountBp, fullExclCents, vatRateBp }
  const nothingDue = { priceExclCents: 0, vatCents: 0, priceInclCents: 0 }

  if (tier === 'none' || fullExclCents === 0) {
    return { ...base, ...nothingDue, means: 'free', label: 'Gratuit' }
  }
  if (seats === 1 && input.withinOpeningHours && input.entitlements.includedKinds.includes(input.resourceKind)) {
    return { ...base, ...nothingDue, means: 'included', label: 'Inclus dans votre formule' }
  }
  if (input.employerCover) {
    const c = input.employerCover
    const what = c.unit === 'day' ? '1 jour de pass' : `${formatMinutes(c.units)} de pass`
    return { ...base, ...nothingDue, means: 'employer', employer: c, label: `Pris en charge par ${c.employerName} (${what})` }
  }
  const creditMinutes = minutes * seats
  if (!input.exclude?.credits && input.creditBalanceMinutes >= creditMinutes) {
    return { ...base, ...nothingDue, means: 'credits', creditMinutes, label: `${formatMinutes(creditMinutes)} de crédits` }
  }
  const pass = seats === 1 ? choosePass(input, minutes, days) : null
  if (pass) {
    const label =
      pass.kind === 'hour_pack'
        ? `${formatMinutes(pass.amount)} de votre pack d'heures`
        : pass.kind === 'carnet'
          ? '1 jour de votre carnet'
          : 'Votre pass journée'
    return { ...base, ...nothingDue, means: 'pass', pass, label }
  }
  const line = lineAmounts({ quantity: 1, unitPriceExclCents: fullExclCents, vatRateBp })
  const parts = [tierLabel(tier, minutes, days)]
  if (seats > 1) parts.push(`${seats} places`)
  if (discountBp > 0) parts.push(`remise ${formatRate(discountBp)}`)
  const amount = input.vatExempt ? formatEuros(line.totalInclCents) : `${formatEuros(line.totalInclCents)} TTC`
  return {
    ...base,
    priceExclCents: line.totalExclCents,
    vatCents: line.vatCents,
    priceInclCents: line.totalInclCents,
    means: 'on_site',
    label: `${parts.join(', ')} : ${amount} à régler sur place`,
  }
}

/**
 * The pass to use: valid over the whole booking, of a matching kind, with enough left; a day pass
 * or carnet only for a booking within one local day. The one expiring first, an hour pack before a
 * day on the same expiry.
 */
function choosePass(input: PriceInput, minutes: number, days: number): { id: string; kind: PassKind; amount: number } | null {
  const excluded = new Set(input.exclude?.passIds ?? [])
  const usable = input.passes
    .filter((p) => !excluded.has(p.id))
    .filter((p) => input.start < p.validUntil && input.end <= p.validUntil)
    .map((p) => {
      if (p.kind === 'hour_pack') {
        return p.resourceKind === input.resourceKind && p.remaining >= minutes ? { p, amount: minutes } : null
      }
      const kindOk = p.resourceKind === null || p.resourceKind === input.resourceKind
      return kindOk && days === 1 && p.remaining >= 1 ? { p, amount: 1 } : null
    })
    .filter((x): x is { p: PassHolding; amount: number } => x !== null)
    .sort(
      (a, b) =>
        a.p.validUntil.getTime() - b.p.validUntil.getTime() ||
        Number(b.p.kind === 'hour_pack') - Number(a.p.kind === 'hour_pack') ||
        a.p.id.localeCompare(b.p.id),
    )
  const first = usable[0]
  return first ? { id: first.p.id, kind: first.p.kind, amount: first.amount } : null
}
