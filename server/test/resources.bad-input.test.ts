import { beforeAll, describe, expect, it } from 'vitest'
import type { ErrorCode } from '@fabrique/shared/errors'
import { coveredElsewhere } from './support/covered-elsewhere.ts'
import { lieuBody, useTestApp } from './support/test-app.ts'
import { resourcesSnapshot } from './support/snapshots.ts'
import { casesFor, junkIds, run, verdict, type Semantic } from './support/bad-input-cases.ts'
import {
  fillPath,
  pathParams,
  registeredRoutes,
  send,
  type Agent,
} from './support/route-table.ts'

// QUALITY R5 for the resources, booking rules, habilitations and référent shifts routes: no input,
// however bad, gets a 5xx or writes anything; every refusal is problem+json with a stable code, and
// a validation failure names the offending field. The case generator is bad-input.test.ts's.

const t = useTestApp({ now: '2026-11-27T09:00:00Z' })
const SUITE = 'resources.bad-input.test.ts'
const UNKNOWN = '00000000-0000-4000-8000-000000000000'

interface World {
  owner: Agent
  lieuId: string
  memberId: string
  /** A member holding no grant. */
  plainId: string
  outsiderId: string
  resourceId: string
  habilitationId: string
  otherHabilitationId: string
  grantId: string
  shiftId: string
  foreignHabilitationId: string
}
const w = {} as World

beforeAll(async () => {
  const o = await t.login({ name: 'Owen Owner' })
  w.owner = o.agent
  const lieu = await w.owner.post('/api/v1/lieux').send(lieuBody('target-lieu'))
  expect(lieu.status).toBe(201)
  w.lieuId = lieu.body.id
  const base = `/api/v1/lieux/${w.lieuId}`
  w.memberId = (await t.createUser({ name: 'Rita Referente' })).id
  w.plainId = (await t.createUser({ name: 'Paul Plain' })).id
  w.outsiderId = (await t.createUser({ name: 'Oscar Outsider' })).id
  await t.deps.db.lieuMembership.createMany({
    data: [
      { lieuId: w.lieuId, userId: w.memberId, role: 'member' },
      { lieuId: w.lieuId, userId: w.plainId, role: 'member' },
    ],
  })
  const created = async (url: string, body: object) => {
    const res = await w.owner.post(url).send(body)
    expect(res.status, res.text).toBe(201)
    return res.body.id as string
  }
  w.habilitationId = await created(`${base}/habilitations`, { name: 'Découpe laser' })
  w.otherHabilitationId = await created(`${base}/habilitations`, { name: 'Soudure' })
  w.resourceId = await created(`${base}/resources`, {
    kind: 'machine',
    name: 'Laser',
    habilitationId: w.habilitationId,
    requiresReferent: true,
  })
  w.grantId = await created(`${base}/habilitations/${w.habilitationId}/grants`, { userId: w.memberId })
  w.shiftId = await created(`${base}/referent-shifts`, {
    userId: w.memberId,
    habilitationId: w.habilitationId,
    startsAt: '2026-11-28T09:00:00Z',
    endsAt: '2026-11-28T12:00:00Z',
  })
  const other = await t.login()
  const otherLieu = (await other.agent.post('/api/v1/lieux').send(lieuBody('other-lieu'))).body.id
  w.foreignHabilitationId = (
    await other.agent.post(`/api/v1/lieux/${otherLieu}/habilitations`).send({ name: 'Foreign' })
  ).body.id
})

const params = (): Record<string, string> => ({
  lieuId: w.lieuId,
  resourceId: w.resourceId,
  habilitationId: w.habilitationId,
  grantId: w.grantId,
  shiftId: w.shiftId,
})

const rules = () => ({
  granularityMinutes: 15,
  minDurationMinutes: 30,
  maxDurationMinutes: 480,
  bufferBeforeMinutes: 0,
  bufferAfterMinutes: 10,
  minNoticeMinutes: 60,
  bookingWindowDays: 90,
  cancellationDeadlineMinutes: 120,
  approvalRequired: false,
  whoMayBook: 'members',
  quotaMinutesPerDay: 240,
  quotaMinutesPerWeek: 900,
  noShowAfterMinutes: 20,
  waitlistOfferMinutes: 30,
})

