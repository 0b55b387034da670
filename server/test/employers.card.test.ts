import Stripe from 'stripe'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApp } from '../src/app.ts'
import { WEBHOOK_PATH } from '../src/payments/webhook.ts'
import { startFakeStripe, type FakeStripe } from './support/fake-stripe.ts'
import { useTestApp } from './support/test-app.ts'

// A pool bought by card: a Checkout Session (payment mode) with the pool in its metadata; the pool
// is pending (unusable) until the signed checkout.session.completed, delivered twice here, makes it
// active and issues one paid invoice to the employer.

const t = useTestApp({ now: '2026-11-27T09:00:00Z' })
const SECRET = 'whsec_test_employers'
const signer = new Stripe('sk_test_fabrique')
const api = (p: string) => `/api/v1${p}`
let fake: FakeStripe
const w = {} as { admin: Awaited<ReturnType<typeof t.login>>; employee: Awaited<ReturnType<typeof t.login>>; lieuId: string; deskId: string; productId: string; employerId: string }

beforeAll(async () => {
  const db = t.deps.db
  w.admin = await t.login({ name: 'Admin Carte' })
  w.employee = await t.login({ name: 'Eva Salariée' })
  const lieu = await db.lieu.create({
    data: {
      slug: 'carte-lieu',
      name: 'Le Phare',
      timeZone: 'Europe/Paris',
      bookingRules: { bookingWindowDays: 60 },
      openingHours: { create: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, startMinute: 480, endMinute: 1200 })) },
      memberships: { create: { userId: w.employee.id, role: 'member' } },
    },
  })
  w.lieuId = lieu.id
  w.deskId = (await db.resource.create({ data: { lieuId: lieu.id, kind: 'desk', name: 'Poste 1', rates: { dayCents: 2500 } } })).id
  w.productId = (await db.passProduct.create({ data: { lieuId: lieu.id, kind: 'carnet', name: 'Carnet 10 jours', priceCents: 20000, vatRateBp: 2000, quantity: 10, validityDays: 365 } })).id
  const employer = await db.employer.create({
    data: { name: 'Mairie de Sète', billingEmail: 'compta@mairie.example', memberships: { create: [{ userId: w.admin.id, role: 'admin' }, { userId: w.employee.id, role: 'employee' }] } },
  })
  await db.employerAllocation.create({ data: { employerId: employer.id, userId: w.employee.id } })
  w.employerId = employer.id
  fake = await startFakeStripe()
  t.deps.config.stripe = { secretKey: 'sk_test_fabrique', webhookSecret: SECRET, host: fake.host, port: fake.port, protocol: fake.protocol }
  t.app = createApp(t.deps)
})

afterAll(async () => {
  await fake.close()
})

function deliver(event: object) {
  const payload = JSON.stringify(event)
  const header = signer.webhooks.generateTestHeaderString({ payload, secret: SECRET, timestamp: Math.floor(t.clock.now().getTime() / 1000) })
  return t.agent().post(WEBHOOK_PATH).unset('Origin').set('Content-Type', 'application/json').set('Stripe-Signature', header).send(payload)
}

const previewMeans = async () =>
  (await w.employee.agent.get(api(`/lieux/${w.lieuId}/resources/${w.deskId}/price?startsAt=2026-12-02T08:00:00Z&endsAt=2026-12-02T16:00:00Z`))).body.means

describe('a pool paid by card', () => {
  it('is pending behind a Checkout Session, then active with one paid invoice once Stripe confirms, however often', async () => {
    const res = await w.admin.agent.post(api(`/employers/${w.employerId}/pools`)).send({ productId: w.productId, count: 2, billing: 'card' })
    expect(res.status, res.text).toBe(201)
    expect(res.body.payment).toMatchObject({ kind: 'redirect', url: expect.stringMatching(/^https:\/\/checkout\.stripe\.test\//) })
    expect(res.body.pool).toMatchObject({ status: 'pending', quantity: 20, billing: 'card' })
    const sent = fake.requests.find((r) => r.path === '/v1/checkout/sessions')!
    expect(sent.form).toMatchObject({ mode: 'payment', 'metadata[poolId]': res.body.pool.id, 'line_items[0][quantity]': '2', 'line_items[0][price_data][unit_amount]': '24000' })
    expect(sent.idempotencyKey).toBe(`fabrique-pool-${res.body.pool.id}`)
    // Not paid yet: the employer pays nothing.
    expect(await previewMeans()).toBe('on_site')

    const session = { id: 'cs_pool_1', object: 'checkout.session', mode: 'payment', created: Math.floor(t.clock.now().getTime() / 1000), metadata: { poolId: res.body.pool.id, employerId: w.employerId } }
    const event = { id: 'evt_pool_paid', object: 'event', type: 'checkout.session.completed', created: session.created, data: { object: session } }
    expect((await deliver(event)).status).toBe(200)
    expect((await deliver({ ...event, id: 'evt_pool_paid_again' })).status).toBe(200)
    await t.runJobs()

    const pool = await t.deps.db.employerPool.findUniqueOrThrow({ where: { id: res.body.pool.id } })
    expect(pool.status).toBe('active')
    const invoices = await t.deps.db.invoice.findMany({ where: { buyerEmployerId: w.employerId } })
    expect(invoices).toHaveLength(1)
    expect(invoices[0]).toMatchObject({ id: pool.invoiceId, paymentMethod: 'card', totalExclCents: 40000, totalInclCents: 48000 })
    expect(await previewMeans()).toBe('employer')
    // A card pool is paid: its use is never on a monthly invoice.
    expect((await w.employee.agent.post(api('/bookings')).send({ resourceId: w.deskId, startsAt: '2026-12-02T08:00:00Z', endsAt: '2026-12-02T16:00:00Z' })).status).toBe(201)
    t.clock.set('2027-01-01T01:00:00Z')
    await t.runJobs()
    expect(await t.deps.db.invoice.count({ where: { buyerEmployerId: w.employerId } })).toBe(1)
    t.clock.set('2026-11-27T09:00:00Z')
  })
})
