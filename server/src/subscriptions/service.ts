import type { z } from 'zod'
import type {
  ZCancelSubscriptionRequest,
  ZChangePlanRequest,
  ZCreateSubscriptionRequest,
  ZRecordPaymentRequest,
} from '@fabrique/shared/billing/schema'
import type { ChangePlanResponse, MemberBillingDto, SubscribeResponse } from '@fabrique/shared/billing/schema'
import type { AppDeps } from '../app-deps.ts'
import type { AuthedUser } from '../auth/session-middleware.ts'
import { transaction } from '../bookings/transaction.ts'
import type { Db, Tx } from '../db/prisma.ts'
import { AppError, forbidden, notFound } from '../http/problem.ts'
import { canManage, lieuAccess, managesLieu, requireManager } from '../lieux/access.ts'
import { manualProvider, paymentProvider } from '../payments/manual.ts'
import { stripeClient } from '../payments/stripe.ts'
import { changeStripePlan } from '../payments/stripe-provider.ts'
import { priceInclCents } from '@fabrique/shared/billing/entitlements'
import { invalid } from '../plans/service.ts'
import { planRepo } from '../plans/repo.ts'
import { inGoodStanding, toSubscriptionDto, type SubscriptionRow } from './dto.ts'
import { subscriptionRepo } from './repo.ts'
import { holdsMembership, settleSubscriptionPayment, tick } from './settle.ts'

type CreateInput = z.output<typeof ZCreateSubscriptionRequest>
type PaymentInput = z.output<typeof ZRecordPaymentRequest>
type CancelInput = z.output<typeof ZCancelSubscriptionRequest>
type ChangePlanInput = z.output<typeof ZChangePlanRequest>

const DAY = 86_400_000
/** A payment recorded late is dated at most 30 days back; never in the future. */
export function paymentDate(paidAt: string | undefined, now: Date, field = 'paidAt'): Date {
  if (paidAt === undefined) return now
  const d = new Date(paidAt)
  if (d > now) throw invalid([{ field, message: 'a payment cannot be in the future' }])
  if (now.getTime() - d.getTime() > 30 * DAY)
    throw invalid([{ field, message: 'record a payment within 30 days' }])
  return d
}

const stateError = (detail: string) => new AppError('invalid_subscription_state', detail)

/**
 * The subscriptions a manual plan change scheduled after `s` (docs/payments.md, plan change): same
 * member and lieu, awaiting payment, with an empty span that starts where `s`'s paid-up span ends.
 */
function successorsOf(tx: Tx, s: SubscriptionRow) {
  return tx.subscription.findMany({
    where: {
      id: { not: s.id },
      userId: s.userId,
      status: 'past_due',
      currentPeriodStart: s.currentPeriodEnd,
      currentPeriodEnd: s.currentPeriodEnd,
      plan: { lieuId: s.plan.lieuId, kind: s.plan.kind },
    },
    select: { id: true },
  })
}

/** Cancels the plan change scheduled after `s` (a newer change replaces it; undoing the cancellation drops it). */
async function dropSuccessors(tx: Tx, s: SubscriptionRow, now: Date) {
  const ids = (await successorsOf(tx, s)).map((x) => x.id)
  if (ids.length)
    await tx.subscription.updateMany({
      where: { id: { in: ids } },
      data: { status: 'cancelled', cancelledAt: now, cancelAtPeriodEnd: false },
    })
}

