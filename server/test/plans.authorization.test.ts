import { randomUUID } from 'node:crypto'
import { beforeAll, describe, expect, it } from 'vitest'
import type { Method } from '../src/http/route.ts'
import { coveredElsewhere } from './support/covered-elsewhere.ts'
import { useTestApp } from './support/test-app.ts'
import { snapshotWith } from './support/snapshots.ts'
import {
  cast,
  codeOf,
  ids,
  leakCheck,
  logInAll,
  ok,
  splitRoute,
  type Denial,
  twoNetworkedLieux,
} from './support/authorization.ts'
import { expectProblem, fillPath, registeredRoutes, send, type Agent } from './support/route-table.ts'

// The authorization table of plans, subscriptions, credits and passes (see authorization.test.ts
// for the rules): what the caller cannot see answers like what does not exist (404, nothing of it in
// the answer); 403 is for what the caller sees but may not do; nothing refused writes anything.

const t = useTestApp({ now: '2026-11-27T09:00:00Z' })
const SUITE = 'plans.authorization.test.ts'

const people = cast
type Person = keyof typeof people
type Actor = Person | 'anon'
const bInsiders: Actor[] = ['ownerB', 'managerB', 'memberB', 'coordN2']

interface World {
  agent: Record<Actor, Agent>
  user: Record<Person, string>
  lieuA: string
  lieuB: string
  planA: string
  planB: string
  planB2: string
  planB3: string
  planB4: string
  productA: string
  productB: string
  subPay: string
  subCancel: string
  subPause: string
  subA: string
  secretsB: string[]
}
const w = {} as World

const billingSnapshot = (app = t) =>
  snapshotWith(
    app,
    [
      'plans',
      'subscriptions',
      'credit_entries',
      'credit_balances',
      'pass_products',
      'passes',
      'invoices',
      'invoice_counters',
    ],
    { jobs: true },
  )

beforeAll(async () => {
  const db = t.deps.db
  const logged = await logInAll(t, people)
  w.agent = logged.agent
  w.user = logged.user
  const lieux = await twoNetworkedLieux(t, w.agent, w.user)
  w.lieuA = lieux.lieuA
  w.lieuB = lieux.lieuB
  await db.lieuMembership.createMany({
    data: [
      { lieuId: w.lieuA, userId: w.user.managerA, role: 'manager' },
      { lieuId: w.lieuA, userId: w.user.memberA, role: 'member' },
      { lieuId: w.lieuB, userId: w.user.managerB, role: 'manager' },
      { lieuId: w.lieuB, userId: w.user.memberB, role: 'member' },
    ],
  })
  const post = async (agent: Agent, url: string, body: object, what: string) => {
    const res = await agent.post(url).send(body)
    ok(res, 201, what)
    return res.body as { id: string; subscription?: { id: string } }
  }
  const A = `/api/v1/lieux/${w.lieuA}`
  const B = `/api/v1/lieux/${w.lieuB}`
  const plan = (name: string) => ({
    name,
    description: `${name} notes`,
    priceCents: 4200,
    vatRateBp: 2000,
    interval: 'month',
    entitlements: { monthlyCreditMinutes: { room: 60 } },
  })
  w.planA = (await post(w.agent.ownerA, `${A}/plans`, plan('Alpha plan'), 'planA')).id
  w.planB = (await post(w.agent.ownerB, `${B}/plans`, plan('Bravo secret plan'), 'planB')).id
  w.planB2 = (await post(w.agent.ownerB, `${B}/plans`, plan('Bravo plan two'), 'planB2')).id
  w.planB3 = (await post(w.agent.ownerB, `${B}/plans`, plan('Bravo plan three'), 'planB3')).id
  w.planB4 = (await post(w.agent.ownerB, `${B}/plans`, plan('Bravo plan four'), 'planB4')).id
  const product = (name: string) => ({
    kind: 'carnet',
    name,
    priceCents: 9000,
    vatRateBp: 2000,
    quantity: 5,
    validityDays: 90,
  })
  w.productA = (await post(w.agent.ownerA, `${A}/pass-products`, product('Alpha carnet'), 'productA')).id
  w.productB = (
    await post(w.agent.ownerB, `${B}/pass-products`, product('Bravo secret carnet'), 'productB')
  ).id
  w.subPay = (
    await post(w.agent.memberB, `${B}/subscriptions`, { planId: w.planB }, 'subPay')
  ).subscription!.id
  const paid = (planId: string) => ({ planId, userId: w.user.memberB, payment: { method: 'on_site' } })
  w.subCancel = (
    await post(w.agent.managerB, `${B}/subscriptions`, paid(w.planB3), 'subCancel')
  ).subscription!.id
  w.subPause = (
    await post(w.agent.managerB, `${B}/subscriptions`, paid(w.planB4), 'subPause')
  ).subscription!.id
  w.subA = (await post(w.agent.memberA, `${A}/subscriptions`, { planId: w.planA }, 'subA')).subscription!.id
  await post(
    w.agent.managerB,
    `${B}/passes`,
    { productId: w.productB, email: 'bravo-dropin@hidden.test', name: 'Bravo Dropin', method: 'on_site' },
    'passB',
  )
  await post(
    w.agent.managerB,
    `${B}/members/${w.user.memberB}/credits/adjustments`,
    { resourceKind: 'desk', minutes: 77, reason: 'Bravo secret reason' },
    'creditB',
  )

  w.secretsB = [
    w.lieuB,
    'bravo-cache',
    'Bravo Hidden Place',
    'Reseau Cache',
    lieux.networkB,
    w.planB,
    w.planB2,
    w.planB3,
    w.planB4,
    'Bravo secret plan',
    'Bravo plan two',
    w.productB,
    'Bravo secret carnet',
    w.subPay,
    w.subCancel,
    w.subPause,
    'bravo-dropin@hidden.test',
    'Bravo Dropin',
    'Bravo secret reason',
    ...bInsiders.flatMap((p) => [w.user[p as Person], ...people[p as Person]]),
  ]
})

