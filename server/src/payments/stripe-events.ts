import { Prisma } from '@fabrique/prisma/client'
import type { AppDeps } from '../app-deps.ts'
import { transaction } from '../bookings/transaction.ts'
import type { Tx } from '../db/prisma.ts'
import { AppError } from '../http/problem.ts'
import type { JobPayloads } from '../jobs/types.ts'
import { sellPass } from '../passes/sell.ts'
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
      note = await invoicePaid(deps, tx, o, key, now)
      break
    case 'invoice.payment_failed': {
      const sub = await localSubscription(tx, o, key)
      const invoiceId = idOf(o.id)
      // A failure reported late, for an invoice paid since (a retry that succeeded), changes nothing.
      const paidSince = invoiceId ? await tx.paymentEvent.findUnique({ where: { id: `stripe-invoice:${invoiceId}` }, select: { id: true } }) : null
      if (!sub) note = 'no subscription for this invoice'
      else if (paidSince) note = 'this invoice was paid since: ignored'
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
        await tx.subscription.update({
          where: { id: sub.id },
          data: {
            cancelAtPeriodEnd: o.cancel_at_period_end === true,
            ...((stripeStatus === 'past_due' || stripeStatus === 'unpaid') && sub.status === 'active' ? { status: 'past_due' as const } : {}),
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

async function invoicePaid(deps: AppDeps, tx: Tx, o: Obj, key: string | null, now: Date): Promise<string | null> {
  const invoiceId = idOf(o.id)
  if (!invoiceId) return 'invoice without id'
  const sub = await localSubscription(tx, o, key)
  if (!sub) throw new Error(`no subscription yet for Stripe invoice ${invoiceId}`)
  if (sub.status === 'cancelled') return 'subscription cancelled: not settled'
  if (!(await claim(tx, `stripe-invoice:${invoiceId}`, now))) return 'invoice already settled'
  // The period paid for, from the invoice's subscription line (Stripe's own dates).
  const line = obj((obj(o.lines).data as unknown[] | undefined)?.[0])
  const periodStart = seconds(obj(line.period).start) ?? seconds(obj(o.status_transitions).paid_at) ?? seconds(o.created) ?? now
  try {
    await settleSubscriptionPayment(deps, tx, sub.id, { method: 'card', paidAt: periodStart, providerRef: key ?? sub.providerRef }, now)
  } catch (e) {
    // Nothing the member can fix by retrying (an adhésion missing…): recorded for the managers.
    if (e instanceof AppError && e.status < 500) return `not settled: ${e.message}`
    throw e
  }
  return null
}

/** A once-only marker in payment_events (its id is the key); false when it exists already. */
async function claim(tx: Tx, markerId: string, now: Date) {
  const n = await tx.$executeRaw`INSERT INTO payment_events (id, provider, type, payload, received_at, processed_at)
    VALUES (${markerId}, 'fabrique', 'marker', '{}'::jsonb, ${now}, ${now}) ON CONFLICT (id) DO NOTHING`
  return n === 1
}
