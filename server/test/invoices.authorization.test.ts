import { randomUUID } from 'node:crypto'
import { beforeAll, describe, expect, it } from 'vitest'
import { coveredElsewhere } from './support/covered-elsewhere.ts'
import { lieuBody, useTestApp } from './support/test-app.ts'
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

// The authorization table of the invoices routes (see authorization.test.ts for the rules): a
// document or lieu the caller cannot see answers like one that does not exist (404, nothing of it
// in the answer); 403 is for what the caller sees but may not change (a member of the lieu asking
// for its invoices, the buyer asking to credit their own invoice); nothing refused writes anything.

const t = useTestApp({ now: '2026-11-27T09:00:00Z' })
const SUITE = 'invoices.authorization.test.ts'

const people = { ...cast, otherMemberB: ['Bianca Othermember', 'other@bravo.test'] } as const
type Person = keyof typeof people
type Actor = Person | 'anon'
const bInsiders: Actor[] = ['ownerB', 'managerB', 'memberB', 'coordN2', 'otherMemberB']

interface World {
  agent: Record<Actor, Agent>
  user: Record<Person, string>
  lieuA: string
  lieuB: string
  invoiceA: string
  invoiceB: string
  /** Unpaid, for the payment route. */
  unpaidB: string
  secretsB: string[]
}
const w = {} as World

const snapshot = () => snapshotWith(t, ['invoices', 'invoice_counters'])

beforeAll(async () => {
  const db = t.deps.db
  const logged = await logInAll(t, people)
  w.agent = logged.agent
  w.user = logged.user
  const lieux = await twoNetworkedLieux(t, w.agent, w.user, {
    lieuB: lieuBody('bravo-cache', {
      name: 'Bravo Hidden Place',
      legal: {
        legalName: 'Bravo Legal SAS',
        siret: '73282932000074',
        vatNumber: 'FR44732829320',
        vatExempt: false,
      },
    }),
  })
  w.lieuA = lieux.lieuA
  w.lieuB = lieux.lieuB
  await db.lieuMembership.createMany({
    data: [
      { lieuId: w.lieuA, userId: w.user.managerA, role: 'manager' },
      { lieuId: w.lieuA, userId: w.user.memberA, role: 'member' },
      { lieuId: w.lieuB, userId: w.user.managerB, role: 'manager' },
      { lieuId: w.lieuB, userId: w.user.memberB, role: 'member' },
      { lieuId: w.lieuB, userId: w.user.otherMemberB, role: 'member' },
    ],
  })
  const invoice = async (agent: Agent, lieuId: string, body: object) => {
    const res = await agent.post(`/api/v1/lieux/${lieuId}/invoices`).send(body)
    ok(res, 201, 'invoice')
    return res.body as { id: string; hash: string }
  }
  const a = await invoice(w.agent.ownerA, w.lieuA, {
    buyer: { userId: w.user.memberA },
    lines: [{ label: 'Alpha line', quantity: 1, unitPriceExclCents: 1000, vatRateBp: 0 }],
    payment: { method: 'cash' },
  })
  const b = await invoice(w.agent.ownerB, w.lieuB, {
    buyer: { userId: w.user.memberB },
    lines: [{ label: 'Bravo secret line', quantity: 2, unitPriceExclCents: 4321, vatRateBp: 2000 }],
    payment: { method: 'card' },
  })
  const b2 = await invoice(w.agent.ownerB, w.lieuB, {
    buyer: { userId: w.user.memberB },
    lines: [{ label: 'Bravo unpaid line', quantity: 1, unitPriceExclCents: 777, vatRateBp: 2000 }],
  })
  w.invoiceA = a.id
  w.invoiceB = b.id
  w.unpaidB = b2.id
  w.secretsB = [
    w.lieuB,
    'bravo-cache',
    'Bravo Hidden Place',
    'Bravo Legal SAS',
    'Reseau Cache',
    lieux.networkB,
    w.invoiceB,
    w.unpaidB,
    b.hash,
    b2.hash,
    'Bravo secret line',
    'Bravo unpaid line',
    ...bInsiders.flatMap((p) => [w.user[p as Person], ...people[p as Person]]),
  ]
})

const expectNoSecretsOfB = leakCheck(() => w.secretsB)

