import { beforeAll, describe, expect, it } from 'vitest'
import type { ErrorCode } from '@fabrique/shared/errors'
import { coveredElsewhere } from './support/covered-elsewhere.ts'
import { lastEmail, useTestApp } from './support/test-app.ts'
import { snapshotWith } from './support/snapshots.ts'
import { casesFor, junkIds, run, verdict, type Case, type Semantic } from './support/bad-input-cases.ts'
import { fillPath, pathParams, registeredRoutes, rowCounts, send, type Agent } from './support/route-table.ts'

// QUALITY R5 for the employers routes: no input, however bad, gets a 5xx or writes anything (no
// employer, membership, invitation, allocation, pool, usage, invoice or job); every refusal is
// problem+json with a stable code, and a validation failure names the offending field. The case
// generator is bad-input.test.ts's.

// Friday 2026-11-27, 10:00 in Paris.
const t = useTestApp({ now: '2026-11-27T09:00:00Z' })
const SUITE = 'employers.bad-input.test.ts'
const UNKNOWN = '00000000-0000-4000-8000-000000000000'

interface World {
  /**
   * Every request is theirs: admin of the employer, owner of lieu L (in network N, which they
   * coordinate) and of lieu M (in no network).
   */
  owner: Agent
  ownerEmail: string
  employerId: string
  /** An employee of the employer (the target of the role and allocation routes). */
  employeeId: string
  employeeEmail: string
  /** Someone who belongs to no employer. */
  outsiderId: string
  networkId: string
  lieuL: string
  lieuM: string
  /** Day passes on sale at L and at M; one archived at L. */
  productL: string
  productM: string
  archivedL: string
  invitationId: string
  /** Another employer's invitation to the owner's address (for the accept route). */
  tokenForOwner: string
}
const w = {} as World

const snapshot = () =>
  snapshotWith(
    t,
    [
      'employer_invitations',
      'employer_allocations',
      'employer_pools',
      'employer_usages',
      'pass_products',
      'invoices',
      'invoice_counters',
    ],
    { jobs: true },
  )

beforeAll(async () => {
  const db = t.deps.db
  const o = await t.login({ name: 'Owen Owner' })
  w.owner = o.agent
  w.ownerEmail = o.email
  const network = await db.network.create({
    data: { slug: 'reseau-test', name: 'Réseau Test', coordinators: { create: { userId: o.id } } },
  })
  w.networkId = network.id
  const lieu = async (slug: string, networkId: string | null) =>
    (
      await db.lieu.create({
        data: {
          slug,
          name: `Lieu ${slug}`,
          timeZone: 'Europe/Paris',
          networkId,
          legalName: 'SAS Cible',
          siret: '73282932000074',
          vatNumber: 'FR44732829320',
          memberships: { create: { userId: o.id, role: 'owner' } },
        },
      })
    ).id
  w.lieuL = await lieu('lieu-l', network.id)
  w.lieuM = await lieu('lieu-m', null)
  const product = async (lieuId: string, archivedAt: Date | null = null) =>
    (
      await db.passProduct.create({
        data: {
          lieuId,
          kind: 'day_pass',
          name: 'Pass journée',
          priceCents: 1800,
          vatRateBp: 2000,
          quantity: 1,
          validityDays: 30,
          archivedAt,
        },
      })
    ).id
  w.productL = await product(w.lieuL)
  w.productM = await product(w.lieuM)
  w.archivedL = await product(w.lieuL, new Date('2026-11-01T00:00:00Z'))

  const employer = await w.owner.post('/api/v1/employers').send({ name: 'Coop Cible' })
  expect(employer.status, employer.text).toBe(201)
  w.employerId = employer.body.id
  const employee = await t.login({ name: 'Mia Employee' })
  w.employeeId = employee.id
  w.employeeEmail = employee.email
  const invite = async (agent: Agent, employerId: string, email: string) => {
    const res = await agent.post(`/api/v1/employers/${employerId}/invitations`).send({ email })
    expect(res.status, res.text).toBe(201)
    return { id: res.body.id as string, token: (await lastEmail(t, email)).token! }
  }
  const { token } = await invite(w.owner, w.employerId, employee.email)
  const joined = await employee.agent.post('/api/v1/employer-invitations/accept').send({ token })
  expect(joined.status, joined.text).toBe(200)
  w.invitationId = (await invite(w.owner, w.employerId, 'pending@example.org')).id
  w.outsiderId = (await t.createUser({ name: 'Oscar Outsider' })).id
  // Another employer invites the owner.
  const other = await t.login({ name: 'Olga Otheradmin' })
  const e2 = await other.agent.post('/api/v1/employers').send({ name: 'Coop Voisine' })
  expect(e2.status, e2.text).toBe(201)
  w.tokenForOwner = (await invite(other.agent, e2.body.id, o.email)).token
  // A pool on the monthly invoice: the lieu has something to invoice, so the month is checked.
  const pool = await w.owner
    .post(`/api/v1/employers/${w.employerId}/pools`)
    .send({ productId: w.productL, count: 5 })
  expect(pool.status, pool.text).toBe(201)
})

