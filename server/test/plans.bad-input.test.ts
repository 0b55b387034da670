import { beforeAll, describe, expect, it } from 'vitest'
import type { ErrorCode } from '@fabrique/shared/errors'
import { coveredElsewhere } from './support/covered-elsewhere.ts'
import { lieuBody, useTestApp } from './support/test-app.ts'
import { snapshotWith } from './support/snapshots.ts'
import { casesFor, junkIds, run, verdict, type Semantic } from './support/bad-input-cases.ts'
import { fillPath, pathParams, registeredRoutes, send, type Agent } from './support/route-table.ts'

// QUALITY R5 for the plans, subscriptions, credits and passes routes: no input, however bad, gets a
// 5xx or writes anything; every refusal is problem+json with a stable code, and a validation
// failure names the offending field. The case generator is bad-input.test.ts's.

const t = useTestApp({ now: '2026-11-27T09:00:00Z' })
const SUITE = 'plans.bad-input.test.ts'
const UNKNOWN = '00000000-0000-4000-8000-000000000000'

interface World {
  owner: Agent
  lieuId: string
  memberId: string
  outsiderId: string
  resourceId: string
  planId: string
  membershipPlanId: string
  subscriptionId: string
  productId: string
  foreignPlanId: string
}
const w = {} as World

const billingSnapshot = () =>
  snapshotWith(
    t,
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
  const o = await t.login({ name: 'Owen Owner' })
  w.owner = o.agent
  const lieu = await w.owner.post('/api/v1/lieux').send(lieuBody('target-lieu'))
  expect(lieu.status).toBe(201)
  w.lieuId = lieu.body.id
  const base = `/api/v1/lieux/${w.lieuId}`
  w.memberId = (await t.createUser({ name: 'Mona Member' })).id
  w.outsiderId = (await t.createUser({ name: 'Oscar Outsider' })).id
  await t.deps.db.lieuMembership.create({ data: { lieuId: w.lieuId, userId: w.memberId, role: 'member' } })
  const created = async (url: string, body: object) => {
    const res = await w.owner.post(url).send(body)
    expect(res.status, res.text).toBe(201)
    return res.body as { id: string; subscription?: { id: string } }
  }
  w.resourceId = (await created(`${base}/resources`, { kind: 'room', name: 'Salle', capacity: 6 })).id
  w.planId = (
    await created(`${base}/plans`, { name: 'Résident', priceCents: 9000, vatRateBp: 2000, interval: 'month' })
  ).id
  w.membershipPlanId = (
    await created(`${base}/plans`, {
      kind: 'membership',
      name: 'Adhésion',
      priceCents: 1500,
      vatRateBp: 0,
      interval: 'year',
    })
  ).id
  w.subscriptionId = (
    await created(`${base}/subscriptions`, { planId: w.planId, userId: w.memberId })
  ).subscription!.id
  w.productId = (
    await created(`${base}/pass-products`, {
      kind: 'carnet',
      name: 'Carnet',
      priceCents: 10000,
      vatRateBp: 2000,
      quantity: 10,
      validityDays: 90,
    })
  ).id
  const other = await t.login()
  const otherLieu = (await other.agent.post('/api/v1/lieux').send(lieuBody('other-lieu'))).body.id
  w.foreignPlanId = (
    await other.agent
      .post(`/api/v1/lieux/${otherLieu}/plans`)
      .send({ name: 'Foreign', priceCents: 1, vatRateBp: 0, interval: 'month' })
  ).body.id
})

const params = (): Record<string, string> => ({
  lieuId: w.lieuId,
  planId: w.planId,
  subscriptionId: w.subscriptionId,
  userId: w.memberId,
  productId: w.productId,
  slug: 'target-lieu',
})

const entitlements = () => ({
  includedKinds: ['desk'],
  monthlyCreditMinutes: { room: 120 },
  memberDiscountBp: 1000,
  maxConcurrentBookings: 3,
  bookingWindowDays: 60,
  planOnlyResourceIds: [w.resourceId],
})