/** A well-formed body for every route of this domain taking one (checked against its schema below). */
const validBody: Record<string, () => Record<string, unknown>> = {
  'POST /lieux/:lieuId/resources': () => ({
    kind: 'room',
    name: 'Salle Chêne',
    description: 'Lumineuse',
    photoUrl: 'https://example.org/salle.jpg',
    amenities: ['écran', 'tableau'],
    capacity: 8,
    dedicatedToId: null,
    habilitationId: w.habilitationId,
    requiresReferent: false,
    rules: { granularityMinutes: 15, bufferAfterMinutes: 10, whoMayBook: 'members' },
  }),
  'PATCH /lieux/:lieuId/resources/:resourceId': () => ({
    name: 'Laser CO2',
    description: 'Trotec',
    photoUrl: 'https://example.org/laser.jpg',
    amenities: ['aspiration'],
    capacity: 1,
    dedicatedToId: null,
    habilitationId: w.habilitationId,
    requiresReferent: true,
    rules: { granularityMinutes: 15, whoMayBook: 'members' },
    archived: false,
  }),
  'PUT /lieux/:lieuId/booking-rules': rules,
  'POST /lieux/:lieuId/habilitations': () => ({ name: 'Fraiseuse', description: 'Formation de 3 h' }),
  'PATCH /lieux/:lieuId/habilitations/:habilitationId': () => ({ name: 'Laser', description: 'Formation' }),
  'POST /lieux/:lieuId/habilitations/:habilitationId/grants': () => ({
    userId: w.plainId,
    expiresAt: '2027-01-01T00:00:00+01:00',
  }),
  'POST /lieux/:lieuId/referent-shifts': () => ({
    userId: w.memberId,
    habilitationId: w.habilitationId,
    startsAt: '2026-11-29T09:00:00+01:00',
    endsAt: '2026-11-29T12:00:00+01:00',
  }),
}
/** Top-level fields that accept null. */
const nullable: Record<string, string[]> = {
  'POST /lieux/:lieuId/resources': ['photoUrl', 'dedicatedToId', 'habilitationId'],
  'PATCH /lieux/:lieuId/resources/:resourceId': ['photoUrl', 'dedicatedToId', 'habilitationId'],
  'PUT /lieux/:lieuId/booking-rules': ['quotaMinutesPerDay', 'quotaMinutesPerWeek'],
  'POST /lieux/:lieuId/habilitations/:habilitationId/grants': ['expiresAt'],
}

/** Per route, values that are well-typed but wrong, and the field that must be named. */
const semantic: Record<string, Semantic> = {}
const ruleSemantic = (prefix: string): Semantic =>
  (
    [
      ['granularityMinutes', 4],
      ['granularityMinutes', 241],
      ['granularityMinutes', 7.5],
      ['minDurationMinutes', 0],
      ['maxDurationMinutes', 14 * 24 * 60 + 1],
      ['bufferBeforeMinutes', -1],
      ['bufferAfterMinutes', 241],
      ['minNoticeMinutes', -60],
      ['bookingWindowDays', 0],
      ['bookingWindowDays', 731],
      ['cancellationDeadlineMinutes', -1],
      ['whoMayBook', 'everyone'],
      ['whoMayBook', 'MEMBERS'],
      ['quotaMinutesPerDay', 0],
      ['quotaMinutesPerDay', 24 * 60 + 1],
      ['quotaMinutesPerWeek', -5],
      ['noShowAfterMinutes', 4],
      ['waitlistOfferMinutes', 1e9],
    ] as [string, unknown][]
  ).map(([k, v]) => [`${prefix}${k}`, v, `${prefix}${k}`])
