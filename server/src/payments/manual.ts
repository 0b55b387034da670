import type { AppDeps } from '../app-deps.ts'
import { formatEuros } from './format.ts'
import type { PaymentProvider } from './provider.ts'
import { stripeClient } from './stripe.ts'
import { stripeProvider } from './stripe-provider.ts'

/**
 * The manual provider: nothing is charged online. The member is told to pay at the counter (or by
 * transfer / cheque); a manager records the payment (POST /subscriptions/:id/payments,
 * POST /lieux/:lieuId/passes), which settles it.
 */
export const manualProvider: PaymentProvider = {
  name: 'manual',
  startSubscription({ lieu, plan }) {
    return Promise.resolve({
      kind: 'pay_at_counter',
      instructions: `Pay ${formatEuros(plan.priceInclCents)} to ${lieu.name} (at the counter, by bank transfer or by cheque): your subscription starts when the team records your payment.`,
    })
  },
  startPassPurchase({ lieu, product }) {
    return Promise.resolve({
      kind: 'pay_at_counter',
      instructions: `Pay ${formatEuros(product.priceInclCents)} for ${product.name} at ${lieu.name}'s counter.`,
    })
  },
}

/** Stripe when its keys are configured; otherwise manual payments only. */
export function paymentProvider(deps?: Pick<AppDeps, 'config'>): PaymentProvider {
  const stripe = deps ? stripeClient(deps) : null
  return stripe && deps ? stripeProvider(stripe, deps.config.appOrigin) : manualProvider
}
