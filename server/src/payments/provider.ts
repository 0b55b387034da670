import type { ManualPaymentMethod, PaymentStart } from '@fabrique/shared/billing/schema'

/**
 * A payment provider: how a member pays for a subscription or a pass. Two implementations are
 * exist: `manual` (payments received at the counter, by bank transfer or cheque and recorded by a
 * manager — manual.ts) and `stripe` (Checkout, Billing Portal and webhooks — stripe-provider.ts).
 *
 * A provider only *starts* a payment and, later, *confirms* it. Whatever the provider, a confirmed
 * payment goes through the same settlement functions, which run in one transaction with the
 * invoice:
 *   - subscriptions: `settleSubscriptionPayment(deps, tx, subscriptionId, payment, now)`
 *     (subscriptions/settle.ts) — activates or extends by one period, grants the month's credits,
 *     issues the invoice;
 *   - passes: `sellPass(deps, tx, sale, now)` (passes/sell.ts) — creates the pass, issues the invoice.
 * Stripe calls them from its webhook handlers (`invoice.paid`, `checkout.session.completed`) with
 * `method: 'card'` and its own reference, and changes states with the subscription service's
 * functions (`cancelSubscription`, `markPastDue` …) on `customer.subscription.*` events.
 */
export interface PaymentProvider {
  readonly name: 'manual' | 'stripe'
  /** What the member does next once a subscription is asked for. */
  startSubscription(input: SubscriptionCheckout): Promise<PaymentStart>
  /** What a visitor does next to buy a pass (drop-ins included). */
  startPassPurchase(input: PassCheckout): Promise<PaymentStart>
}

export interface SubscriptionCheckout {
  subscriptionId: string
  lieu: { id: string; name: string }
  plan: { id: string; name: string; priceInclCents: number; interval: 'month' | 'year' }
  user: { id: string; email: string; name: string }
}

export interface PassCheckout {
  lieu: { id: string; name: string }
  product: { id: string; name: string; priceInclCents: number }
  /** An account, or a drop-in (`userId: null`) known by e-mail; the name goes on the invoice. */
  buyer: { userId: string | null; email: string; name?: string }
  /** Where the browser comes back after Checkout (a path under APP_ORIGIN); the member's passes by default. */
  returnPath?: string
}

/** A payment received, however it was made. */
export interface ConfirmedPayment {
  method: ManualPaymentMethod | 'card'
  paidAt: Date
  /** The provider's reference (a Stripe invoice id…), for idempotency on its side. */
  providerRef?: string | null
}
