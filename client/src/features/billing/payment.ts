import type { PaymentStart, PlanDto, SubscriptionDto } from '@fabrique/shared/billing/schema'

/**
 * Where the browser goes to pay online: the Checkout (or Billing Portal) URL the server answered,
 * only when it is an http(s) address — anything else (no redirect, a malformed or `javascript:`
 * URL) gives null and the page stays put.
 */
export function safeRedirectUrl(url: string | null | undefined): string | null {
  if (!url) return null
  try {
    const u = new URL(url)
    return u.protocol === 'https:' || u.protocol === 'http:' ? u.href : null
  } catch {
    return null
  }
}

/** The Checkout URL of a subscription's payment start, or null when it is paid at the counter (or already). */
export function checkoutUrl(payment: PaymentStart | null | undefined): string | null {
  return payment?.kind === 'redirect' ? safeRedirectUrl(payment.url) : null
}

/** A subscription paid by card (Stripe) and not over: its holder may manage the payment in the Billing Portal. */
export function managesPaymentOnline(sub: Pick<SubscriptionDto, 'provider' | 'status'>): boolean {
  return sub.provider === 'stripe' && sub.status !== 'cancelled'
}

/** The outcome of a return from Stripe Checkout (`?paiement=ok|annule` on /compte/abonnements). */
export function checkoutReturn(search: string): 'ok' | 'cancelled' | null {
  const v = new URLSearchParams(search).get('paiement')
  return v === 'ok' ? 'ok' : v === 'annule' ? 'cancelled' : null
}

/**
 * The plans a subscription may change to (POST /subscriptions/:id/change-plan): of its lieu, the
 * same kind, on sale, not the current one nor one already held; paid by card, the same interval
 * too (Stripe prorates within one billing cycle). Only an active, paid-up subscription changes.
 */
export function planChangeChoices<
  P extends Pick<PlanDto, 'id' | 'lieuId' | 'kind' | 'interval' | 'archived'>,
>(
  sub: Pick<SubscriptionDto, 'lieuId' | 'plan' | 'provider' | 'status' | 'inGoodStanding'>,
  plans: P[],
  heldPlanIds: ReadonlySet<string>,
): P[] {
  if (sub.status !== 'active' || !sub.inGoodStanding) return []
  return plans.filter(
    (p) =>
      p.lieuId === sub.lieuId &&
      p.kind === sub.plan.kind &&
      !p.archived &&
      p.id !== sub.plan.id &&
      !heldPlanIds.has(p.id) &&
      (sub.provider !== 'stripe' || p.interval === sub.plan.interval),
  )
}

/**
 * A subscription a plan change scheduled (manual payments): awaiting payment, its empty span placed
 * in the future where the previous plan ends. Answers that start, or null.
 */
export function scheduledStart(
  sub: Pick<SubscriptionDto, 'status' | 'currentPeriodStart' | 'currentPeriodEnd' | 'createdAt'>,
): string | null {
  const start = Date.parse(sub.currentPeriodStart)
  return sub.status === 'past_due' &&
    start === Date.parse(sub.currentPeriodEnd) &&
    start > Date.parse(sub.createdAt)
    ? sub.currentPeriodStart
    : null
}
