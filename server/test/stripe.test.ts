import { randomUUID } from 'node:crypto'
import Stripe from 'stripe'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createApp } from '../src/app.ts'
import { stripeEventHooks } from '../src/payments/stripe-events.ts'
import { WEBHOOK_PATH } from '../src/payments/webhook.ts'
import { expectProblem } from './support/route-table.ts'
import { startFakeStripe, type FakeStripe, type FakeStripeRequest } from './support/fake-stripe.ts'
import { ORIGIN, lieuBody, useTestApp } from './support/test-app.ts'

// Stripe without the internet: webhooks signed with the SDK's own test helper; the signature is
// verified for real. QUALITY.md R3: a subscription's life delivered shuffled, duplicated and with
// handler runs failing then retried ends exactly as in-order delivery.

const NOW = '2026-11-27T09:00:00Z'
// Drop-in checkouts are rate limited per address: a small limit here, to see it bite.
const t = useTestApp({ now: NOW, rateLimits: { dropInCheckout: { points: 6, duration: 3600 } } })
const SECRET = 'whsec_test_fabrique'
const signer = new Stripe('sk_test_fabrique')
const api = (p: string) => `/api/v1${p}`
const w = {} as { lieuId: string; planId: string; owner: Awaited<ReturnType<typeof t.login>> }
let fake: FakeStripe

beforeAll(async () => {
  const owner = await t.login({ name: 'Olivia Owner' })
  w.owner = owner
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

/** Invoices in a stable order: their numbers follow the order payments were settled in, which interleaving may change. */
function settled(o: Awaited<ReturnType<typeof outcome>>) {
  return { ...o, invoices: [...o.invoices].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))) }
}

