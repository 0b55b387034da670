import { describe, expect, it } from 'vitest'
import { localDaysTouched, priceBooking, ratePrice, type PassHolding, type PriceInput } from './price.ts'

const PARIS = 'Europe/Paris'
const at = (s: string) => new Date(s)
const base = (over: Partial<PriceInput> = {}): PriceInput => ({
  rates: { hourCents: 500, halfDayCents: 1500, dayCents: 2500, vatRateBp: 2000 },
  resourceKind: 'desk',
  zone: PARIS,
  start: at('2026-12-01T09:00:00+01:00'),
  end: at('2026-12-01T11:00:00+01:00'),
  vatExempt: false,
  entitlements: { includedKinds: [], memberDiscountBp: 0 },
  withinOpeningHours: true,
  creditBalanceMinutes: 0,
  passes: [],
  ...over,
})
const slot = (from: string, to: string) => ({ start: at(from), end: at(to) })

describe('the rate: cheapest of hourly, half-day (≤ 4 h) and day', () => {
  const cases: { name: string; over: Partial<PriceInput>; tier: string; excl: number; vat: number; incl: number }[] = [
    { name: '2 h hourly', over: {}, tier: 'hour', excl: 1000, vat: 200, incl: 1200 },
    { name: '30 min hourly', over: slot('2026-12-01T09:00:00+01:00', '2026-12-01T09:30:00+01:00'), tier: 'hour', excl: 250, vat: 50, incl: 300 },
    { name: '4 h: the half-day is cheaper', over: slot('2026-12-01T09:00:00+01:00', '2026-12-01T13:00:00+01:00'), tier: 'half_day', excl: 1500, vat: 300, incl: 1800 },
    { name: '5 h 30: no half-day, the day is cheaper', over: slot('2026-12-01T09:00:00+01:00', '2026-12-01T14:30:00+01:00'), tier: 'day', excl: 2500, vat: 500, incl: 3000 },
    { name: '3 h 30: hourly cheaper than the half-day', over: { ...slot('2026-12-01T09:00:00+01:00', '2026-12-01T11:30:00+01:00') }, tier: 'hour', excl: 1250, vat: 250, incl: 1500 },
    { name: 'across midnight: two days', over: { ...slot('2026-12-01T20:00:00+01:00', '2026-12-02T06:00:00+01:00'), rates: { hourCents: 1000, dayCents: 2500 } }, tier: 'day', excl: 5000, vat: 1000, incl: 6000 },
    { name: 'only a half-day rate: a day is two half-days', over: { ...slot('2026-12-01T09:00:00+01:00', '2026-12-01T17:00:00+01:00'), rates: { halfDayCents: 1500 } }, tier: 'day', excl: 3000, vat: 600, incl: 3600 },
    { name: 'only a day rate applies to an hour', over: { ...slot('2026-12-01T09:00:00+01:00', '2026-12-01T10:00:00+01:00'), rates: { dayCents: 2500 } }, tier: 'day', excl: 2500, vat: 500, incl: 3000 },
    { name: '10 % member discount', over: { entitlements: { includedKinds: [], memberDiscountBp: 1000 } }, tier: 'hour', excl: 900, vat: 180, incl: 1080 },
    { name: 'VAT rounded half-up on the line (5,5 %)', over: { rates: { hourCents: 1001, vatRateBp: 550 }, ...slot('2026-12-01T09:00:00+01:00', '2026-12-01T10:00:00+01:00') }, tier: 'hour', excl: 1001, vat: 55, incl: 1056 },
    { name: 'VAT default 20 % when unset', over: { rates: { hourCents: 999 }, ...slot('2026-12-01T09:00:00+01:00', '2026-12-01T10:00:00+01:00') }, tier: 'hour', excl: 999, vat: 200, incl: 1199 },
    { name: 'VAT-exempt lieu: 0 %', over: { vatExempt: true }, tier: 'hour', excl: 1000, vat: 0, incl: 1000 },
    { name: 'a zone: price × seats', over: { resourceKind: 'zone', seats: 3 }, tier: 'hour', excl: 3000, vat: 600, incl: 3600 },
    { name: 'hourly rounding per minute (20 min of 10,00 €)', over: { rates: { hourCents: 1000 }, ...slot('2026-12-01T09:00:00+01:00', '2026-12-01T09:20:00+01:00') }, tier: 'hour', excl: 333, vat: 67, incl: 400 },
  ]
  it.each(cases)('$name', (c) => {
    const p = priceBooking(base(c.over))
    expect(p.means).toBe('on_site')
    expect({ tier: p.tier, excl: p.priceExclCents, vat: p.vatCents, incl: p.priceInclCents }).toEqual({ tier: c.tier, excl: c.excl, vat: c.vat, incl: c.incl })
    expect(p.vatRateBp).toBe(c.over.vatExempt ? 0 : (c.over.rates?.vatRateBp ?? 2000))
  })

  it('a French label', () => {
    expect(priceBooking(base()).label).toBe('2 h au tarif horaire : 12,00\u00a0€ TTC à régler sur place')
    expect(priceBooking(base({ vatExempt: true, entitlements: { includedKinds: [], memberDiscountBp: 1000 } })).label).toBe(
      '2 h au tarif horaire, remise 10\u00a0% : 9,00\u00a0€ à régler sur place',
    )
  })
})

