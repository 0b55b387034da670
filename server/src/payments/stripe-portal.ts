import { Router } from 'express'
import { z } from 'zod'
import type { AppDeps } from '../app-deps.ts'
import { AppError, notFound } from '../http/problem.ts'
import { route, uuidParam } from '../http/route.ts'
import { stripeClient } from './stripe.ts'
import { billingPortalUrl } from './stripe-provider.ts'

/**
 * POST /subscriptions/:subscriptionId/billing-portal — the member's link to Stripe's Billing
 * Portal (card, Stripe invoices, cancellation) for a subscription paid by card. Only its holder;
 * anyone else gets a 404. The Stripe customer is the one of the subscription's Checkout Session
 * (its `checkout.session.completed` event).
 */
export function stripePortalRoutes(deps: AppDeps) {
  const r = Router()
  route(
    r,
    {
      method: 'post',
      path: '/subscriptions/:subscriptionId/billing-portal',
      tag: 'Subscriptions',
      summary: 'A Stripe Billing Portal link for a subscription paid by card (its holder)',
      auth: 'user',
      response: z.object({ url: z.string() }),
      errors: ['invalid_subscription_state'],
    },
    async (ctx) => {
      const id = uuidParam(ctx, 'subscriptionId', 'subscription')
      const s = await deps.db.subscription.findUnique({ where: { id }, select: { userId: true, provider: true, providerRef: true } })
      if (!s || s.userId !== ctx.user.id) throw notFound('subscription')
      const stripe = stripeClient(deps)
      if (!stripe || s.provider !== 'stripe' || !s.providerRef)
        throw new AppError('invalid_subscription_state', 'this subscription is not paid by card')
      const [row] = await deps.db.$queryRaw<{ customer: string | null }[]>`
        SELECT payload #>> '{data,object,customer}' AS customer FROM payment_events
        WHERE provider = 'stripe' AND type = 'checkout.session.completed'
          AND payload #>> '{data,object,subscription}' = ${s.providerRef}
        ORDER BY received_at DESC LIMIT 1`
      if (!row?.customer) throw new AppError('invalid_subscription_state', 'no Stripe customer is known for this subscription yet')
      const minute = Math.floor(deps.clock.now().getTime() / 60_000)
      const url = await billingPortalUrl(stripe, row.customer, `${deps.config.appOrigin}/compte/abonnements`, `fabrique-portal-${id}-${minute}`)
      return { url }
    },
  )
  return r
}
