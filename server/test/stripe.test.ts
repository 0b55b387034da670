import { randomUUID } from 'node:crypto'
import Stripe from 'stripe'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createApp } from '../src/app.ts'
import { stripeEventHooks } from '../src/payments/stripe-events.ts'
import { WEBHOOK_PATH } from '../src/payments/webhook.ts'
import { expectProblem } from './support/route-table.ts'
import { startFakeStripe, type FakeStripe } from './support/fake-stripe.ts'
import { ORIGIN, lieuBody, useTestApp } from './support/test-app.ts'

// Stripe without the internet: webhooks signed with the SDK's own test helper; the signature is
// verified for real. QUALITY.md R3: a subscription's life delivered shuffled, duplicated and with
// handler runs failing then retried ends exactly as in-order delivery.

const NOW = '2026-11-27T09:00:00Z'
const t = useTestApp({ now: NOW })
const SECRET = 'whsec_test_fabrique'
const signer = new Stripe('sk_test_fabrique')
const api = (p: string) => `/api/v1${p}`
const w = {} as { lieuId: string; planId: string }
let fake: FakeStripe

beforeAll(async () => {
  const owner = await t.login({ name: 'Olivia Owner' })
  const lieu = await owner.agent.post(api('/lieux')).send(lieuBody('stripe-lieu'))
  expect(lieu.status, lieu.text).toBe(201)
  w.lieuId = lieu.body.id
  const plan = await owner.agent.post(api(`/lieux/${w.lieuId}/plans`)).send({
    name: 'Coworking carte',
    priceCents: 10000,
    vatRateBp: 2000,
    interval: 'month',
    entitlements: { monthlyCreditMinutes: { room: 240 } },
  })
  expect(plan.status, plan.text).toBe(201)
  w.planId = plan.body.id
  // Card payments on: keys set, the SDK pointed at the local fake (the app reads them when it is created).
  fake = await startFakeStripe()
  t.deps.config.stripe = { secretKey: 'sk_test_fabrique', webhookSecret: SECRET, host: fake.host, port: fake.port, protocol: fake.protocol }
  t.app = createApp(t.deps)
})

afterAll(async () => {
  await fake.close()
})

afterEach(() => {
  stripeEventHooks.afterApply = null
})

const nowSeconds = () => Math.floor(t.clock.now().getTime() / 1000)

function deliver(event: object, opts: { secret?: string; timestamp?: number } = {}) {
  const payload = JSON.stringify(event)
  const header = signer.webhooks.generateTestHeaderString({ payload, secret: opts.secret ?? SECRET, timestamp: opts.timestamp ?? nowSeconds() })
  // No Origin: Stripe sends none.
  return t.agent().post(WEBHOOK_PATH).unset('Origin').set('Content-Type', 'application/json').set('Stripe-Signature', header).send(payload)
}

const storedEvents = () => t.deps.db.paymentEvent.count({ where: { provider: 'stripe' } })

describe('payments config', () => {
  it('offers the card only when Stripe keys are set', async () => {
    const res = await t.agent().get(api('/payments/config'))
    expect(res.status).toBe(200)
    expect(res.body).toEqual({ card: true })
  })
})