describe('R3: deliveries interleaved with processing', () => {
  it('events delivered while earlier ones are being applied (random interleavings, duplicates, failures then retries) end as in-order delivery', async () => {
    // The reference: each event delivered, then applied, before the next one is sent.
    const ref = await newSubscription()
    const refEvents = lifeEvents('ilref', ref.subscriptionId)
    for (const e of refEvents) {
      expect((await deliver(e)).status).toBe(200)
      await t.runJobs()
    }
    await drain(refEvents)
    const expected = settled(await outcome(ref.userId, ref.subscriptionId))
    expect(expected.subscription).toMatchObject({ status: 'cancelled', currentPeriodEnd: new Date(P4 * 1000).toISOString() })
    expect(expected.invoices).toHaveLength(3)

    let injected = 0
    let appliedBeforeAnEarlierEventArrived = 0
    // R3_SEEDS=200 for a longer search.
    const seeds = Number(process.env.R3_SEEDS ?? 20)
    for (let seed = 101; seed < 101 + seeds; seed++) {
      const random = rng(seed)
      const { userId, subscriptionId } = await newSubscription()
      const events = lifeEvents(`il${seed}`, subscriptionId)
      const deleted = events.at(-1)!
      // Everything but the deletion shuffled, some twice; the deletion last (a payment reported after
      // it is the next test's case), then maybe a late duplicate of anything.
      const deliveries = events.slice(0, -1).flatMap((e) => (random() < 0.4 ? [e, e] : [e]))
      for (let i = deliveries.length - 1; i > 0; i--) {
        const j = Math.floor(random() * (i + 1))
        ;[deliveries[i], deliveries[j]] = [deliveries[j]!, deliveries[i]!]
      }
      deliveries.push(deleted)
      if (random() < 0.5) deliveries.push(events[Math.floor(random() * events.length)]!)
      // One event fails on its first application whatever happens, then is retried; others fail at random.
      const failFirst = events[Math.floor(random() * events.length)]!.id
      let failedOnce = false
      stripeEventHooks.afterApply = (ev) => {
        if (ev.id === failFirst && !failedOnce) {
          failedOnce = true
          injected++
          throw new Error('injected failure (first application)')
        }
        if (random() < 0.2) {
          injected++
          throw new Error('injected failure')
        }
      }
      const delivered = new Set<string>()
      for (const e of deliveries) {
        expect((await deliver(e)).status).toBe(200)
        delivered.add(e.id)
        if (random() < 0.5) {
          // The job queue runs between two deliveries: what is stored so far is applied.
          await t.runJobs()
          const applied = await t.deps.db.paymentEvent.findMany({
            where: { id: { in: [...delivered] }, processedAt: { not: null } },
            select: { id: true },
          })
          const lastApplied = Math.max(0, ...applied.map((a) => events.find((x) => x.id === a.id)!.created))
          if (events.some((x) => !delivered.has(x.id) && x.created < lastApplied)) appliedBeforeAnEarlierEventArrived++
        }
      }
      await drain(events)
      stripeEventHooks.afterApply = null
      expect(failedOnce, `seed ${seed}: the first-try failure happened`).toBe(true)
      expect(settled(await outcome(userId, subscriptionId)), `seed ${seed}`).toEqual(expected)
    }
    expect(injected, 'applications failed and were retried').toBeGreaterThan(seeds)
    // The interleavings did apply events before earlier ones (in Stripe's order) had even arrived.
    expect(appliedBeforeAnEarlierEventArrived).toBeGreaterThan(seeds / 2)
    console.info(
      `R3 interleaved: ${seeds} seeds, ${injected} failed applications retried, ${appliedBeforeAnEarlierEventArrived} job runs applied events before an earlier one arrived`,
    )
  }, 600_000)

  it('an invoice.paid arriving after customer.subscription.deleted was applied: the error is kept, nothing is settled', async () => {
    const { userId, subscriptionId } = await newSubscription()
    const events = lifeEvents('afterdel', subscriptionId)
    const latePayment = events[7]!
    expect(latePayment.type).toBe('invoice.paid')
    const others = events.filter((e) => e !== latePayment)
    for (const e of others) expect((await deliver(e)).status).toBe(200)
    await drain(others)
    const before = await outcome(userId, subscriptionId)
    expect(before.subscription.status).toBe('cancelled')
    for (let i = 0; i < 2; i++) {
      expect((await deliver(latePayment)).status).toBe(200)
      await drain([latePayment])
    }
    const stored = await t.deps.db.paymentEvent.findUniqueOrThrow({ where: { id: latePayment.id } })
    expect(stored.processedAt).not.toBeNull()
    expect(stored.error).toBe('subscription cancelled: not settled')
    expect(await t.deps.db.paymentEvent.count({ where: { id: 'stripe-invoice:in_afterdel_3' } })).toBe(0)
    expect(await outcome(userId, subscriptionId)).toEqual(before)
    // Unlike in-order delivery (three invoices, paid up to P4), the third period stays unpaid here.
    expect(before.invoices).toHaveLength(2)
    expect(before.subscription.currentPeriodEnd).toBe(new Date(P3 * 1000).toISOString())
  })
})

// ——— Passes by card ———

/** The checkout.session.completed Stripe sends once the Checkout Session asked for (`sent`) is paid. */
function sessionPaid(sent: FakeStripeRequest, run: string) {
  const metadata = Object.fromEntries(
    Object.entries(sent.form).flatMap(([k, v]) => {
      const m = /^metadata\[(.+)\]$/.exec(k)
      return m ? [[m[1]!, v]] : []
    }),
  )
  return {
    id: `evt_${run}`,
    object: 'event',
    type: 'checkout.session.completed',
    created: nowSeconds(),
    data: {
      object: {
        id: `cs_${run}`,
        object: 'checkout.session',
        mode: 'payment',
        created: nowSeconds(),
        customer_details: { email: sent.form.customer_email },
        metadata,
      },
    },
  }
}

