import { beforeAll, describe, expect, it } from 'vitest'
import { transaction } from '../src/bookings/transaction.ts'
import { balance, grant } from '../src/credits/ledger.ts'
import { useTestApp } from './support/test-app.ts'
import { bookingWorld } from './support/booking-world.ts'

// Pricing and payment of bookings: the preview, the order of payment (included, credits, pass,
// on site), the stored price that later rate changes never alter, refunds on a cancellation in
// time and none for a no-show, and concurrent bookings drawing on one credit balance.

// Friday 2026-11-27, 10:00 in Paris.
const t = useTestApp({ now: '2026-11-27T09:00:00Z' })
const api = (p: string) => `/api/v1${p}`
const rates = { hourCents: 500, halfDayCents: 1500, dayCents: 2500, vatRateBp: 2000 }
const slot = (day: string, from: string, to: string) => ({ startsAt: `2026-12-${day}T${from}:00+01:00`, endsAt: `2026-12-${day}T${to}:00+01:00` })
const qs = (s: { startsAt: string; endsAt: string }, extra = '') => `?startsAt=${encodeURIComponent(s.startsAt)}&endsAt=${encodeURIComponent(s.endsAt)}${extra}`

let w: Awaited<ReturnType<typeof bookingWorld>>
let n = 0
const book = (who: { agent: ReturnType<typeof t.agent> }, body: object, key = `pricing-key-${++n}-${Math.random().toString(36).slice(2)}`) =>
  who.agent.post(api('/bookings')).set('Idempotency-Key', key).send(body)
const credits = (userId: string, kind: string) => transaction(t.deps, (tx) => balance(tx, { userId, lieuId: w.lieu.id, resourceKind: kind }))
const giveCredits = (userId: string, kind: string, minutes: number) =>
  transaction(t.deps, (tx) => grant(tx, { userId, lieuId: w.lieu.id, resourceKind: kind, minutes, reason: 'pack_purchase' }, t.clock.now()))
async function givePass(userId: string, kind: 'carnet' | 'hour_pack', quantity: number, resourceKind: string | null = null) {
  const product = await t.deps.db.passProduct.create({
    data: { lieuId: w.lieu.id, kind, name: `${kind} ${quantity}`, priceCents: 10000, vatRateBp: 2000, quantity, resourceKind, validityDays: 90 },
  })
  const user = await t.deps.db.user.findUniqueOrThrow({ where: { id: userId } })
  return t.deps.db.pass.create({ data: { productId: product.id, userId, email: user.email, remaining: quantity, validUntil: new Date('2027-02-01T00:00:00+01:00') } })
}
const passLeft = async (id: string) => (await t.deps.db.pass.findUniqueOrThrow({ where: { id } })).remaining

beforeAll(async () => {
  w = await bookingWorld(t)
  await t.deps.db.resource.updateMany({ where: { lieuId: w.lieu.id }, data: { rates } })
})

describe('the price preview and a booking paid on site', () => {
  it('previews, books on site with the price stored, and a later rate change never alters it', async () => {
    const s = slot('01', '09:00', '11:00')
    const preview = await w.alice.agent.get(api(`/lieux/${w.lieu.id}/resources/${w.desk.id}/price${qs(s)}`))
    expect(preview.status, preview.text).toBe(200)
    expect(preview.body).toEqual({
      priceExclCents: 1000,
      vatCents: 200,
      priceInclCents: 1200,
      vatRateBp: 2000,
      means: 'on_site',
      employerRefusals: [],
      label: '2 h au tarif horaire : 12,00\u00a0€ TTC à régler sur place',
    })
    const res = await book(w.alice, { resourceId: w.desk.id, ...s })
    expect(res.status, res.text).toBe(201)
    expect(res.body.price).toEqual({ priceInclCents: 1200, means: 'on_site' })
    const row = await t.deps.db.booking.findUniqueOrThrow({ where: { id: res.body.id } })
    expect(row).toMatchObject({ priceExclCents: 1000, vatRateBp: 2000, paymentMeans: 'on_site', creditMinutes: null, passId: null })

    // The manager raises the desk's rates (through the API: the DTO carries them).
    const patched = await w.manager.agent.patch(api(`/lieux/${w.lieu.id}/resources/${w.desk.id}`)).send({ rates: { hourCents: 900 } })
    expect(patched.status, patched.text).toBe(200)
    expect(patched.body.rates).toEqual({ hourCents: 900 })
    const again = await w.alice.agent.get(api(`/bookings/${res.body.id}`))
    expect(again.body.price).toEqual({ priceInclCents: 1200, means: 'on_site' })
    const newPreview = await w.alice.agent.get(api(`/lieux/${w.lieu.id}/resources/${w.desk.id}/price${qs(s)}`))
    expect(newPreview.body).toMatchObject({ priceInclCents: 2160, means: 'on_site' })
    await t.deps.db.resource.update({ where: { id: w.desk.id }, data: { rates } })
  })

  it('a VAT-exempt lieu charges no VAT; a resource without rates is free', async () => {
    await t.deps.db.lieu.update({ where: { id: w.lieu.id }, data: { vatExempt: true } })
    const s = slot('02', '09:00', '11:00')
    const p = await w.alice.agent.get(api(`/lieux/${w.lieu.id}/resources/${w.desk.id}/price${qs(s)}`))
    expect(p.body).toMatchObject({ priceExclCents: 1000, vatCents: 0, priceInclCents: 1000, vatRateBp: 0, means: 'on_site' })
    await t.deps.db.lieu.update({ where: { id: w.lieu.id }, data: { vatExempt: false } })
    const free = await t.deps.db.resource.create({ data: { lieuId: w.lieu.id, kind: 'desk', name: 'Bureau libre' } })
    const res = await book(w.alice, { resourceId: free.id, ...s })
    expect(res.body.price).toEqual({ priceInclCents: 0, means: 'free' })
  })

  it('a manager previews for a member; a member may not preview for someone else', async () => {
    const s = slot('03', '09:00', '10:00')
    await giveCredits(w.bob.id, 'machine', 60)
    const forBob = await w.manager.agent.get(api(`/lieux/${w.lieu.id}/resources/${w.machine.id}/price${qs(s, `&forUserId=${w.bob.id}`)}`))
    expect(forBob.status, forBob.text).toBe(200)
    expect(forBob.body).toMatchObject({ means: 'credits', creditMinutes: 60, priceInclCents: 0 })
    const denied = await w.alice.agent.get(api(`/lieux/${w.lieu.id}/resources/${w.machine.id}/price${qs(s, `&forUserId=${w.bob.id}`)}`))
    expect(denied.status).toBe(403)
  })
})