describe('webhook', () => {
  const ping = (id: string) => ({ id, object: 'event', type: 'product.created', created: nowSeconds(), data: { object: { id: 'prod_1' } } })

  it('refuses a bad signature, a stale timestamp, a missing header, and records nothing', async () => {
    const before = await storedEvents()
    expectProblem(await deliver(ping('evt_bad_sig'), { secret: 'whsec_other' }), 400, 'validation_failed', 'bad signature')
    expectProblem(await deliver(ping('evt_stale'), { timestamp: nowSeconds() - 301 }), 400, 'validation_failed', 'stale')
    expectProblem(await deliver(ping('evt_future'), { timestamp: nowSeconds() + 3600 }), 400, 'validation_failed', 'future')
    const unsigned = await t.agent().post(WEBHOOK_PATH).set('Content-Type', 'application/json').send(JSON.stringify(ping('evt_unsigned')))
    expectProblem(unsigned, 400, 'validation_failed', 'unsigned')
    // A signed body altered afterwards.
    const payload = JSON.stringify(ping('evt_tampered'))
    const header = signer.webhooks.generateTestHeaderString({ payload, secret: SECRET, timestamp: nowSeconds() })
    const tampered = await t.agent().post(WEBHOOK_PATH).set('Content-Type', 'application/json').set('Stripe-Signature', header).send(payload.replace('prod_1', 'prod_2'))
    expectProblem(tampered, 400, 'validation_failed', 'tampered')
    expect(await storedEvents()).toBe(before)
    expect(await t.deps.db.paymentEvent.count({ where: { id: { in: ['evt_bad_sig', 'evt_stale', 'evt_future', 'evt_unsigned', 'evt_tampered'] } } })).toBe(0)
  })

  it('accepts a signed event within the tolerance and stores a duplicated one once', async () => {
    const e = ping('evt_dup_1')
    expect((await deliver(e, { timestamp: nowSeconds() - 200 })).status).toBe(200)
    for (let i = 0; i < 3; i++) {
      const res = await deliver(e)
      expect(res.status, res.text).toBe(200)
      expect(res.body).toEqual({ received: true })
    }
    expect(await t.deps.db.paymentEvent.count({ where: { id: 'evt_dup_1' } })).toBe(1)
    await t.runJobs()
    const stored = await t.deps.db.paymentEvent.findUniqueOrThrow({ where: { id: 'evt_dup_1' } })
    expect(stored.type).toBe('product.created')
    expect(stored.processedAt).not.toBeNull()
  })
})

