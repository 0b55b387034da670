import { formatEuros } from './format.ts'
import type { PaymentProvider } from './provider.ts'

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

/** Manual payments only until Stripe keys are configured (the Stripe provider comes later). */
export function paymentProvider(): PaymentProvider {
  return manualProvider
}
