import { badInputElsewhere } from './support/covered-elsewhere.ts'
import { beforeAll, describe, expect, it } from 'vitest'
import type { Method } from '../src/http/route.ts'
import { lieuBody, useTestApp } from './support/test-app.ts'
import { casesFor, junkIds, run, verdict, type Case, type Semantic } from './support/bad-input-cases.ts'
import {
  dbSnapshot,
  fillPath,
  pathParams,
  registeredRoutes,
  rowCounts,
  send,
  type Agent,
} from './support/route-table.ts'

// QUALITY R5: no input, however bad, gets a 5xx or writes anything. Every refusal is problem+json
// with a stable code, and a validation failure names the offending field.

const t = useTestApp({
  rateLimits: {
    loginPerAccount: { points: 10_000, duration: 900 },
    loginPerIp: { points: 10_000, duration: 900 },
    register: { points: 10_000, duration: 900 },
    passwordReset: { points: 10_000, duration: 900 },
    verificationResend: { points: 10_000, duration: 900 },
  },
})
const PASSWORD = 'correct horse battery'

interface World {
  owner: Agent
  ownerEmail: string
  lieuId: string
  memberId: string
  closureId: string
}
const w = {} as World

beforeAll(async () => {
  const o = await t.login({ email: 'owner@junk.test', name: 'Owen Owner', password: PASSWORD })
  w.owner = o.agent
  w.ownerEmail = o.email
  const lieu = await w.owner.post('/api/v1/lieux').send(lieuBody('target-lieu'))
  expect(lieu.status).toBe(201)
  w.lieuId = lieu.body.id
  w.memberId = (await t.createUser({ email: 'member@junk.test' })).id
  await t.deps.db.lieuMembership.create({ data: { lieuId: w.lieuId, userId: w.memberId, role: 'member' } })
  const closure = await w.owner
    .post(`/api/v1/lieux/${w.lieuId}/closures`)
    .send({ startDate: '2026-12-24', endDate: '2026-12-26', reason: 'Noël' })
  expect(closure.status).toBe(201)
  w.closureId = closure.body.id
})

const params = (): Record<string, string> => ({
  lieuId: w.lieuId,
  userId: w.memberId,
  closureId: w.closureId,
  invitationId: '00000000-0000-4000-8000-000000000000',
  networkId: '00000000-0000-4000-8000-000000000000',
  resourceId: '00000000-0000-4000-8000-000000000000',
  sessionId: '0123456789abcdef',
  token: 'a'.repeat(43),
  slug: 'target-lieu',
})

const { slug: _slug, ...identity } = lieuBody('x')

/** A well-formed body for every route taking one (checked against its schema below). */
const validBody: Record<string, () => Record<string, unknown>> = {
  'POST /auth/register': () => ({
    email: 'new@example.org',
    password: 'a long passphrase',
    name: 'Newcomer',
    locale: 'fr',
  }),
  'POST /auth/resend-verification': () => ({ email: 'someone@example.org' }),
  'POST /auth/verify-email': () => ({ token: 'a'.repeat(43) }),
  'POST /auth/login': () => ({ email: 'owner@junk.test', password: PASSWORD }),
  'POST /auth/password-reset': () => ({ email: 'someone@example.org' }),
  'POST /auth/password-reset/confirm': () => ({ token: 'a'.repeat(43), password: 'a long passphrase' }),
  'PATCH /me': () => ({ name: 'Owen', phone: '+33 6 00 00 00 00', locale: 'fr', visibleToCommunity: false }),
  'POST /me/password': () => ({ currentPassword: PASSWORD, newPassword: 'a new long passphrase' }),
  'DELETE /me': () => ({ password: PASSWORD }),
  'POST /lieux': () => ({ ...lieuBody('junk-target'), networkId: null }),
  'PATCH /lieux/:lieuId': () => structuredClone(identity),
  'PUT /lieux/:lieuId/opening-hours': () => ({
    intervals: [
      { weekday: 1, start: '09:00', end: '12:00' },
      { weekday: 1, start: '14:00', end: '18:00' },
    ],
  }),
  'POST /lieux/:lieuId/closures': () => ({ startDate: '2026-12-24', endDate: '2026-12-26', reason: 'Noël' }),
  'POST /lieux/:lieuId/invitations': () => ({ email: 'guest@example.org', role: 'member' }),
  'PATCH /lieux/:lieuId/members/:userId': () => ({ role: 'manager' }),
  'POST /invitations/accept': () => ({ token: 'a'.repeat(43) }),
}
/** Top-level fields that accept null. */
const nullable: Record<string, string[]> = { 'POST /lieux': ['networkId'], 'PATCH /me': ['phone'] }