describe('Stripe Checkout (fake Stripe server)', () => {
  it('a member who chooses to pay at the counter gets no Checkout session', async () => {
    const member = await t.login({ name: 'Gaston Guichet' })
    await t.deps.db.lieuMembership.create({ data: { lieuId: w.lieuId, userId: member.id, role: 'member' } })
    const before = fake.requests.length
    const res = await member.agent.post(api(`/lieux/${w.lieuId}/subscriptions`)).send({ planId: w.planId, payBy: 'counter' })
    expect(res.status, res.text).toBe(201)
    expect(res.body.payment.kind).toBe('pay_at_counter')
    expect(res.body.subscription.status).toBe('past_due')
    expect(fake.requests.length).toBe(before)
  })

  it('a member subscribing is sent to Checkout; the webhook events activate the subscription', async () => {
    const member = await t.login({ name: 'Carla Carte' })
    await t.deps.db.lieuMembership.create({ data: { lieuId: w.lieuId, userId: member.id, role: 'member' } })
    const before = fake.requests.length
    const res = await member.agent.post(api(`/lieux/${w.lieuId}/subscriptions`)).send({ planId: w.planId })
    expect(res.status, res.text).toBe(201)
    expect(res.body.payment.kind).toBe('redirect')
    expect(res.body.payment.url).toMatch(/^https:\/\/checkout\.stripe\.test\/c\/pay\/cs_test_/)
    const subscriptionId: string = res.body.subscription.id
    const sent = fake.requests.slice(before)
    expect(sent).toHaveLength(1)
    const r = sent[0]!
    expect(r.path).toBe('/v1/checkout/sessions')
    expect(r.authorization).toBe('Bearer sk_test_fabrique')
    expect(r.idempotencyKey).toBe(`fabrique-subscription-${subscriptionId}`)
    expect(r.form).toMatchObject({
      mode: 'subscription',
      customer_email: member.email,
      'metadata[subscriptionId]': subscriptionId,
      'subscription_data[metadata][subscriptionId]': subscriptionId,
      'line_items[0][price_data][unit_amount]': '10000',
      'line_items[0][price_data][currency]': 'eur',
      'line_items[0][price_data][recurring][interval]': 'month',
    })
    expect(r.form.success_url!.startsWith(ORIGIN)).toBe(true)
    expect(r.form.cancel_url!.startsWith(ORIGIN)).toBe(true)

    const events = lifeEvents('checkout', subscriptionId).slice(0, 2)
    for (const e of events) expect((await deliver(e)).status).toBe(200)
    await drain(events)
    const s = await t.deps.db.subscription.findUniqueOrThrow({ where: { id: subscriptionId } })
    expect(s).toMatchObject({ status: 'active', provider: 'stripe', providerRef: 'sub_checkout' })
    expect(await t.deps.db.invoice.count({ where: { buyerUserId: member.id, paymentMethod: 'card' } })).toBe(1)

    // The Billing Portal: its holder only (anyone else 404, no account 401).
    const portal = api(`/subscriptions/${subscriptionId}/billing-portal`)
    const other = await t.login({ name: 'Otto Other' })
    expectProblem(await other.agent.post(portal), 404, 'not_found', 'another member')
    expectProblem(await t.agent().post(portal), 401, 'unauthenticated', 'no account')
    expectProblem(await member.agent.post(api(`/subscriptions/${randomUUID()}/billing-portal`)), 404, 'not_found', 'unknown')
    const link = await member.agent.post(portal)
    expect(link.status, link.text).toBe(200)
    expect(link.body.url).toMatch(/^https:\/\/billing\.stripe\.test\/p\/session\//)
    const asked = fake.requests.at(-1)!
    expect(asked.path).toBe('/v1/billing_portal/sessions')
    expect(asked.form).toMatchObject({ customer: 'cus_checkout', return_url: `${ORIGIN}/compte/abonnements` })
    expect(asked.idempotencyKey).toBeTruthy()
    // A subscription paid at the counter has no portal.
    const manual = await newSubscription()
    const holder = t.agent()
    const u = await t.deps.db.user.findUniqueOrThrow({ where: { id: manual.userId } })
    expect((await holder.post(api('/auth/login')).send({ email: u.email, password: 'correct horse battery' })).status).toBe(200)
    expectProblem(await holder.post(api(`/subscriptions/${manual.subscriptionId}/billing-portal`)), 409, 'invalid_subscription_state', 'manual')
  })

  it('a pass bought through Checkout (payment mode) is sold once on checkout.session.completed', async () => {
    const owner = await t.login({ name: 'Pat Pass' })
    const product = await t.deps.db.passProduct.create({
      data: { lieuId: w.lieuId, kind: 'day_pass', name: 'Journée', priceCents: 1500, vatRateBp: 2000, quantity: 1, validityDays: 30 },
    })
    const event = {
      id: 'evt_pass_1',
      object: 'event',
      type: 'checkout.session.completed',
      created: nowSeconds(),
      data: { object: { id: 'cs_pass_1', object: 'checkout.session', mode: 'payment', created: nowSeconds(), metadata: { lieuId: w.lieuId, productId: product.id, email: 'dropin@example.org', userId: owner.id } } },
    }
    const again = { ...event, id: 'evt_pass_1_again' }
    for (const e of [event, event, again]) expect((await deliver(e)).status).toBe(200)
    await drain([event, again])
    expect(await t.deps.db.pass.count({ where: { productId: product.id } })).toBe(1)
    expect(await t.deps.db.invoice.count({ where: { buyerUserId: owner.id, paymentMethod: 'card' } })).toBe(1)
  })
})

describe('late deliveries', () => {
  it('an older customer.subscription.updated arriving after a newer one changes nothing', async () => {
    const { subscriptionId } = await newSubscription()
    const [checkout, paid, , , upd2] = lifeEvents('late', subscriptionId)
    const newer = { ...upd2!, data: { object: { ...upd2!.data.object, cancel_at_period_end: true } } }
    for (const e of [checkout!, paid!, newer]) expect((await deliver(e)).status).toBe(200)
    await drain([checkout!, paid!, newer])
    expect((await t.deps.db.subscription.findUniqueOrThrow({ where: { id: subscriptionId } })).cancelAtPeriodEnd).toBe(true)
    // Stripe's earlier state (created before the one applied), delivered late.
    const older = { ...newer, id: 'evt_late_older', created: newer.created - 3600, data: { object: { ...newer.data.object, cancel_at_period_end: false } } }
    expect((await deliver(older)).status).toBe(200)
    await drain([older])
    expect((await t.deps.db.subscription.findUniqueOrThrow({ where: { id: subscriptionId } })).cancelAtPeriodEnd).toBe(true)
    const stored = await t.deps.db.paymentEvent.findUniqueOrThrow({ where: { id: 'evt_late_older' } })
    expect(stored.processedAt).not.toBeNull()
    expect(stored.error).toMatch(/older/)
  })

  it('a payment failure reported after the same invoice was paid leaves the subscription active', async () => {
    const { subscriptionId } = await newSubscription()
    const events = lifeEvents('latefail', subscriptionId)
    const [checkout, paid1] = events
    const failed1 = { ...paid1!, id: 'evt_latefail_failed1', type: 'invoice.payment_failed', created: paid1!.created - 60 }
    for (const e of [checkout!, paid1!]) expect((await deliver(e)).status).toBe(200)
    await drain([checkout!, paid1!])
    expect((await deliver(failed1)).status).toBe(200)
    await drain([failed1])
    expect((await t.deps.db.subscription.findUniqueOrThrow({ where: { id: subscriptionId } })).status).toBe('active')
  })
})

// ——— R3 ———

/** A seeded PRNG (mulberry32). */
function rng(seed: number) {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let x = a
    x = Math.imul(x ^ (x >>> 15), x | 1)
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61)
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296
  }
}

