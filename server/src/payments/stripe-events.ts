import { Prisma } from '@fabrique/prisma/client'
import { settlePoolCheckout } from '../employers/pool-checkout.ts'
import type { AppDeps } from '../app-deps.ts'
import { transaction } from '../bookings/transaction.ts'
import type { Tx } from '../db/prisma.ts'
import { AppError } from '../http/problem.ts'
import type { JobPayloads } from '../jobs/types.ts'
import { sellPass } from '../passes/sell.ts'
import { exclOf, invoicePaidItem } from './invoice.ts'
import { settleSubscriptionPayment } from '../subscriptions/settle.ts'

// Applying the Stripe events stored by the webhook (job `stripe.event`). Every effect is
// idempotent and the result does not depend on the order or the repetition of deliveries:
//   - an event is applied once (payment_events.processed_at, under the row lock);
//   - the events of one Stripe subscription are applied in Stripe's order (event.created, then the
//     natural order of types): a job applies every stored, unprocessed event of its subscription
//     that comes first, up to its own, each in its own transaction — a failure stops there and the
//     job is retried, so no later event overtakes a failed one;
//   - an event arriving after a later one was applied (a late delivery) never moves the
//     subscription's state backwards: an older `customer.subscription.*` is ignored;
//   - an invoice is settled once per Stripe invoice id (a `stripe-invoice:<id>` marker row).

type Obj = Record<string, unknown>
const obj = (v: unknown): Obj => (v && typeof v === 'object' ? (v as Obj) : {})
/** An id, whether Stripe sent it as a string or as an expanded object. */
const idOf = (v: unknown): string | null => (typeof v === 'string' ? v : typeof obj(v).id === 'string' ? (obj(v).id as string) : null)
const seconds = (v: unknown): Date | null => (typeof v === 'number' && Number.isFinite(v) ? new Date(v * 1000) : null)

/** Test hook: runs inside each event's transaction after its effects (a throw rolls them back). */
export const stripeEventHooks: { afterApply: ((event: { id: string; type: string }) => void) | null } = { afterApply: null }

/** The Stripe subscription an event belongs to (the key of its ordering), if any. */
export function stripeSubscriptionOf(type: string, o: Obj): string | null {
  if (type.startsWith('customer.subscription.')) return idOf(o.id)
  return idOf(o.subscription) ?? idOf(obj(obj(o.parent).subscription_details).subscription)
}

// The same key, in SQL, over payment_events.payload (a whole Stripe event).
const keySql = Prisma.sql`(CASE WHEN type LIKE 'customer.subscription.%' THEN payload #>> '{data,object,id}'
  ELSE COALESCE(payload #>> '{data,object,subscription}', payload #>> '{data,object,parent,subscription_details,subscription}') END)`
// Stripe's order: creation second, then the natural order of a subscription's life within a second.
const orderSql = Prisma.sql`(payload ->> 'created')::bigint,
  CASE type WHEN 'checkout.session.completed' THEN 0 WHEN 'customer.subscription.created' THEN 1
    WHEN 'invoice.payment_failed' THEN 2 WHEN 'invoice.paid' THEN 3 WHEN 'customer.subscription.updated' THEN 4
    WHEN 'customer.subscription.deleted' THEN 5 ELSE 6 END, id`

export function stripeJobHandlers(deps: AppDeps) {
  return {
    async 'stripe.event'({ eventId }: JobPayloads['stripe.event']) {
      await processStripeEvent(deps, eventId)
    },
  }
}