semantic['PUT /lieux/:lieuId/booking-rules'] = [
  ...ruleSemantic(''),
  ['minDurationMinutes', 481, 'minDurationMinutes'], // above the maximum sent
  ['maxDurationMinutes', 20, 'minDurationMinutes'], // below the minimum sent
]
const resourceSemantic: Semantic = [
  ['name', '', 'name'],
  ['name', '   ', 'name'],
  ['name', 'x'.repeat(121), 'name'],
  ['description', 'x'.repeat(4001), 'description'],
  ['photoUrl', 'javascript:alert(1)', 'photoUrl'],
  ['photoUrl', 'ftp://example.org/a.jpg', 'photoUrl'],
  ['photoUrl', 'not a url', 'photoUrl'],
  ['amenities.0', '', 'amenities.0'],
  ['amenities.0', 'x'.repeat(61), 'amenities.0'],
  ['amenities', Array.from({ length: 31 }, (_, i) => `a${i}`), 'amenities'],
  ['capacity', 0, 'capacity'],
  ['capacity', -3, 'capacity'],
  ['capacity', 1001, 'capacity'],
  ['capacity', 1.5, 'capacity'],
  ['habilitationId', 'not-a-uuid', 'habilitationId'],
  ['habilitationId', UNKNOWN, 'habilitationId'],
  ['dedicatedToId', 'not-a-uuid', 'dedicatedToId'],
  ['rules.granularityMinutes', 4, 'rules.granularityMinutes'],
  ['rules.whoMayBook', 'anyone', 'rules.whoMayBook'],
  ['rules', [], 'rules'],
]
semantic['POST /lieux/:lieuId/resources'] = [
  ...resourceSemantic,
  ['kind', 'spaceship', 'kind'],
  ['kind', 'DESK', 'kind'],
  ['kind', 'desk', 'capacity'], // a desk of 8
  ['dedicatedToId', UNKNOWN, 'dedicatedToId'], // a room cannot be dedicated
  ['rules.minDurationMinutes', 700, 'rules.minDurationMinutes'], // above the lieu's maximum (600)
]
semantic['PATCH /lieux/:lieuId/resources/:resourceId'] = [
  ...resourceSemantic,
  ['capacity', 2, 'capacity'], // a machine
  ['habilitationId', null, 'requiresReferent'], // requiresReferent: true is sent too
  ['dedicatedToId', UNKNOWN, 'dedicatedToId'], // a machine cannot be dedicated
  ['archived', 'true', 'archived'],
  ['rules.maxDurationMinutes', 10, 'rules.maxDurationMinutes'],
]
semantic['POST /lieux/:lieuId/habilitations'] = [
  ['name', '', 'name'],
  ['name', '  ', 'name'],
  ['name', 'x'.repeat(121), 'name'],
  ['description', 'x'.repeat(2001), 'description'],
]
semantic['PATCH /lieux/:lieuId/habilitations/:habilitationId'] = semantic['POST /lieux/:lieuId/habilitations']
const naive: [string, unknown][] = [
  ['2027-01-01T00:00:00', 'naive'],
  ['2027-01-01', 'a date'],
  ['2027-01-01 00:00:00Z', 'a space'],
  ['2027-02-30T00:00:00Z', 'no such day'],
  ['2027-01-01T25:00:00Z', 'no such hour'],
  ['01/01/2027', 'French order'],
  ['1767225600000', 'epoch as a string'],
  ['', 'empty'],
]
semantic['POST /lieux/:lieuId/habilitations/:habilitationId/grants'] = [
  ['userId', 'not-a-uuid', 'userId'],
  ['userId', UNKNOWN, 'userId'],
  ...naive.map(([v]) => ['expiresAt', v, 'expiresAt'] as [string, unknown, string]),
  ['expiresAt', '2026-11-27T09:00:00Z', 'expiresAt'], // now: not in the future
  ['expiresAt', '2020-01-01T00:00:00Z', 'expiresAt'],
]
semantic['POST /lieux/:lieuId/referent-shifts'] = [
  ['userId', 'not-a-uuid', 'userId'],
  ['habilitationId', 'x', 'habilitationId'],
  ['habilitationId', UNKNOWN, 'habilitationId'],
  ...naive.map(([v]) => ['startsAt', v, 'startsAt'] as [string, unknown, string]),
  ...naive.map(([v]) => ['endsAt', v, 'endsAt'] as [string, unknown, string]),
  ['endsAt', '2026-11-29T09:00:00+01:00', 'endsAt'], // empty
  ['endsAt', '2026-11-29T07:00:00Z', 'endsAt'], // before the start
  ['endsAt', '2027-01-29T09:00:00Z', 'endsAt'], // over 31 days
]

