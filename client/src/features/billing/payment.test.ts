import { describe, expect, it } from 'vitest'
import { checkoutReturn, checkoutUrl, managesPaymentOnline, safeRedirectUrl } from './payment.ts'

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