describe('the order of payment', () => {
  it('a member whose plan includes desks books one for free', async () => {
    const carl = await t.login({ name: 'Carl Formule' })
    await t.deps.db.lieuMembership.create({ data: { lieuId: w.lieu.id, userId: carl.id, role: 'member' } })
    const plan = await t.deps.db.plan.create({
      data: { lieuId: w.lieu.id, name: 'Résident', priceCents: 20000, vatRateBp: 2000, interval: 'month', entitlements: { includedKinds: ['desk'], memberDiscountBp: 1000 } },
    })
    await t.deps.db.subscription.create({
      data: { userId: carl.id, planId: plan.id, status: 'active', currentPeriodStart: new Date('2026-11-20T00:00:00Z'), currentPeriodEnd: new Date('2026-12-20T00:00:00Z') },
    })
    const s = slot('04', '09:00', '17:00')
    const res = await book(carl, { resourceId: w.desk.id, ...s })
    expect(res.status, res.text).toBe(201)
    expect(res.body.price).toEqual({ priceInclCents: 0, means: 'included' })
    // The zone is not included: the plan's discount applies (day 2500 − 10 % = 2250 + VAT).
    const zone = await book(carl, { resourceId: w.zone.id, ...s })
    expect(zone.body.price).toEqual({ priceInclCents: 2700, means: 'on_site' })
    // After the paid-up span, nothing is included.
    const late = await carl.agent.get(api(`/lieux/${w.lieu.id}/resources/${w.desk.id}/price${qs(slot('21', '09:00', '10:00'))}`))
    expect(late.body).toMatchObject({ means: 'on_site', priceInclCents: 600 })
  })

  it('with credits the balance goes down, comes back on a cancellation in time; a replay debits nothing more', async () => {
    await giveCredits(w.alice.id, 'zone', 180)
    const s = slot('07', '09:00', '11:00')
    const key = 'pricing-credits-replay-1'
    const res = await book(w.alice, { resourceId: w.zone.id, ...s }, key)
    expect(res.status, res.text).toBe(201)
    expect(res.body.price).toEqual({ priceInclCents: 0, means: 'credits' })
    expect(await credits(w.alice.id, 'zone')).toBe(60)
    const replay = await book(w.alice, { resourceId: w.zone.id, ...s }, key)
    expect(replay.text).toBe(res.text)
    expect(await credits(w.alice.id, 'zone')).toBe(60)
    const row = await t.deps.db.booking.findUniqueOrThrow({ where: { id: res.body.id } })
    expect(row).toMatchObject({ paymentMeans: 'credits', creditMinutes: 120, priceExclCents: 0 })
    expect(await t.deps.db.creditEntry.findUnique({ where: { uniqueKey: `debit:${res.body.id}` } })).toMatchObject({ minutes: -120, bookingId: res.body.id })

    const cancel = await w.alice.agent.post(api(`/bookings/${res.body.id}/cancel`)).send({})
    expect(cancel.status, cancel.text).toBe(200)
    expect(await credits(w.alice.id, 'zone')).toBe(180)
    expect(await t.deps.db.creditEntry.findUnique({ where: { uniqueKey: `refund:${res.body.id}` } })).toMatchObject({ minutes: 120 })
  })

  it('a move gives back and pays again; a no-show refunds nothing', async () => {
    await giveCredits(w.bob.id, 'zone', 240)
    const today = (from: string, to: string) => ({ startsAt: `2026-11-27T${from}:00+01:00`, endsAt: `2026-11-27T${to}:00+01:00` })
    const res = await book(w.bob, { resourceId: w.zone.id, ...today('11:00', '12:00') })
    expect(res.body.price.means).toBe('credits')
    expect(await credits(w.bob.id, 'zone')).toBe(180)
    const moved = await w.bob.agent.post(api(`/bookings/${res.body.id}/move`)).send(today('12:00', '15:00'))
    expect(moved.status, moved.text).toBe(200)
    expect(moved.body.price).toEqual({ priceInclCents: 0, means: 'credits' })
    expect(await credits(w.bob.id, 'zone')).toBe(60)
    // Started, not honoured: the manager marks a no-show; the credits stay spent.
    t.clock.set('2026-11-27T11:30:00Z')
    try {
      const noShow = await w.manager.agent.post(api(`/bookings/${res.body.id}/no-show`)).send({})
      expect(noShow.status, noShow.text).toBe(200)
      expect(await credits(w.bob.id, 'zone')).toBe(60)
    } finally {
      t.clock.set('2026-11-27T09:00:00Z')
    }
  })

  it('with a carnet a day is used, and given back on a cancellation in time; an hour pack gives minutes', async () => {
    const dana = await t.login({ name: 'Dana Carnet' })
    await t.deps.db.lieuMembership.create({ data: { lieuId: w.lieu.id, userId: dana.id, role: 'member' } })
    const carnet = await givePass(dana.id, 'carnet', 3)
    const res = await book(dana, { resourceId: w.desk.id, ...slot('09', '09:00', '17:00') })
    expect(res.status, res.text).toBe(201)
    expect(res.body.price).toEqual({ priceInclCents: 0, means: 'pass' })
    expect(await passLeft(carnet.id)).toBe(2)
    expect(await t.deps.db.booking.findUniqueOrThrow({ where: { id: res.body.id } })).toMatchObject({ passId: carnet.id, passAmount: 1 })
    await dana.agent.post(api(`/bookings/${res.body.id}/cancel`)).send({})
    expect(await passLeft(carnet.id)).toBe(3)

    const pack = await givePass(dana.id, 'hour_pack', 120, 'zone')
    const p = await dana.agent.get(api(`/lieux/${w.lieu.id}/resources/${w.zone.id}/price${qs(slot('10', '09:00', '11:00'))}`))
    expect(p.body).toMatchObject({ means: 'pass', passId: pack.id, label: "2 h de votre pack d'heures" })
    const used = await book(dana, { resourceId: w.zone.id, ...slot('10', '09:00', '11:00') })
    expect(used.body.price.means).toBe('pass')
    expect(await passLeft(pack.id)).toBe(0)
    // A manager's cancellation, even late, gives back.
    await w.manager.agent.post(api(`/bookings/${used.body.id}/cancel`)).send({ reason: 'travaux' })
    expect(await passLeft(pack.id)).toBe(120)
  })

  it('a declined request gives its credits back', async () => {
    await giveCredits(w.alice.id, 'room', 60)
    const res = await book(w.alice, { resourceId: w.room.id, ...slot('11', '09:00', '10:00') })
    expect(res.body).toMatchObject({ status: 'pending', price: { means: 'credits' } })
    expect(await credits(w.alice.id, 'room')).toBe(0)
    await w.manager.agent.post(api(`/bookings/${res.body.id}/decline`)).send({ reason: 'non' })
    expect(await credits(w.alice.id, 'room')).toBe(60)
  })
})