const expectNoSecretsOfB = leakCheck(() => w.secretsB)

// ─── The route table ────────────────────────────────────────────────────────────────────────────

interface RouteCase {
  route: string
  params?: (w: World) => Record<string, string>
  body?: (w: World) => unknown
  deny: Partial<Record<Actor, Denial>>
  allow: {
    as: Actor
    status: number
    query?: string
    body?: (w: World) => unknown
    check?: (body: unknown, w: World) => void
  }
}

const onB = (w: World) => ({ lieuId: w.lieuB })
const cannotSee = {
  anon: 401,
  stranger: 404,
  ownerA: 404,
  managerA: 404,
  memberA: 404,
  coordN1: 404,
} as const
const cannotChange = { ...cannotSee, memberB: 403, coordN2: 403 } as const
/** A subscription of memberB: its holder sees it; B's coordinator does not (404), nor anyone outside. */
const notHolderNorManager = { ...cannotSee, coordN2: 404 } as const
const onSub = (key: 'subPay' | 'subCancel' | 'subPause') => (w: World) => ({ subscriptionId: w[key] })

const table: RouteCase[] = [
  {
    route: 'GET /lieux/:lieuId/plans',
    params: onB,
    deny: cannotSee,
    allow: {
      as: 'memberB',
      status: 200,
      query: '?includeArchived=true',
      check: (b) => expect((b as unknown[]).length).toBe(4),
    },
  },
  {
    route: 'POST /lieux/:lieuId/plans',
    params: onB,
    body: () => ({ name: 'Intruder plan', priceCents: 0, vatRateBp: 0, interval: 'month' }),
    deny: cannotChange,
    allow: { as: 'managerB', status: 201 },
  },
  {
    route: 'PATCH /lieux/:lieuId/plans/:planId',
    params: (w) => ({ lieuId: w.lieuB, planId: w.planB2 }),
    body: () => ({ priceCents: 0, archived: true }),
    deny: cannotChange,
    allow: { as: 'managerB', status: 200, body: () => ({ description: 'changed by the manager' }) },
  },
  {
    route: 'POST /lieux/:lieuId/subscriptions',
    params: onB,
    // Subscribing someone else, or paid, is for managers.
    body: (w) => ({ planId: w.planB2, userId: w.user.memberB, payment: { method: 'on_site' } }),
    deny: cannotChange,
    allow: { as: 'managerB', status: 201 },
  },
  {
    route: 'GET /lieux/:lieuId/subscriptions',
    params: onB,
    deny: cannotChange,
    allow: { as: 'managerB', status: 200 },
  },
  {
    route: 'GET /me/subscriptions',
    deny: { anon: 401 },
    allow: { as: 'memberA', status: 200, check: (b, w) => expect(ids(b)).toEqual([w.subA]) },
  },
  {
    route: 'POST /subscriptions/:subscriptionId/payments',
    params: onSub('subPay'),
    body: () => ({ method: 'cheque' }),
    deny: { ...notHolderNorManager, memberB: 403 },
    allow: { as: 'managerB', status: 201 },
  },
  {
    route: 'POST /subscriptions/:subscriptionId/cancel',
    params: onSub('subCancel'),
    body: () => ({ when: 'now' }),
    deny: { ...notHolderNorManager, memberB: 403 },
    allow: { as: 'managerB', status: 200, check: (b) => expect(b).toMatchObject({ status: 'cancelled' }) },
  },
  {
    route: 'POST /subscriptions/:subscriptionId/pause',
    params: onSub('subPause'),
    deny: { ...notHolderNorManager, memberB: 403 },
    allow: { as: 'managerB', status: 200, check: (b) => expect(b).toMatchObject({ status: 'paused' }) },
  },
  {
    // Paused by the row above: un-pausing is for managers.
    route: 'POST /subscriptions/:subscriptionId/resume',
    params: onSub('subPause'),
    deny: { ...notHolderNorManager, memberB: 403 },
    allow: { as: 'managerB', status: 200, check: (b) => expect(b).toMatchObject({ status: 'active' }) },
  },
  {
    route: 'GET /me/credits',
    deny: { anon: 401 },
    allow: { as: 'memberA', status: 200, check: (b) => expect(b).toEqual({ balances: [], history: [] }) },
  },
  {
    route: 'GET /lieux/:lieuId/members/:userId/credits',
    params: (w) => ({ lieuId: w.lieuB, userId: w.user.memberB }),
    deny: cannotChange,
    allow: {
      as: 'managerB',
      status: 200,
      check: (b) => expect((b as { balances: { minutes: number }[] }).balances[0]!.minutes).toBe(77),
    },
  },
  {
    route: 'POST /lieux/:lieuId/members/:userId/credits/adjustments',
    params: (w) => ({ lieuId: w.lieuB, userId: w.user.memberB }),
    body: () => ({ resourceKind: 'desk', minutes: 600, reason: 'self-service' }),
    deny: cannotChange,
    allow: { as: 'managerB', status: 201 },
  },
  {
    route: 'GET /lieux/:lieuId/pass-products',
    params: onB,
    deny: cannotSee,
    allow: { as: 'coordN2', status: 200, check: (b, w) => expect(ids(b)).toEqual([w.productB]) },
  },
  {
    route: 'POST /lieux/:lieuId/pass-products',
    params: onB,
    body: () => ({ kind: 'day_pass', name: 'Intruder pass', priceCents: 0, vatRateBp: 0, validityDays: 1 }),
    deny: cannotChange,
    allow: { as: 'managerB', status: 201 },
  },
  {
    route: 'PATCH /lieux/:lieuId/pass-products/:productId',
    params: (w) => ({ lieuId: w.lieuB, productId: w.productB }),
    body: () => ({ priceCents: 0 }),
    deny: cannotChange,
    allow: { as: 'managerB', status: 200, body: () => ({ name: 'Bravo secret carnet' }) },
  },
  {
    route: 'POST /lieux/:lieuId/passes',
    params: onB,
    // memberB selling themself a carnet is among the refusals.
    body: (w) => ({ productId: w.productB, userId: w.user.memberB, method: 'on_site' }),
    deny: cannotChange,
    allow: { as: 'managerB', status: 201 },
  },
  {
    route: 'GET /lieux/:lieuId/passes',
    params: onB,
    deny: cannotChange,
    allow: { as: 'managerB', status: 200 },
  },
  {
    route: 'GET /me/passes',
    deny: { anon: 401 },
    allow: { as: 'memberA', status: 200, check: (b) => expect(b).toEqual([]) },
  },
]