/** Whole bodies refused for what they mean together (status, code, field). */
const extra: Record<
  string,
  { name: string; body: () => Record<string, unknown>; status: number; code: ErrorCode; field: string }[]
> = {
  'POST /lieux/:lieuId/resources': [
    {
      name: 'a desk dedicated to someone outside the lieu',
      body: () => ({ kind: 'desk', name: 'Fixe', dedicatedToId: w.outsiderId }),
      status: 400,
      code: 'validation_failed',
      field: 'dedicatedToId',
    },
    {
      name: 'requiresReferent without a habilitation',
      body: () => ({ kind: 'machine', name: 'Laser', requiresReferent: true }),
      status: 400,
      code: 'validation_failed',
      field: 'requiresReferent',
    },
    {
      name: 'another lieu’s habilitation',
      body: () => ({ kind: 'machine', name: 'Laser', habilitationId: w.foreignHabilitationId }),
      status: 400,
      code: 'validation_failed',
      field: 'habilitationId',
    },
  ],
  'POST /lieux/:lieuId/habilitations': [
    {
      name: 'a name already used',
      body: () => ({ name: 'Soudure' }),
      status: 409,
      code: 'conflict',
      field: 'name',
    },
  ],
  'PATCH /lieux/:lieuId/habilitations/:habilitationId': [
    {
      name: 'a name already used',
      body: () => ({ name: 'Soudure' }),
      status: 409,
      code: 'conflict',
      field: 'name',
    },
  ],
  'POST /lieux/:lieuId/habilitations/:habilitationId/grants': [
    {
      name: 'someone outside the lieu',
      body: () => ({ userId: w.outsiderId }),
      status: 400,
      code: 'validation_failed',
      field: 'userId',
    },
  ],
  'POST /lieux/:lieuId/referent-shifts': [
    {
      name: 'a member without the habilitation',
      body: () => ({
        userId: w.plainId,
        habilitationId: w.habilitationId,
        startsAt: '2026-11-29T09:00:00Z',
        endsAt: '2026-11-29T10:00:00Z',
      }),
      status: 422,
      code: 'habilitation_missing',
      field: 'userId',
    },
    {
      name: 'a référent of another habilitation',
      body: () => ({
        userId: w.memberId,
        habilitationId: w.otherHabilitationId,
        startsAt: '2026-11-29T09:00:00Z',
        endsAt: '2026-11-29T10:00:00Z',
      }),
      status: 422,
      code: 'habilitation_missing',
      field: 'userId',
    },
    {
      name: 'someone outside the lieu',
      body: () => ({
        userId: w.outsiderId,
        habilitationId: w.habilitationId,
        startsAt: '2026-11-29T09:00:00Z',
        endsAt: '2026-11-29T10:00:00Z',
      }),
      status: 400,
      code: 'validation_failed',
      field: 'userId',
    },
    {
      name: 'another lieu’s habilitation',
      body: () => ({
        userId: w.memberId,
        habilitationId: w.foreignHabilitationId,
        startsAt: '2026-11-29T09:00:00Z',
        endsAt: '2026-11-29T10:00:00Z',
      }),
      status: 400,
      code: 'validation_failed',
      field: 'habilitationId',
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
    // Every registered route of this domain is listed as covered here (GET /me/habilitations takes no input).
    const keys = registeredRoutes().map((r) => r.key)
    for (const k of ours()) expect(keys, k).toContain(k)
    for (const k of Object.keys(validBody)) expect(ours(), k).toContain(k)
  })

  it.each(Object.keys(validBody).map((key, i) => ({ key, seed: 7000 + i })))(
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
      const before = await resourcesSnapshot(t)
      const failures: string[] = []
      for (const c of cases) {
        const res = await run(w.owner, spec.method, url, c)
        const v = verdict(c, res as never)
        if (v) failures.push(`${c.name}: ${v}`)
      }
      total += cases.length
      expect(failures).toEqual([])
      expect(await resourcesSnapshot(t)).toEqual(before)
    },
  )

  it('the valid bodies are accepted (the refusals above are about the input)', async () => {
    for (const key of Object.keys(validBody)) {
      const spec = registeredRoutes().find((r) => r.key === key)!
      const body =
        key.startsWith('POST /lieux/:lieuId/habilitations') && !key.includes('grants')
          ? { name: 'Brand new' }
          : validBody[key]!()
      const res = await send(w.owner, spec.method, fillPath(spec.path, params()), body)
      expect(res.status, `${key}: ${res.text.slice(0, 300)}`).toBeLessThan(300)
    }
  })
})

