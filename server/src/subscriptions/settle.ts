import type { AppDeps } from '../app-deps.ts'
import type { Tx } from '../db/prisma.ts'
import { AppError, notFound } from '../http/problem.ts'
import { dueExpiries, expire, grant } from '../credits/ledger.ts'
import { entitlementsOf } from '../plans/dto.ts'
import { invoicePaidItem, localDate } from '../payments/invoice.ts'
import type { ConfirmedPayment } from '../payments/provider.ts'
import { inGoodStanding } from './dto.ts'
import { addIntervals, sliceAt } from './periods.ts'
import { subscriptionInclude, subscriptionRepo } from './repo.ts'

// The life of a subscription once paid, shared by every payment provider: settling a payment, and
// the tick (credits granted and expired, period end). Everything runs in the caller's transaction.

const grantPrefix = (subscriptionId: string) => `grant:${subscriptionId}:`

/** The key of a month's grant: exactly once per subscription, slice and resource kind. */
export const grantKey = (subscriptionId: string, sliceStart: Date, kind: string) =>
  `${grantPrefix(subscriptionId)}${sliceStart.toISOString()}:${kind}`

/**
 * Does the member hold an adhésion at the lieu? Active and paid up at `now`; with `acceptPending`,
 * one awaiting its payment (past_due) counts too (asking for a plan while the adhésion is being paid).
 */
export async function holdsMembership(
  tx: Tx | AppDeps['db'],
  userId: string,
  lieuId: string,
  now: Date,
  acceptPending = false,
) {
  const subs = await tx.subscription.findMany({
    where: {
      userId,
      plan: { lieuId, kind: 'membership' },
      status: { in: acceptPending ? ['active', 'past_due'] : ['active'] },
    },
    select: { status: true, currentPeriodStart: true, currentPeriodEnd: true },
  })
  return subs.some((s) => inGoodStanding(s, now) || (acceptPending && s.status === 'past_due'))
}

/**
 * Brings a subscription up to date at `now` (idempotent; the job `subscriptions.tick` runs it at
 * every boundary, and every change of state runs it too):
 *   1. the grants of this subscription whose month has ended expire (their unused part);
 *   2. an active subscription past its paid-up span becomes `cancelled` (cancel at period end) or
 *      `past_due` (a manual renewal is awaited);
 *   3. an active, paid-up subscription receives the current month's credits (once per month);
 *   4. the next tick is queued at the next boundary (month end, span end, a grant's expiry).
 */
export async function tick(deps: AppDeps, tx: Tx, subscriptionId: string, now: Date): Promise<void> {
  const repo = subscriptionRepo(tx)
  await repo.lock(subscriptionId)
  let s = await repo.get(subscriptionId)
  if (!s) return
  for (const g of await dueExpiries(tx, { uniqueKeyPrefix: grantPrefix(s.id) }, now))
    await expire(tx, g.id, now)

  if (s.status === 'active' && now >= s.currentPeriodEnd) {
    s = await tx.subscription.update({
      where: { id: s.id },
      data: s.cancelAtPeriodEnd
        ? { status: 'cancelled', cancelledAt: s.currentPeriodEnd, cancelAtPeriodEnd: false }
        : { status: 'past_due' },
      include: subscriptionInclude,
    })
  }
  const zone = s.plan.lieu.timeZone
  const slice = s.status === 'active' ? sliceAt(s.currentPeriodStart, s.currentPeriodEnd, zone, now) : null
  if (slice) {
    const credits = entitlementsOf(s.plan.entitlements).monthlyCreditMinutes
    for (const [kind, minutes] of Object.entries(credits)) {
      if (!minutes) continue
      await grant(
        tx,
        {
          userId: s.userId,
          lieuId: s.plan.lieuId,
          resourceKind: kind,
          minutes,
          reason: 'plan_grant',
          note: `${s.plan.name}: ${localDate(slice.start, zone)} – ${localDate(new Date(slice.end.getTime() - 1), zone)}`,
          uniqueKey: grantKey(s.id, slice.start, kind),
          expiresAt: slice.end,
        },
        now,
      )
    }
  }
  const next: Date[] = []
  if (slice) next.push(slice.end)
  // Paid ahead, starting later (a plan change scheduled at the previous plan's period end).
  if (s.status === 'active' && s.currentPeriodStart > now) next.push(s.currentPeriodStart)
  if ((s.status === 'active' || s.status === 'paused') && s.currentPeriodEnd > now)
    next.push(s.currentPeriodEnd)
  const pending = await tx.creditEntry.findFirst({
    where: { uniqueKey: { startsWith: grantPrefix(s.id) }, minutes: { gt: 0 }, expiresAt: { gt: now } },
    orderBy: { expiresAt: 'asc' },
    select: { expiresAt: true },
  })
  if (pending?.expiresAt) next.push(pending.expiresAt)
  if (next.length) {
    const at = new Date(Math.min(...next.map((d) => d.getTime())))
    await deps.jobs.enqueue(
      'subscriptions.tick',
      { subscriptionId: s.id },
      { startAfter: at, singletonKey: `${s.id}:${at.toISOString()}` },
      tx,
    )
  }
}