/** Public routes: anyone reads a lieu's active offer; an unknown slug is a 404. */
const publicRoutes = ['GET /public/lieux/:slug/plans', 'GET /public/lieux/:slug/pass-products']

const isOurs = (path: string) =>
  ['/plans', '/subscriptions', '/credits', '/pass-products', '/passes'].some((p) => path.includes(p))

describe('route table coverage', () => {
  it('lists every registered route of this domain, only registered routes, and covered-elsewhere points here', () => {
    const routes = registeredRoutes()
    const keys = routes.map((r) => r.key)
    const inTable = [...table.map((c) => c.route), ...publicRoutes]
    expect(new Set(inTable).size, 'a route appears twice in the table').toBe(inTable.length)
    for (const key of inTable) {
      expect(keys, `${key} is not a registered route`).toContain(key)
      expect(coveredElsewhere[key]?.authorization, `${key} in covered-elsewhere.ts`).toBe(SUITE)
    }
    const ours = routes
      .filter((r) => isOurs(r.path) && (coveredElsewhere[r.key]?.authorization ?? SUITE) === SUITE)
      .map((r) => r.key)
    expect(
      ours.filter((k) => !inTable.includes(k)),
      'routes missing from this table',
    ).toEqual([])
    for (const c of table) if (c.route.includes(':lieuId')) expect(c.deny.stranger, c.route).toBe(404)
  })
})