// ─── The route table ────────────────────────────────────────────────────────────────────────────

interface RouteCase {
  route: string
  params?: (w: World) => Record<string, string>
  /** Sent on every request of the case (refusals included), e.g. a required period. */
  query?: string
  body?: (w: World) => unknown
  deny: Partial<Record<Actor, Denial>>
  allow: {
    as: Actor
    status: number
    body?: (w: World) => unknown
    check?: (body: unknown, text: string, w: World) => void
  }
}

const onB = (w: World) => ({ lieuId: w.lieuB })
const cannotSeeLieu = {
  anon: 401,
  stranger: 404,
  ownerA: 404,
  managerA: 404,
  memberA: 404,
  coordN1: 404,
} as const
/** The lieu's invoices: its managers only (its members and coordinators see the lieu: 403). */
const managersOfB = { ...cannotSeeLieu, memberB: 403, coordN2: 403, otherMemberB: 403 } as const
/** A document: its buyer and the lieu's managers; everyone else cannot see it. */
const cannotSeeDoc = { ...cannotSeeLieu, coordN2: 404, otherMemberB: 404 } as const
/** Changing a document: its buyer sees it but may not change it. */
const cannotChangeDoc = { ...cannotSeeDoc, memberB: 403 } as const
const period = '?from=2026-11-01&to=2026-11-30'

const table: RouteCase[] = [
  {
    route: 'GET /lieux/:lieuId/invoices',
    params: onB,
    deny: managersOfB,
    allow: {
      as: 'managerB',
      status: 200,
      check: (b, _t, w) => expect(ids(b).sort()).toEqual([w.invoiceB, w.unpaidB].sort()),
    },
  },
  {
    route: 'POST /lieux/:lieuId/invoices',
    params: onB,
    body: (w) => ({
      buyer: { userId: w.user.memberB },
      lines: [{ label: 'Intruder', quantity: 1, unitPriceExclCents: 1, vatRateBp: 2000 }],
    }),
    deny: managersOfB,
    allow: { as: 'managerB', status: 201 },
  },
  {
    route: 'GET /lieux/:lieuId/invoices/verify',
    params: onB,
    deny: managersOfB,
    allow: {
      as: 'ownerB',
      status: 200,
      check: (b) => expect(b).toMatchObject({ ok: true, firstBrokenNumber: null }),
    },
  },
  {
    route: 'GET /lieux/:lieuId/accounting-export',
    params: onB,
    query: period,
    deny: managersOfB,
    allow: { as: 'managerB', status: 200, check: (_b, text) => expect(text).toContain('Boris Memberbravo') },
  },
  {
    route: 'GET /me/invoices',
    deny: { anon: 401 },
    allow: { as: 'memberA', status: 200, check: (b, _t, w) => expect(ids(b)).toEqual([w.invoiceA]) },
  },
  {
    route: 'GET /invoices/:invoiceId',
    params: (w) => ({ invoiceId: w.invoiceB }),
    deny: cannotSeeDoc,
    allow: {
      as: 'memberB',
      status: 200,
      check: (b) => expect(b).toMatchObject({ buyer: { name: 'Boris Memberbravo' } }),
    },
  },
  {
    route: 'GET /invoices/:invoiceId/pdf',
    params: (w) => ({ invoiceId: w.invoiceB }),
    deny: cannotSeeDoc,
    allow: { as: 'managerB', status: 200 },
  },
  {
    route: 'POST /invoices/:invoiceId/credit-note',
    params: (w) => ({ invoiceId: w.invoiceB }),
    body: () => ({ full: true, reason: 'Intruder refund' }),
    deny: cannotChangeDoc,
    allow: { as: 'managerB', status: 201 },
  },
  {
    route: 'POST /invoices/:invoiceId/payment',
    params: (w) => ({ invoiceId: w.unpaidB }),
    body: () => ({ method: 'cash', paidAt: '2026-11-27T08:00:00Z' }),
    deny: cannotChangeDoc,
    allow: { as: 'ownerB', status: 200 },
  },
]

// An employer's invoice list is the employers suite's (employers.authorization.test.ts).
const isOurs = (path: string) =>
  /\/invoices\b|\/accounting-export/.test(path) && !path.startsWith('/employers/')

