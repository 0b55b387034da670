import Stripe from 'stripe'
import { Router } from 'express'
import type { AppDeps } from '../app-deps.ts'
import type { StripeSettings } from '../config/env.ts'

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
