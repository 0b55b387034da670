import express, { Router, type NextFunction, type Request, type Response } from 'express'
import type Stripe from 'stripe'
import type { AppDeps } from '../app-deps.ts'
import { transaction } from '../bookings/transaction.ts'
import { AppError } from '../http/problem.ts'
import { stripeClient } from './stripe.ts'

/** Seconds a signed webhook stays acceptable (Stripe's default; replays beyond are refused). */
export const WEBHOOK_TOLERANCE_SECONDS = 300

export const WEBHOOK_PATH = '/api/v1/stripe/webhook'

/**
 * POST /api/v1/stripe/webhook — mounted before the JSON body parser (the signature covers the raw
 * bytes) and outside the origin check (Stripe sends no Origin). The signature is verified with the
 * SDK; a bad signature or a stale timestamp is a 400 and nothing is recorded. A good event is
 * stored once by its id (a repeated delivery changes nothing, but queues again an event
 * not applied yet) and the job `stripe.event` is queued
 * in the same transaction; the answer is immediate, the work is the job queue's.
 */
export function stripeWebhookRoutes(deps: AppDeps) {
  const r = Router()
  r.post(WEBHOOK_PATH, express.raw({ type: () => true, limit: '512kb' }), (req: Request, res: Response, next: NextFunction) => {
    void (async () => {
      const stripe = stripeClient(deps)
      const secret = deps.config.stripe?.webhookSecret
      if (!stripe || !secret) throw new AppError('not_found', 'card payments are not configured')
      const header = req.headers['stripe-signature']
      const raw: unknown = req.body
      if (!header || !Buffer.isBuffer(raw)) throw new AppError('validation_failed', 'a signed Stripe event is expected')
      const receivedAt = deps.clock.now().getTime()
      // The SDK refuses signatures older than the tolerance; one dated in the future is refused too.
      const signedAt = Number(/(?:^|,)t=(\d+)/.exec(String(header))?.[1] ?? 0)
      if (signedAt * 1000 > receivedAt + WEBHOOK_TOLERANCE_SECONDS * 1000)
        throw new AppError('validation_failed', 'the Stripe signature is dated in the future')
      let event: Stripe.Event
      try {
        event = stripe.webhooks.constructEvent(raw, header, secret, WEBHOOK_TOLERANCE_SECONDS, undefined, receivedAt)
      } catch {
        throw new AppError('validation_failed', 'the Stripe signature is invalid or too old')
      }
      if (typeof event.id !== 'string' || typeof event.type !== 'string')
        throw new AppError('validation_failed', 'not a Stripe event')
      const now = deps.clock.now()
      await transaction(deps, async (tx) => {
        const inserted = await tx.$executeRaw`
          INSERT INTO payment_events (id, provider, type, payload, received_at)
          VALUES (${event.id}, 'stripe', ${event.type}, ${JSON.stringify(event)}::jsonb, ${now})
          ON CONFLICT (id) DO NOTHING`
        // A redelivery of an event not applied yet (its job gave up) queues it again.
        const pending =
          inserted === 1 ||
          (await tx.paymentEvent.findUnique({ where: { id: event.id }, select: { processedAt: true } }))?.processedAt === null
        if (pending) await deps.jobs.enqueue('stripe.event', { eventId: event.id }, { singletonKey: `stripe:${event.id}` }, tx)
      })
      res.json({ received: true })
    })().catch(next)
  })
  return r
}