/** A well-formed body for every route of this domain taking one (checked against its schema below). */
const validBody: Record<string, () => Record<string, unknown>> = {
  'POST /lieux/:lieuId/plans': () => ({
    kind: 'usage',
    name: 'Nomade',
    description: '10 jours par mois',
    priceCents: 6000,
    vatRateBp: 2000,
    interval: 'month',
    entitlements: entitlements(),
    requiresMembership: true,
  }),
  'PATCH /lieux/:lieuId/plans/:planId': () => ({
    name: 'Résident+',
    description: 'Poste fixe',
    priceCents: 9900,
    vatRateBp: 2000,
    entitlements: entitlements(),
    requiresMembership: false,
    archived: false,
  }),
  'POST /lieux/:lieuId/subscriptions': () => ({
    planId: w.membershipPlanId,
    userId: w.memberId,
    payment: { method: 'on_site', paidAt: '2026-11-27T09:30:00+01:00' },
  }),
  'POST /subscriptions/:subscriptionId/payments': () => ({
    method: 'cheque',
    paidAt: '2026-11-26T10:00:00+01:00',
  }),
  'POST /subscriptions/:subscriptionId/cancel': () => ({ when: 'period_end' }),
  'POST /lieux/:lieuId/members/:userId/credits/adjustments': () => ({
    resourceKind: 'room',
    minutes: 30,
    reason: 'Geste commercial',
  }),
  'POST /lieux/:lieuId/pass-products': () => ({
    kind: 'carnet',
    name: 'Carnet 5 jours',
    priceCents: 6000,
    vatRateBp: 2000,
    quantity: 5,
    resourceKind: null,
    validityDays: 120,
  }),
  'PATCH /lieux/:lieuId/pass-products/:productId': () => ({
    name: 'Carnet 10',
    priceCents: 11000,
    vatRateBp: 2000,
    validityDays: 180,
    archived: false,
  }),
  'POST /lieux/:lieuId/passes': () => ({
    productId: w.productId,
    email: 'drop-in@example.org',
    name: 'Dora Dropin',
    method: 'bank_transfer',
    paidAt: '2026-11-27T08:00:00Z',
  }),
}
const nullable: Record<string, string[]> = { 'POST /lieux/:lieuId/pass-products': ['resourceKind'] }

