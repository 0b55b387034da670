import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApp } from '../src/app.ts'
import { coveredElsewhere } from './support/covered-elsewhere.ts'
import { startFakeStripe, type FakeStripe } from './support/fake-stripe.ts'
import { useTestApp } from './support/test-app.ts'
import { snapshotWith } from './support/snapshots.ts'
import {
  cast,
  codeOf,
  leakCheck,
  logInAll,
  ok,
  splitRoute,
  type Denial,
  twoNetworkedLieux,
} from './support/authorization.ts'
import { expectProblem, fillPath, registeredRoutes, send, type Agent } from './support/route-table.ts'

// The authorization table of the card-payment routes (docs/payments.md): a pass bought by card (a
// member of the lieu; a drop-in on the public route) and a plan change (the subscription's holder or
// the lieu's managers). Card payments on, through the local fake Stripe. As everywhere: what the
// caller cannot see answers like what does not exist (404, nothing of it in the answer), 403 is for
// what the caller sees but may not do, and nothing refused writes anything or reaches Stripe.

const t = useTestApp({ now: '2026-11-27T09:00:00Z' })
const SUITE = 'payments.authorization.test.ts'

const people = cast
type Person = keyof typeof people
type Actor = Person | 'anon'

const w = {} as {
  agent: Record<Actor, Agent>
  user: Record<Person, string>
  lieuA: string
  lieuB: string
  planA: string
  planB: string
  planB2: string
  productA: string
  productB: string
  subA: string
  subB: string
  secretsB: string[]
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
  const logged = await logInAll(t, people)
  w.agent = logged.agent
  w.user = logged.user
  const lieux = await twoNetworkedLieux(t, w.agent, w.user)
  w.lieuA = lieux.lieuA
  w.lieuB = lieux.lieuB
  await t.deps.db.lieuMembership.createMany({
    data: [
      { lieuId: w.lieuA, userId: w.user.managerA, role: 'manager' },
      { lieuId: w.lieuA, userId: w.user.memberA, role: 'member' },
      { lieuId: w.lieuB, userId: w.user.managerB, role: 'manager' },
      { lieuId: w.lieuB, userId: w.user.memberB, role: 'member' },
    ],
  })
  const post = async (agent: Agent, url: string, body: object) => {
    const res = await agent.post(url).send(body)
    ok(res, 201, url)
    return res.body as { id: string; subscription?: { id: string } }
  }
  const A = `/api/v1/lieux/${w.lieuA}`
  const B = `/api/v1/lieux/${w.lieuB}`
  const plan = (name: string) => ({ name, priceCents: 4200, vatRateBp: 0, interval: 'month' })
  w.planA = (await post(w.agent.ownerA, `${A}/plans`, plan('Alpha plan'))).id
  w.planB = (await post(w.agent.ownerB, `${B}/plans`, plan('Bravo secret plan'))).id
  w.planB2 = (await post(w.agent.ownerB, `${B}/plans`, plan('Bravo other plan'))).id
  const day = (name: string) => ({ kind: 'day_pass', name, priceCents: 1500, vatRateBp: 0, validityDays: 30 })
  w.productA = (await post(w.agent.ownerA, `${A}/pass-products`, day('Alpha day'))).id
  w.productB = (await post(w.agent.ownerB, `${B}/pass-products`, day('Bravo secret day'))).id
  const paid = (planId: string, userId: string) => ({ planId, userId, payment: { method: 'on_site' } })
  w.subA = (
    await post(w.agent.managerA, `${A}/subscriptions`, paid(w.planA, w.user.memberA))
  ).subscription!.id
  w.subB = (
    await post(w.agent.managerB, `${B}/subscriptions`, paid(w.planB, w.user.memberB))
  ).subscription!.id
  w.secretsB = [
    w.lieuB,
    'Bravo Hidden Place',
    w.planB,
    w.planB2,
    'Bravo secret plan',
    'Bravo other plan',
    w.productB,
    'Bravo secret day',
    w.subB,
    ...(['ownerB', 'managerB', 'memberB', 'coordN2'] as const).flatMap((p) => [w.user[p], ...people[p]]),
  ]
  // Card payments on (after the set-up above, paid at the counter).
  fake = await startFakeStripe()
  t.deps.config.stripe = {
    secretKey: 'sk_test_auth',
    webhookSecret: 'whsec_auth',
    host: fake.host,
    port: fake.port,
    protocol: fake.protocol,
  }
  t.app = createApp(t.deps)
})

afterAll(async () => {
  await fake.close()
})

const expectNoSecretsOfB = leakCheck(() => w.secretsB)

interface RouteCase {
  route: string
  params: () => Record<string, string>
  body: () => unknown
  deny: Partial<Record<Actor, Denial>>
  allow: { as: Actor; status: number; check?: (body: unknown) => void }
}

