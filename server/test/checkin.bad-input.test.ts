import { gzipSync } from 'node:zlib'
import { beforeAll, describe, expect, it } from 'vitest'
import { ZProblem, type ErrorCode } from '@fabrique/shared/errors'
import { coveredElsewhere } from './support/covered-elsewhere.ts'
import { useTestApp, type TestApp } from './support/test-app.ts'
import { bookingWorld } from './support/booking-world.ts'
import { dbSnapshot, fillPath, pathParams, registeredRoutes, type Agent } from './support/route-table.ts'

// Bad input on the check-in, device, kiosk and open-data routes: every refusal is a 4xx
// problem+json naming the field, never a 5xx, and writes nothing.

const t = useTestApp({ now: '2026-11-27T09:00:00Z' })
const SUITE = 'checkin.bad-input.test.ts'

const w = {} as { manager: Agent; lieuId: string; slug: string; bookingId: string; deviceId: string; kiosk: string; zoneId: string; card: string; code: string }

beforeAll(async () => {
  const b = await bookingWorld(t)
  await t.deps.db.network.create({ data: { slug: 'reseau-input', name: 'Réseau', lieux: { connect: { id: b.lieu.id } } } })
  w.manager = b.manager.agent
  w.lieuId = b.lieu.id
  w.slug = b.lieu.slug
  w.zoneId = b.zone.id
  const d = await b.manager.agent.post(`/api/v1/lieux/${b.lieu.id}/devices`).send({ kind: 'kiosk', name: 'Kiosque' })
  w.deviceId = d.body.device.id
  w.kiosk = d.body.token
  const booked = await b.manager.agent.post('/api/v1/bookings').set('Idempotency-Key', 'bad-input-booking').send({ resourceId: b.desk.id, startsAt: '2026-11-27T13:00:00Z', endsAt: '2026-11-27T14:00:00Z' })
  w.bookingId = booked.body.id
  w.card = (await b.manager.agent.get('/api/v1/me/member-code')).body.code
  w.code = (await b.manager.agent.get(`/api/v1/bookings/${w.bookingId}/check-in-code`)).body.code
})

async function snapshot(app: TestApp) {
  const out: Record<string, string[]> = await dbSnapshot(app)
  for (const sql of ['SELECT id::text, name, kind::text, revoked_at::text FROM devices ORDER BY 1', 'SELECT x::text FROM bookings x ORDER BY 1']) {
    out[sql] = (await app.deps.pool.query(sql)).rows.map((r) => JSON.stringify(r))
  }
  return out
}

const params = () => ({ lieuId: w.lieuId, deviceId: w.deviceId, bookingId: w.bookingId, slug: w.slug })
const validBody: Record<string, () => Record<string, unknown>> = {
  'POST /lieux/:lieuId/devices': () => ({ kind: 'lobby', name: 'Écran du hall' }),
  'POST /kiosk/scan': () => ({ code: w.code }),
  'POST /kiosk/check-in': () => ({ memberCode: w.card, bookingId: w.bookingId }),
  'POST /kiosk/walk-in': () => ({ memberCode: w.card, resourceId: w.zoneId }),
}
/** Well-typed but wrong: [field, value]. */
const semantic: Record<string, [string, unknown][]> = {
  'POST /lieux/:lieuId/devices': [['kind', 'tv'], ['kind', 'KIOSK'], ['name', ''], ['name', '   '], ['name', 'x'.repeat(81)]],
  'POST /kiosk/scan': [['code', ''], ['code', ' '], ['code', 'x'.repeat(513)]],
  'POST /kiosk/check-in': [['bookingId', 'not-a-uuid'], ['memberCode', ''], ['bookingId', '']],
  'POST /kiosk/walk-in': [['resourceId', 'nope'], ['memberCode', 'x'.repeat(600)], ['resourceId', 12]],
}

interface Case { name: string; body?: unknown; raw?: { data: string | Buffer; headers: Record<string, string> }; status: number; code: ErrorCode; field?: string }