const params = (): Record<string, string> => ({
  employerId: w.employerId,
  invitationId: w.invitationId,
  userId: w.employeeId,
  networkId: w.networkId,
  lieuId: w.lieuL,
  token: w.tokenForOwner,
})
/** A query the route requires (sent with the path checks, so they reach the handler). */
const validQuery: Record<string, () => Record<string, string>> = {
  'GET /employers/:employerId/usage': () => ({ month: '2026-10', format: 'csv' }),
  'GET /networks/:networkId/settlement': () => ({ month: '2026-10', format: 'json' }),
  'GET /employers/:employerId/offers': () => ({ lieuId: w.lieuL }),
}

const validBody: Record<string, () => Record<string, unknown>> = {
  'POST /employers': () => ({
    name: 'Coopérative Sud Numérique',
    siret: '404 833 048 00022',
    vatNumber: 'fr 40 404833048',
    billingAddress: '3 rue du Port, 34200 Sète',
    billingEmail: 'compta@coop.example',
  }),
  'PATCH /employers/:employerId': () => ({
    name: 'Coop Cible',
    siret: '40483304800022',
    vatNumber: 'FR40404833048',
    billingAddress: '1 place de la Mairie, 12100 Millau',
    billingEmail: '',
  }),
  'POST /employers/:employerId/invitations': () => ({ email: 'new.hire@example.org', role: 'employee' }),
  'POST /employer-invitations/accept': () => ({ token: w.tokenForOwner }),
  'PUT /employers/:employerId/employees/:userId/role': () => ({ role: 'employee' }),
  'PUT /employers/:employerId/employees/:userId/allocation': () => ({
    budgetKind: 'days',
    budgetPeriod: 'month',
    budgetAmount: 8,
    lieuIds: [w.lieuL],
    resourceKinds: ['desk'],
    weekdays: [1, 2, 3, 4, 5],
  }),
  'POST /employers/:employerId/pools': () => ({
    productId: w.productL,
    count: 2,
    scope: 'network',
    billing: 'monthly',
    validUntil: '2027-06-30',
  }),
  'POST /lieux/:lieuId/employer-invoices': () => ({ month: '2026-10' }),
}
const nullable: Record<string, string[]> = {
  'POST /employers': ['siret', 'vatNumber'],
  'PATCH /employers/:employerId': ['siret', 'vatNumber'],
}