export function subscriptionService(deps: AppDeps) {
  const { db, clock } = deps
  const repo = subscriptionRepo(db)
  const dto = (s: SubscriptionRow) => toSubscriptionDto(s, clock.now())
  const reload = async (tx: Tx, id: string) => dto((await subscriptionRepo(tx).get(id))!)

  /** The subscription and the caller's standing: its holder or a manager of its lieu; anyone else gets a 404. */
  async function access(user: AuthedUser, id: string) {
    const s = await repo.get(id)
    if (!s) throw notFound('subscription')
    const manager = await managesLieu(db, user.id, s.plan.lieuId)
    if (!manager && s.userId !== user.id) throw notFound('subscription')
    return { s, manager }
  }

  return {
    async subscribe(user: AuthedUser, lieuId: string, input: CreateInput): Promise<SubscribeResponse> {
      const standing = await lieuAccess(db, user.id, lieuId)
      const manager = canManage(standing)
      const target = input.userId ?? user.id
      if (!manager && (target !== user.id || input.payment))
        throw forbidden('only the lieu’s managers subscribe someone else or record a payment')
      const now = clock.now()
      const paidAt = input.payment ? paymentDate(input.payment.paidAt, now, 'payment.paidAt') : null
      const plan = await planRepo(db).inLieu(lieuId, input.planId)
      if (!plan) throw invalid([{ field: 'planId', message: 'no such plan in this lieu' }])
      if (plan.archivedAt) throw invalid([{ field: 'planId', message: 'this plan is archived' }])
      const membership = await db.lieuMembership.findUnique({
        where: { lieuId_userId: { lieuId, userId: target } },
      })
      if (!membership) {
        if (input.userId) throw invalid([{ field: 'userId', message: 'not a member of this lieu' }])
        throw forbidden('join the lieu before subscribing')
      }
      const result = await transaction(deps, async (tx) => {
        const r = subscriptionRepo(tx)
        await r.lockMemberAtLieu(target, lieuId)
        const live = await r.liveAt(target, lieuId)
        if (live.some((s) => s.planId === plan.id))
          throw new AppError('already_subscribed', `already subscribed to ${plan.name}`)
        if (plan.kind === 'membership' && live.some((s) => s.plan.kind === 'membership')) {
          throw new AppError('already_subscribed', 'an adhésion is already running or awaiting payment')
        }
        if (
          plan.requiresMembership &&
          !input.payment &&
          !(await holdsMembership(tx, target, lieuId, now, true))
        ) {
          throw new AppError(
            'membership_required',
            `${plan.name} requires an adhésion: ask for the adhésion first`,
          )
        }
        const created = await tx.subscription.create({
          data: {
            userId: target,
            planId: plan.id,
            status: 'past_due',
            provider: 'manual',
            currentPeriodStart: now,
            currentPeriodEnd: now,
            createdAt: now,
          },
        })
        const invoice = input.payment
          ? await settleSubscriptionPayment(
              deps,
              tx,
              created.id,
              { method: input.payment.method, paidAt: paidAt! },
              now,
            )
          : null
        return { id: created.id, invoice }
      })
      const s = (await repo.get(result.id))!
      const payment = result.invoice
        ? null
        : await (input.payBy === 'counter' ? manualProvider : paymentProvider(deps)).startSubscription({
            subscriptionId: s.id,
            lieu: { id: lieuId, name: s.plan.lieu.name },
            plan: {
              id: plan.id,
              name: plan.name,
              priceInclCents: priceInclCents(plan.priceCents, plan.vatRateBp, s.plan.lieu.vatExempt),
              interval: plan.interval,
            },
            user: { id: s.user.id, email: s.user.email, name: s.user.name },
          })
      return { subscription: dto(s), payment, invoice: result.invoice }
    },

    /** A manager records a payment received at the counter, by transfer or cheque: activates or renews. */
    async recordPayment(user: AuthedUser, id: string, input: PaymentInput) {
      const { manager } = await access(user, id)
      if (!manager) throw forbidden('only the lieu’s managers record payments')
      const now = clock.now()
      const paidAt = paymentDate(input.paidAt, now)
      return transaction(deps, async (tx) => {
        const invoice = await settleSubscriptionPayment(deps, tx, id, { method: input.method, paidAt }, now)
        return { subscription: await reload(tx, id), invoice }
      })
    },

    /**
     * At period end (the holder or a manager): entitlements run to the end of the paid-up span; a
     * subscription awaiting payment is cancelled at once. Now (managers): everything stops now;
     * credits already granted stay until their month ends.
     */
    async cancel(user: AuthedUser, id: string, input: CancelInput) {
      const { manager } = await access(user, id)
      if (input.when === 'now' && !manager) throw forbidden('only the lieu’s managers cancel immediately')
      const now = clock.now()
      return transaction(deps, async (tx) => {
        await subscriptionRepo(tx).lock(id)
        const s = (await subscriptionRepo(tx).get(id))!
        if (s.status === 'cancelled') throw stateError('already cancelled')
        const immediately = input.when === 'now' || s.status === 'past_due'
        await tx.subscription.update({
          where: { id },
          data: immediately
            ? { status: 'cancelled', cancelledAt: now, cancelAtPeriodEnd: false }
            : { cancelAtPeriodEnd: true },
        })
        await tick(deps, tx, id, now)
        return reload(tx, id)
      })
    },

    /** Managers: entitlements and monthly grants stop until resumed (the paid-up span is not extended). */
    async pause(user: AuthedUser, id: string) {
      const { manager } = await access(user, id)
      if (!manager) throw forbidden('only the lieu’s managers pause a subscription')
      return transaction(deps, async (tx) => {
        await subscriptionRepo(tx).lock(id)
        const s = (await subscriptionRepo(tx).get(id))!
        if (s.status !== 'active') throw stateError(`a ${s.status} subscription cannot be paused`)
        await tx.subscription.update({ where: { id }, data: { status: 'paused' } })
        await tick(deps, tx, id, clock.now())
        return reload(tx, id)
      })
    },

    /**
     * Resume: a paused subscription becomes active again (managers), and a scheduled cancellation
     * is undone (the holder may do that one). Past its paid-up span it becomes past_due.
     */
    async resume(user: AuthedUser, id: string) {
      const { s: seen, manager } = await access(user, id)
      if (!manager && seen.status === 'paused')
        throw forbidden('only the lieu’s managers resume a paused subscription')
      return transaction(deps, async (tx) => {
        await subscriptionRepo(tx).lock(id)
        const s = (await subscriptionRepo(tx).get(id))!
        if (s.status === 'paused') {
          if (!manager) throw forbidden('only the lieu’s managers resume a paused subscription')
          await tx.subscription.update({
            where: { id },
            data: { status: 'active', cancelAtPeriodEnd: false },
          })
        } else if (s.status === 'active' && s.cancelAtPeriodEnd) {
          await tx.subscription.update({ where: { id }, data: { cancelAtPeriodEnd: false } })
          // Going on with this plan undoes a plan change scheduled for the period end.
          await dropSuccessors(tx, s, clock.now())
        } else {
          throw stateError(`nothing to resume on a ${s.status} subscription`)
        }
        await tick(deps, tx, id, clock.now())
        return reload(tx, id)
      })
    },

    /**
     * Another plan (same lieu, same kind) for an active, paid-up subscription; its holder or a
     * manager. Paid by card (Stripe): the Stripe subscription moves to the new price at once, with
     * Stripe's proration, and so does ours (the webhook's `customer.subscription.updated` confirms it).
     * Paid manually: nothing is prorated — this one ends at its period end and the new plan's
     * subscription starts then, awaiting its payment at the counter (docs/payments.md).
     */
    async changePlan(user: AuthedUser, id: string, input: ChangePlanInput): Promise<ChangePlanResponse> {
      const { s } = await access(user, id)
      const now = clock.now()
      const lieuId = s.plan.lieuId
      const plan = await planRepo(db).inLieu(lieuId, input.planId)
      if (!plan) throw invalid([{ field: 'planId', message: 'no such plan in this lieu' }])
      if (plan.archivedAt) throw invalid([{ field: 'planId', message: 'this plan is archived' }])
      if (plan.id === s.planId)
        throw invalid([{ field: 'planId', message: 'this is already the subscription’s plan' }])
      if (plan.kind !== s.plan.kind)
        throw invalid([
          { field: 'planId', message: 'an adhésion changes for an adhésion, a plan for a plan' },
        ])
      if (s.status !== 'active' || !inGoodStanding(s, now))
        throw stateError(
          `a ${s.status} subscription does not change plan: cancel it and subscribe to the other plan`,
        )
      const card = s.provider === 'stripe' && s.providerRef !== null
      const stripe = card ? stripeClient(deps) : null
      if (card && !stripe)
        throw new AppError(
          'card_payments_unavailable',
          'this subscription is paid by card, but card payments are not configured',
        )
      if (card && plan.interval !== s.plan.interval)
        throw invalid([
          {
            field: 'planId',
            message:
              'a subscription paid by card keeps its interval: cancel it and subscribe to the other plan',
          },
        ])
      const checkAllowed = async (tx: Tx | Db) => {
        const live = await subscriptionRepo(tx).liveAt(s.userId, lieuId)
        if (live.some((x) => x.planId === plan.id))
          throw new AppError('already_subscribed', `already subscribed to ${plan.name}`)
        if (plan.requiresMembership && !(await holdsMembership(tx, s.userId, lieuId, now, !card)))
          throw new AppError('membership_required', `${plan.name} requires an adhésion`)
      }

      if (card && stripe) {
        await checkAllowed(db)
        await changeStripePlan(stripe, {
          stripeSubscriptionId: s.providerRef!,
          plan: {
            id: plan.id,
            name: plan.name,
            priceInclCents: priceInclCents(plan.priceCents, plan.vatRateBp, s.plan.lieu.vatExempt),
            interval: plan.interval,
          },
          lieuName: s.plan.lieu.name,
          // The row's last change is part of the key: a double click is one change, a later change another.
          idempotencyKey: `fabrique-plan-change-${s.id}-${plan.id}-${s.updatedAt.getTime()}`,
        })
        return transaction(deps, async (tx) => {
          await subscriptionRepo(tx).lock(id)
          await tx.subscription.update({ where: { id }, data: { planId: plan.id } })
          await tick(deps, tx, id, now)
          return {
            subscription: await reload(tx, id),
            next: null,
            effective: 'now' as const,
            effectiveAt: now.toISOString(),
          }
        })
      }

      return transaction(deps, async (tx) => {
        const r = subscriptionRepo(tx)
        await r.lockMemberAtLieu(s.userId, lieuId)
        await r.lock(id)
        const current = (await r.get(id))!
        if (
          current.status !== 'active' ||
          current.planId !== s.planId ||
          current.currentPeriodEnd.getTime() !== s.currentPeriodEnd.getTime()
        )
          throw stateError('this subscription changed in the meantime')
        // A newer change replaces one scheduled before.
        await dropSuccessors(tx, current, now)
        await checkAllowed(tx)
        await tx.subscription.update({ where: { id }, data: { cancelAtPeriodEnd: true } })
        const next = await tx.subscription.create({
          data: {
            userId: s.userId,
            planId: plan.id,
            status: 'past_due',
            provider: 'manual',
            // An empty span at the current one's end: its first payment starts it there (settle.ts).
            currentPeriodStart: current.currentPeriodEnd,
            currentPeriodEnd: current.currentPeriodEnd,
            createdAt: now,
          },
        })
        await tick(deps, tx, id, now)
        return {
          subscription: await reload(tx, id),
          next: await reload(tx, next.id),
          effective: 'period_end' as const,
          effectiveAt: current.currentPeriodEnd.toISOString(),
        }
      })
    },

    async listMine(user: AuthedUser) {
      return (await repo.mine(user.id)).map(dto)
    },

    /** Managers: every person of the lieu with their running subscriptions, credit balances and usable passes. */
    async listForLieu(user: AuthedUser, lieuId: string): Promise<MemberBillingDto[]> {
      await requireManager(db, user.id, lieuId)
      const now = clock.now()
      const [people, subs, balances, passes] = await Promise.all([
        db.lieuMembership.findMany({
          where: { lieuId },
          include: { user: { select: { id: true, name: true, email: true } } },
          orderBy: { user: { name: 'asc' } },
        }),
        repo.forLieu(lieuId),
        db.creditBalance.findMany({ where: { lieuId }, orderBy: { resourceKind: 'asc' } }),
        db.pass.groupBy({
          by: ['userId'],
          where: {
            product: { lieuId },
            userId: { not: null },
            remaining: { gt: 0 },
            validUntil: { gt: now },
          },
          _count: { _all: true },
        }),
      ])
      return people.map((m) => ({
        user: m.user,
        role: m.role,
        subscriptions: subs.filter((s) => s.userId === m.userId).map(dto),
        credits: balances
          .filter((b) => b.userId === m.userId)
          .map((b) => ({ resourceKind: b.resourceKind, minutes: b.minutes })),
        passes: passes.find((p) => p.userId === m.userId)?._count._all ?? 0,
      }))
    },
  }
}
