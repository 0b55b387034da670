import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ErrorCode } from '@fabrique/shared/errors'
import { createApp } from '../src/app.ts'
import { coveredElsewhere } from './support/covered-elsewhere.ts'
import { startFakeStripe, type FakeStripe } from './support/fake-stripe.ts'
import { lieuBody, useTestApp } from './support/test-app.ts'
import { snapshotWith } from './support/snapshots.ts'
import { casesFor, junkIds, run, verdict, type Semantic } from './support/bad-input-cases.ts'
import { fillPath, pathParams, registeredRoutes, send, type Agent } from './support/route-table.ts'

// QUALITY R5 for the card-payment routes (a pass bought by card, by a member or a drop-in; a plan
// change): no input, however bad, gets a 5xx, writes anything or reaches Stripe; every refusal is
// problem+json with a stable code, and a validation failure names the offending field. The case
// generator is bad-input.test.ts's. The drop-in route's rate limit is lifted here (its own test is
// in stripe.test.ts).

const t = useTestApp({
  now: '2026-11-27T09:00:00Z',
  rateLimits: { dropInCheckout: { points: 100_000, duration: 60 } },
})
const SUITE = 'payments.bad-input.test.ts'
const UNKNOWN = '00000000-0000-4000-8000-000000000000'

const w = {} as {
  owner: Agent
  lieuId: string
  planId: string
  otherPlanId: string
  membershipPlanId: string
  subscriptionId: string
  productId: string
  archivedProductId: string
  foreignProductId: string
}
let fake: FakeStripe

const billingSnapshot = () =>
  snapshotWith(
    t,
    ['plans', 'subscriptions', 'credit_entries', 'pass_products', 'passes', 'invoices', 'payment_events'],
    {
      jobs: true,
    },
  )

beforeAll(async () => {
  const o = await t.login({ name: 'Owen Owner' })
  w.owner = o.agent
  const lieu = await w.owner.post('/api/v1/lieux').send(lieuBody('card-lieu'))
  expect(lieu.status).toBe(201)
  w.lieuId = lieu.body.id
  const base = `/api/v1/lieux/${w.lieuId}`
  const created = async (agent: Agent, url: string, body: object) => {
    const res = await agent.post(url).send(body)
    expect(res.status, res.text).toBe(201)
    return res.body as { id: string; subscription?: { id: string } }
  }
  const monthly = (name: string) => ({ name, priceCents: 9000, vatRateBp: 0, interval: 'month' })
  w.planId = (await created(w.owner, `${base}/plans`, monthly('Résident'))).id
  w.otherPlanId = (await created(w.owner, `${base}/plans`, monthly('Nomade'))).id
  w.membershipPlanId = (
    await created(w.owner, `${base}/plans`, {
      kind: 'membership',
      name: 'Adhésion',
      priceCents: 1500,
      vatRateBp: 0,
      interval: 'year',
    })
  ).id
  const day = (name: string) => ({ kind: 'day_pass', name, priceCents: 1500, vatRateBp: 0, validityDays: 30 })
  w.productId = (await created(w.owner, `${base}/pass-products`, day('Journée'))).id
  w.archivedProductId = (await created(w.owner, `${base}/pass-products`, day('Ancienne'))).id
  await w.owner.patch(`${base}/pass-products/${w.archivedProductId}`).send({ archived: true })
  // The owner's own subscription, paid at the counter (the plan change's target).
  const me = (await w.owner.get('/api/v1/me')).body.id as string
  w.subscriptionId = (
    await created(w.owner, `${base}/subscriptions`, {
      planId: w.planId,
      userId: me,
      payment: { method: 'on_site' },
    })
  ).subscription!.id
  const other = await t.login()
  const otherLieu = (await other.agent.post('/api/v1/lieux').send(lieuBody('card-other'))).body.id
  w.foreignProductId = (
    await created(other.agent, `/api/v1/lieux/${otherLieu}/pass-products`, day('Ailleurs'))
  ).id
  fake = await startFakeStripe()
  t.deps.config.stripe = {
    secretKey: 'sk_test_bad',
    webhookSecret: 'whsec_bad',
    host: fake.host,
    port: fake.port,
    protocol: fake.protocol,
  }
  t.app = createApp(t.deps)
})

afterAll(async () => {
  await fake.close()
})

const params = (): Record<string, string> => ({
  lieuId: w.lieuId,
  subscriptionId: w.subscriptionId,
  slug: 'card-lieu',
})

const validBody: Record<string, () => Record<string, unknown>> = {
  'POST /lieux/:lieuId/passes/checkout': () => ({ productId: w.productId }),
  'POST /public/lieux/:slug/passes/checkout': () => ({
    productId: w.productId,
    email: 'dora@example.org',
    name: 'Dora Dropin',
  }),
  'POST /subscriptions/:subscriptionId/change-plan': () => ({ planId: w.otherPlanId }),
}

const product: Semantic = [
  ['productId', 'x', 'productId'],
  ['productId', UNKNOWN, 'productId'],
]
const semantic: Record<string, Semantic> = {
  'POST /lieux/:lieuId/passes/checkout': product,
  'POST /public/lieux/:slug/passes/checkout': [
    ...product,
    ['email', 'not an address', 'email'],
    ['email', 'a@', 'email'],
    ['email', '', 'email'],
    ['email', `${'x'.repeat(250)}@example.org`, 'email'],
    ['name', '', 'name'],
    ['name', '   ', 'name'],
    ['name', 'x'.repeat(121), 'name'],
  ],
  'POST /subscriptions/:subscriptionId/change-plan': [
    ['planId', 'not-a-uuid', 'planId'],
    ['planId', UNKNOWN, 'planId'],
  ],
}