const naive: string[] = [
  '2026-11-27T08:00:00',
  '2026-11-27',
  '2026-11-27 08:00:00Z',
  '2026-02-30T00:00:00Z',
  '27/11/2026',
  '',
]
const money = (prefix = ''): Semantic => [
  [`${prefix}priceCents`, -1, `${prefix}priceCents`],
  [`${prefix}priceCents`, 1.5, `${prefix}priceCents`],
  [`${prefix}priceCents`, 100_000_001, `${prefix}priceCents`],
  [`${prefix}vatRateBp`, -1, `${prefix}vatRateBp`],
  [`${prefix}vatRateBp`, 10_001, `${prefix}vatRateBp`],
  [`${prefix}vatRateBp`, 5.5, `${prefix}vatRateBp`],
]
const entitlementSemantic: Semantic = [
  ['entitlements.includedKinds.0', 'spaceship', 'entitlements.includedKinds.0'],
  ['entitlements.includedKinds', ['desk', 'desk'], 'entitlements.includedKinds'],
  ['entitlements.monthlyCreditMinutes.room', -1, 'entitlements.monthlyCreditMinutes.room'],
  ['entitlements.monthlyCreditMinutes.room', 44_641, 'entitlements.monthlyCreditMinutes.room'],
  ['entitlements.memberDiscountBp', 10_001, 'entitlements.memberDiscountBp'],
  ['entitlements.maxConcurrentBookings', 0, 'entitlements.maxConcurrentBookings'],
  ['entitlements.bookingWindowDays', 731, 'entitlements.bookingWindowDays'],
  ['entitlements.planOnlyResourceIds.0', 'not-a-uuid', 'entitlements.planOnlyResourceIds.0'],
  ['entitlements.planOnlyResourceIds.0', UNKNOWN, 'entitlements.planOnlyResourceIds.0'],
  ['entitlements', [], 'entitlements'],
]
const planSemantic: Semantic = [
  ['name', '', 'name'],
  ['name', '   ', 'name'],
  ['name', 'x'.repeat(121), 'name'],
  ['description', 'x'.repeat(4001), 'description'],
  ...money(),
  ...entitlementSemantic,
]
const semantic: Record<string, Semantic> = {
  'POST /lieux/:lieuId/plans': [
    ...planSemantic,
    ['kind', 'premium', 'kind'],
    ['interval', 'week', 'interval'],
    ['interval', 'MONTH', 'interval'],
  ],
  'PATCH /lieux/:lieuId/plans/:planId': [...planSemantic, ['archived', 'true', 'archived']],
  'POST /lieux/:lieuId/subscriptions': [
    ['planId', 'not-a-uuid', 'planId'],
    ['planId', UNKNOWN, 'planId'],
    ['userId', UNKNOWN, 'userId'],
    ['payment.method', 'card', 'payment.method'],
    ['payment.method', 'cash', 'payment.method'],
    ['payment.paidAt', '2026-11-27T09:00:01Z', 'payment.paidAt'], // in the future
    ['payment.paidAt', '2026-10-01T00:00:00Z', 'payment.paidAt'], // more than 30 days back
    ...naive.map((v) => ['payment.paidAt', v, 'payment.paidAt'] as [string, unknown, string]),
  ],
  'POST /subscriptions/:subscriptionId/payments': [
    ['method', 'card', 'method'],
    ['method', 'ON_SITE', 'method'],
    ['paidAt', '2026-12-01T00:00:00Z', 'paidAt'],
    ['paidAt', '2020-01-01T00:00:00Z', 'paidAt'],
    ...naive.map((v) => ['paidAt', v, 'paidAt'] as [string, unknown, string]),
  ],
  'POST /subscriptions/:subscriptionId/cancel': [
    ['when', 'later', 'when'],
    ['when', 'NOW', 'when'],
  ],
  'POST /lieux/:lieuId/members/:userId/credits/adjustments': [
    ['minutes', 0, 'minutes'],
    ['minutes', 1.5, 'minutes'],
    ['minutes', 100_001, 'minutes'],
    ['minutes', -100_001, 'minutes'],
    ['reason', '', 'reason'],
    ['reason', '   ', 'reason'],
    ['reason', 'x'.repeat(501), 'reason'],
    ['resourceKind', 'spaceship', 'resourceKind'],
  ],
  'POST /lieux/:lieuId/pass-products': [
    ['name', '', 'name'],
    ['kind', 'season_ticket', 'kind'],
    ['kind', 'day_pass', 'quantity'], // a day pass of 5 days
    ['kind', 'hour_pack', 'resourceKind'], // an hour pack without a kind
    ['resourceKind', 'room', 'resourceKind'], // a carnet with a kind
    ['quantity', 0, 'quantity'],
    ['quantity', 100_001, 'quantity'],
    ['validityDays', 0, 'validityDays'],
    ['validityDays', 1_831, 'validityDays'],
    ...money(),
  ],
  'PATCH /lieux/:lieuId/pass-products/:productId': [
    ['name', ' ', 'name'],
    ['validityDays', -1, 'validityDays'],
    ['archived', 1, 'archived'],
    ...money(),
  ],
  'POST /lieux/:lieuId/passes': [
    ['productId', 'x', 'productId'],
    ['productId', UNKNOWN, 'productId'],
    ['email', 'not an address', 'email'],
    ['email', 'a@', 'email'],
    ['method', 'card', 'method'],
    ['name', '', 'name'],
    ['paidAt', '2026-11-28T00:00:00Z', 'paidAt'],
    ...naive.map((v) => ['paidAt', v, 'paidAt'] as [string, unknown, string]),
  ],
}

