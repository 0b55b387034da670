import { randomUUID } from 'node:crypto'
import type Stripe from 'stripe'
import type { PaymentStart } from '@fabrique/shared/billing/schema'
import type { PassCheckout, PaymentProvider, SubscriptionCheckout } from './provider.ts'
import { callStripe } from './stripe.ts'

/**
 * The Stripe provider: Checkout Sessions (mode `subscription` for plans, `payment` for passes).
 * Every write carries an idempotency key. The metadata carries our ids, so the webhook's events
 * (payments/stripe-events.ts) find what they settle. 3-D Secure is left to Checkout.
 */
export function stripeProvider(stripe: Stripe, appOrigin: string): PaymentProvider {
  const back = (path: string) => `${appOrigin}${path}`
  return {
    name: 'stripe',
    async startSubscription({ subscriptionId, lieu, plan, user }: SubscriptionCheckout): Promise<PaymentStart> {
      const metadata = { subscriptionId, lieuId: lieu.id, planId: plan.id, userId: user.id }
      const session = await callStripe('a Checkout Session', () => stripe.checkout.sessions.create(
        {
          mode: 'subscription',
          client_reference_id: subscriptionId,
          customer_email: user.email,
          line_items: [
            {
              quantity: 1,
              price_data: {
                currency: 'eur',
                unit_amount: plan.priceInclCents,
                recurring: { interval: plan.interval },
                product_data: { name: `${plan.name} — ${lieu.name}` },
              },
            },
          ],
          metadata,
          subscription_data: { metadata },
          success_url: back('/compte/abonnements?paiement=ok'),
          cancel_url: back('/compte/abonnements?paiement=annule'),
        },
        // One Checkout Session per subscription asked for, however often this is retried.
        { idempotencyKey: `fabrique-subscription-${subscriptionId}` },
      ))
      if (!session.url) throw new Error('Stripe returned a Checkout Session without a URL')
      return { kind: 'redirect', url: session.url }
    },
    async startPassPurchase({ lieu, product, buyer, returnPath }: PassCheckout): Promise<PaymentStart> {
      const metadata: Record<string, string> = { lieuId: lieu.id, productId: product.id, email: buyer.email }
      if (buyer.userId) metadata.userId = buyer.userId
      if (buyer.name) metadata.buyerName = buyer.name
      const backTo = returnPath ?? '/compte/abonnements/passes'
      const session = await callStripe('a Checkout Session', () => stripe.checkout.sessions.create(
        {
          mode: 'payment',
          customer_email: buyer.email,
          line_items: [
            { quantity: 1, price_data: { currency: 'eur', unit_amount: product.priceInclCents, product_data: { name: `${product.name} — ${lieu.name}` } } },
          ],
          metadata,
          success_url: back(`${backTo}?paiement=ok`),
          cancel_url: back(`${backTo}?paiement=annule`),
        },
        // A purchase has no id of ours before it is paid: a fresh key per purchase asked for (the
        // SDK resends the same key on its own network retries).
        { idempotencyKey: `fabrique-pass-${randomUUID()}` },
      ))
      if (!session.url) throw new Error('Stripe returned a Checkout Session without a URL')
      return { kind: 'redirect', url: session.url }
    },
  }
}

/** A Billing Portal session for a Stripe customer (manage card, invoices, cancellation). */
export async function billingPortalUrl(stripe: Stripe, customer: string, returnUrl: string, idempotencyKey: string) {
  const session = await callStripe('a Billing Portal session', () =>
    stripe.billingPortal.sessions.create({ customer, return_url: returnUrl }, { idempotencyKey }),
  )
  return session.url
}

export interface StripePlanChange {
  /** The Stripe subscription (`sub_…`, our providerRef). */
  stripeSubscriptionId: string
  plan: { id: string; name: string; priceInclCents: number; interval: 'month' | 'year' }
  lieuName: string
  /** One key per change asked for: a retry of the same request changes nothing twice. */
  idempotencyKey: string
}

/**
 * Moves a Stripe subscription to another plan at once, with Stripe's proration: the unused time of
 * the old price is credited and the new price charged pro rata on the next invoice
 * (`proration_behavior: 'create_prorations'`). A subscription item cannot take `price_data` with a
 * product created inline, so the plan's price is created first (its metadata carries our planId,
 * as does the subscription's, so `customer.subscription.updated` tells which plan applies).
 */
export async function changeStripePlan(stripe: Stripe, change: StripePlanChange): Promise<void> {
  const { plan } = change
  const current = await callStripe('reading the subscription', () =>
    stripe.subscriptions.retrieve(change.stripeSubscriptionId),
  )
  const item = current.items.data[0]
  if (!item) throw new Error(`Stripe subscription ${current.id} has no item`)
  const price = await callStripe('a price', () =>
    stripe.prices.create(
      {
        currency: 'eur',
        unit_amount: plan.priceInclCents,
        recurring: { interval: plan.interval },
        product_data: { name: `${plan.name} — ${change.lieuName}` },
        metadata: { planId: plan.id },
      },
      { idempotencyKey: `${change.idempotencyKey}-price` },
    ),
  )
  await callStripe('the plan change', () =>
    stripe.subscriptions.update(
      current.id,
      {
        items: [{ id: item.id, price: price.id }],
        proration_behavior: 'create_prorations',
        metadata: { planId: plan.id },
      },
      { idempotencyKey: change.idempotencyKey },
    ),
  )
}