describe('a pass bought by card', () => {
  const p = {} as { day: string; archived: string }
  const clearLimits = () => t.deps.pool.query(`DELETE FROM rate_limits WHERE key LIKE 'dropInCheckout%'`)
  const dropIn = (body: object, slug = 'stripe-lieu') =>
    t.agent().post(api(`/public/lieux/${slug}/passes/checkout`)).send(body)

  beforeAll(async () => {
    const product = async (body: object) => {
      const res = await w.owner.agent.post(api(`/lieux/${w.lieuId}/pass-products`)).send(body)
      expect(res.status, res.text).toBe(201)
      return res.body.id as string
    }
    p.day = await product({ kind: 'day_pass', name: 'Journée carte', priceCents: 1800, vatRateBp: 0, validityDays: 30 })
    p.archived = await product({ kind: 'day_pass', name: 'Ancienne journée', priceCents: 1000, vatRateBp: 0, validityDays: 1 })
    const res = await w.owner.agent.patch(api(`/lieux/${w.lieuId}/pass-products/${p.archived}`)).send({ archived: true })
    expect(res.status, res.text).toBe(200)
  })

  it('a member of the lieu is sent to Checkout; nothing is sold before the payment, then the pass and its invoice', async () => {
    const member = await t.login({ name: 'Paula Passe' })
    await t.deps.db.lieuMembership.create({ data: { lieuId: w.lieuId, userId: member.id, role: 'member' } })
    const before = fake.requests.length
    const res = await member.agent.post(api(`/lieux/${w.lieuId}/passes/checkout`)).send({ productId: p.day })
    expect(res.status, res.text).toBe(200)
    expect(res.body.payment).toMatchObject({ kind: 'redirect', url: expect.stringMatching(/^https:\/\/checkout\.stripe\.test\/c\/pay\/cs_test_/) })
    const sent = fake.requests.slice(before)
    expect(sent).toHaveLength(1)
    expect(sent[0]!.path).toBe('/v1/checkout/sessions')
    expect(sent[0]!.idempotencyKey).toMatch(/^fabrique-pass-/)
    expect(sent[0]!.form).toMatchObject({
      mode: 'payment',
      customer_email: member.email,
      'metadata[productId]': p.day,
      'metadata[lieuId]': w.lieuId,
      'metadata[userId]': member.id,
      'metadata[email]': member.email,
      'metadata[buyerName]': 'Paula Passe',
      'line_items[0][price_data][unit_amount]': '1800',
      'line_items[0][price_data][currency]': 'eur',
      success_url: `${ORIGIN}/compte/abonnements/passes?paiement=ok`,
      cancel_url: `${ORIGIN}/compte/abonnements/passes?paiement=annule`,
    })
    expect(await t.deps.db.pass.count({ where: { productId: p.day } })).toBe(0)

    const paid = sessionPaid(sent[0]!, 'member_pass')
    expect((await deliver(paid)).status).toBe(200)
    await drain([paid])
    expect(await t.deps.db.pass.findFirstOrThrow({ where: { productId: p.day } })).toMatchObject({ userId: member.id, email: member.email, remaining: 1 })
    expect(await t.deps.db.invoice.findFirstOrThrow({ where: { buyerUserId: member.id } })).toMatchObject({ paymentMethod: 'card', totalInclCents: 1800 })
    const mine = await member.agent.get(api('/me/passes'))
    expect((mine.body as { product: { id: string } }[]).map((x) => x.product.id)).toEqual([p.day])
  })

  it('a drop-in buys with only an e-mail address, without logging in; the pass is tied to that address', async () => {
    await clearLimits()
    const before = fake.requests.length
    const res = await dropIn({ productId: p.day, email: ' Dora.Dropin@Example.ORG ', name: 'Dora Dropin' })
    expect(res.status, res.text).toBe(200)
    expect(res.body.payment.kind).toBe('redirect')
    const sent = fake.requests.slice(before)
    expect(sent).toHaveLength(1)
    expect(sent[0]!.form).toMatchObject({
      mode: 'payment',
      customer_email: 'dora.dropin@example.org',
      'metadata[email]': 'dora.dropin@example.org',
      'metadata[buyerName]': 'Dora Dropin',
      success_url: `${ORIGIN}/l/stripe-lieu/pass?paiement=ok`,
      cancel_url: `${ORIGIN}/l/stripe-lieu/pass?paiement=annule`,
    })
    expect(sent[0]!.form['metadata[userId]']).toBeUndefined()
    const paid = sessionPaid(sent[0]!, 'dropin_pass')
    expect((await deliver(paid)).status).toBe(200)
    await drain([paid])
    const pass = await t.deps.db.pass.findFirstOrThrow({ where: { email: 'dora.dropin@example.org' } })
    expect(pass).toMatchObject({ userId: null, productId: p.day })
    const invoice = await t.deps.db.invoice.findFirstOrThrow({ where: { buyer: { path: ['email'], equals: 'dora.dropin@example.org' } } })
    expect(invoice).toMatchObject({ buyerUserId: null, paymentMethod: 'card', totalInclCents: 1800 })
    expect((invoice.buyer as { name: string }).name).toBe('Dora Dropin')
  })

  it('refuses what is not on sale, and without Stripe answers card_payments_unavailable; nothing is created', async () => {
    await clearLimits()
    const member = await t.login({ name: 'Rita Refus' })
    await t.deps.db.lieuMembership.create({ data: { lieuId: w.lieuId, userId: member.id, role: 'member' } })
    const buy = (productId: string) => member.agent.post(api(`/lieux/${w.lieuId}/passes/checkout`)).send({ productId })
    const before = fake.requests.length
    const passes = await t.deps.db.pass.count()
    for (const res of [await buy(p.archived), await dropIn({ productId: p.archived, email: 'x@example.org' })]) {
      const problem = expectProblem(res, 400, 'validation_failed', 'archived')
      expect(problem.errors?.[0]?.field).toBe('productId')
    }
    expectProblem(await dropIn({ productId: p.day, email: 'x@example.org' }, 'no-such-lieu'), 404, 'not_found', 'unknown lieu')
    expectProblem(await dropIn({ productId: p.day, email: 'x@example' }), 400, 'validation_failed', 'bad e-mail')
    // A lieu without Stripe keys takes no card.
    const stripe = t.deps.config.stripe
    t.deps.config.stripe = undefined
    try {
      expectProblem(await buy(p.day), 422, 'card_payments_unavailable', 'member, no Stripe')
      expectProblem(await dropIn({ productId: p.day, email: 'x@example.org' }), 422, 'card_payments_unavailable', 'drop-in, no Stripe')
    } finally {
      t.deps.config.stripe = stripe
    }
    expect(fake.requests.length).toBe(before)
    expect(await t.deps.db.pass.count()).toBe(passes)
  })

  it('a drop-in’s checkouts are rate limited per address: 429 with Retry-After, nothing asked of Stripe', async () => {
    await clearLimits()
    const before = fake.requests.length
    const statuses: number[] = []
    let last: Awaited<ReturnType<typeof dropIn>> | undefined
    for (let i = 0; i < 7; i++) {
      last = await dropIn({ productId: p.day, email: `visiteur${i}@example.org` })
      statuses.push(last.status)
    }
    expect(statuses).toEqual([200, 200, 200, 200, 200, 200, 429])
    expectProblem(last!, 429, 'rate_limited', 'seventh')
    expect(Number(last!.headers['retry-after'])).toBeGreaterThan(0)
    expect(fake.requests.length - before).toBe(6)
    await clearLimits()
  })
})

