import { beforeAll, describe, expect, it } from 'vitest'
import type { ErrorCode } from '@fabrique/shared/errors'
import { coveredElsewhere } from './support/covered-elsewhere.ts'
import { lieuBody, useTestApp } from './support/test-app.ts'
import { snapshotWith } from './support/snapshots.ts'
import { casesFor, junkIds, run, verdict, type Semantic } from './support/bad-input-cases.ts'
import { fillPath, pathParams, registeredRoutes, send, type Agent } from './support/route-table.ts'

// QUALITY R5 for the invoices routes: no input, however bad, gets a 5xx or writes anything (no
// document, no counter moved); every refusal is problem+json with a stable code, and a validation
// failure names the offending field. The case generator is bad-input.test.ts's.

const t = useTestApp({ now: '2026-11-27T09:00:00Z' })
const SUITE = 'invoices.bad-input.test.ts'
const UNKNOWN = '00000000-0000-4000-8000-000000000000'

interface World {
  owner: Agent
  lieuId: string
  memberId: string
  outsiderId: string
  invoiceId: string
  unpaidId: string
}
const w = {} as World
const snapshot = () => snapshotWith(t, ['invoices', 'invoice_counters'])

beforeAll(async () => {
  const o = await t.login({ name: 'Owen Owner' })
  w.owner = o.agent
  const lieu = await w.owner
    .post('/api/v1/lieux')
    .send(
      lieuBody('target-lieu', {
        legal: {
          legalName: 'SAS Cible',
          siret: '73282932000074',
          vatNumber: 'FR44732829320',
          vatExempt: false,
        },
      }),
    )
  expect(lieu.status, lieu.text).toBe(201)
  w.lieuId = lieu.body.id
  w.memberId = (await t.createUser({ name: 'Mia Member' })).id
  w.outsiderId = (await t.createUser({ name: 'Oscar Outsider' })).id
  await t.deps.db.lieuMembership.create({ data: { lieuId: w.lieuId, userId: w.memberId, role: 'member' } })
  const issue = async (body: object) => {
    const res = await w.owner.post(`/api/v1/lieux/${w.lieuId}/invoices`).send(body)
    expect(res.status, res.text).toBe(201)
    return res.body.id as string
  }
  const lines = [{ label: 'Bureau', quantity: 2, unitPriceExclCents: 1500, vatRateBp: 2000 }]
  w.invoiceId = await issue({ buyer: { userId: w.memberId }, lines, payment: { method: 'card' } })
  w.unpaidId = await issue({ buyer: { userId: w.memberId }, lines })
})

const params = (key = ''): Record<string, string> => ({
  lieuId: w.lieuId,
  invoiceId: key === 'POST /invoices/:invoiceId/payment' ? w.unpaidId : w.invoiceId,
})
/** A query the route requires (sent with the path checks, so they reach the handler). */
const validQuery: Record<string, string> = {
  'GET /lieux/:lieuId/accounting-export': '?from=2026-11-01&to=2026-11-30',
}

const validBody: Record<string, () => Record<string, unknown>> = {
  'POST /lieux/:lieuId/invoices': () => ({
    buyer: {
      name: 'SARL Voisine',
      email: 'compta@voisine.example',
      address: '3 place du Mandarous, 12100 Millau',
    },
    lines: [{ label: 'Salle Chêne', quantity: 1.5, unitPriceExclCents: 2000, vatRateBp: 2000 }],
    payment: { method: 'bank_transfer', paidAt: '2026-11-26T10:00:00+01:00' },
    dueDays: 30,
  }),
  'POST /invoices/:invoiceId/credit-note': () => ({
    lines: [{ line: 0, quantity: 1 }],
    reason: 'Erreur de facturation',
  }),
  'POST /invoices/:invoiceId/payment': () => ({ method: 'cash', paidAt: '2026-11-27T08:00:00Z' }),
}
const nullable: Record<string, string[]> = { 'POST /lieux/:lieuId/invoices': ['payment'] }