/** Whole bodies refused for what they mean (status, code, field). */
const extra: Record<
  string,
  { name: string; body: () => Record<string, unknown>; status: number; code: ErrorCode; field?: string }[]
> = {
  'POST /lieux/:lieuId/passes/checkout': [
    {
      name: 'a pass no longer sold',
      body: () => ({ productId: w.archivedProductId }),
      status: 400,
      code: 'validation_failed',
      field: 'productId',
    },
    {
      name: 'another lieu’s pass',
      body: () => ({ productId: w.foreignProductId }),
      status: 400,
      code: 'validation_failed',
      field: 'productId',
    },
  ],
  'POST /public/lieux/:slug/passes/checkout': [
    {
      name: 'a pass no longer sold',
      body: () => ({ productId: w.archivedProductId, email: 'a@example.org' }),
      status: 400,
      code: 'validation_failed',
      field: 'productId',
    },
    {
      name: 'another lieu’s pass',
      body: () => ({ productId: w.foreignProductId, email: 'a@example.org' }),
      status: 400,
      code: 'validation_failed',
      field: 'productId',
    },
  ],
  'POST /subscriptions/:subscriptionId/change-plan': [
    {
      name: 'the plan it is on',
      body: () => ({ planId: w.planId }),
      status: 400,
      code: 'validation_failed',
      field: 'planId',
    },
    {
      name: 'an adhésion for a plan',
      body: () => ({ planId: w.membershipPlanId }),
      status: 400,
      code: 'validation_failed',
      field: 'planId',
    },
  ],
}

let total = 0
const ours = () =>
  Object.entries(coveredElsewhere)
    .filter(([, v]) => v.badInput === SUITE)
    .map(([k]) => k)

describe('every card-payment route with a body', () => {
  it('has a well-formed body in this table, and covered-elsewhere points here', () => {
    const withBody = registeredRoutes().filter((r) => r.body && ours().includes(r.key))
    expect(withBody.map((r) => r.key).sort()).toEqual(Object.keys(validBody).sort())
    for (const r of withBody) {
      const parsed = r.body!.safeParse(validBody[r.key]!())
      expect(parsed.success, `${r.key}: ${JSON.stringify(parsed.error?.issues)}`).toBe(true)
    }
    for (const key of [...Object.keys(semantic), ...Object.keys(extra)])
      expect(validBody, key).toHaveProperty([key])
  })

  it.each(Object.keys(validBody).map((key, i) => ({ key, seed: 9500 + i })))(
    '$key: junk is refused as a 4xx naming the field; nothing is written, nothing reaches Stripe',
    async ({ key, seed }) => {
      const spec = registeredRoutes().find((r) => r.key === key)!
      const url = fillPath(spec.path, params())
      const cases = casesFor(validBody[key]!(), spec.body!, seed, { semantic: semantic[key] })
      for (const x of extra[key] ?? [])
        cases.push({ name: x.name, body: x.body(), status: x.status, code: x.code, field: x.field })
      const before = await billingSnapshot()
      const asked = fake.requests.length
      const failures: string[] = []
      for (const c of cases) {
        const res = await run(w.owner, spec.method, url, c)
        const v = verdict(c, res as never)
        if (v) failures.push(`${c.name}: ${v}`)
      }
      total += cases.length
      expect(failures).toEqual([])
      expect(await billingSnapshot()).toEqual(before)
      expect(fake.requests.length, 'a refused request reached Stripe').toBe(asked)
    },
  )

  it('path parameters that cannot name anything answer 404 problem+json, and nothing is written', async () => {
    const before = await billingSnapshot()
    const failures: string[] = []
    for (const key of ours()) {
      const r = registeredRoutes().find((x) => x.key === key)!
      for (const name of pathParams(r.path)) {
        const others = Object.values(params()).filter((v) => v !== params()[name])
        for (const junk of [...junkIds, ...others]) {
          const res = await send(
            w.owner,
            r.method,
            fillPath(r.path, { ...params(), [name]: junk }),
            validBody[key]?.(),
          )
          const v = verdict({ name: '', status: 404, code: 'not_found' }, res as never)
          if (v) failures.push(`${key} with :${name} = ${JSON.stringify(junk.slice(0, 30))}: ${v}`)
          total++
        }
      }
    }
    expect(failures).toEqual([])
    expect(await billingSnapshot()).toEqual(before)
  })

  it('the valid bodies are accepted (the refusals above are about the input)', async () => {
    for (const key of Object.keys(validBody)) {
      const spec = registeredRoutes().find((r) => r.key === key)!
      const res = await send(w.owner, spec.method, fillPath(spec.path, params()), validBody[key]!())
      expect(res.status, `${key}: ${res.text.slice(0, 300)}`).toBeLessThan(300)
    }
  })
})

describe('count', () => {
  it('sent a few hundred bad inputs', () => {
    expect(total).toBeGreaterThan(150)
    console.info(`card payments bad-input: ${total} requests`)
  })
})