/** Per route, values that are well-typed but wrong, and the field that must be named. */
const semantic: Record<string, Semantic> = {}
const lieuSemantic: Semantic = [
  ['timeZone', 'Mars/Olympus', 'timeZone'],
  ['timeZone', 'UTC+2', 'timeZone'],
  ['timeZone', 'Europe/Paris ', 'timeZone'],
  ['timeZone', 'UTC', 'timeZone'],
  ['timeZone', '', 'timeZone'],
  ['timeZone', 'Europe/Paris\u0000', 'timeZone'],
  ['name', '   ', 'name'],
  ['address.country', 'fr', 'address.country'],
  ['address.country', 'FRA', 'address.country'],
  ['contact.email', 'not-an-email', 'contact.email'],
  ['contact.website', 'javascript:alert(1)', 'contact.website'],
  ['contact.website', 'ftp://example.org', 'contact.website'],
  ['contact.phone', 'call me', 'contact.phone'],
  ['legal.siret', '12345678901234', 'legal.siret'],
  ['legal.siret', '7328293200007', 'legal.siret'],
  ['legal.vatNumber', 'FR12345678901', 'legal.vatNumber'], // with vatExempt: true
  ['legal.vatNumber', 'not a vat number!', 'legal.vatNumber'],
]
semantic['PATCH /lieux/:lieuId'] = lieuSemantic
semantic['POST /lieux'] = [
  ...lieuSemantic,
  ['slug', 'Bad Slug', 'slug'],
  ['slug', '-dash', 'slug'],
  ['slug', 'a', 'slug'],
  ['slug', '../etc', 'slug'],
  ['slug', 'x'.repeat(61), 'slug'],
  ['networkId', 'not-a-uuid', 'networkId'],
]
semantic['POST /lieux/:lieuId/closures'] = [
  ['startDate', '2026-13-45', 'startDate'],
  ['startDate', '2026-12-24T10:00', 'startDate'],
  ['startDate', '2026-12-24T10:00:00Z', 'startDate'],
  ['startDate', '2026-02-30', 'startDate'],
  ['startDate', '24/12/2026', 'startDate'],
  ['startDate', '', 'startDate'],
  ['endDate', '2026-12-23', 'endDate'], // before the start
  ['endDate', '2026-00-10', 'endDate'],
  ['reason', '', 'reason'],
  ['reason', '   ', 'reason'],
]
semantic['PUT /lieux/:lieuId/opening-hours'] = [
  ['intervals.0.weekday', 0, 'intervals.0.weekday'],
  ['intervals.0.weekday', 8, 'intervals.0.weekday'],
  ['intervals.0.weekday', -1, 'intervals.0.weekday'],
  ['intervals.0.weekday', 1.5, 'intervals.0.weekday'],
  ['intervals.0.start', '25:00', 'intervals.0.start'],
  ['intervals.0.start', '9:00', 'intervals.0.start'],
  ['intervals.0.start', '09:60', 'intervals.0.start'],
  ['intervals.0.end', '24:01', 'intervals.0.end'],
  ['intervals.0.end', '08:00', 'intervals.0.end'], // before the start
  ['intervals.0.end', '09:00', 'intervals.0.end'], // empty interval
  ['intervals.1.start', '11:00', 'intervals.1.start'], // overlaps 09:00–12:00
  [
    'intervals',
    Array.from({ length: 71 }, (_, i) => ({ weekday: (i % 7) + 1, start: '00:00', end: '00:01' })),
    'intervals',
  ],
]
semantic['POST /lieux/:lieuId/invitations'] = [
  ['role', 'admin', 'role'],
  ['role', 'OWNER', 'role'],
  ['email', 'not-an-email', 'email'],
  ['email', 'a@b@example.org', 'email'],
]
semantic['PATCH /lieux/:lieuId/members/:userId'] = [
  ['role', 'superadmin', 'role'],
  ['role', '', 'role'],
]
semantic['POST /auth/register'] = [
  ['password', 'short', 'password'],
  ['password', 'x'.repeat(129), 'password'],
  ['locale', 'de', 'locale'],
  ['name', '', 'name'],
  ['email', 'x'.repeat(250) + '@example.org', 'email'],
]
semantic['PATCH /me'] = [
  ['phone', 'call me maybe', 'phone'],
  ['locale', 'xx', 'locale'],
  ['name', ' ', 'name'],
]
semantic['POST /me/password'] = [['newPassword', 'short', 'newPassword']]
semantic['POST /auth/password-reset/confirm'] = [
  ['token', 'short', 'token'],
  ['password', 'short', 'password'],
]
semantic['POST /invitations/accept'] = [
  ['token', 'short', 'token'],
  ['token', 'x'.repeat(129), 'token'],
]