describe('queries', () => {
  const cases: { route: string; query: string; field: string }[] = [
    { route: 'resources', query: 'kind=spaceship', field: 'kind' },
    { route: 'resources', query: 'kind=desk&kind=room', field: 'kind' },
    { route: 'resources', query: 'includeArchived=yes', field: 'includeArchived' },
    { route: 'resources', query: 'includeArchived=TRUE', field: 'includeArchived' },
    { route: 'resources', query: 'archived=true', field: 'archived' },
    { route: 'resources', query: 'kind[$ne]=x', field: 'kind[$ne]' },
    { route: 'resources', query: 'kind=desk%00', field: 'kind' },
    { route: 'referent-shifts', query: 'from=2026-12-01T00:00:00', field: 'from' },
    { route: 'referent-shifts', query: 'from=tomorrow', field: 'from' },
    { route: 'referent-shifts', query: 'to=2026-12-01', field: 'to' },
    { route: 'referent-shifts', query: 'from=2026-12-01T00:00:00Z&from=2026-12-02T00:00:00Z', field: 'from' },
    { route: 'referent-shifts', query: 'from=2026-12-01T00:00:00Z&to=2026-11-01T00:00:00Z', field: 'to' },
    { route: 'referent-shifts', query: 'from=2026-12-01T00:00:00Z&to=2026-12-01T00:00:00Z', field: 'to' },
    { route: 'referent-shifts', query: 'from=2026-01-01T00:00:00Z&to=2027-01-01T00:00:00Z', field: 'to' },
    { route: 'referent-shifts', query: `from=${'9'.repeat(400)}`, field: 'from' },
    { route: 'referent-shifts', query: 'until=2026-12-01T00:00:00Z', field: 'until' },
    { route: 'referent-shifts', query: 'to=2026-12-01T00:00:00Z%00', field: 'to' },
  ]
  it.each(cases)('$route?$query → 400 naming $field', async (c) => {
    const before = await resourcesSnapshot(t)
    const res = await w.owner.get(`/api/v1/lieux/${w.lieuId}/${c.route}?${c.query}`)
    expect(
      verdict({ name: '', status: 400, code: 'validation_failed', field: c.field }, res as never),
    ).toBeNull()
    expect(await resourcesSnapshot(t)).toEqual(before)
    total++
  })
  it('plain queries still work', async () => {
    expect(
      (await w.owner.get(`/api/v1/lieux/${w.lieuId}/resources?kind=machine&includeArchived=false`)).status,
    ).toBe(200)
    expect(
      (await w.owner.get(`/api/v1/lieux/${w.lieuId}/referent-shifts?from=2026-11-28T00:00:00%2B01:00`))
        .status,
    ).toBe(200)
  })
})

describe('path parameters that cannot name anything', () => {
  it('answer 404 problem+json on every route of this domain with an id, and write nothing', async () => {
    const before = await resourcesSnapshot(t)
    const failures: string[] = []
    const routes = registeredRoutes().filter((r) => r.path.includes(':') && ours().includes(r.key))
    expect(routes.length).toBeGreaterThanOrEqual(14)
    for (const r of routes) {
      // An id of another kind of object of the same lieu names nothing either.
      const others = [w.resourceId, w.habilitationId, w.grantId, w.shiftId]
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
    expect(await resourcesSnapshot(t)).toEqual(before)
  })
})

describe('count', () => {
  it('sent a few hundred bad inputs', () => {
    expect(total).toBeGreaterThan(300)
    console.info(`resources bad-input: ${total} requests`)
  })
})