describe('route table coverage', () => {
  it('lists every registered route of this domain, only registered routes, and covered-elsewhere points here', () => {
    const routes = registeredRoutes()
    const keys = routes.map((r) => r.key)
    const inTable = table.map((c) => c.route)
    expect(new Set(inTable).size, 'a route appears twice in the table').toBe(inTable.length)
    for (const key of inTable) {
      expect(keys, `${key} is not a registered route`).toContain(key)
      expect(coveredElsewhere[key]?.authorization, `${key} in covered-elsewhere.ts`).toBe(SUITE)
    }
    const ours = routes.filter((r) => isOurs(r.path)).map((r) => r.key)
    expect(
      ours.filter((k) => !inTable.includes(k)),
      'routes missing from this table',
    ).toEqual([])
    for (const c of table) if (c.route.includes(':')) expect(c.deny.stranger, c.route).toBe(404)
  })
})

describe('ids of lieu B in lieu A’s requests (as A’s owner)', () => {
  it('B’s member as the buyer of A’s invoice → 400 like an unknown id, nothing written', async () => {
    const before = await snapshot()
    const body = (id: string) => ({
      buyer: { userId: id },
      lines: [{ label: 'x', quantity: 1, unitPriceExclCents: 1, vatRateBp: 0 }],
    })
    const url = `/api/v1/lieux/${w.lieuA}/invoices`
    const res = await send(w.agent.ownerA, 'post', url, body(w.user.memberB))
    const p = expectProblem(res, 400, 'validation_failed')
    expect(p.errors).toEqual([{ field: 'buyer.userId', message: 'not a member of this lieu' }])
    expectNoSecretsOfB(res, w.user.memberB, 'buyer from B')
    const g = expectProblem(
      await send(w.agent.ownerA, 'post', url, body(randomUUID())),
      400,
      'validation_failed',
    )
    expect(g.errors).toEqual(p.errors)
    expect(await snapshot()).toEqual(before)
  })

  it('my invoices show nothing of B to A’s people, nor A’s to B’s', async () => {
    for (const who of ['ownerA', 'managerA', 'memberA', 'coordN1', 'stranger'] as const) {
      const res = await w.agent[who].get('/api/v1/me/invoices')
      ok(res, 200, who)
      expectNoSecretsOfB(res, '', `${who} /me/invoices`)
    }
    const b = await w.agent.memberB.get('/api/v1/me/invoices')
    expect(b.text).not.toContain(w.invoiceA)
    expect(b.text).not.toContain('Alpha line')
    const other = await w.agent.otherMemberB.get('/api/v1/me/invoices')
    expect(other.body).toEqual([])
  })
})

// ─── Every route, every caller without rights (last: the positive controls change things) ───────────

describe.each(table)('$route', (c) => {
  it('refuses every caller without rights, leaks nothing, changes nothing; the right caller succeeds', async () => {
    const { method, path } = splitRoute(c.route)
    const q = c.query ?? ''
    for (const [actor, status] of Object.entries(c.deny) as [Actor, Denial][]) {
      const url = fillPath(path, c.params?.(w) ?? {}) + q
      const body = c.body?.(w)
      const what = `${c.route} as ${actor}`
      const before = await snapshot()
      const res = await send(w.agent[actor], method, url, body)
      const problem = expectProblem(res, status, codeOf[status], what)
      expect(await snapshot(), `${what} changed the database`).toEqual(before)
      expectNoSecretsOfB(res, url + JSON.stringify(body ?? null), what)
      if (status === 404) {
        const params = Object.fromEntries(Object.keys(c.params?.(w) ?? {}).map((k) => [k, randomUUID()]))
        const gp = expectProblem(
          await send(w.agent[actor], method, fillPath(path, params) + q, body),
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
    const url = fillPath(path, c.params?.(w) ?? {}) + q
    const res = await send(w.agent[a.as], method, url, (a.body ?? c.body)?.(w))
    ok({ status: res.status, text: res.text ?? '' }, a.status, `${c.route} as ${a.as} (positive control)`)
    a.check?.(res.body, res.text, w)
    if (!bInsiders.includes(a.as)) expectNoSecretsOfB(res, url, `${c.route} as ${a.as}`)
  })
})
