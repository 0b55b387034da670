import type { AppDeps } from '../app-deps.ts'
import { bookingJobHandlers } from '../bookings/jobs.ts'
import { subscriptionJobHandlers } from '../subscriptions/jobs.ts'
import { stripeJobHandlers } from '../payments/stripe-events.ts'
import { employerJobHandlers } from '../employers/jobs.ts'
import { emailJobHandlers } from './email-handlers.ts'
import { payloadHandlers, type JobHandlers } from './queue.ts'

/**
 * Every job's handler: the e-mails (this folder) and the booking engine's jobs (waitlist offer
 * expiry, no-show), which `bookings/jobs.ts` provides, and the subscriptions' tick (credit grants
 * and expiries, period end) from `subscriptions/jobs.ts` and the Stripe
 * events from `payments/stripe-events.ts` — the `extraHandlers` of registerHandlers.
 */
export function jobHandlers(deps: AppDeps): { own: JobHandlers; extra: JobHandlers } {
  return { own: emailJobHandlers(deps), extra: payloadHandlers({ ...bookingJobHandlers(deps), ...subscriptionJobHandlers(deps), ...stripeJobHandlers(deps), ...employerJobHandlers(deps) }) }
}

export function allJobHandlers(deps: AppDeps): JobHandlers {
  const { own, extra } = jobHandlers(deps)
  return { ...own, ...extra }
}