const T0 = Date.parse(NOW) / 1000
const DAY = 86400
// Stripe's periods (its own dates); month boundaries as Stripe computes them from the anchor.
const P1 = Date.parse('2026-11-27T08:00:00Z') / 1000
const P2 = Date.parse('2026-12-27T08:00:00Z') / 1000
const P3 = Date.parse('2027-01-27T08:00:00Z') / 1000
const P4 = Date.parse('2027-02-27T08:00:00Z') / 1000

/** The events of one subscription's life, as Stripe sends them (ids unique to this run). */
function lifeEvents(run: string, subscriptionId: string) {
  const sub = `sub_${run}`
  const meta = { subscriptionId }
  const invoice = (n: number, start: number, end: number, type: 'invoice.paid' | 'invoice.payment_failed', created: number, suffix = '') => ({
    id: `evt_${run}_inv${n}${suffix}`,
    object: 'event',
    type,
    created,
    data: {
      object: {
        id: `in_${run}_${n}`,
        object: 'invoice',
        status: type === 'invoice.paid' ? 'paid' : 'open',
        amount_paid: type === 'invoice.paid' ? 12000 : 0,
        parent: { type: 'subscription_details', subscription_details: { subscription: sub, metadata: meta } },
        lines: { object: 'list', data: [{ id: `il_${run}_${n}`, period: { start, end } }] },
        status_transitions: { paid_at: type === 'invoice.paid' ? created : null },
      },
    },
  })
  const subEvent = (id: string, type: string, created: number, over: object) => ({
    id: `evt_${run}_${id}`,
    object: 'event',
    type,
    created,
    data: { object: { id: sub, object: 'subscription', metadata: meta, status: 'active', cancel_at_period_end: false, ...over } },
  })
  return [
    {
      id: `evt_${run}_checkout`,
      object: 'event',
      type: 'checkout.session.completed',
      created: T0 - 3600,
      data: { object: { id: `cs_${run}`, object: 'checkout.session', mode: 'subscription', subscription: sub, customer: `cus_${run}`, metadata: meta } },
    },
    invoice(1, P1, P2, 'invoice.paid', T0 - 3590),
    invoice(2, P2, P3, 'invoice.paid', P2 + 60),
    subEvent('upd1', 'customer.subscription.updated', P2 + 3600, { cancel_at_period_end: true }),
    subEvent('upd2', 'customer.subscription.updated', P2 + 2 * DAY, { cancel_at_period_end: false }),
    invoice(3, P3, P4, 'invoice.payment_failed', P3 + 60),
    subEvent('upd3', 'customer.subscription.updated', P3 + 120, { status: 'past_due' }),
    invoice(3, P3, P4, 'invoice.paid', P3 + DAY, '_retry'),
    subEvent('deleted', 'customer.subscription.deleted', P3 + 10 * DAY, { status: 'canceled', ended_at: P3 + 10 * DAY, canceled_at: P3 + 10 * DAY }),
  ]
}

async function newSubscription() {
  const user = await t.createUser({ name: 'Membre Carte' })
  await t.deps.db.lieuMembership.create({ data: { lieuId: w.lieuId, userId: user.id, role: 'member' } })
  const now = t.clock.now()
  const sub = await t.deps.db.subscription.create({
    data: { userId: user.id, planId: w.planId, status: 'past_due', currentPeriodStart: now, currentPeriodEnd: now },
  })
  return { userId: user.id, subscriptionId: sub.id }
}

