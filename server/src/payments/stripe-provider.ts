import { randomUUID } from 'node:crypto'
import type Stripe from 'stripe'
import type { PaymentStart } from '@fabrique/shared/billing/schema'
import type { PassCheckout, PaymentProvider, SubscriptionCheckout } from './provider.ts'

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
      const session = await stripe.checkout.sessions.create(
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
      )
      if (!session.url) throw new Error('Stripe returned a Checkout Session without a URL')
      return { kind: 'redirect', url: session.url }
    },
    async startPassPurchase({ lieu, product, buyer }: PassCheckout): Promise<PaymentStart> {
      const metadata: Record<string, string> = { lieuId: lieu.id, productId: product.id, email: buyer.email }
      if (buyer.userId) metadata.userId = buyer.userId
      const session = await stripe.checkout.sessions.create(
        {
          mode: 'payment',
          customer_email: buyer.email,
          line_items: [
            { quantity: 1, price_data: { currency: 'eur', unit_amount: product.priceInclCents, product_data: { name: `${product.name} — ${lieu.name}` } } },
          ],
          metadata,
          success_url: back('/compte/abonnements/passes?paiement=ok'),
          cancel_url: back('/compte/abonnements/passes?paiement=annule'),
        },
        // A purchase has no id of ours before it is paid: a fresh key per purchase asked for (the
        // SDK resends the same key on its own network retries).
        { idempotencyKey: `fabrique-pass-${randomUUID()}` },
      )
      if (!session.url) throw new Error('Stripe returned a Checkout Session without a URL')
      return { kind: 'redirect', url: session.url }
    },
  }
}

/** A Billing Portal session for a Stripe customer (manage card, invoices, cancellation). */
export async function billingPortalUrl(stripe: Stripe, customer: string, returnUrl: string, idempotencyKey: string) {
  const session = await stripe.billingPortal.sessions.create({ customer, return_url: returnUrl }, { idempotencyKey })
  return session.url
}
