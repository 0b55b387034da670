import { describe, expect, it } from 'vitest'
import { budgetPeriod, employerCover, isCover, unitsValue, type EmployerAllowance, type CoverBooking, type PoolHolding } from './cover.ts'

const pool = (over: Partial<PoolHolding> = {}): PoolHolding => ({
  id: 'p-days',
  unit: 'day',
  resourceKind: null,
  remaining: 10,
  validFrom: new Date('2026-01-01T00:00:00Z'),
  validUntil: new Date('2027-01-01T00:00:00Z'),
  productPriceCents: 15000,
  productQuantity: 10,
  ...over,
})

const allowance = (over: Partial<EmployerAllowance> = {}, alloc: Partial<EmployerAllowance['allocation']> = {}): EmployerAllowance => ({
  employerId: 'e1',
  employerName: 'Coop',
  allocation: { budgetKind: 'none', budgetPeriod: 'month', budgetAmount: 0, lieuIds: [], resourceKinds: [], weekdays: [], ...alloc },
  used: { days: 0, valueExclCents: 0 },
  pools: [pool()],
  ...over,
})

// Tuesday 3 November 2026, 09:00–17:00 in Paris.
const booking = (over: Partial<CoverBooking> = {}): CoverBooking => ({
  lieuId: 'l1',
  resourceKind: 'desk',
  zone: 'Europe/Paris',
  start: new Date('2026-11-03T08:00:00Z'),
  end: new Date('2026-11-03T16:00:00Z'),
  seats: 1,
  minutes: 480,
  days: 1,
  ...over,
})

describe('employerCover', () => {
  it('pays a day from a day pool at the unit value of the carnet (150 € / 10 days)', () => {
    expect(employerCover(allowance(), booking())).toEqual({ employerId: 'e1', employerName: 'Coop', poolId: 'p-days', unit: 'day', units: 1, valueExclCents: 1500 })
  })

  it('an hour pool pays the minutes of its kind only, at its value per minute', () => {
    const hours = pool({ id: 'p-room', unit: 'minute', resourceKind: 'room', remaining: 600, productPriceCents: 9000, productQuantity: 600 })
    const a = allowance({ pools: [hours] })
    expect(employerCover(a, booking({ resourceKind: 'room', minutes: 90, end: new Date('2026-11-03T09:30:00Z') }))).toMatchObject({ poolId: 'p-room', units: 90, valueExclCents: 1350 })
    expect(employerCover(a, booking())).toMatchObject({ reason: 'no_pool' })
  })

  it('the pool expiring first is used; an emptied one is skipped', () => {
    const soon = pool({ id: 'p-soon', validUntil: new Date('2026-12-01T00:00:00Z') })
    const a = allowance({ pools: [pool(), soon] })
    expect(employerCover(a, booking())).toMatchObject({ poolId: 'p-soon' })
    expect(employerCover(a, booking(), ['p-soon'])).toMatchObject({ poolId: 'p-days' })
    expect(employerCover(a, booking(), ['p-soon', 'p-days'])).toMatchObject({ reason: 'no_pool' })
  })

  it('a booking over two local days or outside the pool’s validity is not paid from a day pool', () => {
    expect(employerCover(allowance(), booking({ days: 2 }))).toMatchObject({ reason: 'no_pool' })
    expect(employerCover(allowance({ pools: [pool({ validUntil: new Date('2026-11-03T12:00:00Z') })] }), booking())).toMatchObject({ reason: 'no_pool' })
  })

  it('limits: lieux, kinds, weekdays (local weekday, not UTC), seats', () => {
    expect(employerCover(allowance({}, { lieuIds: ['other'] }), booking())).toMatchObject({ reason: 'lieu' })
    expect(employerCover(allowance({}, { resourceKinds: ['room'] }), booking())).toMatchObject({ reason: 'resource_kind' })
    // Monday 23:30 UTC is Tuesday 00:30 in Paris: a Tuesday.
    const lateMonday = booking({ start: new Date('2026-11-02T23:30:00Z'), end: new Date('2026-11-03T01:00:00Z'), minutes: 90 })
    expect(employerCover(allowance({}, { weekdays: [2] }), lateMonday)).toMatchObject({ poolId: 'p-days' })
    expect(employerCover(allowance({}, { weekdays: [1] }), lateMonday)).toMatchObject({ reason: 'weekday', message: 'Coop ne prend pas en charge le mardi' })
    expect(employerCover(allowance(), booking({ seats: 2 }))).toMatchObject({ reason: 'seats' })
  })

  it('budgets: days and euros, up to and including the amount', () => {
    const days = (used: number) => employerCover(allowance({ used: { days: used, valueExclCents: 0 } }, { budgetKind: 'days', budgetAmount: 3 }), booking())
    expect(isCover(days(2))).toBe(true)
    expect(days(3)).toMatchObject({ reason: 'budget' })
    const euros = (used: number) => employerCover(allowance({ used: { days: 0, valueExclCents: used } }, { budgetKind: 'euros', budgetAmount: 3000 }), booking())
    expect(isCover(euros(1500))).toBe(true)
    expect(euros(1501)).toMatchObject({ reason: 'budget', message: expect.stringContaining('30,00 € HT ce mois-ci') })
  })
})

describe('unitsValue and budgetPeriod', () => {
  it('rounds a unit’s value half up', () => {
    expect(unitsValue({ productPriceCents: 1000, productQuantity: 3 }, 1)).toBe(333)
    expect(unitsValue({ productPriceCents: 1000, productQuantity: 3 }, 2)).toBe(667)
  })

  it('a month is local: the last night of March (DST) belongs to March in Paris', () => {
    // 2027-03-31 23:30 Paris (summer time, UTC+2) = 21:30 UTC.
    const p = budgetPeriod('month', new Date('2027-03-31T21:30:00Z'), 'Europe/Paris')!
    expect(p.from.toISOString()).toBe('2027-02-28T23:00:00.000Z') // 1 March 00:00, winter time
    expect(p.to.toISOString()).toBe('2027-03-31T22:00:00.000Z') // 1 April 00:00, summer time
    expect(budgetPeriod('total', new Date(), 'Europe/Paris')).toBeNull()
  })
})
