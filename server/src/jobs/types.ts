import type { Tx } from '../db/prisma.ts'

/** Jobs the server knows; the payload of each. */
export interface JobPayloads {
  'email.booking_confirmed': { bookingId: string }
  'email.booking_cancelled': { bookingId: string }
  'email.booking_reminder': { bookingId: string }
  'email.waitlist_offer': { entryId: string }
  'waitlist.offer_expired': { entryId: string }
  'bookings.no_show': { bookingId: string }
  /** A subscription's boundary: credits granted / expired, period end (subscriptions/jobs.ts). */
  'subscriptions.tick': { subscriptionId: string }
  /** A Stripe event stored by the webhook, to apply (payments/stripe-events.ts). */
  'stripe.event': { eventId: string }
  /** An employer's consolidated invoice for a month at one seller (employers/invoicing.ts). */
  'employers.invoice_run': { employerId: string; sellerLieuId: string; month: string }
}
export type JobName = keyof JobPayloads

export interface EnqueueOptions {
  /** Run no earlier than this instant. */
  startAfter?: Date
  /** At most one queued job with this key (per name). */
  singletonKey?: string
}

/** One job of a batch (`enqueueAll`). */
export type JobRequest = { [N in JobName]: { name: N; payload: JobPayloads[N]; opts?: EnqueueOptions } }[JobName]

/** A PostgreSQL-backed job queue: jobs survive restarts and run once across processes. */
export interface JobQueue {
  /** Queue a job; inside `tx` it commits or rolls back with the caller's transaction. */
  enqueue<N extends JobName>(name: N, payload: JobPayloads[N], opts?: EnqueueOptions, tx?: Tx): Promise<void>
  /**
   * Queue several jobs, of any names, exactly as `enqueue` would one by one (same options, same
   * singletonKey rule); inside `tx` with one statement, committing or rolling back with it.
   */
  enqueueAll(jobs: readonly JobRequest[], tx?: Tx): Promise<void>
}