const lieuUpdatedAt = async () =>
  (await t.deps.db.lieu.findUniqueOrThrow({ where: { id: w.lieuId } })).updatedAt.toISOString()

// ─── The suites ───────────────────────────────────────────────────────────────────────────────────

let total = 0

describe('every route with a body', () => {
  it('has a well-formed body in this table (a later route with a body must be added here)', () => {
    const withBody = registeredRoutes().filter((r) => r.body && !badInputElsewhere().includes(r.key))
    expect(withBody.map((r) => r.key).sort()).toEqual(Object.keys(validBody).sort())
    for (const r of withBody) {
      const ok = r.body!.safeParse(validBody[r.key]!())
      expect(ok.success, `${r.key}: ${JSON.stringify(ok.error?.issues)}`).toBe(true)
    }
    for (const key of Object.keys(semantic)) expect(validBody, key).toHaveProperty([key])
  })

  it.each(Object.keys(validBody).map((key, i) => ({ key, seed: 1000 + i })))(
    '$key: junk is refused as a 4xx naming the field, and nothing is written',
    async ({ key, seed }) => {
      const spec = registeredRoutes().find((r) => r.key === key)!
      const url = fillPath(spec.path, params())
      const cases = casesFor(validBody[key]!(), spec.body!, seed, {
        nullable: nullable[key],
        semantic: semantic[key],
      })
      const counts = await rowCounts(t)
      const before = await dbSnapshot(t)
      const updatedAt = await lieuUpdatedAt()
      const failures: string[] = []
      for (const c of cases) {
        const res = await run(w.owner, spec.method, url, c)
        const v = verdict(c, res as never)
        if (v) failures.push(`${c.name}: ${v}`)
      }
      total += cases.length
      expect(failures).toEqual([])
      expect(await rowCounts(t)).toEqual(counts)
      expect(await lieuUpdatedAt()).toBe(updatedAt)
      expect(await dbSnapshot(t)).toEqual(before)
    },
  )
})

describe('the dev outbox query', () => {
  const cases: (Case & { query: string })[] = [
    {
      name: 'unknown parameter',
      query: 'foo=1',
      status: 400,
      code: 'validation_failed',
      errors: [{ field: 'foo', message: 'unknown field' }],
    },
    {
      name: 'repeated to',
      query: 'to=a@example.org&to=b@example.org',
      status: 400,
      code: 'validation_failed',
      field: 'to',
    },
    {
      name: 'to over 254 characters',
      query: `to=${'x'.repeat(300)}`,
      status: 400,
      code: 'validation_failed',
      field: 'to',
    },
    {
      name: 'bracket syntax',
      query: 'to[$ne]=x',
      status: 400,
      code: 'validation_failed',
      errors: [{ field: 'to[$ne]', message: 'unknown field' }],
    },
    { name: 'NUL in to', query: 'to=a%00b', status: 400, code: 'validation_failed', field: 'to' },
  ]
  it.each(cases)('$name → $status $code', async (c) => {
    const before = await dbSnapshot(t)
    const res = await t.agent().get(`/api/v1/dev/outbox?${c.query}`)
    expect(verdict(c, res as never)).toBeNull()
    expect(await dbSnapshot(t)).toEqual(before)
    total++
  })
  it('a plain query still works (the refusals above are about the input)', async () => {
    const res = await t.agent().get('/api/v1/dev/outbox?to=Owner@junk.test')
    expect(res.status).toBe(200)
    expect(Array.isArray(res.body)).toBe(true)
  })
})