/** Whole bodies refused for what they mean together (status, code, field). */
const extra: Record<
  string,
  { name: string; body: () => Record<string, unknown>; status: number; code: ErrorCode; field?: string }[]
> = {
  'POST /lieux/:lieuId/plans': [
    {
      name: 'a monthly adhésion',
      body: () => ({ kind: 'membership', name: 'A', priceCents: 1, vatRateBp: 0, interval: 'month' }),
      status: 400,
      code: 'validation_failed',
      field: 'interval',
    },
    {
      name: 'an adhésion requiring an adhésion',
      body: () => ({
        kind: 'membership',
        name: 'A',
        priceCents: 1,
        vatRateBp: 0,
        interval: 'year',
        requiresMembership: true,
      }),
      status: 400,
      code: 'validation_failed',
      field: 'requiresMembership',
    },
  ],
  'PATCH /lieux/:lieuId/plans/:planId': [
    {
      name: 'the kind never changes',
      body: () => ({ kind: 'membership' }),
      status: 400,
      code: 'validation_failed',
      field: 'kind',
    },
  ],
  'POST /lieux/:lieuId/subscriptions': [
    {
      name: 'another lieu’s plan',
      body: () => ({ planId: w.foreignPlanId }),
      status: 400,
      code: 'validation_failed',
      field: 'planId',
    },
    {
      name: 'someone outside the lieu',
      body: () => ({ planId: w.planId, userId: w.outsiderId }),
      status: 400,
      code: 'validation_failed',
      field: 'userId',
    },
    {
      name: 'a plan already running for that member',
      body: () => ({ planId: w.planId, userId: w.memberId }),
      status: 409,
      code: 'already_subscribed',
    },
  ],
  'POST /lieux/:lieuId/members/:userId/credits/adjustments': [
    {
      name: 'removing more than the balance',
      body: () => ({ resourceKind: 'desk', minutes: -1, reason: 'Correction' }),
      status: 422,
      code: 'insufficient_credits',
    },
  ],
  'POST /lieux/:lieuId/passes': [
    {
      name: 'both a member and an e-mail',
      body: () => ({ productId: w.productId, userId: w.memberId, email: 'a@b.org', method: 'on_site' }),
      status: 400,
      code: 'validation_failed',
      field: 'email',
    },
    {
      name: 'neither a member nor an e-mail',
      body: () => ({ productId: w.productId, method: 'on_site' }),
      status: 400,
      code: 'validation_failed',
      field: 'email',
    },
    {
      name: 'a name for a member',
      body: () => ({ productId: w.productId, userId: w.memberId, name: 'X', method: 'on_site' }),
      status: 400,
      code: 'validation_failed',
      field: 'name',
    },
    {
      name: 'someone outside the lieu',
      body: () => ({ productId: w.productId, userId: w.outsiderId, method: 'on_site' }),
      status: 400,
      code: 'validation_failed',
      field: 'userId',
    },
  ],
}

let total = 0
const ours = () =>
  Object.entries(coveredElsewhere)
    .filter(([, v]) => v.badInput === SUITE)
    .map(([k]) => k)