function casesFor(key: string): Case[] {
  const valid = validBody[key]!()
  const json = { 'Content-Type': 'application/json' }
  const cases: Case[] = [
    { name: 'malformed JSON', raw: { data: '{bad', headers: json }, status: 400, code: 'malformed_json' },
    { name: 'bare string', raw: { data: '"text"', headers: json }, status: 400, code: 'malformed_json' },
    { name: 'null body', raw: { data: 'null', headers: json }, status: 400, code: 'malformed_json' },
    { name: 'text/plain', raw: { data: JSON.stringify(valid), headers: { 'Content-Type': 'text/plain' } }, status: 415, code: 'unsupported_media_type' },
    { name: 'form-encoded', raw: { data: 'code=1', headers: { 'Content-Type': 'application/x-www-form-urlencoded' } }, status: 415, code: 'unsupported_media_type' },
    { name: 'gzip bomb-ish', raw: { data: gzipSync(Buffer.alloc(1_000_000, ' ')), headers: { ...json, 'Content-Encoding': 'gzip' } }, status: 413, code: 'payload_too_large' },
    { name: 'over 100 KB', body: { ...valid, padding: 'x'.repeat(110_000) }, status: 413, code: 'payload_too_large' },
    { name: 'array body', body: [valid], status: 400, code: 'validation_failed' },
    { name: 'empty object', body: {}, status: 400, code: 'validation_failed' },
    { name: 'unknown field', body: { ...valid, isAdmin: true }, status: 400, code: 'validation_failed', field: 'isAdmin' },
    { name: '__proto__', raw: { data: JSON.stringify(valid).replace(/^\{/, '{"__proto__":{"x":1},'), headers: json }, status: 400, code: 'validation_failed', field: '__proto__' },
  ]
  for (const [k, v] of Object.entries(valid)) {
    for (const bad of [42, true, null, [v], { nested: 1 }]) cases.push({ name: `${k} = ${JSON.stringify(bad)}`, body: { ...valid, [k]: bad }, status: 400, code: 'validation_failed', field: k })
    if (typeof v === 'string') {
      cases.push({ name: `90 KB ${k}`, body: { ...valid, [k]: 'x'.repeat(90_000) }, status: 400, code: 'validation_failed', field: k })
      cases.push({ name: `NUL in ${k}`, body: { ...valid, [k]: `${v}\u0000` }, status: 400, code: 'validation_failed', field: k })
    }
    const { [k]: _gone, ...without } = valid
    cases.push({ name: `missing ${k}`, body: without, status: 400, code: 'validation_failed', field: k })
  }
  for (const [k, bad] of semantic[key] ?? []) cases.push({ name: `${k} = ${JSON.stringify(bad).slice(0, 30)}`, body: { ...valid, [k]: bad }, status: 400, code: 'validation_failed', field: k })
  return cases
}


function run(method: 'get' | 'post' | 'delete', url: string, c: Pick<Case, 'body' | 'raw'>) {
  let req = url.includes('/kiosk/') ? t.agent()[method](url).set('Authorization', `Device ${w.kiosk}`) : w.manager[method](url)
  if (c.raw) {
    for (const [h, v] of Object.entries(c.raw.headers)) req = req.set(h, v)
    return req.serialize((x: unknown) => x as string).send(c.raw.data)
  }
  return c.body === undefined ? req : req.set('Content-Type', 'application/json').send(JSON.stringify(c.body))
}

function verdict(c: { status: number; code: ErrorCode; field?: string }, res: { status: number; headers: Record<string, string>; text: string }) {
  const got = `${res.status} ${res.text.slice(0, 200)}`
  if (res.status >= 500) return `5xx: ${got}`
  if (!/^application\/problem\+json/.test(res.headers['content-type'] ?? '')) return `not problem+json: ${got}`
  const p = ZProblem.safeParse(JSON.parse(res.text))
  if (!p.success) return `not a problem: ${got}`
  if (res.status !== c.status || p.data.code !== c.code) return `expected ${c.status} ${c.code}, got ${got}`
  if (c.field !== undefined) {
    const errors = p.data.errors ?? []
    if (!errors.length || errors.some((e) => e.field !== c.field && !e.field.startsWith(`${c.field}.`))) return `expected issues on ${c.field}: ${got}`
  }
  return null
}

let total = 0
const ours = () => Object.entries(coveredElsewhere).filter(([, v]) => v.badInput === SUITE).map(([k]) => k)

describe('bodies', () => {
  it('every route of this suite with a body has a valid body here', () => {
    const routes = registeredRoutes().filter((r) => ours().includes(r.key))
    expect(routes.map((r) => r.key).sort()).toEqual(ours().sort())
    const withBody = routes.filter((r) => r.body)
    expect(withBody.map((r) => r.key).sort()).toEqual(Object.keys(validBody).sort())
    for (const r of withBody) expect(r.body!.safeParse(validBody[r.key]!()).success, r.key).toBe(true)
  })

  it.each(Object.keys(validBody))('%s: junk is a 4xx naming the field, and nothing is written', async (key) => {
    const spec = registeredRoutes().find((r) => r.key === key)!
    const url = fillPath(spec.path, params())
    const before = await snapshot(t)
    const failures: string[] = []
    for (const c of casesFor(key)) {
      const v = verdict(c, (await run(spec.method as 'post', url, c)) as never)
      if (v) failures.push(`${c.name}: ${v}`)
      total++
    }
    expect(failures).toEqual([])
    expect(await snapshot(t)).toEqual(before)
  })
})

describe('codes that are not ours', () => {
  it('junk, forged and swapped codes are 404 at the kiosk (never a 5xx), and write nothing', async () => {
    const before = await snapshot(t)
    const forged = [
      'B.' + '0'.repeat(8) + '-0000-0000-0000-' + '0'.repeat(12) + '.99999999999.' + 'A'.repeat(43),
      w.code.replace(/^B/, 'M'),
      w.card.replace(/^M/, 'B'),
      w.code.slice(0, -1) + (w.code.endsWith('A') ? 'B' : 'A'),
      w.code + 'x',
      w.code.replace(/\.(\d+)\./, '.-1.'),
      "'; DROP TABLE bookings;--",
      '<script>alert(1)</script>',
      'é'.repeat(100),
      'B.' + w.bookingId + '.' + '9'.repeat(12) + '.' + w.code.slice(-43),
    ]
    for (const code of forged) {
      const res = await run('post', '/api/v1/kiosk/scan', { body: { code } })
      expect(verdict({ status: 404, code: 'not_found' }, res as never), code).toBeNull()
      const walk = await run('post', '/api/v1/kiosk/walk-in', { body: { memberCode: code, resourceId: w.zoneId } })
      expect(verdict({ status: 404, code: 'not_found' }, walk as never), code).toBeNull()
      total += 2
    }
    expect(await snapshot(t)).toEqual(before)
  })
})

describe('path parameters that cannot name anything', () => {
  it('answer 404 problem+json on every route of this suite with a parameter, and write nothing', async () => {
    const before = await snapshot(t)
    const failures: string[] = []
    const junk = ['not-a-uuid', "'; drop table users;--", '00000000-0000-4000-8000-000000000000', '..', '\u0000', 'é', 'x'.repeat(2000), 'UPPER-case']
    for (const r of registeredRoutes().filter((r) => r.path.includes(':') && ours().includes(r.key))) {
      for (const name of pathParams(r.path)) {
        for (const j of junk) {
          const url = fillPath(r.path, { ...params(), [name]: j })
          const res = await run(r.method as 'get', url, { body: validBody[r.key]?.() })
          const v = verdict({ status: 404, code: 'not_found' }, res as never)
          if (v) failures.push(`${r.key} :${name}=${JSON.stringify(j.slice(0, 20))}: ${v}`)
          total++
        }
      }
    }
    expect(failures).toEqual([])
    expect(await snapshot(t)).toEqual(before)
  })
})

describe('count', () => {
  it('sent a good hundred bad inputs', () => {
    expect(total).toBeGreaterThan(150)
  })
})