/** Months that are not one (YYYY-MM). */
const notMonths = [
  '2026-13',
  '2026-00',
  '2026-1',
  '26-10',
  '2026-10-01',
  '2026/10',
  'octobre 2026',
  ' 2026-10',
  '',
  '0000-01',
  '0001-01',
]
const identity: Semantic = [
  ['name', '', 'name'],
  ['name', '   ', 'name'],
  ['name', 'x'.repeat(161), 'name'],
  ['siret', '12345678901234', 'siret'], // fails the Luhn check
  ['siret', '1234', 'siret'],
  ['siret', 'not a siret', 'siret'],
  ['vatNumber', 'X', 'vatNumber'],
  ['vatNumber', '12345', 'vatNumber'],
  ['vatNumber', 'FR', 'vatNumber'],
  ['billingAddress', 'x'.repeat(501), 'billingAddress'],
  ['billingEmail', 'not-an-email', 'billingEmail'],
  ['billingEmail', 'a@', 'billingEmail'],
  ['billingEmail', `${'x'.repeat(250)}@example.org`, 'billingEmail'],
]
const semantic: Record<string, Semantic> = {
  'POST /employers': identity,
  'PATCH /employers/:employerId': identity,
  'POST /employers/:employerId/invitations': [
    ['email', 'not-an-email', 'email'],
    ['email', '', 'email'],
    ['role', 'owner', 'role'],
    ['role', 'ADMIN', 'role'],
    ['role', '', 'role'],
  ],
  'POST /employer-invitations/accept': [
    ['token', 'short', 'token'],
    ['token', 'x'.repeat(129), 'token'],
  ],
  'PUT /employers/:employerId/employees/:userId/role': [
    ['role', 'owner', 'role'],
    ['role', 'manager', 'role'],
    ['role', 'Admin', 'role'],
    ['role', '', 'role'],
  ],
  'PUT /employers/:employerId/employees/:userId/allocation': [
    ['budgetKind', 'hours', 'budgetKind'],
    ['budgetKind', 'DAYS', 'budgetKind'],
    ['budgetPeriod', 'week', 'budgetPeriod'],
    ['budgetPeriod', '', 'budgetPeriod'],
    ['budgetAmount', -1, 'budgetAmount'],
    ['budgetAmount', 1.5, 'budgetAmount'],
    ['budgetAmount', 10_000_001, 'budgetAmount'],
    ['lieuIds', ['not-a-uuid'], 'lieuIds.0'],
    ['lieuIds', [`${UNKNOWN}0`], 'lieuIds.0'],
    ['lieuIds', Array.from({ length: 101 }, () => UNKNOWN), 'lieuIds'],
    ['resourceKinds', ['spaceship'], 'resourceKinds.0'],
    ['resourceKinds', ['DESK'], 'resourceKinds.0'],
    ['resourceKinds', ['desk', 'room', 'zone', 'machine', 'desk'], 'resourceKinds'],
    ['weekdays', [0], 'weekdays.0'],
    ['weekdays', [8], 'weekdays.0'],
    ['weekdays', [-1], 'weekdays.0'],
    ['weekdays', [1, 2.5], 'weekdays.1'],
    ['weekdays', ['MO'], 'weekdays.0'],
    ['weekdays', ['1'], 'weekdays.0'],
    ['weekdays', [1, 2, 3, 4, 5, 6, 7, 1], 'weekdays'],
  ],
  'POST /employers/:employerId/pools': [
    ['productId', 'not-a-uuid', 'productId'],
    ['productId', '', 'productId'],
    ['count', 0, 'count'],
    ['count', -1, 'count'],
    ['count', 1.5, 'count'],
    ['count', 1001, 'count'],
    ['count', 1e9, 'count'],
    ['scope', 'world', 'scope'],
    ['scope', 'NETWORK', 'scope'],
    ['scope', '', 'scope'],
    ['billing', 'cash', 'billing'],
    ['billing', 'invoice', 'billing'],
    ['billing', 'CARD', 'billing'],
    ['validUntil', '2027-02-30', 'validUntil'],
    ['validUntil', '2027-06-30T00:00:00Z', 'validUntil'],
    ['validUntil', '30/06/2027', 'validUntil'],
    ['validUntil', '2027-6-30', 'validUntil'],
    ['validUntil', '', 'validUntil'],
    ['validUntil', '0000-01-01', 'validUntil'],
  ],
  'POST /lieux/:lieuId/employer-invoices': notMonths.map((m) => ['month', m, 'month']),
}

/** Whole bodies refused for what they mean (status, code, and the field named, if any). */
const extra: Record<
  string,
  { name: string; body: () => Record<string, unknown>; status: number; code: ErrorCode; field?: string }[]