/** Applies a stored event — and, first, the unprocessed events of its subscription that precede it. */
export async function processStripeEvent(deps: AppDeps, eventId: string): Promise<void> {
  const ev = await deps.db.paymentEvent.findUnique({ where: { id: eventId } })
  if (!ev || ev.processedAt || ev.provider !== 'stripe') return
  const payload = obj(ev.payload)
  const key = stripeSubscriptionOf(ev.type, obj(obj(payload.data).object))
  for (let round = 0; round < 1000; round++) {
    let head: string | null = null
    try {
      const done = await transaction(deps, async (tx) => {
        if (key) await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`stripe-sub:${key}`}, 0))`
        const target = await tx.paymentEvent.findUnique({ where: { id: eventId }, select: { processedAt: true } })
        if (!target || target.processedAt) return true
        const rows = key
          ? await tx.$queryRaw<{ id: string }[]>`SELECT id FROM payment_events
              WHERE provider = 'stripe' AND processed_at IS NULL AND ${keySql} = ${key}
              ORDER BY ${orderSql} LIMIT 1`
          : [{ id: eventId }]
        head = rows[0]?.id ?? eventId
        await applyEvent(deps, tx, head, key)
        return head === eventId
      })
      if (done) return
    } catch (e) {
      if (head) {
        const failed: string = head
        await deps.db.paymentEvent
          .update({ where: { id: failed }, data: { error: String(e instanceof Error ? e.message : e).slice(0, 1000) } })
          .catch(() => {})
      }
      throw e
    }
  }
  throw new Error(`stripe event ${eventId}: too many preceding events`)
}

async function applyEvent(deps: AppDeps, tx: Tx, id: string, key: string | null) {
  const [row] = await tx.$queryRaw<{ id: string; type: string; payload: unknown; processed_at: Date | null }[]>`
    SELECT id, type, payload, processed_at FROM payment_events WHERE id = ${id} FOR UPDATE`
  if (!row || row.processed_at) return
  const event = obj(row.payload)
  const o = obj(obj(event.data).object)
  const created = typeof event.created === 'number' ? event.created : 0
  const now = deps.clock.now()
  let note: string | null = null
  switch (row.type) {
    case 'checkout.session.completed':
      note = await checkoutCompleted(deps, tx, o, now)
      break
    case 'invoice.paid':
      note = await invoicePaid(deps, tx, event, key, now)
      break
    case 'invoice.payment_failed': {
      const sub = await localSubscription(tx, o, key)
      const invoiceId = idOf(o.id)
      // A failure reported late, for an invoice paid since (a retry that succeeded), changes nothing.
      const paidSince = invoiceId ? await tx.paymentEvent.findUnique({ where: { id: `stripe-invoice:${invoiceId}` }, select: { id: true } }) : null
      if (!sub) note = 'no subscription for this invoice'
      else if (paidSince) note = 'this invoice was paid since: ignored'
      else if (await laterPaymentApplied(tx, key, created)) note = 'a later payment was applied already: ignored'
      else if (sub.status === 'active') await tx.subscription.update({ where: { id: sub.id }, data: { status: 'past_due' } })
      break
    }
    case 'customer.subscription.updated':
    case 'customer.subscription.deleted': {
      const sub = await localSubscription(tx, o, key)
      if (!sub) {
        note = 'no subscription for this Stripe subscription'
        break
      }
      // A late delivery: a newer state of this subscription was applied already.
      const newer = await tx.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM payment_events
        WHERE provider = 'stripe' AND processed_at IS NOT NULL AND type LIKE 'customer.subscription.%'
          AND ${keySql} = ${key} AND (payload ->> 'created')::bigint > ${created}`
      if (Number(newer[0]?.n ?? 0) > 0) {
        note = 'older than the state already applied: ignored'
        break
      }
      if (sub.status === 'cancelled') break
      const stripeStatus = typeof o.status === 'string' ? o.status : ''
      if (row.type === 'customer.subscription.deleted' || stripeStatus === 'canceled') {
        const at = seconds(o.ended_at) ?? seconds(o.canceled_at) ?? seconds(created) ?? now
        await tx.subscription.update({ where: { id: sub.id }, data: { status: 'cancelled', cancelledAt: at, cancelAtPeriodEnd: false } })
      } else {
        const planId = await planOfStripeSubscription(tx, o, sub.planId)
        await tx.subscription.update({
          where: { id: sub.id },
          data: {
            cancelAtPeriodEnd: o.cancel_at_period_end === true,
            ...((stripeStatus === 'past_due' || stripeStatus === 'unpaid') && sub.status === 'active' && !(await laterPaymentApplied(tx, key, created))
              ? { status: 'past_due' as const }
              : {}),
            ...(planId !== sub.planId ? { planId } : {}),
          },
        })
      }
      break
    }
    default:
      note = 'event type not used'
  }
  stripeEventHooks.afterApply?.({ id: row.id, type: row.type })
  await tx.paymentEvent.update({ where: { id: row.id }, data: { processedAt: now, error: note } })
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/**
 * The plan a Stripe subscription is on (a plan change: payments/stripe-provider.ts changeStripePlan):
 * the planId in its item's price metadata, else in its own metadata — only a plan of the same lieu
 * and kind as the current one; anything else keeps `currentPlanId`.
 */
async function planOfStripeSubscription(tx: Tx, o: Obj, currentPlanId: string): Promise<string> {
  const item = obj((obj(o.items).data as unknown[] | undefined)?.[0])
  const planId = [obj(obj(item.price).metadata).planId, obj(o.metadata).planId].find(
    (v): v is string => typeof v === 'string' && UUID.test(v),
  )
  if (!planId || planId === currentPlanId) return currentPlanId
  const [next, current] = await Promise.all([
    tx.plan.findUnique({ where: { id: planId }, select: { lieuId: true, kind: true } }),
    tx.plan.findUnique({ where: { id: currentPlanId }, select: { lieuId: true, kind: true } }),
  ])
  return next && current && next.lieuId === current.lieuId && next.kind === current.kind ? planId : currentPlanId
}