describe('DST: real elapsed minutes, local days', () => {
  // Paris: 2026-03-29 has 23 hours (02:00 → 03:00), 2026-10-25 has 25 (03:00 → 02:00).
  it.each([
    { name: 'the whole 23-hour day is 23 h hourly, one day', from: '2026-03-29T00:00:00+01:00', to: '2026-03-30T00:00:00+02:00', minutes: 23 * 60, days: 1 },
    { name: 'the whole 25-hour day is 25 h hourly, one day', from: '2026-10-25T00:00:00+02:00', to: '2026-10-26T00:00:00+01:00', minutes: 25 * 60, days: 1 },
    { name: '01:00–05:00 local on the short day lasts 3 h', from: '2026-03-29T01:00:00+01:00', to: '2026-03-29T05:00:00+02:00', minutes: 180, days: 1 },
    { name: '01:00–05:00 local on the long day lasts 5 h', from: '2026-10-25T01:00:00+02:00', to: '2026-10-25T05:00:00+01:00', minutes: 300, days: 1 },
  ])('$name', (c) => {
    const p = priceBooking(base({ start: at(c.from), end: at(c.to), rates: { hourCents: 100 } }))
    expect(p.minutes).toBe(c.minutes)
    expect(p.days).toBe(c.days)
    expect(p.priceExclCents).toBe(c.minutes * 100 / 60)
  })
  it('half-day counts real time: 01:00–05:00 is a half-day on the short day, not on the long one', () => {
    const rates = { hourCents: 1000, halfDayCents: 1500 }
    expect(priceBooking(base({ rates, start: at('2026-03-29T01:00:00+01:00'), end: at('2026-03-29T05:00:00+02:00') })).tier).toBe('half_day')
    const long = priceBooking(base({ rates, start: at('2026-10-25T01:00:00+02:00'), end: at('2026-10-25T05:00:00+01:00') }))
    expect(long.tier).toBe('day') // two half-days (3000) beat 5 h hourly (5000)
    expect(long.priceExclCents).toBe(3000)
  })
  it('counts local days in the zone, not in UTC', () => {
    // 23:30 UTC on 1 December is 00:30 on the 2nd in Paris.
    expect(localDaysTouched(at('2026-12-01T23:30:00Z'), at('2026-12-02T01:00:00Z'), PARIS)).toBe(1)
    expect(localDaysTouched(at('2026-12-01T22:30:00Z'), at('2026-12-01T23:30:00Z'), PARIS)).toBe(2)
    expect(localDaysTouched(at('2026-12-01T08:00:00Z'), at('2026-12-02T00:00:00+01:00'), PARIS)).toBe(1) // ends at midnight
  })
  it('ratePrice ties prefer the hourly rate', () => {
    expect(ratePrice({ hourCents: 375, halfDayCents: 1500 }, 240, 1)).toEqual({ tier: 'hour', cents: 1500 })
  })
})