const naive = [
  '2026-11-26T10:00:00',
  '2026-11-26',
  '2026-11-26 10:00:00Z',
  '2026-02-30T10:00:00Z',
  '26/11/2026',
  '1764150000000',
  '',
]
const semantic: Record<string, Semantic> = {
  'POST /lieux/:lieuId/invoices': [
    ['lines', [], 'lines'],
    [
      'lines',
      Array.from({ length: 101 }, () => ({
        label: 'x',
        quantity: 1,
        unitPriceExclCents: 1,
        vatRateBp: 2000,
      })),
      'lines',
    ],
    ['lines.0.label', '', 'lines.0.label'],
    ['lines.0.label', '   ', 'lines.0.label'],
    ['lines.0.label', 'x'.repeat(301), 'lines.0.label'],
    ['lines.0.quantity', 0, 'lines.0.quantity'],
    ['lines.0.quantity', -1, 'lines.0.quantity'],
    ['lines.0.quantity', 1.0001, 'lines.0.quantity'],
    ['lines.0.quantity', 100_001, 'lines.0.quantity'],
    ['lines.0.unitPriceExclCents', -1, 'lines.0.unitPriceExclCents'],
    ['lines.0.unitPriceExclCents', 19.99, 'lines.0.unitPriceExclCents'],
    ['lines.0.unitPriceExclCents', 100_000_001, 'lines.0.unitPriceExclCents'],
    ['lines.0.vatRateBp', 1960, 'lines.0.vatRateBp'],
    ['lines.0.vatRateBp', 20, 'lines.0.vatRateBp'],
    ['lines.0.vatRateBp', -2000, 'lines.0.vatRateBp'],
    ['lines.0.vatRateBp', 2000.5, 'lines.0.vatRateBp'],
    ['buyer.name', '', 'buyer.name'],
    ['buyer.name', 'x'.repeat(201), 'buyer.name'],
    ['buyer.email', 'not-an-email', 'buyer.email'],
    ['buyer.address', 'x'.repeat(501), 'buyer.address'],
    ['buyer.userId', 'not-a-uuid', 'buyer.userId'],
    ['buyer.userId', UNKNOWN, 'buyer'], // with a name and an e-mail too
    ['buyer', {}, 'buyer'],
    ['buyer', { name: 'Sans courriel' }, 'buyer.email'],
    ['payment.method', 'bitcoin', 'payment.method'],
    ['payment.method', 'CASH', 'payment.method'],
    ...naive.map((v) => ['payment.paidAt', v, 'payment.paidAt'] as [string, unknown, string]),
    ['payment.paidAt', '2027-01-01T00:00:00Z', 'payment.paidAt'], // in the future
    ['dueDays', -1, 'dueDays'],
    ['dueDays', 121, 'dueDays'],
    ['dueDays', 1.5, 'dueDays'],
  ],
  'POST /invoices/:invoiceId/credit-note': [
    ['lines', [], 'lines'],
    ['lines.0.line', -1, 'lines.0.line'],
    ['lines.0.line', 0.5, 'lines.0.line'],
    ['lines.0.line', 100, 'lines.0.line'],
    ['lines.0.line', 1, 'lines.0.line'], // the invoice has one line
    ['lines.0.quantity', 0, 'lines.0.quantity'],
    ['lines.0.quantity', -1, 'lines.0.quantity'],
    ['lines.0.quantity', 1.0001, 'lines.0.quantity'],
    ['reason', '', 'reason'],
    ['reason', '  ', 'reason'],
    ['reason', 'x'.repeat(501), 'reason'],
  ],
  'POST /invoices/:invoiceId/payment': [
    ['method', 'bitcoin', 'method'],
    ['method', '', 'method'],
    ...naive.map((v) => ['paidAt', v, 'paidAt'] as [string, unknown, string]),
    ['paidAt', '2026-11-28T09:00:00Z', 'paidAt'], // in the future
  ],
}

/** Whole bodies refused for what they mean together (status, code, field). */
const extra: Record<
  string,
  { name: string; body: () => Record<string, unknown>; status: number; code: ErrorCode; field: string }[]