> = {
  'POST /employers/:employerId/invitations': [
    {
      name: 'someone already in the employer',
      body: () => ({ email: w.employeeEmail }),
      status: 409,
      code: 'already_member',
      field: 'email',
    },
    {
      name: 'the admin themselves',
      body: () => ({ email: w.ownerEmail, role: 'admin' }),
      status: 409,
      code: 'already_member',
      field: 'email',
    },
  ],
  'POST /employer-invitations/accept': [
    { name: 'an unknown token', body: () => ({ token: 'a'.repeat(43) }), status: 410, code: 'token_invalid' },
  ],
  'PUT /employers/:employerId/employees/:userId/allocation': [
    {
      name: 'an unknown lieu',
      body: () => ({ lieuIds: [UNKNOWN] }),
      status: 400,
      code: 'validation_failed',
      field: 'lieuIds',
    },
    {
      name: 'a known lieu and an unknown one',
      body: () => ({ lieuIds: [w.lieuL, UNKNOWN] }),
      status: 400,
      code: 'validation_failed',
      field: 'lieuIds',
    },
    {
      name: 'an id of another kind as a lieu',
      body: () => ({ lieuIds: [w.employerId] }),
      status: 400,
      code: 'validation_failed',
      field: 'lieuIds',
    },
  ],
  'POST /employers/:employerId/pools': [
    {
      name: 'an unknown product',
      body: () => ({ productId: UNKNOWN, count: 1 }),
      status: 404,
      code: 'not_found',
      field: 'productId',
    },
    {
      name: 'an archived product',
      body: () => ({ productId: w.archivedL, count: 1 }),
      status: 404,
      code: 'not_found',
      field: 'productId',
    },
    {
      name: 'an id of another kind as a product',
      body: () => ({ productId: w.lieuL, count: 1 }),
      status: 404,
      code: 'not_found',
      field: 'productId',
    },
    {
      name: 'network scope at a lieu in no network',
      body: () => ({ productId: w.productM, count: 1, scope: 'network' }),
      status: 400,
      code: 'validation_failed',
      field: 'scope',
    },
    {
      name: 'valid until yesterday',
      body: () => ({ productId: w.productL, count: 1, validUntil: '2026-11-26' }),
      status: 400,
      code: 'validation_failed',
      field: 'validUntil',
    },
    {
      name: 'valid until a year ago',
      body: () => ({ productId: w.productL, count: 1, validUntil: '2025-11-27' }),
      status: 400,
      code: 'validation_failed',
      field: 'validUntil',
    },
    {
      name: 'valid for more than two years',
      body: () => ({ productId: w.productL, count: 1, validUntil: '2029-01-01' }),
      status: 400,
      code: 'validation_failed',
      field: 'validUntil',
    },
    {
      name: 'valid until the year 9999',
      body: () => ({ productId: w.productL, count: 1, validUntil: '9999-12-31' }),
      status: 400,
      code: 'validation_failed',
      field: 'validUntil',
    },
    {
      name: 'by card without Stripe',
      body: () => ({ productId: w.productL, count: 1, billing: 'card' }),
      status: 422,
      code: 'card_payments_unavailable',
    },
  ],
  'POST /lieux/:lieuId/employer-invoices': [
    {
      name: 'this month, not over',
      body: () => ({ month: '2026-11' }),
      status: 400,
      code: 'validation_failed',
      field: 'month',
    },
    {
      name: 'a month to come',
      body: () => ({ month: '2027-01' }),
      status: 400,
      code: 'validation_failed',
      field: 'month',
    },
    {
      name: 'the year 9999',
      body: () => ({ month: '9999-12' }),
      status: 400,
      code: 'validation_failed',
      field: 'month',
    },
  ],
}