describe('every route of this domain with a body', () => {
  it('has a well-formed body in this table, and covered-elsewhere points here', () => {
    const withBody = registeredRoutes().filter((r) => r.body && ours().includes(r.key))
    expect(withBody.map((r) => r.key).sort()).toEqual(Object.keys(validBody).sort())
    for (const r of withBody) {
      const ok = r.body!.safeParse(validBody[r.key]!())
      expect(ok.success, `${r.key}: ${JSON.stringify(ok.error?.issues)}`).toBe(true)
    }
    for (const key of [...Object.keys(semantic), ...Object.keys(extra)])
      expect(validBody, key).toHaveProperty([key])
    const keys = registeredRoutes().map((r) => r.key)
    for (const k of ours()) expect(keys, k).toContain(k)
  })

  it.each(Object.keys(validBody).map((key, i) => ({ key, seed: 9000 + i })))(
    '$key: junk is refused as a 4xx naming the field, and nothing is written',
    async ({ key, seed }) => {
      const spec = registeredRoutes().find((r) => r.key === key)!
      const url = fillPath(spec.path, params())
      const cases = casesFor(validBody[key]!(), spec.body!, seed, {
        nullable: nullable[key],
        semantic: semantic[key],
      })
      for (const x of extra[key] ?? [])
        cases.push({ name: x.name, body: x.body(), status: x.status, code: x.code, field: x.field })
      const before = await billingSnapshot()
      const failures: string[] = []
      for (const c of cases) {
        const res = await run(w.owner, spec.method, url, c)
        const v = verdict(c, res as never)
        if (v) failures.push(`${c.name}: ${v}`)
      }
      total += cases.length
      expect(failures).toEqual([])
      expect(await billingSnapshot()).toEqual(before)
    },
  )

  it('the valid bodies are accepted (the refusals above are about the input)', async () => {
    for (const key of Object.keys(validBody)) {
      const spec = registeredRoutes().find((r) => r.key === key)!
      const res = await send(w.owner, spec.method, fillPath(spec.path, params()), validBody[key]!())
      expect(res.status, `${key}: ${res.text.slice(0, 300)}`).toBeLessThan(300)
    }
  })
})

describe('queries', () => {
  const cases: { url: () => string; field: string }[] = [
    { url: () => `/lieux/${w.lieuId}/plans?includeArchived=yes`, field: 'includeArchived' },
    {
      url: () => `/lieux/${w.lieuId}/plans?includeArchived=true&includeArchived=false`,
      field: 'includeArchived',
    },
    { url: () => `/lieux/${w.lieuId}/plans?archived=true`, field: 'archived' },
    { url: () => `/lieux/${w.lieuId}/pass-products?includeArchived=TRUE`, field: 'includeArchived' },
    { url: () => `/lieux/${w.lieuId}/pass-products?kind[$ne]=x`, field: 'kind[$ne]' },
    { url: () => '/me/credits?lieuId=not-a-uuid', field: 'lieuId' },
    { url: () => '/me/credits?lieuId=%00', field: 'lieuId' },
    { url: () => '/me/credits?userId=00000000-0000-4000-8000-000000000000', field: 'userId' },
  ]
  it.each(cases)('$field → 400 naming it', async (c) => {
    const before = await billingSnapshot()
    const res = await w.owner.get(`/api/v1${c.url()}`)
    expect(
      verdict({ name: '', status: 400, code: 'validation_failed', field: c.field }, res as never),
    ).toBeNull()
    expect(await billingSnapshot()).toEqual(before)
    total++
  })
})

describe('path parameters that cannot name anything', () => {
  it('answer 404 problem+json on every route of this domain with a parameter, and write nothing', async () => {
    const before = await billingSnapshot()
    const failures: string[] = []
    const routes = registeredRoutes().filter((r) => r.path.includes(':') && ours().includes(r.key))
    expect(routes.length).toBeGreaterThanOrEqual(17)
    for (const r of routes) {
      const others = [w.lieuId, w.planId, w.subscriptionId, w.productId, w.memberId]
      for (const name of pathParams(r.path)) {
        for (const junk of [...junkIds, ...others.filter((id) => id !== params()[name])]) {
          const url = fillPath(r.path, { ...params(), [name]: junk })
          const res = await send(w.owner, r.method, url, validBody[r.key]?.())
          const v = verdict({ name: '', status: 404, code: 'not_found' }, res as never)
          if (v) failures.push(`${r.key} with :${name} = ${JSON.stringify(junk.slice(0, 30))}: ${v}`)
          total++
        }
      }
    }
    expect(failures).toEqual([])
    expect(await billingSnapshot()).toEqual(before)
  })
})

describe('count', () => {
  it('sent a few hundred bad inputs', () => {
    expect(total).toBeGreaterThan(300)
    console.info(`plans/subscriptions/credits/passes bad-input: ${total} requests`)
  })
})