describe('public offer', () => {
  it('anyone reads B’s active plans and passes by slug; an unknown slug is a 404', async () => {
    for (const route of publicRoutes) {
      const { path } = splitRoute(route)
      const res = await w.agent.anon.get(fillPath(path, { slug: 'bravo-cache' }))
      ok(res, 200, route)
      expectProblem(
        await w.agent.anon.get(fillPath(path, { slug: 'no-such-place' })),
        404,
        'not_found',
        route,
      )
    }
  })
})

// ─── Ids of lieu B under lieu A's path, and B's ids in A's bodies ─────────────────────────────────

describe('ids of lieu B addressed under lieu A (as A’s owner)', () => {
  const ghost = '00000000-0000-4000-8000-00000000abcd'
  const cases: {
    what: string
    method: Method
    path: (w: World) => string
    ghostPath: (w: World) => string
    body?: (w: World) => unknown
  }[] = [
    {
      what: 'B’s plan (change)',
      method: 'patch',
      path: (w) => `/api/v1/lieux/${w.lieuA}/plans/${w.planB}`,
      ghostPath: (w) => `/api/v1/lieux/${w.lieuA}/plans/${ghost}`,
      body: () => ({ priceCents: 1 }),
    },
    {
      what: 'B’s pass product (change)',
      method: 'patch',
      path: (w) => `/api/v1/lieux/${w.lieuA}/pass-products/${w.productB}`,
      ghostPath: (w) => `/api/v1/lieux/${w.lieuA}/pass-products/${ghost}`,
      body: () => ({ priceCents: 1 }),
    },
    {
      what: 'B’s member’s credits',
      method: 'get',
      path: (w) => `/api/v1/lieux/${w.lieuA}/members/${w.user.memberB}/credits`,
      ghostPath: (w) => `/api/v1/lieux/${w.lieuA}/members/${ghost}/credits`,
    },
    {
      what: 'B’s member’s credits (adjust)',
      method: 'post',
      path: (w) => `/api/v1/lieux/${w.lieuA}/members/${w.user.memberB}/credits/adjustments`,
      ghostPath: (w) => `/api/v1/lieux/${w.lieuA}/members/${ghost}/credits/adjustments`,
      body: () => ({ resourceKind: 'desk', minutes: -77, reason: 'x' }),
    },
    {
      what: 'B’s subscription (record a payment)',
      method: 'post',
      path: (w) => `/api/v1/subscriptions/${w.subPay}/payments`,
      ghostPath: () => `/api/v1/subscriptions/${ghost}/payments`,
      body: () => ({ method: 'on_site' }),
    },
  ]
  it.each(cases)('$what → 404 like an unknown id, and nothing changes', async (c) => {
    const before = await billingSnapshot()
    const body = c.body?.(w)
    const problem = expectProblem(
      await send(w.agent.ownerA, c.method, c.path(w), body),
      404,
      'not_found',
      c.what,
    )
    const ghostProblem = expectProblem(
      await send(w.agent.ownerA, c.method, c.ghostPath(w), body),
      404,
      'not_found',
      `${c.what} (ghost)`,
    )
    expect(problem.detail).toBe(ghostProblem.detail)
    expect(await billingSnapshot()).toEqual(before)
  })

  it('B’s plan, product or member in A’s bodies are refused like unknown ones, naming the field', async () => {
    const before = await billingSnapshot()
    const A = `/api/v1/lieux/${w.lieuA}`
    const cases = [
      { url: `${A}/subscriptions`, body: { planId: w.planB }, ghost: { planId: ghost }, field: 'planId' },
      {
        url: `${A}/passes`,
        body: { productId: w.productB, email: 'x@y.org', method: 'on_site' },
        ghost: { productId: ghost, email: 'x@y.org', method: 'on_site' },
        field: 'productId',
      },
      {
        url: `${A}/passes`,
        body: { productId: w.productA, userId: w.user.memberB, method: 'on_site' },
        ghost: { productId: w.productA, userId: ghost, method: 'on_site' },
        field: 'userId',
      },
      {
        url: `${A}/subscriptions`,
        body: { planId: w.planA, userId: w.user.memberB },
        ghost: { planId: w.planA, userId: ghost },
        field: 'userId',
      },
    ]
    for (const c of cases) {
      const p = expectProblem(
        await w.agent.ownerA.post(c.url).send(c.body),
        400,
        'validation_failed',
        c.field,
      )
      const g = expectProblem(
        await w.agent.ownerA.post(c.url).send(c.ghost),
        400,
        'validation_failed',
        `${c.field} ghost`,
      )
      expect(p.errors).toEqual(g.errors)
      expect(p.errors![0]!.field).toBe(c.field)
    }
    expect(await billingSnapshot()).toEqual(before)
  })

  it('my subscriptions, credits and passes show nothing of B to A’s people', async () => {
    for (const who of ['ownerA', 'managerA', 'memberA', 'coordN1', 'stranger'] as const) {
      for (const url of ['/api/v1/me/subscriptions', '/api/v1/me/credits', '/api/v1/me/passes']) {
        const res = await w.agent[who].get(url)
        ok(res, 200, `${who} ${url}`)
        expectNoSecretsOfB(res, '', `${who} ${url}`)
      }
    }
  })
})