/** Our subscription of a Stripe object: by the Stripe id once linked, else by our id in metadata (and link it). */
async function localSubscription(tx: Tx, o: Obj, key: string | null) {
  if (key) {
    const linked = await tx.subscription.findUnique({ where: { providerRef: key } })
    if (linked) return linked
  }
  const meta = {
    ...obj(obj(obj(o.parent).subscription_details).metadata),
    ...obj(obj(o.subscription_details).metadata),
    ...obj(o.metadata),
  }
  const ours = typeof meta.subscriptionId === 'string' && /^[0-9a-f-]{36}$/i.test(meta.subscriptionId) ? meta.subscriptionId : null
  if (!ours) return null
  const sub = await tx.subscription.findUnique({ where: { id: ours } })
  if (!sub) return null
  if (key && !sub.providerRef) return tx.subscription.update({ where: { id: sub.id }, data: { provider: 'stripe', providerRef: key } })
  return sub
}

async function checkoutCompleted(deps: AppDeps, tx: Tx, o: Obj, now: Date): Promise<string | null> {
  const meta = obj(o.metadata)
  if (o.mode === 'subscription') {
    const sub = await localSubscription(tx, o, idOf(o.subscription))
    return sub ? null : 'no subscription for this checkout session'
  }
  if (o.mode !== 'payment') return 'checkout mode not used'
  const sessionId = idOf(o.id)
  if (!sessionId || !(await claim(tx, `stripe-checkout:${sessionId}`, now))) return 'already sold'
  if (typeof meta.poolId === 'string' && /^[0-9a-f-]{36}$/i.test(meta.poolId)) {
    // An employer's pool (employers/pool-checkout.ts).
    return settlePoolCheckout(tx, meta.poolId, { method: 'card', paidAt: seconds(o.created) ?? now, providerRef: sessionId }, now)
  }
  const productId = typeof meta.productId === 'string' && /^[0-9a-f-]{36}$/i.test(meta.productId) ? meta.productId : null
  const product = productId ? await tx.passProduct.findUnique({ where: { id: productId }, include: { lieu: true } }) : null
  if (!product) return 'no pass product for this checkout session'
  const email = typeof meta.email === 'string' ? meta.email : (idOf(obj(o.customer_details).email) ?? '')
  const userId = typeof meta.userId === 'string' && /^[0-9a-f-]{36}$/i.test(meta.userId) ? meta.userId : null
  await sellPass(
    deps,
    tx,
    {
      lieu: { id: product.lieu.id, timeZone: product.lieu.timeZone, vatExempt: product.lieu.vatExempt },
      product,
      userId,
      email,
      buyerName: typeof meta.buyerName === 'string' ? meta.buyerName : email,
      payment: { method: 'card', paidAt: seconds(o.created) ?? now, providerRef: sessionId },
    },
    now,
  )
  return null
}