describe('how it is paid: included, credits, pass, then on site; free without a rate', () => {
  const carnet: PassHolding = { id: 'c0000000-0000-4000-8000-000000000001', kind: 'carnet', resourceKind: null, remaining: 3, validUntil: at('2026-12-31T00:00:00+01:00') }
  const pack: PassHolding = { id: 'a0000000-0000-4000-8000-000000000002', kind: 'hour_pack', resourceKind: 'desk', remaining: 120, validUntil: at('2026-12-31T00:00:00+01:00') }
  const cases: { name: string; over: Partial<PriceInput>; means: string; credit?: number; pass?: string; amount?: number }[] = [
    { name: 'no rate: free', over: { rates: {} }, means: 'free' },
    { name: 'no rate with credits: free, nothing debited', over: { rates: { vatRateBp: 550 }, creditBalanceMinutes: 600 }, means: 'free' },
    { name: 'rates of 0: free', over: { rates: { hourCents: 0 } }, means: 'free' },
    { name: '100 % discount: free', over: { entitlements: { includedKinds: [], memberDiscountBp: 10_000 } }, means: 'free' },
    { name: 'included kind during opening hours', over: { entitlements: { includedKinds: ['desk'], memberDiscountBp: 0 }, creditBalanceMinutes: 600 }, means: 'included' },
    { name: 'included kind outside opening hours: credits', over: { entitlements: { includedKinds: ['desk'], memberDiscountBp: 0 }, withinOpeningHours: false, creditBalanceMinutes: 600 }, means: 'credits', credit: 120 },
    { name: 'another kind included: not this one', over: { entitlements: { includedKinds: ['room'], memberDiscountBp: 0 } }, means: 'on_site' },
    { name: 'credits covering the whole duration', over: { creditBalanceMinutes: 120, passes: [carnet] }, means: 'credits', credit: 120 },
    { name: 'credits short: the carnet', over: { creditBalanceMinutes: 119, passes: [carnet] }, means: 'pass', pass: carnet.id, amount: 1 },
    { name: 'credits refused under concurrency: the carnet', over: { creditBalanceMinutes: 600, passes: [carnet], exclude: { credits: true } }, means: 'pass', pass: carnet.id, amount: 1 },
    { name: 'an hour pack of the kind covering the minutes, before a carnet expiring the same day', over: { passes: [carnet, pack] }, means: 'pass', pass: pack.id, amount: 120 },
    { name: 'an hour pack too short: the carnet', over: { passes: [carnet, { ...pack, remaining: 90 }] }, means: 'pass', pass: carnet.id, amount: 1 },
    { name: 'an hour pack of another kind: on site', over: { passes: [{ ...pack, resourceKind: 'room' }] }, means: 'on_site' },
    { name: 'a carnet expiring before the end: on site', over: { passes: [{ ...carnet, validUntil: at('2026-12-01T10:00:00+01:00') }] }, means: 'on_site' },
    { name: 'a carnet for a booking over two days: on site', over: { passes: [carnet], ...slot('2026-12-01T20:00:00+01:00', '2026-12-02T02:00:00+01:00') }, means: 'on_site' },
    { name: 'an exhausted pass excluded: on site', over: { passes: [carnet], exclude: { passIds: [carnet.id] } }, means: 'on_site' },
    { name: 'the pass expiring first', over: { passes: [carnet, { ...carnet, id: 'c0000000-0000-4000-8000-000000000009', validUntil: at('2026-12-05T00:00:00+01:00') }] }, means: 'pass', pass: 'c0000000-0000-4000-8000-000000000009', amount: 1 },
    { name: 'a zone for 2 seats: credits for both', over: { resourceKind: 'zone', seats: 2, creditBalanceMinutes: 240, passes: [carnet] }, means: 'credits', credit: 240 },
    { name: 'a zone for 2 seats: no pass for two people', over: { resourceKind: 'zone', seats: 2, passes: [carnet] }, means: 'on_site' },
    { name: 'nothing: on site', over: {}, means: 'on_site' },
  ]
  it.each(cases)('$name', (c) => {
    const p = priceBooking(base(c.over))
    expect(p.means).toBe(c.means)
    expect(p.creditMinutes).toBe(c.credit)
    expect(p.pass?.id).toBe(c.pass)
    expect(p.pass?.amount).toBe(c.amount)
    if (c.means !== 'on_site') expect([p.priceExclCents, p.vatCents, p.priceInclCents]).toEqual([0, 0, 0])
    else expect(p.priceInclCents).toBeGreaterThan(0)
  })
})
