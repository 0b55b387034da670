// Pricing and payment of bookings against the database: what the pure `priceBooking` needs
// (entitlements at the booking's start, the credit balance, the member's passes, opening hours),
// paying inside the booking's transaction, and giving back on a cancellation in time.
import type { Db, Tx } from '../db/prisma.ts'
import { AppError } from '../http/problem.ts'
import { bookableWindows, isClosed } from '../availability/windows.ts'
import { contains } from '../availability/intervals.ts'
import { localDateOf } from '../availability/local-days.ts'
import type { ResourceContext } from '../bookings/context.ts'
import { activeEntitlements } from '../subscriptions/entitlements.ts'
import { balance, debit, refund } from '../credits/ledger.ts'
import { returnToPass, usePass } from '../passes/ledger.ts'
import { hasRate, localDaysTouched, priceBooking, type PassHolding, type PriceInput, type PricePlan } from './price.ts'
import { employerCover, isCover, type EmployerCover, type EmployerRefusal } from '../employers/cover.ts'
import { allowancesOf, returnToPool, takeFromPool } from '../employers/pool-ledger.ts'

export interface Slot {
  userId: string
  start: Date
  end: Date
  seats: number
  /**
   * Who pays: `auto` (an employer's pool when an allocation allows it, else the member's own means),
   * `employer` (an employer must pay: refused with the reason otherwise), `personal` (never an
   * employer). `employerId` narrows to one employer.
   */
  paidBy?: 'auto' | 'employer' | 'personal'
  employerId?: string
}

/** The employers' answers for a slot: the first cover, and why the others (or all) refuse. */
export interface EmployerDecision {
  cover: EmployerCover | null
  refusals: EmployerRefusal[]
}

/**
 * Which employer pays the slot, if any. With `lock` (in the booking's transaction) the employee's
 * allocations are locked before the budgets are summed. Pools in `excludePoolIds` were found empty.
 */
export async function decideEmployer(
  db: Db | Tx,
  ctx: Pick<ResourceContext, 'lieuId' | 'networkId' | 'zone' | 'kind'>,
  slot: Slot,
  lock = false,
  excludePoolIds: readonly string[] = [],
): Promise<EmployerDecision> {
  if (slot.paidBy === 'personal') return { cover: null, refusals: [] }
  const allowances = await allowancesOf(
    db,
    { userId: slot.userId, lieuId: ctx.lieuId, networkId: ctx.networkId, zone: ctx.zone, start: slot.start, employerId: slot.employerId },
    lock,
  )
  const booking = {
    lieuId: ctx.lieuId,
    resourceKind: ctx.kind,
    zone: ctx.zone,
    start: slot.start,
    end: slot.end,
    seats: slot.seats,
    minutes: Math.round((slot.end.getTime() - slot.start.getTime()) / 60_000),
    days: localDaysTouched(slot.start, slot.end, ctx.zone),
  }
  const refusals: EmployerRefusal[] = []
  for (const a of allowances) {
    const answer = employerCover(a, booking, excludePoolIds)
    if (isCover(answer)) return { cover: answer, refusals }
    refusals.push(answer)
  }
  return { cover: null, refusals }
}

/** `paidBy: 'employer'` with no employer paying: the booking is refused with the employers' reasons. */
export function employerRefused(d: EmployerDecision): AppError {
  const detail = d.refusals.length ? d.refusals.map((r) => r.message).join(' ; ') : 'aucun employeur ne prend en charge vos réservations'
  return new AppError('employer_not_allowed', detail, {
    errors: [{ field: 'paidBy', message: detail }],
  })
}

/** Is [start, end) inside the lieu's opening hours (and not a closure)? */
export function withinOpeningHours(ctx: Pick<ResourceContext, 'zone' | 'openingHours' | 'closures'>, start: Date, end: Date) {
  const startDate = localDateOf(ctx.zone, start.getTime())
  if (isClosed(startDate, ctx.closures)) return false
  const open = bookableWindows(ctx.zone, startDate, localDateOf(ctx.zone, end.getTime()), ctx.openingHours, ctx.closures)
  return contains(open, { start: start.getTime(), end: end.getTime() })
}

/** The member's passes at the lieu usable at `start` (a drop-in's pass counts once its address is verified). */
async function passesOf(db: Db | Tx, userId: string, lieuId: string, start: Date): Promise<PassHolding[]> {
  const rows = await db.$queryRaw<{ id: string; remaining: number; valid_until: Date; kind: PassHolding['kind']; resource_kind: string | null }[]>`
    SELECT p.id, p.remaining, p.valid_until, pp.kind::text AS kind, pp.resource_kind
    FROM passes p JOIN pass_products pp ON pp.id = p.product_id
    WHERE pp.lieu_id = ${lieuId}::uuid AND p.remaining > 0 AND p.valid_until > ${start}
      AND (p.user_id = ${userId}::uuid
        OR (p.user_id IS NULL AND p.email = (SELECT u.email FROM users u WHERE u.id = ${userId}::uuid AND u.email_verified_at IS NOT NULL)))`
  return rows.map((p) => ({ id: p.id, kind: p.kind, resourceKind: p.resource_kind, remaining: p.remaining, validUntil: p.valid_until }))
}