const outsiders = { stranger: 404, ownerA: 404, managerA: 404, memberA: 404, coordN1: 404 } as const
const redirect = (b: unknown) =>
  expect(b).toEqual({
    payment: { kind: 'redirect', url: expect.stringMatching(/^https:\/\/checkout\.stripe\.test\//) },
  })

const table: RouteCase[] = [
  {
    route: 'POST /lieux/:lieuId/passes/checkout',
    params: () => ({ lieuId: w.lieuB }),
    body: () => ({ productId: w.productB }),
    // B's coordinator sees the lieu but holds no membership there: 403.
    deny: { anon: 401, ...outsiders, coordN2: 403 },
    allow: { as: 'memberB', status: 200, check: redirect },
  },
  {
    route: 'POST /subscriptions/:subscriptionId/change-plan',
    params: () => ({ subscriptionId: w.subB }),
    body: () => ({ planId: w.planB2 }),
    // Only its holder and the lieu's managers see a subscription.
    deny: { anon: 401, ...outsiders, coordN2: 404 },
    allow: { as: 'memberB', status: 200, check: (b) => expect(b).toMatchObject({ effective: 'period_end' }) },
  },
]
/** Anyone may start a drop-in's purchase (no account): the route is rate limited instead. */
const publicRoutes = ['POST /public/lieux/:slug/passes/checkout']

describe('route table coverage', () => {
  it('covers every route listed for this suite, and each is registered', () => {
    const keys = registeredRoutes().map((r) => r.key)
    const ours = Object.entries(coveredElsewhere)
      .filter(([, v]) => v.authorization === SUITE)
      .map(([k]) => k)
    expect([...table.map((c) => c.route), ...publicRoutes].sort()).toEqual(ours.sort())
    for (const k of ours) expect(keys, k).toContain(k)
    for (const k of publicRoutes) expect(registeredRoutes().find((r) => r.key === k)!.auth).toBe('none')
  })
})

describe.each(table)('$route', (c) => {
  it('refuses every caller without rights, leaks nothing, writes nothing, asks nothing of Stripe; the right caller succeeds', async () => {
    const { method, path } = splitRoute(c.route)
    const url = fillPath(path, c.params())
    for (const [actor, status] of Object.entries(c.deny) as [Actor, Denial][]) {
      const what = `${c.route} as ${actor}`
      const before = await billingSnapshot()
      const asked = fake.requests.length
      const res = await send(w.agent[actor], method, url, c.body())
      const problem = expectProblem(res, status, codeOf[status], what)
      expect(await billingSnapshot(), `${what} changed the database`).toEqual(before)
      expect(fake.requests.length, `${what} reached Stripe`).toBe(asked)
      expectNoSecretsOfB(res, url + JSON.stringify(c.body()), what)
      if (status === 404) {
        const ghost = Object.fromEntries(Object.keys(c.params()).map((k) => [k, randomUUID()]))
        const gp = expectProblem(
          await send(w.agent[actor], method, fillPath(path, ghost), c.body()),
          404,
          'not_found',
          `${what} (nonexistent)`,
        )
        expect({ ...problem, instance: '', requestId: '' }).toEqual({ ...gp, instance: '', requestId: '' })
      }
    }
    const res = await send(w.agent[c.allow.as], method, url, c.body())
    ok(res, c.allow.status, `${c.route} as ${c.allow.as} (positive control)`)
    c.allow.check?.(res.body)
  })
})

describe('the drop-in route (public)', () => {
  it('anyone starts a purchase of B’s pass by B’s slug; an unknown slug is a 404', async () => {
    const res = await w.agent.anon
      .post('/api/v1/public/lieux/bravo-cache/passes/checkout')
      .send({ productId: w.productB, email: 'visiteur@example.org' })
    ok(res, 200, 'drop-in')
    redirect(res.body)
    expectProblem(
      await w.agent.anon
        .post('/api/v1/public/lieux/no-such-place/passes/checkout')
        .send({ productId: w.productB, email: 'visiteur@example.org' }),
      404,
      'not_found',
      'unknown slug',
    )
  })
})

describe('ids of lieu B in lieu A’s requests', () => {
  const ghost = '00000000-0000-4000-8000-00000000abcd'
  it('B’s pass product bought at A, or B’s plan for A’s subscription, are refused like unknown ones, naming the field', async () => {
    const before = await billingSnapshot()
    const asked = fake.requests.length
    const cases: { agent: Agent; url: string; body: object; ghost: object; field: string }[] = [
      {
        agent: w.agent.memberA,
        url: `/api/v1/lieux/${w.lieuA}/passes/checkout`,
        body: { productId: w.productB },
        ghost: { productId: ghost },
        field: 'productId',
      },
      {
        agent: w.agent.anon,
        url: '/api/v1/public/lieux/alpha-place/passes/checkout',
        body: { productId: w.productB, email: 'x@example.org' },
        ghost: { productId: ghost, email: 'x@example.org' },
        field: 'productId',
      },
      {
        agent: w.agent.memberA,
        url: `/api/v1/subscriptions/${w.subA}/change-plan`,
        body: { planId: w.planB },
        ghost: { planId: ghost },
        field: 'planId',
      },
    ]
    for (const c of cases) {
      const p = expectProblem(await c.agent.post(c.url).send(c.body), 400, 'validation_failed', c.url)
      const g = expectProblem(
        await c.agent.post(c.url).send(c.ghost),
        400,
        'validation_failed',
        `${c.url} (ghost)`,
      )
      expect(p.errors).toEqual(g.errors)
      expect(p.errors![0]!.field).toBe(c.field)
      expectNoSecretsOfB({ text: JSON.stringify(p) }, JSON.stringify(c.body), c.url)
    }
    expect(await billingSnapshot()).toEqual(before)
    expect(fake.requests.length).toBe(asked)
  })
})