/** Bad queries, per route, and the field that must be named. */
const monthQueries: [string, string][] = [
  ['', 'month'],
  ['format=csv', 'month'],
  ...notMonths.map((m): [string, string] => [`month=${encodeURIComponent(m)}`, 'month']),
  ['month=2026-10&month=2026-11', 'month'],
  ['month=2026-10%00', 'month'],
  [`month=${'9'.repeat(400)}`, 'month'],
  ['month=2026-10&format=xlsx', 'format'],
  ['month=2026-10&format=CSV', 'format'],
  ['month=2026-10&format=', 'format'],
  ['month=2026-10&format=json&format=csv', 'format'],
  ['month=2026-10&foo=1', 'foo'],
  ['month=2026-10&month[$ne]=x', 'month[$ne]'],
]
const badQueries: Record<string, [string, string][]> = {
  'GET /employers/:employerId/usage': monthQueries,
  'GET /networks/:networkId/settlement': monthQueries,
  'GET /employers/:employerId/offers': [
    ['lieuId=not-a-uuid', 'lieuId'],
    ['lieuId=', 'lieuId'],
    [`lieuId=${UNKNOWN}0`, 'lieuId'],
    [`lieuId=${UNKNOWN}&lieuId=${UNKNOWN}`, 'lieuId'],
    [`lieuId=${UNKNOWN}%00`, 'lieuId'],
    ['lieuId[$ne]=x', 'lieuId[$ne]'],
    ['foo=1', 'foo'],
  ],
}

// ─── The suites ───────────────────────────────────────────────────────────────────────────────────

let total = 0
const ours = () =>
  Object.entries(coveredElsewhere)
    .filter(([, v]) => v.badInput === SUITE)
    .map(([k]) => k)
const isOurs = (path: string) => /employer|\/settlement$/.test(path)

describe('every route of this domain with a body', () => {
  it('has a well-formed body in this table, and covered-elsewhere points here', () => {
    const routes = registeredRoutes()
    const withBody = routes.filter((r) => r.body && ours().includes(r.key))
    expect(withBody.map((r) => r.key).sort()).toEqual(Object.keys(validBody).sort())
    for (const r of withBody) {
      const ok = r.body!.safeParse(validBody[r.key]!())
      expect(ok.success, `${r.key}: ${JSON.stringify(ok.error?.issues)}`).toBe(true)
    }
    const withQuery = routes.filter((r) => r.query && ours().includes(r.key))
    expect(withQuery.map((r) => r.key).sort()).toEqual(Object.keys(validQuery).sort())
    for (const r of withQuery) {
      const ok = r.query!.safeParse(validQuery[r.key]!())
      expect(ok.success, `${r.key}: ${JSON.stringify(ok.error?.issues)}`).toBe(true)
    }
    for (const key of [...Object.keys(semantic), ...Object.keys(extra)])
      expect(validBody, key).toHaveProperty([key])
    for (const key of Object.keys(badQueries)) expect(validQuery, key).toHaveProperty([key])
    const keys = routes.map((r) => r.key)
    for (const k of ours()) expect(keys, k).toContain(k)
    // Every employers route with a path parameter, a body or a query is checked here.
    const mine = routes.filter((r) => isOurs(r.path) && (r.path.includes(':') || r.body || r.query))
    expect(mine.map((r) => r.key).filter((k) => !ours().includes(k))).toEqual([])
  })

  it.each(Object.keys(validBody).map((key, i) => ({ key, seed: 9300 + i })))(
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
      const counts = await rowCounts(t)
      const before = await snapshot()
      const failures: string[] = []
      for (const c of cases) {
        const res = await run(w.owner, spec.method, url, c)
        const v = verdict(c, res as never)
        if (v) failures.push(`${c.name}: ${v}`)
      }
      total += cases.length
      expect(failures).toEqual([])
      expect(await rowCounts(t)).toEqual(counts)
      expect(await snapshot()).toEqual(before)
    },
  )
})

describe('every route of this domain with a query', () => {
  it.each(Object.keys(badQueries))(
    '%s: bad queries are refused as a 400 naming the field, and nothing is written',
    async (key) => {
      const spec = registeredRoutes().find((r) => r.key === key)!
      const url = fillPath(spec.path, params())
      const before = await snapshot()
      const failures: string[] = []
      for (const [query, field] of badQueries[key]!) {
        const res = await w.owner.get(`${url}?${query}`)
        const c: Case = { name: query, status: 400, code: 'validation_failed', field }
        const v = verdict(c, res as never)
        if (v) failures.push(`?${query.slice(0, 80)}: ${v}`)
      }
      total += badQueries[key]!.length
      expect(failures).toEqual([])
      expect(await snapshot()).toEqual(before)
    },
  )
})

