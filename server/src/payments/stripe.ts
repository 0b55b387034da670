import Stripe from 'stripe'
import { Router } from 'express'
import type { AppDeps } from '../app-deps.ts'
import type { StripeSettings } from '../config/env.ts'
import { AppError } from '../http/problem.ts'

/**
 * The Stripe SDK client, from configuration. Tests point it at a local fake Stripe HTTP server
 * (`host`, `port`, `protocol`); production talks to api.stripe.com. No network retries: callers
 * use idempotency keys and fail cleanly.
 */
export function createStripeClient(settings: StripeSettings): Stripe {
  return new Stripe(settings.secretKey, {
    maxNetworkRetries: 1,
    timeout: 10_000,
    ...(settings.host ? { host: settings.host } : {}),
    ...(settings.port ? { port: settings.port } : {}),
    ...(settings.protocol ? { protocol: settings.protocol } : {}),
  })
}

/**
 * A call to Stripe: an outage (no answer, Stripe's 5xx, its rate limit) is a 503 the member may
 * retry; a refusal (a bad request, a key refused) is our fault or a drift between Stripe and us, so
 * a plain error (500, logged) — never Stripe's own status passed on as if the member sent a bad request.
 */
export async function callStripe<T>(what: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call()
  } catch (e) {
    if (!(e instanceof Stripe.errors.StripeError)) throw e
    if (
      e instanceof Stripe.errors.StripeConnectionError ||
      e instanceof Stripe.errors.StripeAPIError ||
      e instanceof Stripe.errors.StripeRateLimitError
    )
      throw new AppError(
        'service_unavailable',
        'the card payment service did not answer: try again in a moment',
      )
    throw new Error(`Stripe refused ${what}: ${e.type} ${e.message}`, { cause: e })
  }
}

const clients = new WeakMap<StripeSettings, Stripe>()

/** One client per configuration; null when Stripe is not configured (manual payments only). */
export function stripeClient(deps: Pick<AppDeps, 'config'>): Stripe | null {
  const s = deps.config.stripe
  if (!s) return null
  let c = clients.get(s)
  if (!c) {
    c = createStripeClient(s)
    clients.set(s, c)
  }
  return c
}

/** GET /payments/config: may the UI offer a card payment? Only when Stripe keys are set. */
export function paymentConfigRoutes(deps: AppDeps) {
  const r = Router()
  r.get('/payments/config', (_req, res) => {
    res.json({ card: Boolean(deps.config.stripe) })
  })
  return r
}