/** Everything the events may change, without the ids unique to a run. */
async function outcome(userId: string, subscriptionId: string) {
  const s = await t.deps.db.subscription.findUniqueOrThrow({ where: { id: subscriptionId } })
  const invoices = await t.deps.db.invoice.findMany({ where: { buyerUserId: userId }, orderBy: { sequence: 'asc' } })
  const credits = await t.deps.db.creditEntry.findMany({ where: { userId }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] })
  return {
    subscription: {
      status: s.status,
      provider: s.provider,
      linked: s.providerRef?.startsWith('sub_') ?? false,
      currentPeriodStart: s.currentPeriodStart.toISOString(),
      currentPeriodEnd: s.currentPeriodEnd.toISOString(),
      cancelAtPeriodEnd: s.cancelAtPeriodEnd,
      cancelledAt: s.cancelledAt?.toISOString() ?? null,
    },
    invoices: invoices.map((i) => ({ kind: i.kind, lines: i.lines, total: i.totalInclCents, vat: i.totalVatCents, method: i.paymentMethod, paidAt: i.paidAt?.toISOString() })),
    credits: credits
      .map((c) => ({ kind: c.resourceKind, minutes: c.minutes, reason: c.reason, expiresAt: c.expiresAt?.toISOString() ?? null, key: c.uniqueKey?.replace(subscriptionId, 'SUB') ?? null }))
      .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))),
  }
}

/** Delivers until every event is applied, as Stripe redelivers what was not acknowledged as applied. */
async function drain(events: { id: string }[]) {
  for (let round = 0; round < 20; round++) {
    await t.runJobs()
    const pending = await t.deps.db.paymentEvent.findMany({ where: { id: { in: events.map((e) => e.id) }, processedAt: null }, select: { id: true } })
    if (pending.length === 0) return
    const ids = new Set(pending.map((p) => p.id))
    for (const e of events.filter((e) => ids.has(e.id))) expect((await deliver(e)).status).toBe(200)
  }
  throw new Error('events never all applied')
}

describe('R3: shuffled, duplicated, failing-then-retried events converge to in-order delivery', () => {
  it('applies a subscription life in order', async () => {
    const { userId, subscriptionId } = await newSubscription()
    const events = lifeEvents('inorder', subscriptionId)
    for (const e of events) expect((await deliver(e)).status).toBe(200)
    await drain(events)
    const o = await outcome(userId, subscriptionId)
    expect(o.subscription).toMatchObject({ status: 'cancelled', provider: 'stripe', linked: true, cancelAtPeriodEnd: false })
    expect(o.invoices).toHaveLength(3)
    expect(o.invoices.every((i) => i.method === 'card' && i.total === 10000)).toBe(true)
    expect(o.credits.some((c) => c.reason === 'plan_grant' && c.minutes === 240)).toBe(true)
    const failedStates = await t.deps.db.paymentEvent.count({ where: { id: { startsWith: 'evt_inorder_' }, processedAt: null } })
    expect(failedStates).toBe(0)
    expect(o.subscription.currentPeriodEnd).toBe(new Date(P4 * 1000).toISOString())
    expect(o.subscription.cancelledAt).toBe(new Date((P3 + 10 * DAY) * 1000).toISOString())
    baseline = o
  })

  let baseline: Awaited<ReturnType<typeof outcome>> | undefined

  it('20 seeded permutations with duplicates and 20% of handler runs failing end the same', async () => {
    expect(baseline).toBeDefined()
    let injected = 0
    for (let seed = 1; seed <= 20; seed++) {
      const random = rng(seed)
      const { userId, subscriptionId } = await newSubscription()
      const events = lifeEvents(`s${seed}`, subscriptionId)
      const deliveries = events.flatMap((e) => (random() < 0.4 ? [e, e] : [e]))
      for (let i = deliveries.length - 1; i > 0; i--) {
        const j = Math.floor(random() * (i + 1))
        ;[deliveries[i], deliveries[j]] = [deliveries[j]!, deliveries[i]!]
      }
      let failures = 0
      stripeEventHooks.afterApply = () => {
        if (random() < 0.2) {
          failures++
          throw new Error('injected failure')
        }
      }
      for (const e of deliveries) expect((await deliver(e)).status).toBe(200)
      await drain(events)
      stripeEventHooks.afterApply = null
      const o = await outcome(userId, subscriptionId)
      expect(o, `seed ${seed} (${failures} injected failures)`).toEqual(baseline)
      injected += failures
    }
    expect(injected, 'handler runs failed and were retried').toBeGreaterThan(10)
  }, 120_000)
})