> = {
  'POST /lieux/:lieuId/invoices': [
    {
      name: 'an unknown buyer id',
      body: () => ({
        buyer: { userId: UNKNOWN },
        lines: [{ label: 'x', quantity: 1, unitPriceExclCents: 1, vatRateBp: 2000 }],
      }),
      status: 400,
      code: 'validation_failed',
      field: 'buyer.userId',
    },
    {
      name: 'a buyer outside the lieu',
      body: () => ({
        buyer: { userId: w.outsiderId },
        lines: [{ label: 'x', quantity: 1, unitPriceExclCents: 1, vatRateBp: 2000 }],
      }),
      status: 400,
      code: 'validation_failed',
      field: 'buyer.userId',
    },
    {
      name: 'a total over 20 million euros',
      body: () => ({
        buyer: { userId: w.memberId },
        lines: [{ label: 'x', quantity: 100_000, unitPriceExclCents: 100_000_000, vatRateBp: 2000 }],
      }),
      status: 400,
      code: 'validation_failed',
      field: 'lines',
    },
  ],
  'POST /invoices/:invoiceId/credit-note': [
    {
      name: 'lines and full',
      body: () => ({ full: true, lines: [{ line: 0, quantity: 1 }], reason: 'x' }),
      status: 400,
      code: 'validation_failed',
      field: 'lines',
    },
    {
      name: 'neither lines nor full',
      body: () => ({ reason: 'x' }),
      status: 400,
      code: 'validation_failed',
      field: 'lines',
    },
    {
      name: 'full: false',
      body: () => ({ full: false, reason: 'x' }),
      status: 400,
      code: 'validation_failed',
      field: 'lines',
    },
    {
      name: 'a line twice',
      body: () => ({
        lines: [
          { line: 0, quantity: 1 },
          { line: 0, quantity: 1 },
        ],
        reason: 'x',
      }),
      status: 400,
      code: 'validation_failed',
      field: 'lines.1.line',
    },
    {
      name: 'more than the line holds',
      body: () => ({ lines: [{ line: 0, quantity: 2.5 }], reason: 'x' }),
      status: 422,
      code: 'credit_exceeds_invoice',
      field: 'lines.0.quantity',
    },
  ],
}

// ─── The suites ───────────────────────────────────────────────────────────────────────────────────

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
    // Every invoices route with a path parameter, a body or a query is checked here.
    const mine = registeredRoutes().filter(
      (r) =>
        /\/invoices\b|\/accounting-export/.test(r.path) &&
        !r.path.startsWith('/employers/') && // the employers suite's
        (r.path.includes(':') || r.body || r.query),
    )
    expect(mine.map((r) => r.key).filter((k) => !ours().includes(k))).toEqual([])
  })

  it.each(Object.keys(validBody).map((key, i) => ({ key, seed: 9100 + i })))(
    '$key: junk is refused as a 4xx naming the field, and nothing is written',
    async ({ key, seed }) => {
      const spec = registeredRoutes().find((r) => r.key === key)!
      const url = fillPath(spec.path, params(key))
      const cases = casesFor(validBody[key]!(), spec.body!, seed, {
        nullable: nullable[key],
        semantic: semantic[key],
      })
      for (const x of extra[key] ?? [])
        cases.push({ name: x.name, body: x.body(), status: x.status, code: x.code, field: x.field })
      const before = await snapshot()
      const failures: string[] = []
      for (const c of cases) {
        const res = await run(w.owner, spec.method, url, c)
        const v = verdict(c, res as never)
        if (v) failures.push(`${c.name}: ${v}`)
      }
      total += cases.length
      expect(failures).toEqual([])
      expect(await snapshot()).toEqual(before)
    },
  )

  it('the valid bodies are accepted (the refusals above are about the input)', async () => {
    for (const key of Object.keys(validBody)) {
      const spec = registeredRoutes().find((r) => r.key === key)!
      const res = await send(w.owner, spec.method, fillPath(spec.path, params(key)), validBody[key]!())
      expect(res.status, `${key}: ${res.text.slice(0, 300)}`).toBeLessThan(300)
    }
  })
})

