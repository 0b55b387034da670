import { badInputElsewhere } from './support/covered-elsewhere.ts'
import { gzipSync } from 'node:zlib'
import { beforeAll, describe, expect, it } from 'vitest'
import type { z } from 'zod'
import type { ErrorCode } from '@fabrique/shared/errors'
import type { Method } from '../src/http/route.ts'
import { lieuBody, useTestApp } from './support/test-app.ts'
import {
  dbSnapshot,
  fillPath,
  pathParams,
  registeredRoutes,
  rowCounts,
  send,
  type Agent,
} from './support/route-table.ts'
import { ZProblem } from '@fabrique/shared/errors'

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
const semantic: Record<string, [string, unknown, string][]> = {}
const lieuSemantic: [string, unknown, string][] = [
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

// ─── Helpers ────────────────────────────────────────────────────────────────────────────────────

type Json = unknown
type Path = (string | number)[]

function leaves(v: Json, path: Path = []): { path: Path; value: Json }[] {
  if (Array.isArray(v)) return v.flatMap((x, i) => leaves(x, [...path, i]))
  if (v !== null && typeof v === 'object')
    return Object.entries(v).flatMap(([k, x]) => leaves(x, [...path, k]))
  return [{ path, value: v }]
}
/** Every object inside `v` (for unknown nested fields), by path. */
function objects(v: Json, path: Path = []): Path[] {
  if (Array.isArray(v)) return v.flatMap((x, i) => objects(x, [...path, i]))
  if (v !== null && typeof v === 'object')
    return [path, ...Object.entries(v).flatMap(([k, x]) => objects(x, [...path, k]))]
  return []
}
function setAt(v: Json, path: Path, value: Json): Json {
  const copy = structuredClone(v) as Record<string | number, Json>
  let cur = copy
  for (const k of path.slice(0, -1)) cur = cur[k] as Record<string | number, Json>
  cur[path.at(-1)!] = value
  return copy
}
const dotted = (p: Path | string) => (typeof p === 'string' ? p : p.join('.'))

/** Deterministic junk (mulberry32), so a failure replays. */
function rng(seed: number) {
  let a = seed >>> 0
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0
    let x = Math.imul(a ^ (a >>> 15), 1 | a)
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296
  }
  const int = (n: number) => Math.floor(next() * n)
  const pick = <T>(xs: readonly T[]) => xs[int(xs.length)]!
  return { next, int, pick }
}
const alphabets = [
  'abcdefghijklmnopqrstuvwxyz0123456789',
  ' \t\n\r\u000b\u000c\u0001\u001f\u007f',
  '\'";--/*%_\\<>&{}[]()$`|',
  '🏡🎉☕👩‍👩‍👧\u200d\ufe0f',
  'مقهىעברית\u202e\u202c\u200f\u200e',
  'e\u0301\u0308\u200b\ufeff\u00a0',
]
function junkFor(r: ReturnType<typeof rng>): Json {
  const str = (max: number) => {
    let s = ''
    const n = r.int(max)
    for (let i = 0; i < n; i++) {
      const chars = [...r.pick(alphabets)]
      s += chars[r.int(chars.length)]
    }
    return s
  }
  const kinds: (() => Json)[] = [
    () => r.int(2_000_000) - 1_000_000,
    () => r.next() * 1e308,
    () => -r.next(),
    () => Number.MAX_SAFE_INTEGER + 2,
    () => r.next() < 0.5,
    () => null,
    () => [],
    () => ({}),
    () => [str(10), r.int(9)],
    () => ({ [str(6) || 'k']: str(6) }),
    () => JSON.parse('['.repeat(64) + ']'.repeat(64)) as Json,
    () => str(40),
    () => str(3),
    () => '9'.repeat(400),
    () => ' '.repeat(r.int(300)),
    () => '2026-' + str(5),
    () => `${25 + r.int(75)}:${r.int(99)}`,
    () => "'; DROP TABLE users;--",
    () => '<script>alert(1)</script>',
  ]
  return r.pick(kinds)()
}

interface Case {
  name: string
  /** A JSON value to send as application/json… */
  body?: Json
  /** …or raw bytes with their own headers. */
  raw?: { data: string | Buffer; headers: Record<string, string> }
  status: number
  code: ErrorCode
  /** Every field issue must name this field (or one inside it). */
  field?: string
  /** The field issues, exactly. */
  errors?: { field: string; message: string }[]
}

