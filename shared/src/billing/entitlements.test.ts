import { describe, expect, it } from 'vitest'
import { mergeEntitlements, noEntitlements, priceInclCents } from './entitlements.ts'
import { ZEntitlements } from './schema.ts'

const ent = (e: object) => ZEntitlements.parse(e)

describe('mergeEntitlements', () => {
  it('nothing active gives nothing', () => {
    expect(mergeEntitlements([])).toEqual(noEntitlements)
  })

  it('takes the most favourable of each entitlement', () => {
    const merged = mergeEntitlements([
      {
        subscriptionId: 's1',
        planId: 'p1',
        kind: 'usage',
        entitlements: ent({
          includedKinds: ['zone'],
          monthlyCreditMinutes: { room: 120 },
          memberDiscountBp: 1000,
          maxConcurrentBookings: 2,
          bookingWindowDays: null,
          planOnlyResourceIds: ['00000000-0000-4000-8000-000000000002'],
        }),
      },
      {
        subscriptionId: 's2',
        planId: 'p2',
        kind: 'membership',
        entitlements: ent({
          includedKinds: ['desk', 'zone'],
          monthlyCreditMinutes: { room: 60, machine: 30 },
          memberDiscountBp: 500,
          bookingWindowDays: 60,
          planOnlyResourceIds: [
            '00000000-0000-4000-8000-000000000001',
            '00000000-0000-4000-8000-000000000002',
          ],
        }),
      },
    ])
    expect(merged).toEqual({
      subscriptionIds: ['s1', 's2'],
      planIds: ['p1', 'p2'],
      member: true,
      includedKinds: ['desk', 'zone'],
      monthlyCreditMinutes: { room: 180, machine: 30 },
      memberDiscountBp: 1000,
      maxConcurrentBookings: 2,
      bookingWindowDays: 60,
      planOnlyResourceIds: ['00000000-0000-4000-8000-000000000001', '00000000-0000-4000-8000-000000000002'],
    })
  })

  it('an adhésion alone makes a member without other rights; limits unset stay null', () => {
    const m = mergeEntitlements([
      { subscriptionId: 's', planId: 'p', kind: 'membership', entitlements: ent({}) },
    ])
    expect(m.member).toBe(true)
    expect(m.maxConcurrentBookings).toBeNull()
    expect(m.bookingWindowDays).toBeNull()
    expect(m.includedKinds).toEqual([])
  })
})

describe('priceInclCents', () => {
  it('adds VAT rounded half-up to the cent, none when the lieu is exempt', () => {
    expect(priceInclCents(2500, 2000, false)).toBe(3000)
    expect(priceInclCents(1666, 2000, false)).toBe(1999) // 333.2 → 333
    expect(priceInclCents(1, 5000, false)).toBe(2) // 0.5 → 1
    expect(priceInclCents(2500, 2000, true)).toBe(2500)
    expect(priceInclCents(0, 2000, false)).toBe(0)
  })
})
