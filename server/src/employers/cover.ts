// Whether an employer pays a booking, and from which pool: pure (the allocation, what the employee
// used in the budget period and the pools are passed in). The booking engine calls it under the
// allocation's row lock, so two bookings of one employee cannot both fit in the last of a budget.
import { DateTime } from 'luxon'
import type { Allocation } from '@fabrique/shared/employers/schema'
import { divRound } from '../invoices/money.ts'

export interface PoolHolding {
  id: string
  unit: 'day' | 'minute'
  /** null: any kind (a day pass not limited to a kind). */
  resourceKind: string | null
  remaining: number
  validFrom: Date
  validUntil: Date
  productPriceCents: number
  productQuantity: number
}

export interface EmployerAllowance {
  employerId: string
  employerName: string
  allocation: Allocation
  /** Used in the booking's budget period (its month, or ever for a total budget), not reversed. */
  used: { days: number; valueExclCents: number }
  pools: readonly PoolHolding[]
}

export interface CoverBooking {
  lieuId: string
  resourceKind: string
  zone: string
  start: Date
  end: Date
  seats: number
  /** Real elapsed minutes and local days touched. */
  minutes: number
  days: number
}

export interface EmployerCover {
  employerId: string
  employerName: string
  poolId: string
  unit: 'day' | 'minute'
  units: number
  valueExclCents: number
}

export type RefusalReason = 'seats' | 'lieu' | 'resource_kind' | 'weekday' | 'budget' | 'no_pool'

export interface EmployerRefusal {
  employerId: string
  employerName: string
  reason: RefusalReason
  /** A French sentence for the booking dialog. */
  message: string
}

const WEEKDAYS = ['', 'le lundi', 'le mardi', 'le mercredi', 'le jeudi', 'le vendredi', 'le samedi', 'le dimanche']

/** A unit's worth: a pool unit is the product's price over its quantity (a day of a 10-day carnet). */
export const unitsValue = (p: Pick<PoolHolding, 'productPriceCents' | 'productQuantity'>, units: number) =>
  divRound(units * p.productPriceCents, p.productQuantity)

/** The pool units a booking takes from `p`, or null when it does not fit that pool. */
function unitsFrom(p: PoolHolding, b: CoverBooking): number | null {
  if (b.start < p.validFrom || b.end > p.validUntil) return null
  if (p.unit === 'day') {
    const kindOk = p.resourceKind === null || p.resourceKind === b.resourceKind
    return kindOk && b.days === 1 && p.remaining >= 1 ? 1 : null
  }
  return p.resourceKind === b.resourceKind && p.remaining >= b.minutes ? b.minutes : null
}

/** The employer's pool for this booking (expiring first), or why the employer does not pay it. */
export function employerCover(
  a: EmployerAllowance,
  b: CoverBooking,
  excludePoolIds: readonly string[] = [],
): EmployerCover | EmployerRefusal {
  const who = { employerId: a.employerId, employerName: a.employerName }
  const refuse = (reason: RefusalReason, message: string): EmployerRefusal => ({ ...who, reason, message })
  const al = a.allocation
  if (b.seats !== 1) return refuse('seats', `${a.employerName} paie une place à la fois`)
  if (al.lieuIds.length > 0 && !al.lieuIds.includes(b.lieuId)) {
    return refuse('lieu', `${a.employerName} ne prend pas en charge ce lieu`)
  }
  if (al.resourceKinds.length > 0 && !al.resourceKinds.includes(b.resourceKind as never)) {
    return refuse('resource_kind', `${a.employerName} ne prend pas en charge ce type d’espace`)
  }
  const weekday = DateTime.fromJSDate(b.start, { zone: b.zone }).weekday
  if (al.weekdays.length > 0 && !al.weekdays.includes(weekday)) {
    return refuse('weekday', `${a.employerName} ne prend pas en charge ${WEEKDAYS[weekday]}`)
  }
  const excluded = new Set(excludePoolIds)
  const fitting = a.pools
    .filter((p) => !excluded.has(p.id))
    .map((p) => ({ p, units: unitsFrom(p, b) }))
    .filter((x): x is { p: PoolHolding; units: number } => x.units !== null)
    .sort(
      (x, y) =>
        x.p.validUntil.getTime() - y.p.validUntil.getTime() ||
        Number(y.p.unit === 'minute') - Number(x.p.unit === 'minute') ||
        x.p.id.localeCompare(y.p.id),
    )
  const first = fitting[0]
  if (!first) return refuse('no_pool', `${a.employerName} n’a plus de pass valable pour cette réservation`)
  const valueExclCents = unitsValue(first.p, first.units)
  const period = al.budgetPeriod === 'month' ? 'ce mois-ci' : 'au total'
  if (al.budgetKind === 'days' && a.used.days + b.days > al.budgetAmount) {
    return refuse('budget', `budget de ${al.budgetAmount} jour(s) ${period} atteint chez ${a.employerName} (${a.used.days} utilisé(s))`)
  }
  if (al.budgetKind === 'euros' && a.used.valueExclCents + valueExclCents > al.budgetAmount) {
    const eur = (c: number) => `${(c / 100).toFixed(2).replace('.', ',')} €`
    return refuse('budget', `budget de ${eur(al.budgetAmount)} HT ${period} atteint chez ${a.employerName} (${eur(a.used.valueExclCents)} utilisés)`)
  }
  return { ...who, poolId: first.p.id, unit: first.p.unit, units: first.units, valueExclCents }
}

export const isCover = (x: EmployerCover | EmployerRefusal): x is EmployerCover => 'poolId' in x

/** The budget period of a booking starting at `start`: its local month, or all time. */
export function budgetPeriod(period: 'month' | 'total', start: Date, zone: string): { from: Date; to: Date } | null {
  if (period === 'total') return null
  const m = DateTime.fromJSDate(start, { zone }).startOf('month')
  return { from: m.toJSDate(), to: m.plus({ months: 1 }).toJSDate() }
}