describe('path parameters that cannot name anything', () => {
  it('answer 404 problem+json on every route with an id, and write nothing', async () => {
    const before = await dbSnapshot(t)
    const failures: string[] = []
    const routes = registeredRoutes().filter((r) => r.path.includes(':') && !badInputElsewhere().includes(r.key))
    expect(routes.length).toBeGreaterThan(10)
    for (const r of routes) {
      for (const name of pathParams(r.path)) {
        for (const junk of junkIds) {
          // /invitations/:token answers an unusable token with 410, like an expired one.
          const c: Case =
            r.key === 'GET /invitations/:token'
              ? { name: '', status: 410, code: 'token_invalid' }
              : { name: '', status: 404, code: 'not_found' }
          const url = fillPath(r.path, { ...params(), [name]: junk })
          const res = await send(w.owner, r.method, url, validBody[r.key]?.())
          const v = verdict(c, res as never)
          if (v) failures.push(`${r.key} with :${name} = ${JSON.stringify(junk.slice(0, 30))}: ${v}`)
          total++
        }
      }
    }
    expect(failures).toEqual([])
    expect(await dbSnapshot(t)).toEqual(before)
  })

  it('a malformed percent-encoding is a 400, not a 5xx', async () => {
    const res = await w.owner.get('/api/v1/lieux/%E0%A4%A')
    expect(verdict({ name: '', status: 400, code: 'validation_failed' }, res as never)).toBeNull()
  })

  it('an unknown endpoint is a 404 problem+json', async () => {
    for (const url of [
      '/api/v1/lieux/not-a-uuid/nothing',
      `/api/v1/${encodeURIComponent("'; drop table users;--")}`,
      '/api/v1/%00',
    ]) {
      const res = await w.owner.get(url)
      expect(verdict({ name: '', status: 404, code: 'not_found' }, res as never), url).toBeNull()
    }
  })
})

describe('unicode oddities in names (valid ones are stored as sent; none is a 5xx)', () => {
  const values: [string, string, 'ok' | 'refused' | 'not5xx'][] = [
    ['emoji', 'Café 🏡☕ 👩‍👩‍👧', 'ok'],
    ['right-to-left with override', 'مقهى \u202eevil\u202c', 'ok'],
    ['combining and zero-width', 'Cafe\u0301\u200b', 'ok'],
    ['NUL inside', 'Café\u0000Noir', 'refused'],
    ['NUL alone', '\u0000', 'refused'],
    ['lone surrogate', 'Caf\ud800e', 'not5xx'],
  ]
  const targets: {
    what: string
    field: string
    method: Method
    path: () => string
    body: (v: string) => object
    read: () => Promise<string>
  }[] = [
    {
      what: 'lieu name',
      field: 'name',
      method: 'patch',
      path: () => `/api/v1/lieux/${w.lieuId}`,
      body: (v) => ({ name: v }),
      read: async () => (await t.deps.db.lieu.findUniqueOrThrow({ where: { id: w.lieuId } })).name,
    },
    {
      what: 'closure reason',
      field: 'reason',
      method: 'post',
      path: () => `/api/v1/lieux/${w.lieuId}/closures`,
      body: (v) => ({ startDate: '2027-01-05', endDate: '2027-01-05', reason: v }),
      read: async () =>
        (
          await t.deps.db.closure.findFirstOrThrow({
            where: { lieuId: w.lieuId },
            orderBy: { createdAt: 'desc' },
          })
        ).reason,
    },
    {
      what: 'my name',
      field: 'name',
      method: 'patch',
      path: () => '/api/v1/me',
      body: (v) => ({ name: v }),
      read: async () => (await t.deps.db.user.findUniqueOrThrow({ where: { email: w.ownerEmail } })).name,
    },
  ]
  const cases = targets.flatMap((target) =>
    values.map(([label, value, outcome]) => ({ ...target, label, value, outcome })),
  )
  it.each(cases)('$what: $label', async (c) => {
    const before = await dbSnapshot(t)
    const res = await send(w.owner, c.method, c.path(), c.body(c.value))
    total++
    if (c.outcome === 'not5xx') {
      // JSON may carry an unpaired surrogate; it is stored as U+FFFD or refused, never a crash.
      expect(res.status, res.text).toBeLessThan(500)
    } else if (c.outcome === 'ok') {
      expect(res.status, res.text).toBeLessThan(300)
      expect(await c.read()).toBe(c.value.trim())
    } else {
      expect(
        verdict({ name: '', status: 400, code: 'validation_failed', field: c.field }, res as never),
      ).toBeNull()
      expect(await dbSnapshot(t)).toEqual(before)
    }
  })
})

describe('count', () => {
  it('sent a few hundred bad inputs', () => {
    expect(total).toBeGreaterThan(200)
    console.info(`bad-input: ${total} requests`)
  })
})
