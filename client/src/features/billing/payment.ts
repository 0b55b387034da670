import type { PaymentStart, SubscriptionDto } from '@fabrique/shared/billing/schema'

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