// ─── Every route, every caller without rights (last: the positive controls change things) ───────────

describe.each(table)('$route', (c) => {
  it('refuses every caller without rights, leaks nothing, changes nothing; the right caller succeeds', async () => {
    const { method, path } = splitRoute(c.route)
    for (const [actor, status] of Object.entries(c.deny) as [Actor, Denial][]) {
      const url = fillPath(path, c.params?.(w) ?? {})
      const body = c.body?.(w)
      const what = `${c.route} as ${actor}`
      const before = await billingSnapshot()
      const res = await send(w.agent[actor], method, url, body)
      const problem = expectProblem(res, status, codeOf[status], what)
      expect(await billingSnapshot(), `${what} changed the database`).toEqual(before)
      expectNoSecretsOfB(res, url + JSON.stringify(body ?? null), what)
      if (status === 404) {
        const params = Object.fromEntries(Object.keys(c.params?.(w) ?? {}).map((k) => [k, randomUUID()]))
        const gp = expectProblem(
          await send(w.agent[actor], method, fillPath(path, params), body),
          404,
          'not_found',
          `${what} (nonexistent)`,
        )
        expect({ ...problem, instance: '', requestId: '' }, what).toEqual({
          ...gp,
          instance: '',
          requestId: '',
        })
      }
    }
    const a = c.allow
    const url = fillPath(path, c.params?.(w) ?? {}) + (a.query ?? '')
    const res = await send(w.agent[a.as], method, url, (a.body ?? c.body)?.(w))
    ok(res, a.status, `${c.route} as ${a.as} (positive control)`)
    a.check?.(res.body, w)
    if (!bInsiders.includes(a.as)) expectNoSecretsOfB(res, url, `${c.route} as ${a.as}`)
  })
})