/** Everything `priceBooking` needs, read from `db` (no lock: a preview, or before paying). */
export async function pricingInput(db: Db | Tx, ctx: ResourceContext, slot: Slot, employer?: EmployerDecision): Promise<PriceInput> {
  const entitlements = await activeEntitlements(db, slot.userId, ctx.lieuId, slot.start)
  return {
    employerCover: employer?.cover ?? null,
    rates: ctx.rates,
    resourceKind: ctx.kind,
    zone: ctx.zone,
    start: slot.start,
    end: slot.end,
    seats: slot.seats,
    vatExempt: ctx.vatExempt,
    entitlements,
    withinOpeningHours: withinOpeningHours(ctx, slot.start, slot.end),
    creditBalanceMinutes: await balance(db as Tx, { userId: slot.userId, lieuId: ctx.lieuId, resourceKind: ctx.kind }),
    passes: await passesOf(db, slot.userId, ctx.lieuId, slot.start),
  }
}

/** What a booking stores about its price and payment. */
export interface StoredPayment {
  priceExclCents: number
  vatRateBp: number
  paymentMeans: PricePlan['means']
  creditMinutes: number | null
  passId: string | null
  passAmount: number | null
}

/**
 * Prices the slot and pays for it in the booking's transaction: debits the credits (key `debitKey`)
 * or takes from the pass. A debit or pass that comes up short (a concurrent booking spent it) is
 * refused without failing the transaction, and the next means is tried; money at the counter is
 * the last resort. Returns what to store on the booking.
 */
export async function payInTransaction(
  tx: Tx,
  ctx: ResourceContext,
  slot: Slot,
  bookingId: string,
  now: Date,
  debitKey = `debit:${bookingId}`,
): Promise<{ plan: PricePlan; stored: StoredPayment }> {
  if (!hasRate(ctx.rates)) {
    // No rate: `free` whoever books and whatever they hold (priceBooking's first rule), so nothing
    // is read, locked or taken.
    const entitlements = { includedKinds: [], memberDiscountBp: 0 }
    const plan = priceBooking({ rates: ctx.rates, resourceKind: ctx.kind, zone: ctx.zone, start: slot.start, end: slot.end, seats: slot.seats, vatExempt: ctx.vatExempt, entitlements, withinOpeningHours: false, creditBalanceMinutes: 0, passes: [] })
    return { plan, stored: { priceExclCents: plan.priceExclCents, vatRateBp: plan.vatRateBp, paymentMeans: plan.means, creditMinutes: null, passId: null, passAmount: null } }
  }
  const excludedPools: string[] = []
  let employer = await decideEmployer(tx, ctx, slot, true)
  const input = await pricingInput(tx, ctx, slot, employer)
  const exclude = { credits: false, passIds: [] as string[] }
  for (;;) {
    // Included in a plan costs nobody anything: the employer pays only what would be paid.
    const plan = priceBooking({ ...input, employerCover: employer.cover, exclude })
    if (slot.paidBy === 'employer' && plan.means !== 'employer' && plan.means !== 'included' && plan.means !== 'free') {
      throw employerRefused(employer)
    }
    const stored: StoredPayment = {
      priceExclCents: plan.priceExclCents,
      vatRateBp: plan.vatRateBp,
      paymentMeans: plan.means,
      creditMinutes: null,
      passId: null,
      passAmount: null,
    }
    try {
      if (plan.means === 'credits') {
        await debit(tx, { userId: slot.userId, lieuId: ctx.lieuId, resourceKind: ctx.kind, minutes: plan.creditMinutes!, bookingId, uniqueKey: debitKey }, now)
        return { plan, stored: { ...stored, creditMinutes: plan.creditMinutes! } }
      }
      if (plan.means === 'pass') {
        await usePass(tx, plan.pass!.id, plan.pass!.amount, slot.start)
        return { plan, stored: { ...stored, passId: plan.pass!.id, passAmount: plan.pass!.amount } }
      }
      if (plan.means === 'employer') {
        const facts = { userId: slot.userId, bookingId, lieuId: ctx.lieuId, resourceKind: ctx.kind, start: slot.start, end: slot.end, days: plan.days, minutes: plan.minutes }
        await takeFromPool(tx, plan.employer!, facts, now)
        return { plan, stored }
      }
      return { plan, stored }
    } catch (e) {
      if (!(e instanceof AppError)) throw e
      if (e.code === 'pool_exhausted') {
        // Another employee took the pool's last units: the allocations are still locked, try the next pool.
        excludedPools.push(plan.employer!.poolId)
        employer = await decideEmployer(tx, ctx, slot, false, excludedPools)
      } else if (e.code === 'insufficient_credits') exclude.credits = true
      else if (e.code === 'pass_expired' || e.code === 'pass_exhausted') exclude.passIds.push(plan.pass!.id)
      else throw e
    }
  }
}

/** A booking's payment as stored (the columns `payInTransaction` filled). */
export interface PaidBooking {
  id: string
  userId: string
  lieuId: string
  paymentMeans: string | null
  creditMinutes: number | null
  passId: string | null
  passAmount: number | null
}

/**
 * Gives back what a booking took: its credits (key `refundKey`, once) or its pass day / minutes.
 * Money due on site was never taken: nothing to give back. Run once per release (the caller's
 * status change under the resource's lock guarantees it).
 */
export async function releasePayment(tx: Tx, b: PaidBooking, resourceKind: string, now: Date, refundKey = `refund:${b.id}`) {
  if (b.paymentMeans === 'credits' && b.creditMinutes) {
    await refund(tx, { userId: b.userId, lieuId: b.lieuId, resourceKind, minutes: b.creditMinutes, bookingId: b.id, uniqueKey: refundKey }, now)
  } else if (b.paymentMeans === 'pass' && b.passId && b.passAmount) {
    await returnToPass(tx, b.passId, b.passAmount)
  } else if (b.paymentMeans === 'employer') {
    await returnToPool(tx, b.id, now)
  }
}
