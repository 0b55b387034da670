// A pool paid by card: the Stripe Checkout Session (payment mode) when it is bought, and what the
// webhook's `checkout.session.completed` does with it (payments/stripe-events.ts): the pool
// becomes usable and its invoice is issued, paid, once.
import type { PaymentStart } from '@fabrique/shared/billing/schema'
import type { AppDeps } from '../app-deps.ts'
import type { Tx } from '../db/prisma.ts'
import { AppError } from '../http/problem.ts'
import { callStripe, stripeClient } from '../payments/stripe.ts'
import type { ConfirmedPayment } from '../payments/provider.ts'
import { issueInvoice } from '../invoices/issue.ts'
import { lineAmounts } from '../invoices/money.ts'
import { employerBuyer } from './invoicing.ts'
import { grantPoolLieux } from './lieu-access.ts'

interface PoolToPay {
  pool: { id: string; label: string; productCount: number; productPriceCents: number; vatRateBp: number }
  lieu: { id: string; name: string }
  buyer: { email: string }
  employerId: string
}

export async function startPoolCheckout(deps: AppDeps, p: PoolToPay): Promise<PaymentStart> {
  const stripe = stripeClient(deps)
  if (!stripe) throw new AppError('card_payments_unavailable', 'card payments are not configured')
  const unitIncl = lineAmounts({ quantity: 1, unitPriceExclCents: p.pool.productPriceCents, vatRateBp: p.pool.vatRateBp }).totalInclCents
  const back = `${deps.config.appOrigin}/employeur/${p.employerId}`
  const session = await callStripe('a Checkout Session', () =>
    stripe.checkout.sessions.create(
      {
        mode: 'payment',
        customer_email: p.buyer.email,
        line_items: [{ quantity: p.pool.productCount, price_data: { currency: 'eur', unit_amount: unitIncl, product_data: { name: `${p.pool.label} — ${p.lieu.name}` } } }],
        metadata: { poolId: p.pool.id, employerId: p.employerId, lieuId: p.lieu.id },
        success_url: `${back}?paiement=ok`,
        cancel_url: `${back}?paiement=annule`,
      },
      // One session per pool: a retry of the purchase answers the same session.
      { idempotencyKey: `fabrique-pool-${p.pool.id}` },
    ),
  )
  if (!session.url) throw new Error('Stripe returned a Checkout Session without a URL')
  return { kind: 'redirect', url: session.url }
}

/** The payment of a pending pool: active, and its paid invoice, in the event's transaction. Once. */
export async function settlePoolCheckout(tx: Tx, poolId: string, payment: ConfirmedPayment, now: Date): Promise<string | null> {
  const pool = await tx.employerPool.findUnique({ where: { id: poolId }, include: { employer: true } })
  if (!pool) return 'no pool for this checkout session'
  const activated = await tx.employerPool.updateMany({ where: { id: poolId, status: 'pending' }, data: { status: 'active', validFrom: now < pool.validFrom ? now : pool.validFrom } })
  if (activated.count === 0) return 'pool already paid or cancelled'
  const invoice = await issueInvoice(
    tx,
    {
      lieuId: pool.sellerLieuId,
      buyer: employerBuyer(pool.employer),
      lines: [{ label: pool.label, quantity: pool.productCount, unitPriceExclCents: pool.productPriceCents, vatRateBp: pool.vatRateBp }],
      paymentMethod: payment.method,
      paidAt: payment.paidAt,
      dueDays: 0,
    },
    now,
  )
  await tx.employerPool.update({ where: { id: poolId }, data: { invoiceId: invoice.id } })
  await grantPoolLieux(tx, pool.employerId, now)
  return null
}