describe('path parameters that cannot name anything', () => {
  it('answer 404 problem+json on every route of this domain with an id (410 for a token), and write nothing', async () => {
    const counts = await rowCounts(t)
    const before = await snapshot()
    const failures: string[] = []
    const routes = registeredRoutes().filter((r) => r.path.includes(':') && ours().includes(r.key))
    expect(routes.length).toBe(17)
    // An id of another kind of object names nothing either.
    const others: Record<string, string[]> = {
      employerId: [w.lieuL, w.invitationId, w.employeeId],
      invitationId: [w.employerId, w.employeeId],
      userId: [w.employerId, w.outsiderId, w.lieuL],
      networkId: [w.lieuL, w.employerId],
      lieuId: [w.networkId, w.employerId],
      token: [w.invitationId, w.employerId],
    }
    for (const r of routes) {
      const query = validQuery[r.key] ? `?${new URLSearchParams(validQuery[r.key]!())}` : ''
      for (const name of pathParams(r.path)) {
        for (const junk of [...junkIds, ...others[name]!]) {
          // The invitation preview answers an unusable token with 410, like an expired one.
          const c: Case =
            name === 'token'
              ? { name: '', status: 410, code: 'token_invalid' }
              : { name: '', status: 404, code: 'not_found' }
          const url = fillPath(r.path, { ...params(), [name]: junk }) + query
          const res = await send(w.owner, r.method, url, validBody[r.key]?.())
          const v = verdict(c, res as never)
          if (v) failures.push(`${r.key} with :${name} = ${JSON.stringify(junk.slice(0, 30))}: ${v}`)
          total++
        }
      }
    }
    expect(failures).toEqual([])
    expect(await rowCounts(t)).toEqual(counts)
    expect(await snapshot()).toEqual(before)
  })
})

describe('invoicing a month that is not over', () => {
  // The answer must not depend on whether the lieu has pools to invoice (was: 200 [] without any).
  it.each(['2026-11', '2027-01', '9999-12'])(
    '%s at a lieu without pools → 400 naming month, nothing written',
    async (month) => {
      const before = await snapshot()
      const res = await send(w.owner, 'post', `/api/v1/lieux/${w.lieuM}/employer-invoices`, { month })
      expect(
        verdict({ name: month, status: 400, code: 'validation_failed', field: 'month' }, res as never),
      ).toBeNull()
      expect(await snapshot()).toEqual(before)
      total++
    },
  )
  it('a month that is over, at a lieu without pools, invoices nothing', async () => {
    const res = await send(w.owner, 'post', `/api/v1/lieux/${w.lieuM}/employer-invoices`, {
      month: '2026-10',
    })
    expect(res.status, res.text).toBe(200)
    expect(res.body).toEqual([])
  })
})

describe('the refusals above are about the input', () => {
  it('every valid query and body is accepted', async () => {
    for (const key of Object.keys(validQuery)) {
      const spec = registeredRoutes().find((r) => r.key === key)!
      const res = await w.owner.get(
        `${fillPath(spec.path, params())}?${new URLSearchParams(validQuery[key]!())}`,
      )
      expect(res.status, `${key}: ${res.text.slice(0, 300)}`).toBe(200)
    }
    for (const key of Object.keys(validBody)) {
      const spec = registeredRoutes().find((r) => r.key === key)!
      const res = await send(w.owner, spec.method, fillPath(spec.path, params()), validBody[key]!())
      expect(res.status, `${key}: ${res.text.slice(0, 300)}`).toBeLessThan(300)
    }
    // The owner joined the other employer; the pool is valid across the network until 30 June.
    expect(await t.deps.db.employerMembership.count({ where: { user: { email: w.ownerEmail } } })).toBe(3)
    const pool = await t.deps.db.employerPool.findFirstOrThrow({ where: { scope: 'network' } })
    expect(pool).toMatchObject({ quantity: 2, networkId: w.networkId })
  })
})

describe('count', () => {
  it('sent a few hundred bad inputs', () => {
    expect(total).toBeGreaterThan(400)
    console.info(`employers bad-input: ${total} requests`)
  })
})