describe('concurrency', () => {
  it('12 concurrent bookings on one credit balance never overdraw: the next means, then on site', async () => {
    const eve = await t.login({ name: 'Eve Concurrente' })
    await t.deps.db.lieuMembership.create({ data: { lieuId: w.lieu.id, userId: eve.id, role: 'member' } })
    const desks = await Promise.all(
      Array.from({ length: 12 }, (_, i) => t.deps.db.resource.create({ data: { lieuId: w.lieu.id, kind: 'desk', name: `Poste ${i}`, rates } })),
    )
    await giveCredits(eve.id, 'desk', 240) // two bookings of 2 h
    const carnet = await givePass(eve.id, 'carnet', 1)
    const s = slot('15', '09:00', '11:00')
    const results = await Promise.all(desks.map((d) => book(eve, { resourceId: d.id, ...s })))
    for (const r of results) expect(r.status, r.text).toBe(201)
    const means = results.map((r) => r.body.price.means).sort()
    expect(means.filter((m) => m === 'credits')).toHaveLength(2)
    expect(means.filter((m) => m === 'pass')).toHaveLength(1)
    expect(means.filter((m) => m === 'on_site')).toHaveLength(9)
    for (const r of results.filter((r) => r.body.price.means === 'on_site')) expect(r.body.price.priceInclCents).toBe(1200)
    expect(await credits(eve.id, 'desk')).toBe(0)
    expect(await passLeft(carnet.id)).toBe(0)
    const sum = await t.deps.db.creditEntry.aggregate({ _sum: { minutes: true }, where: { userId: eve.id, lieuId: w.lieu.id, resourceKind: 'desk' } })
    expect(sum._sum.minutes).toBe(0)
  })
})