async function invoicePaid(deps: AppDeps, tx: Tx, event: Obj, key: string | null, now: Date): Promise<string | null> {
  const o = obj(obj(event.data).object)
  const invoiceId = idOf(o.id)
  if (!invoiceId) return 'invoice without id'
  const sub = await localSubscription(tx, o, key)
  if (!sub) throw new Error(`no subscription yet for Stripe invoice ${invoiceId}`)
  if (sub.status === 'cancelled') return 'subscription cancelled: not settled'
  // The period paid for, from the invoice's subscription line (Stripe's own dates); proration lines
  // (a plan change: the old plan's unused time credited, the new one's charged) are summed apart.
  const lines = ((obj(o.lines).data as unknown[] | undefined) ?? []).map(obj)
  const line = lines.find((l) => !isProration(l)) ?? {}
  const start = seconds(obj(line.period).start)
  const end = seconds(obj(line.period).end)
  const period = start && end && start < end ? { start, end } : undefined
  // The marker keeps the period: the paid-up span is computed from every period paid.
  const marker = period ? { subscriptionId: sub.id, start: start!.getTime(), end: end!.getTime() } : {}
  if (!(await claim(tx, `stripe-invoice:${invoiceId}`, now, marker))) return 'invoice already settled'
  const prorations = lines.filter(isProration)
  const prorationInclCents = prorations.reduce((sum, l) => sum + (typeof l.amount === 'number' ? l.amount : 0), 0)
  const paidAt = seconds(obj(o.status_transitions).paid_at) ?? seconds(o.created) ?? now
  const payment = { method: 'card' as const, paidAt, providerRef: key ?? sub.providerRef }
  if (prorations.length > 0 && prorations.length === lines.length) {
    // An invoice of prorations only (charged before the renewal): no period is paid for.
    if (prorationInclCents <= 0) return 'proration credit only: nothing to invoice'
    const s = await tx.subscription.findUniqueOrThrow({ where: { id: sub.id }, include: { user: true, plan: { include: { lieu: true } } } })
    const { vatRateBp } = s.plan
    const vatExempt = s.plan.lieu.vatExempt
    const buyer = { userId: s.user.id, name: s.user.name, email: s.user.email }
    const label = `Ajustement au prorata : changement pour la formule « ${s.plan.name} »`
    const priceCents = exclOf(prorationInclCents, vatRateBp, vatExempt)
    await invoicePaidItem(tx, { lieuId: s.plan.lieuId, buyer, label, priceCents, vatRateBp, vatExempt }, payment, now)
    return null
  }
  // A failure reported after this payment (and not paid since) was applied already: it stays past due.
  const created = typeof event.created === 'number' ? event.created : 0
  const [later] = await tx.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM payment_events e
    WHERE provider = 'stripe' AND processed_at IS NOT NULL AND ${keySql} = ${key} AND (payload ->> 'created')::bigint > ${created}
      AND ((type = 'invoice.payment_failed' AND NOT EXISTS (SELECT 1 FROM payment_events m WHERE m.id = 'stripe-invoice:' || (e.payload #>> '{data,object,id}')))
        OR (type = 'customer.subscription.updated' AND payload #>> '{data,object,status}' IN ('past_due', 'unpaid')))`
  try {
    await settleSubscriptionPayment(deps, tx, sub.id, { ...payment, paidAt: start ?? paidAt }, now, {
      prorationInclCents,
      ...(period ? { period, span: await paidSpan(tx, sub) } : {}),
      keepStatus: Number(later?.n ?? 0) > 0,
    })
  } catch (e) {
    // Nothing the member can fix by retrying (an adhésion missing…): recorded for the managers.
    if (e instanceof AppError && e.status < 500) return `not settled: ${e.message}`
    throw e
  }
  return null
}

/** Has an `invoice.paid` of this Stripe subscription, created after `created`, been applied? (A late report of a past state.) */
async function laterPaymentApplied(tx: Tx, key: string | null, created: number) {
  if (!key) return false
  const [row] = await tx.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM payment_events
    WHERE provider = 'stripe' AND processed_at IS NOT NULL AND type = 'invoice.paid'
      AND ${keySql} = ${key} AND (payload ->> 'created')::bigint > ${created}`
  return Number(row?.n ?? 0) > 0
}

/** A proration line of a Stripe invoice (the current API's `parent.*_details.proration`, or the older `proration`). */
function isProration(line: Obj): boolean {
  const parent = obj(line.parent)
  return (
    line.proration === true ||
    obj(parent.subscription_item_details).proration === true ||
    obj(parent.invoice_item_details).proration === true
  )
}

/** A once-only marker in payment_events (its id is the key); false when it exists already. */
async function claim(tx: Tx, markerId: string, now: Date, payload: object = {}) {
  const n = await tx.$executeRaw`INSERT INTO payment_events (id, provider, type, payload, received_at, processed_at)
    VALUES (${markerId}, 'fabrique', 'marker', ${JSON.stringify(payload)}::jsonb, ${now}, ${now}) ON CONFLICT (id) DO NOTHING`
  return n === 1
}

/**
 * The paid-up span of a card subscription: of every period paid (its invoices' markers) and the
 * span it holds already, the run of touching periods that reaches the latest end. The same set of
 * periods gives the same span, whatever order the payments were settled in; a gap (a lapse, then
 * paid again) starts a new span.
 */
async function paidSpan(tx: Tx, sub: { id: string; currentPeriodStart: Date; currentPeriodEnd: Date }) {
  const rows = await tx.$queryRaw<{ start: bigint; end: bigint }[]>`
    SELECT (payload ->> 'start')::bigint AS start, (payload ->> 'end')::bigint AS "end" FROM payment_events
    WHERE provider = 'fabrique' AND type = 'marker' AND payload ->> 'subscriptionId' = ${sub.id} AND payload ->> 'start' IS NOT NULL`
  const periods = rows.map((r) => [Number(r.start), Number(r.end)] as [number, number])
  const held = [sub.currentPeriodStart.getTime(), sub.currentPeriodEnd.getTime()] as [number, number]
  if (held[0] < held[1]) periods.push(held)
  periods.sort((a, b) => b[1] - a[1] || a[0] - b[0])
  const end = periods[0]![1]
  let start = periods[0]![0]
  // Walk back from the latest end while periods touch or overlap the run.
  for (let grew = true; grew; ) {
    grew = false
    for (const [s, e] of periods) if (e >= start && s < start) [start, grew] = [s, true]
  }
  return { start: new Date(start), end: new Date(end) }
}