describe('queries', () => {
  const cases: { route: string; query: string; field: string }[] = [
    { route: 'invoices', query: 'from=2026-11-01T00:00:00Z', field: 'from' },
    { route: 'invoices', query: 'from=tomorrow', field: 'from' },
    { route: 'invoices', query: 'to=2026-13-01', field: 'to' },
    { route: 'invoices', query: 'to=0000-01-01', field: 'to' },
    { route: 'invoices', query: 'from=2026-12-01&to=2026-11-01', field: 'to' },
    { route: 'invoices', query: 'from=2026-11-01&from=2026-11-02', field: 'from' },
    { route: 'invoices', query: 'kind=bill', field: 'kind' },
    { route: 'invoices', query: 'kind=invoice&kind=credit_note', field: 'kind' },
    { route: 'invoices', query: 'kind[$ne]=x', field: 'kind[$ne]' },
    { route: 'invoices', query: 'kind=invoice%00', field: 'kind' },
    { route: 'invoices', query: 'page=2', field: 'page' },
    { route: 'invoices', query: `from=${'9'.repeat(400)}`, field: 'from' },
    { route: 'accounting-export', query: '', field: '' },
    { route: 'accounting-export', query: 'from=2026-11-01', field: 'to' },
    { route: 'accounting-export', query: 'to=2026-11-30', field: 'from' },
    { route: 'accounting-export', query: 'from=2026-11-30&to=2026-11-01', field: 'to' },
    { route: 'accounting-export', query: 'from=2026-01-01&to=2027-12-31', field: 'to' },
    { route: 'accounting-export', query: 'from=2026-11-01T00:00:00Z&to=2026-11-30', field: 'from' },
    { route: 'accounting-export', query: 'from=2026-11-01&to=2026-11-30&format=xlsx', field: 'format' },
    { route: 'accounting-export', query: 'from=2026-11-01&to=2026-11-30%00', field: 'to' },
  ]
  it.each(cases)('$route?$query → 400 naming $field', async (c) => {
    const before = await snapshot()
    const res = await w.owner.get(`/api/v1/lieux/${w.lieuId}/${c.route}?${c.query}`)
    const v = verdict(
      { name: '', status: 400, code: 'validation_failed', ...(c.field ? { field: c.field } : {}) },
      res as never,
    )
    expect(v).toBeNull()
    expect(await snapshot()).toEqual(before)
    total++
  })
  it('plain queries still work', async () => {
    expect(
      (await w.owner.get(`/api/v1/lieux/${w.lieuId}/invoices?from=2026-11-01&to=2026-11-30&kind=invoice`))
        .status,
    ).toBe(200)
    const csv = await w.owner.get(`/api/v1/lieux/${w.lieuId}/accounting-export?from=2025-12-01&to=2026-12-31`)
    expect(csv.status).toBe(200)
  })
})

describe('path parameters that cannot name anything', () => {
  it('answer 404 problem+json on every route of this domain with an id, and write nothing', async () => {
    const before = await snapshot()
    const failures: string[] = []
    const routes = registeredRoutes().filter((r) => r.path.includes(':') && ours().includes(r.key))
    expect(routes.length).toBe(8)
    for (const r of routes) {
      // An id of another kind of object names nothing either.
      const others: Record<string, string[]> = {
        lieuId: [w.invoiceId, w.memberId],
        invoiceId: [w.lieuId, w.memberId],
      }
      for (const name of pathParams(r.path)) {
        for (const junk of [...junkIds, ...others[name]!]) {
          const url = fillPath(r.path, { ...params(r.key), [name]: junk }) + (validQuery[r.key] ?? '')
          const res = await send(w.owner, r.method, url, validBody[r.key]?.())
          const v = verdict({ name: '', status: 404, code: 'not_found' }, res as never)
          if (v) failures.push(`${r.key} with :${name} = ${JSON.stringify(junk.slice(0, 30))}: ${v}`)
          total++
        }
      }
    }
    expect(failures).toEqual([])
    expect(await snapshot()).toEqual(before)
  })
})

describe('count', () => {
  it('sent a few hundred bad inputs', () => {
    expect(total).toBeGreaterThan(300)
    console.info(`invoices bad-input: ${total} requests`)
  })
})