function typeSwaps(v: Json, isNullable: boolean): Json[] {
  const common: Json[] = [{ nested: { deeper: true } }]
  if (!isNullable) common.push(null)
  if (typeof v === 'string') return [42, true, [v], ...common]
  if (typeof v === 'number') return [String(v), true, [v], ...common]
  if (typeof v === 'boolean') return [String(v), 1, ...common]
  if (Array.isArray(v)) return ['x', 3, { 0: v[0] }, ...(isNullable ? [] : [null])]
  if (v === null) return [42, true, { nested: 1 }]
  return ['x', 3, [v], ...(isNullable ? [] : [null])]
}

/** The cases for one route with a body. */
function casesFor(key: string, schema: z.ZodType, seed: number): Case[] {
  const valid = validBody[key]!()
  const cases: Case[] = []
  const json = { 'Content-Type': 'application/json' }
  // The envelope.
  cases.push({
    name: 'malformed JSON',
    raw: { data: '{bad', headers: json },
    status: 400,
    code: 'malformed_json',
  })
  cases.push({
    name: 'truncated JSON',
    raw: { data: JSON.stringify(valid).slice(0, -3), headers: json },
    status: 400,
    code: 'malformed_json',
  })
  cases.push({
    name: 'bare string',
    raw: { data: '"text"', headers: json },
    status: 400,
    code: 'malformed_json',
  })
  cases.push({ name: 'bare number', raw: { data: '42', headers: json }, status: 400, code: 'malformed_json' })
  cases.push({
    name: 'text/plain',
    raw: { data: JSON.stringify(valid), headers: { 'Content-Type': 'text/plain' } },
    status: 415,
    code: 'unsupported_media_type',
  })
  cases.push({
    name: 'form-encoded',
    raw: { data: 'a=1&b=2', headers: { 'Content-Type': 'application/x-www-form-urlencoded' } },
    status: 415,
    code: 'unsupported_media_type',
  })
  cases.push({
    name: 'latin1 charset',
    raw: { data: JSON.stringify(valid), headers: { 'Content-Type': 'application/json; charset=latin1' } },
    status: 415,
    code: 'unsupported_media_type',
  })
  cases.push({
    name: 'UTF-8 bytes labelled UTF-16',
    raw: { data: JSON.stringify(valid), headers: { 'Content-Type': 'application/json; charset=utf-16' } },
    status: 400,
    code: 'malformed_json',
  })
  cases.push({
    name: 'unknown content encoding',
    raw: { data: JSON.stringify(valid), headers: { ...json, 'Content-Encoding': 'compress' } },
    status: 415,
    code: 'unsupported_media_type',
  })
  cases.push({
    name: 'gzip header, not gzip',
    raw: { data: JSON.stringify(valid), headers: { ...json, 'Content-Encoding': 'gzip' } },
    status: 400,
    code: 'validation_failed',
  })
  cases.push({
    name: 'gzip bomb-ish (1 MB of spaces inflated)',
    raw: { data: gzipSync(Buffer.alloc(1_000_000, ' ')), headers: { ...json, 'Content-Encoding': 'gzip' } },
    status: 413,
    code: 'payload_too_large',
  })
  cases.push({
    name: 'array body',
    body: [valid],
    status: 400,
    code: 'validation_failed',
    errors: [{ field: '', message: expect.any(String) as unknown as string }],
  })
  cases.push({ name: 'null body', raw: { data: 'null', headers: json }, status: 400, code: 'malformed_json' })
  cases.push({
    name: 'body over 100 KB',
    body: { ...valid, padding: 'x'.repeat(110_000) },
    status: 413,
    code: 'payload_too_large',
  })
  // Unknown fields, at the top and in every nested object.
  for (const extra of ['isAdmin', 'constructor', 'role_override']) {
    if (extra in valid) continue
    cases.push({
      name: `unknown field ${extra}`,
      body: { ...valid, [extra]: true },
      status: 400,
      code: 'validation_failed',
      errors: [{ field: extra, message: 'unknown field' }],
    })
  }
  cases.push({
    name: 'unknown field __proto__',
    raw: { data: JSON.stringify(valid).replace(/^\{/, '{"__proto__":{"isAdmin":true},'), headers: json },
    status: 400,
    code: 'validation_failed',
    errors: [{ field: '__proto__', message: 'unknown field' }],
  })
  for (const p of objects(valid).filter((p) => p.length > 0)) {
    cases.push({
      name: `unknown field ${dotted(p)}.extra`,
      body: setAt(valid, [...p, 'extra'], 1),
      status: 400,
      code: 'validation_failed',
      errors: [{ field: `${dotted(p)}.extra`, message: 'unknown field' }],
    })
  }
  // Wrong types for each top-level field.
  for (const [k, v] of Object.entries(valid)) {
    for (const bad of typeSwaps(v, nullable[key]?.includes(k) ?? false)) {
      cases.push({
        name: `${k} = ${JSON.stringify(bad)}`,
        body: { ...valid, [k]: bad },
        status: 400,
        code: 'validation_failed',
        field: k,
      })
    }
  }
  // A 90 KB string in every string field (under the body limit, far over every field's).
  for (const { path, value } of leaves(valid)) {
    if (typeof value !== 'string') continue
    cases.push({
      name: `90 KB ${dotted(path)}`,
      body: setAt(valid, path, 'x'.repeat(90_000)),
      status: 400,
      code: 'validation_failed',
      field: dotted(path),
    })
    // PostgreSQL text cannot hold NUL. Passwords and tokens are only ever hashed, so any character goes there.
    if (!/password|token/i.test(dotted(path))) {
      cases.push({
        name: `NUL in ${dotted(path)}`,
        body: setAt(valid, path, `${value}\u0000`),
        status: 400,
        code: 'validation_failed',
        field: dotted(path),
      })
    }
  }
  // Well-typed but wrong.
  for (const [p, bad, field] of semantic[key] ?? []) {
    cases.push({
      name: `${p} = ${JSON.stringify(bad).slice(0, 40)}`,
      body: setAt(
        valid,
        p.split('.').map((s) => (/^\d+$/.test(s) ? Number(s) : s)),
        bad,
      ),
      status: 400,
      code: 'validation_failed',
      field,
    })
  }
  // Generated junk in random places (only values the schema refuses: valid ones would be written).
  const r = rng(seed)
  const spots = [...leaves(valid).map((l) => l.path), ...Object.keys(valid).map((k) => [k])]
  let made = 0
  for (let tries = 0; made < 13 && tries < 200; tries++) {
    const p = r.pick(spots)
    const junk = junkFor(r)
    const body = setAt(valid, p, junk)
    if (schema.safeParse(body).success) continue
    made++
    cases.push({
      name: `junk #${tries} at ${dotted(p)}: ${JSON.stringify(junk).slice(0, 40)}`,
      body,
      status: 400,
      code: 'validation_failed',
      field: dotted(p),
    })
  }
  return cases
}

async function run(agent: Agent, method: Method, url: string, c: Case) {
  if (!c.raw) return send(agent, method, url, c.body)
  let req = agent[method](url)
  for (const [h, v] of Object.entries(c.raw.headers)) req = req.set(h, v)
  // As is: superagent would otherwise re-encode a Buffer labelled JSON.
  return req.serialize((x: unknown) => x as string).send(c.raw.data)
}

/** Checks one response against its case; returns a description of what is wrong, or null. */
function verdict(
  c: Case,
  res: { status: number; headers: Record<string, string>; text: string },
): string | null {
  const got = `${res.status} ${res.text.slice(0, 200)}`
  if (res.status >= 500) return `5xx: ${got}`
  if (!/^application\/problem\+json/.test(res.headers['content-type'] ?? ''))
    return `not problem+json: ${got}`
  let body: unknown
  try {
    body = JSON.parse(res.text)
  } catch {
    return `unparseable: ${got}`
  }
  const p = ZProblem.safeParse(body)
  if (!p.success) return `not a problem: ${got}`
  if (res.status !== c.status || p.data.code !== c.code) return `expected ${c.status} ${c.code}, got ${got}`
  const errors = p.data.errors ?? []
  if (c.field !== undefined) {
    if (errors.length === 0) return `no field named (expected ${c.field}): ${got}`
    const off = errors.filter((e) => e.field !== c.field && !e.field.startsWith(`${c.field}.`))
    if (off.length) return `expected issues on ${c.field}, got ${JSON.stringify(errors)}`
  }
  if (c.errors) {
    try {
      expect(errors).toEqual(c.errors)
    } catch {
      return `expected errors ${JSON.stringify(c.errors)}, got ${JSON.stringify(errors)}`
    }
  }
  return null
}

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
      const cases = casesFor(key, spec.body!, seed)
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
  const junkIds = [
    'not-a-uuid',
    "'; drop table users;--",
    '00000000-0000-4000-8000-000000000000',
    'a/b',
    '..',
    '\u0000',
    'é',
    '1 OR 1=1',
    'x'.repeat(2000),
  ]
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