// ——— Plan change by card ———

describe('plan change by card (Stripe proration)', () => {
  const p = {} as { resident: string; nomade: string; yearly: string; foreign: string }
  beforeAll(async () => {
    const plan = async (body: object) => {
      const res = await w.owner.agent.post(api(`/lieux/${w.lieuId}/plans`)).send(body)
      expect(res.status, res.text).toBe(201)
      return res.body.id as string
    }
    p.resident = await plan({ name: 'Résident carte', priceCents: 15000, vatRateBp: 0, interval: 'month', entitlements: { monthlyCreditMinutes: { desk: 600 } } })
    p.nomade = await plan({ name: 'Nomade carte', priceCents: 5000, vatRateBp: 0, interval: 'month' })
    p.yearly = await plan({ name: 'Annuel carte', priceCents: 100000, vatRateBp: 0, interval: 'year' })
    const other = await t.login()
    const lieu = await other.agent.post(api('/lieux')).send(lieuBody('stripe-other-lieu'))
    const foreign = await other.agent.post(api(`/lieux/${lieu.body.id}/plans`)).send({ name: 'Ailleurs', priceCents: 1, vatRateBp: 0, interval: 'month' })
    p.foreign = foreign.body.id
  })

  /** A member subscribed by card, paid for the first month (Checkout, then Stripe's events). */
  async function cardSubscription(run: string) {
    const member = await t.login({ name: `Membre ${run}` })
    await t.deps.db.lieuMembership.create({ data: { lieuId: w.lieuId, userId: member.id, role: 'member' } })
    const res = await member.agent.post(api(`/lieux/${w.lieuId}/subscriptions`)).send({ planId: w.planId })
    expect(res.status, res.text).toBe(201)
    const subscriptionId: string = res.body.subscription.id
    const events = lifeEvents(run, subscriptionId).slice(0, 2)
    for (const e of events) expect((await deliver(e)).status).toBe(200)
    await drain(events)
    expect(await t.deps.db.subscription.findUniqueOrThrow({ where: { id: subscriptionId } })).toMatchObject({ status: 'active', providerRef: `sub_${run}` })
    return { member, subscriptionId }
  }

  const changePlan = (agent: Awaited<ReturnType<typeof t.login>>['agent'], subscriptionId: string, planId: string) =>
    agent.post(api(`/subscriptions/${subscriptionId}/change-plan`)).send({ planId })

  /** Stripe's customer.subscription.updated, its item on a price of `planId`. */
  const updated = (run: string, subscriptionId: string, id: string, created: number, planId: string) => ({
    id,
    object: 'event',
    type: 'customer.subscription.updated',
    created,
    data: {
      object: {
        id: `sub_${run}`,
        object: 'subscription',
        status: 'active',
        cancel_at_period_end: false,
        metadata: { subscriptionId, planId },
        items: { object: 'list', data: [{ id: `si_sub_${run}`, object: 'subscription_item', price: { id: `price_${planId.slice(0, 8)}`, metadata: { planId } } }] },
      },
    },
  })

  /** invoice.paid of sub_<run> with these lines (amounts VAT included, as Stripe has them). */
  const invoicePaid = (run: string, n: number, created: number, lines: { amount: number; start: number; end: number; proration: boolean }[]) => ({
    id: `evt_${run}_inv${n}`,
    object: 'event',
    type: 'invoice.paid',
    created,
    data: {
      object: {
        id: `in_${run}_${n}`,
        object: 'invoice',
        status: 'paid',
        parent: { type: 'subscription_details', subscription_details: { subscription: `sub_${run}` } },
        lines: {
          object: 'list',
          data: lines.map((l, i) => ({
            id: `il_${run}_${n}_${i}`,
            amount: l.amount,
            period: { start: l.start, end: l.end },
            parent: { type: 'subscription_item_details', subscription_item_details: { subscription: `sub_${run}`, proration: l.proration } },
          })),
        },
        status_transitions: { paid_at: created },
      },
    },
  })

  it('moves the Stripe subscription to the new price with prorations at once; the events keep it; the renewal invoice shows the proration', async () => {
    const { member, subscriptionId } = await cardSubscription('chg')
    const before = fake.requests.length
    const res = await changePlan(member.agent, subscriptionId, p.resident)
    expect(res.status, res.text).toBe(200)
    expect(res.body).toMatchObject({
      effective: 'now',
      effectiveAt: NOW.replace('Z', '.000Z'),
      next: null,
      subscription: { id: subscriptionId, status: 'active', provider: 'stripe', plan: { id: p.resident } },
    })
    const sent = fake.requests.slice(before)
    expect(sent.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /v1/subscriptions/sub_chg', 'POST /v1/prices', 'POST /v1/subscriptions/sub_chg'])
    const [, price, update] = sent as [FakeStripeRequest, FakeStripeRequest, FakeStripeRequest]
    expect(price.form).toMatchObject({ currency: 'eur', unit_amount: '15000', 'recurring[interval]': 'month', 'metadata[planId]': p.resident })
    expect(price.form['product_data[name]']).toBe('Résident carte — Lieu stripe-lieu')
    expect(update.form).toMatchObject({
      'items[0][id]': 'si_sub_chg',
      'items[0][price]': expect.stringMatching(/^price_fake\d+$/),
      proration_behavior: 'create_prorations',
      'metadata[planId]': p.resident,
    })
    expect(update.idempotencyKey).toMatch(new RegExp(`^fabrique-plan-change-${subscriptionId}-${p.resident}-\\d+$`))
    expect(price.idempotencyKey).toBe(`${update.idempotencyKey}-price`)
    // The new plan's credits of a kind not granted yet this month come at once.
    expect(await t.deps.db.creditEntry.count({ where: { userId: member.id, resourceKind: 'desk', minutes: 600 } })).toBe(1)

    // Stripe's update confirms the plan; an older update delivered late changes nothing.
    const confirm = updated('chg', subscriptionId, 'evt_chg_updated', T0 + 60, p.resident)
    const older = updated('chg', subscriptionId, 'evt_chg_older', T0 + 30, w.planId)
    for (const e of [confirm, older]) {
      expect((await deliver(e)).status).toBe(200)
      await drain([e])
    }
    expect((await t.deps.db.subscription.findUniqueOrThrow({ where: { id: subscriptionId } })).planId).toBe(p.resident)

    // The renewal: the old plan's unused time credited, the new one's charged pro rata, and the new month.
    const renewal = invoicePaid('chg', 2, P2 + 60, [
      { amount: -9677, start: T0 + 60, end: P2, proration: true },
      { amount: 14516, start: T0 + 60, end: P2, proration: true },
      { amount: 15000, start: P2, end: P3, proration: false },
    ])
    expect((await deliver(renewal)).status).toBe(200)
    await drain([renewal])
    const s = await t.deps.db.subscription.findUniqueOrThrow({ where: { id: subscriptionId } })
    expect(s).toMatchObject({ status: 'active', planId: p.resident, currentPeriodEnd: new Date(P3 * 1000) })
    const invoice = await t.deps.db.invoice.findFirstOrThrow({ where: { buyerUserId: member.id }, orderBy: { sequence: 'desc' } })
    expect(invoice.lines).toMatchObject([
      { label: 'Abonnement « Résident carte » du 27/12/2026 au 27/01/2027', unitPriceExclCents: 15000 },
      { label: 'Ajustement au prorata (changement de formule)', unitPriceExclCents: 4839 },
    ])
    expect(invoice.totalInclCents).toBe(15000 + 14516 - 9677)
  })

  it('a downgrade’s credit lowers the renewal line; a proration-only invoice is invoiced without paying a period; a plan set in Stripe follows, another lieu’s is ignored', async () => {
    const { member, subscriptionId } = await cardSubscription('down')
    expect((await changePlan(member.agent, subscriptionId, p.nomade)).status).toBe(200)
    const renewal = invoicePaid('down', 2, P2 + 60, [
      { amount: -8000, start: T0 + 60, end: P2, proration: true },
      { amount: 4000, start: T0 + 60, end: P2, proration: true },
      { amount: 5000, start: P2, end: P3, proration: false },
    ])
    expect((await deliver(renewal)).status).toBe(200)
    await drain([renewal])
    const lowered = await t.deps.db.invoice.findFirstOrThrow({ where: { buyerUserId: member.id }, orderBy: { sequence: 'desc' } })
    expect(lowered.lines).toMatchObject([
      { label: 'Abonnement « Nomade carte » du 27/12/2026 au 27/01/2027, déduction faite d’un avoir au prorata de 40,00 € TTC (changement de formule)', unitPriceExclCents: 1000 },
    ])
    expect(lowered.totalInclCents).toBe(1000)

    // Changed in Stripe (dashboard): the update's price names our plan; we follow.
    const inStripe = updated('down', subscriptionId, 'evt_down_dash', P2 + 3600, p.resident)
    expect((await deliver(inStripe)).status).toBe(200)
    await drain([inStripe])
    expect((await t.deps.db.subscription.findUniqueOrThrow({ where: { id: subscriptionId } })).planId).toBe(p.resident)
    // Invoiced at once for the proration only (as Stripe does when told to invoice now): no period moves.
    const periodEnd = (await t.deps.db.subscription.findUniqueOrThrow({ where: { id: subscriptionId } })).currentPeriodEnd
    const prorationOnly = invoicePaid('down', 3, P2 + 3700, [
      { amount: -5000, start: P2 + 3600, end: P3, proration: true },
      { amount: 15000, start: P2 + 3600, end: P3, proration: true },
    ])
    expect((await deliver(prorationOnly)).status).toBe(200)
    await drain([prorationOnly])
    const adj = await t.deps.db.invoice.findFirstOrThrow({ where: { buyerUserId: member.id }, orderBy: { sequence: 'desc' } })
    expect(adj.lines).toMatchObject([{ label: 'Ajustement au prorata : changement pour la formule « Résident carte »', unitPriceExclCents: 10000 }])
    expect((await t.deps.db.subscription.findUniqueOrThrow({ where: { id: subscriptionId } })).currentPeriodEnd).toEqual(periodEnd)
    // Another lieu's plan in Stripe's metadata is not ours to follow.
    const foreign = updated('down', subscriptionId, 'evt_down_foreign', P2 + 7200, p.foreign)
    expect((await deliver(foreign)).status).toBe(200)
    await drain([foreign])
    expect((await t.deps.db.subscription.findUniqueOrThrow({ where: { id: subscriptionId } })).planId).toBe(p.resident)
  })

  it('refuses another interval and the same plan, answers 503 when Stripe fails and 422 without Stripe; our subscription is unchanged', async () => {
    const { member, subscriptionId } = await cardSubscription('refuse')
    const before = await t.deps.db.subscription.findUniqueOrThrow({ where: { id: subscriptionId } })
    for (const [planId, what] of [
      [p.yearly, 'another interval'],
      [w.planId, 'the same plan'],
      [p.foreign, 'another lieu’s plan'],
    ] as const) {
      const problem = expectProblem(await changePlan(member.agent, subscriptionId, planId), 400, 'validation_failed', what)
      expect(problem.errors?.[0]?.field).toBe('planId')
    }
    fake.failOnce('POST /v1/subscriptions/')
    expectProblem(await changePlan(member.agent, subscriptionId, p.nomade), 503, 'service_unavailable', 'Stripe outage')
    const stripe = t.deps.config.stripe
    t.deps.config.stripe = undefined
    try {
      expectProblem(await changePlan(member.agent, subscriptionId, p.nomade), 422, 'card_payments_unavailable', 'no Stripe')
    } finally {
      t.deps.config.stripe = stripe
    }
    expect(await t.deps.db.subscription.findUniqueOrThrow({ where: { id: subscriptionId } })).toEqual(before)
    // Stripe back: the same request goes through.
    const res = await changePlan(member.agent, subscriptionId, p.nomade)
    expect(res.status, res.text).toBe(200)
    expect(res.body.subscription.plan.id).toBe(p.nomade)
  })
})