/**
 * A payment received for a subscription (any provider): a subscription in its paid-up span is
 * extended by one period from the span's end; otherwise a new span of one period starts at the
 * payment — or at its scheduled start, for the subscription a plan change created to begin when the
 * previous plan's period ends. A scheduled cancellation is undone (the member paid to go on). The
 * invoice is issued in the same transaction; the month's credits are granted. Answers the invoice.
 *
 * A card processor's payment says which period it pays (`period`, Stripe's invoice line) and the
 * provider computes the paid-up `span` from every period paid (so payments settled in any order end
 * on the same span); a period outside that span (an old one, paid late) only gets its invoice. The
 * processor's own subscription events decide a scheduled cancellation, and `keepStatus` leaves the
 * status alone when a later failure is known.
 * `prorationInclCents`: Stripe's proration for a plan change charged with this payment (VAT
 * included; negative for a credit), shown on the invoice.
 */
export async function settleSubscriptionPayment(
  deps: AppDeps,
  tx: Tx,
  subscriptionId: string,
  payment: ConfirmedPayment,
  now: Date,
  opts: {
    prorationInclCents?: number
    period?: { start: Date; end: Date }
    span?: { start: Date; end: Date }
    keepStatus?: boolean
  } = {},
): Promise<{ id: string; number: string }> {
  const repo = subscriptionRepo(tx)
  await repo.lock(subscriptionId)
  const s = await repo.get(subscriptionId)
  if (!s) throw notFound('subscription')
  if (s.status === 'cancelled')
    throw new AppError('invalid_subscription_state', 'this subscription is cancelled: subscribe again')
  if (s.plan.requiresMembership && !(await holdsMembership(tx, s.userId, s.plan.lieuId, now))) {
    throw new AppError(
      'membership_required',
      `${s.plan.name} requires an active adhésion: record the adhésion’s payment first`,
    )
  }
  const zone = s.plan.lieu.timeZone
  const running =
    (s.status === 'active' || s.status === 'paused') &&
    s.currentPeriodEnd > now &&
    s.currentPeriodStart < s.currentPeriodEnd
  // Created by a plan change: an empty span placed after its creation, where the old plan ends.
  const scheduled =
    !running &&
    s.status === 'past_due' &&
    s.currentPeriodStart.getTime() === s.currentPeriodEnd.getTime() &&
    s.currentPeriodStart > s.createdAt &&
    s.currentPeriodStart > payment.paidAt
  let paidFrom = running ? s.currentPeriodEnd : scheduled ? s.currentPeriodStart : payment.paidAt
  let start = running ? s.currentPeriodStart : paidFrom
  let end = addIntervals(paidFrom, s.plan.interval, 1, zone)
  const p = opts.period && opts.span ? opts.period : null
  let current = true
  if (p && opts.span) {
    paidFrom = p.start
    ;[start, end] = [opts.span.start, opts.span.end]
    current = p.start >= start && p.end <= end
  }
  await tx.subscription.update({
    where: { id: s.id },
    data: {
      status: s.status === 'paused' || !current || opts.keepStatus ? s.status : 'active',
      currentPeriodStart: start,
      currentPeriodEnd: end,
      ...(p ? {} : { cancelAtPeriodEnd: false }),
      ...(payment.providerRef ? { providerRef: payment.providerRef } : {}),
    },
  })
  const invoiceEnd = p ? p.end : end
  const what = s.plan.kind === 'membership' ? 'Adhésion' : 'Abonnement'
  const invoice = await invoicePaidItem(
    tx,
    {
      lieuId: s.plan.lieuId,
      buyer: { userId: s.user.id, name: s.user.name, email: s.user.email },
      label: `${what} « ${s.plan.name} » du ${localDate(paidFrom, zone)} au ${localDate(new Date(invoiceEnd.getTime() - 1), zone)}`,
      priceCents: s.plan.priceCents,
      vatRateBp: s.plan.vatRateBp,
      vatExempt: s.plan.lieu.vatExempt,
      ...(opts.prorationInclCents
        ? {
            adjustment: {
              label: 'Ajustement au prorata (changement de formule)',
              inclCents: opts.prorationInclCents,
            },
          }
        : {}),
    },
    payment,
    now,
  )
  await tick(deps, tx, s.id, now)
  return invoice
}
