import { describe, expect, it } from 'vitest'
import {
  checkoutReturn,
  checkoutUrl,
  managesPaymentOnline,
  planChangeChoices,
  safeRedirectUrl,
  scheduledStart,
} from './payment.ts'

describe('safeRedirectUrl', () => {
  it('keeps http(s) addresses', () => {
    expect(safeRedirectUrl('https://checkout.stripe.com/c/pay/cs_test_1')).toBe('https://checkout.stripe.com/c/pay/cs_test_1')
    expect(safeRedirectUrl('http://localhost:12111/session')).toBe('http://localhost:12111/session')
  })
  it('refuses anything else', () => {
    expect(safeRedirectUrl(undefined)).toBeNull()
    expect(safeRedirectUrl('')).toBeNull()
    expect(safeRedirectUrl('not a url')).toBeNull()
    expect(safeRedirectUrl('/relative/path')).toBeNull()
    expect(safeRedirectUrl('javascript:alert(1)')).toBeNull()
    expect(safeRedirectUrl('data:text/html,hi')).toBeNull()
  })
})

describe('checkoutUrl', () => {
  it('answers the URL of a redirect', () => {
    expect(checkoutUrl({ kind: 'redirect', url: 'https://checkout.stripe.com/x' })).toBe('https://checkout.stripe.com/x')
  })
  it('answers null for the counter, no payment, or an unsafe URL', () => {
    expect(checkoutUrl({ kind: 'pay_at_counter', instructions: 'Pay at the desk' })).toBeNull()
    expect(checkoutUrl(null)).toBeNull()
    expect(checkoutUrl({ kind: 'redirect', url: 'javascript:void(0)' })).toBeNull()
  })
})

describe('managesPaymentOnline', () => {
  it('is for live Stripe subscriptions only', () => {
    expect(managesPaymentOnline({ provider: 'stripe', status: 'active' })).toBe(true)
    expect(managesPaymentOnline({ provider: 'stripe', status: 'past_due' })).toBe(true)
    expect(managesPaymentOnline({ provider: 'stripe', status: 'cancelled' })).toBe(false)
    expect(managesPaymentOnline({ provider: 'manual', status: 'active' })).toBe(false)
  })
})

describe('checkoutReturn', () => {
  it('reads the outcome of a return from Checkout', () => {
    expect(checkoutReturn('?paiement=ok')).toBe('ok')
    expect(checkoutReturn('?paiement=annule')).toBe('cancelled')
    expect(checkoutReturn('?paiement=other')).toBeNull()
    expect(checkoutReturn('')).toBeNull()
  })
})

describe('planChangeChoices', () => {
  const plan = (id: string, over: Partial<{ lieuId: string; kind: 'usage' | 'membership'; interval: 'month' | 'year'; archived: boolean }> = {}) => ({
    id,
    lieuId: 'L',
    kind: 'usage' as const,
    interval: 'month' as const,
    archived: false,
    ...over,
  })
  const sub = (provider: string, over: Partial<{ status: 'active' | 'past_due'; inGoodStanding: boolean }> = {}) => ({
    lieuId: 'L',
    plan: { id: 'current', name: 'Coworking', kind: 'usage' as const, interval: 'month' as const },
    provider,
    status: 'active' as const,
    inGoodStanding: true,
    ...over,
  })
  const plans = [
    plan('current'),
    plan('resident'),
    plan('yearly', { interval: 'year' }),
    plan('old', { archived: true }),
    plan('adhesion', { kind: 'membership', interval: 'year' }),
    plan('elsewhere', { lieuId: 'M' }),
    plan('held'),
  ]
  it('offers the lieu’s other plans of the same kind, on sale and not held', () => {
    expect(planChangeChoices(sub('manual'), plans, new Set(['held'])).map((p) => p.id)).toEqual(['resident', 'yearly'])
  })
  it('paid by card: the same interval only', () => {
    expect(planChangeChoices(sub('stripe'), plans, new Set(['held'])).map((p) => p.id)).toEqual(['resident'])
  })
  it('nothing for a subscription not active and paid up', () => {
    expect(planChangeChoices(sub('manual', { status: 'past_due' }), plans, new Set())).toEqual([])
    expect(planChangeChoices(sub('manual', { inGoodStanding: false }), plans, new Set())).toEqual([])
  })
})

describe('scheduledStart', () => {
  const base = { createdAt: '2026-11-27T09:00:00Z' }
  it('answers the start of a subscription a plan change scheduled', () => {
    const s = { ...base, status: 'past_due' as const, currentPeriodStart: '2026-12-27T09:00:00Z', currentPeriodEnd: '2026-12-27T09:00:00Z' }
    expect(scheduledStart(s)).toBe('2026-12-27T09:00:00Z')
  })
  it('null for a request awaiting its first payment, a lapsed one, or an active one', () => {
    const at = '2026-11-27T09:00:00Z'
    expect(scheduledStart({ ...base, status: 'past_due', currentPeriodStart: at, currentPeriodEnd: at })).toBeNull()
    expect(scheduledStart({ ...base, status: 'past_due', currentPeriodStart: '2026-10-01T00:00:00Z', currentPeriodEnd: '2026-11-01T00:00:00Z' })).toBeNull()
    expect(scheduledStart({ ...base, status: 'active', currentPeriodStart: '2026-12-27T09:00:00Z', currentPeriodEnd: '2027-01-27T09:00:00Z' })).toBeNull()
  })
})
