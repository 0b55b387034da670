import { beforeAll, describe, expect, it } from 'vitest'
import { coveredElsewhere } from './support/covered-elsewhere.ts'
import { useTestApp, type TestApp } from './support/test-app.ts'
import { bookingWorld } from './support/booking-world.ts'
import { dbSnapshot, expectProblem, fillPath, registeredRoutes, send, type Agent } from './support/route-table.ts'

// The authorization table of the check-in codes, devices, kiosk, lobby and open-data routes (rules
// of authorization.test.ts): what the caller cannot see answers like what does not exist (404, none
// of its data); 403 is for what the caller sees but may not do; nothing refused writes anything.
// Device routes take `Authorization: Device <token>`: none, unknown or revoked → 401; a lobby
// device on a kiosk route → 403; a kiosk of lieu A given lieu B's codes → 404.

const t = useTestApp({ now: '2026-11-27T09:00:00Z' })
const SUITE = 'checkin.authorization.test.ts'

type Person = 'anon' | 'stranger' | 'managerA' | 'memberA' | 'managerB' | 'memberB' | 'member2B' | 'coordB'
type DeviceActor = 'noToken' | 'revokedB' | 'unknownToken' | 'lobbyB' | 'kioskA' | 'kioskB' | 'sessionOnly'
type Actor = Person | DeviceActor

interface World {
  agent: Record<Person, Agent>
  token: Record<Exclude<DeviceActor, 'noToken' | 'sessionOnly'>, string>
  lieuA: string
  lieuB: string
  slugB: string
  networkB: string
  bookingB: string
  zoneB: string
  deviceB: string
  cardB: string
  codeB: string
  secretsB: string[]
}
const w = {} as World

async function snapshot(app: TestApp) {
  const out: Record<string, string[]> = await dbSnapshot(app)
  // last_seen_at: a device that authenticates is seen, even when what it asks is refused.
  const q = {
    devices: 'SELECT id::text, kind::text, name, token_hash, revoked_at::text FROM devices ORDER BY 1',
    bookings: 'SELECT x::text AS row FROM bookings x ORDER BY 1',
    app_secrets: 'SELECT name FROM app_secrets ORDER BY 1',
  }
  for (const [table, sql] of Object.entries(q)) out[table] = (await app.deps.pool.query(sql)).rows.map((r) => JSON.stringify(r))
  return out
}

beforeAll(async () => {
  const a = await bookingWorld(t)
  const b = await bookingWorld(t)
  const stranger = await t.login({ name: 'Sam Stranger' })
  const member2B = await t.login({ name: 'Zoé Deuxbravo' })
  const coordB = await t.login({ name: 'Noémie Coordbravo' })
  const net = await t.deps.db.network.create({ data: { slug: 'reseau-bravo', name: 'Réseau Bravo', coordinators: { create: { userId: coordB.id } } } })
  await t.deps.db.lieu.update({ where: { id: b.lieu.id }, data: { networkId: net.id } })
  await t.deps.db.lieuMembership.create({ data: { lieuId: b.lieu.id, userId: member2B.id, role: 'member' } })
  w.agent = { anon: t.agent(), stranger: stranger.agent, managerA: a.manager.agent, memberA: a.alice.agent, managerB: b.manager.agent, memberB: b.alice.agent, member2B: member2B.agent, coordB: coordB.agent }
  w.lieuA = a.lieu.id
  w.lieuB = b.lieu.id
  w.slugB = b.lieu.slug
  w.networkB = 'reseau-bravo'
  w.zoneB = b.zone.id
  const mk = async (agent: Agent, lieuId: string, kind: string) => {
    const res = await agent.post(`/api/v1/lieux/${lieuId}/devices`).send({ kind, name: `${kind} ${lieuId.slice(0, 4)}` })
    expect(res.status, res.text).toBe(201)
    return res.body as { token: string; device: { id: string } }
  }
  const kioskA = await mk(a.manager.agent, a.lieu.id, 'kiosk')
  const kioskB = await mk(b.manager.agent, b.lieu.id, 'kiosk')
  const lobbyB = await mk(b.manager.agent, b.lieu.id, 'lobby')
  const revokedB = await mk(b.manager.agent, b.lieu.id, 'kiosk')
  expect((await b.manager.agent.delete(`/api/v1/lieux/${b.lieu.id}/devices/${revokedB.device.id}`)).status).toBe(204)
  w.deviceB = lobbyB.device.id
  w.token = { kioskA: kioskA.token, kioskB: kioskB.token, lobbyB: lobbyB.token, revokedB: revokedB.token, unknownToken: 'x'.repeat(43) }
  const booked = await b.alice.agent.post('/api/v1/bookings').set('Idempotency-Key', 'authz-booking-1').send({ resourceId: b.desk.id, startsAt: '2026-11-27T09:30:00Z', endsAt: '2026-11-27T11:00:00Z' })
  expect(booked.status, booked.text).toBe(201)
  w.bookingB = booked.body.id
  w.codeB = (await b.alice.agent.get(`/api/v1/bookings/${w.bookingB}/check-in-code`)).body.code
  w.cardB = (await b.alice.agent.get('/api/v1/me/member-code')).body.code
  w.secretsB = [b.alice.email, b.alice.id, 'Alice', 'Membre', b.manager.email, member2B.id, w.bookingB, w.deviceB, kioskB.device.id, kioskB.token, lobbyB.token, b.desk.id, 'Bureau 1', b.lieu.id, b.lieu.name, b.lieu.slug]
})

/** Sends as a person (their cookie) or as a device (its token header, no cookie). */
function sendAs(actor: Actor, method: 'get' | 'post' | 'delete', url: string, body?: unknown) {
  if (actor in (w.agent as object)) return send(w.agent[actor as Person], method, url, body)
  const agent = actor === 'sessionOnly' ? w.agent.managerB : t.agent()
  let req = agent[method](url)
  if (actor !== 'noToken' && actor !== 'sessionOnly') req = req.set('Authorization', `Device ${w.token[actor as keyof World['token']]}`)
  return body === undefined ? req : req.set('Content-Type', 'application/json').send(JSON.stringify(body))
}

type Denial = 401 | 403 | 404
const codeOf = { 401: 'unauthenticated', 403: 'forbidden', 404: 'not_found' } as const
interface RouteCase {
  route: string
  params?: () => Record<string, string>
  body?: () => unknown
  deny: Partial<Record<Actor, Denial>>
  allow: { as: Actor; status: number; body?: () => unknown; check?: (body: unknown, text: string) => void }[]
}
const devicesDenied = { noToken: 401, revokedB: 401, unknownToken: 401, sessionOnly: 401, anon: 401 } as const
const onB = () => ({ lieuId: w.lieuB })
/** What no public or device answer may ever hold: people, bookings, tokens. */
const personalB = () => w.secretsB.slice(0, 11)
const noSecrets = (_b: unknown, text: string) => {
  for (const s of personalB()) expect(text, s).not.toContain(s)
}
/** An outsider's refusal names nothing of lieu B that the request did not already name. */
const nothingOfB = (text: string, sent: string) => {
  for (const s of w.secretsB) if (!sent.includes(s)) expect(text, s).not.toContain(s)
}

const table: RouteCase[] = [
  {
    route: 'GET /bookings/:bookingId/check-in-code',
    params: () => ({ bookingId: w.bookingB }),
    deny: { anon: 401, stranger: 404, managerA: 404, memberA: 404, member2B: 404, coordB: 404 },
    allow: [{ as: 'memberB', status: 200 }, { as: 'managerB', status: 200 }],
  },
  { route: 'GET /me/member-code', deny: { anon: 401, noToken: 401, kioskB: 401 }, allow: [{ as: 'stranger', status: 200 }] },
  {
    route: 'POST /lieux/:lieuId/devices',
    params: onB,
    body: () => ({ kind: 'lobby', name: 'Refused TV' }),
    deny: { anon: 401, stranger: 404, managerA: 404, memberA: 404, memberB: 403, coordB: 403, kioskB: 401 },
    allow: [{ as: 'managerB', status: 201 }],
  },
  {
    route: 'GET /lieux/:lieuId/devices',
    params: onB,
    deny: { anon: 401, stranger: 404, managerA: 404, memberA: 404, memberB: 403, coordB: 403, kioskB: 401 },
    allow: [{ as: 'managerB', status: 200 }],
  },
  {
    route: 'DELETE /lieux/:lieuId/devices/:deviceId',
    params: () => ({ lieuId: w.lieuB, deviceId: w.deviceB }),
    deny: { anon: 401, stranger: 404, managerA: 404, memberA: 404, memberB: 403, coordB: 403, lobbyB: 401 },
    allow: [],
  },
  { route: 'GET /device/me', deny: { ...devicesDenied, managerB: 401 }, allow: [{ as: 'lobbyB', status: 200 }, { as: 'kioskB', status: 200 }] },
  {
    route: 'POST /kiosk/scan',
    body: () => ({ code: w.codeB }),
    deny: { ...devicesDenied, managerB: 401, lobbyB: 403, kioskA: 404 },
    allow: [{ as: 'kioskB', status: 200, body: () => ({ code: w.cardB }), check: (b) => expect(b).toMatchObject({ kind: 'member', member: { firstName: 'Alice' } }) }],
  },
  {
    route: 'POST /kiosk/check-in',
    body: () => ({ memberCode: w.cardB, bookingId: w.bookingB }),
    deny: { ...devicesDenied, managerB: 401, memberB: 401, lobbyB: 403, kioskA: 404 },
    allow: [],
  },
  {
    route: 'POST /kiosk/walk-in',
    body: () => ({ memberCode: w.cardB, resourceId: w.zoneB }),
    deny: { ...devicesDenied, managerB: 401, memberB: 401, lobbyB: 403, kioskA: 404 },
    allow: [],
  },
  {
    route: 'GET /lobby',
    deny: { ...devicesDenied, managerB: 401, memberB: 401 },
    allow: [
      { as: 'lobbyB', status: 200, check: noSecrets },
      { as: 'kioskA', status: 200, check: (_b, text) => expect(text).not.toContain(w.lieuB) },
    ],
  },
  {
    route: 'GET /open-data/lieux/:slug',
    params: () => ({ slug: w.slugB }),
    deny: {},
    allow: [{ as: 'anon', status: 200, check: noSecrets }, { as: 'noToken', status: 200 }],
  },
  {
    route: 'GET /open-data/networks/:slug',
    params: () => ({ slug: w.networkB }),
    deny: {},
    allow: [{ as: 'anon', status: 200, check: noSecrets }],
  },
]

const split = (route: string) => {
  const [m, path] = route.split(' ') as [string, string]
  return { method: m.toLowerCase() as 'get' | 'post' | 'delete', path }
}

describe('the check-in routes’ authorization table', () => {
  it('covers every route listed for this suite, and each is registered', () => {
    const keys = registeredRoutes().map((r) => r.key)
    const ours = Object.entries(coveredElsewhere).filter(([, v]) => v.authorization === SUITE).map(([k]) => k)
    expect(table.map((c) => c.route).sort()).toEqual(ours.sort())
    for (const k of ours) expect(keys, k).toContain(k)
    const mine = keys.filter((k) => /check-in-code|member-code|\/devices|\/device\/|\/kiosk\/|\/lobby|\/open-data\//.test(k))
    expect(mine.sort()).toEqual(ours.sort())
  })

  it.each(table.map((c) => ({ name: c.route, c })))('$name: refused to whoever may not, and nothing written', async ({ c }) => {
    const { method, path } = split(c.route)
    const url = fillPath(path, c.params?.() ?? {})
    const before = await snapshot(t)
    for (const [actor, status] of Object.entries(c.deny) as [Actor, Denial][]) {
      const res = await sendAs(actor, method, url, c.body?.())
      expectProblem(res, status, codeOf[status], `${c.route} as ${actor}`)
      nothingOfB(res.text, url + JSON.stringify(c.body?.() ?? ''))
    }
    expect(await snapshot(t)).toEqual(before)
    for (const a of c.allow) {
      const res = await sendAs(a.as, method, url, a.body?.() ?? c.body?.())
      expect(res.status, `${c.route} as ${a.as}: ${res.text.slice(0, 300)}`).toBe(a.status)
      a.check?.(res.body, res.text)
    }
  })

  it('the kiosk actions work for the right kiosk (after the refusals above)', async () => {
    t.clock.set('2026-11-27T09:20:00Z')
    const checkIn = await sendAs('kioskB', 'post', '/api/v1/kiosk/check-in', { memberCode: w.cardB, bookingId: w.bookingB })
    expect(checkIn.status, checkIn.text).toBe(200)
    const walkIn = await sendAs('kioskB', 'post', '/api/v1/kiosk/walk-in', { memberCode: w.cardB, resourceId: w.zoneB })
    expect(walkIn.status, walkIn.text).toBe(201)
    expect((await sendAs('managerB', 'delete', `/api/v1/lieux/${w.lieuB}/devices/${w.deviceB}`)).status).toBe(204)
    expect((await sendAs('lobbyB', 'get', '/api/v1/lobby')).status).toBe(401)
    t.clock.set('2026-11-27T09:00:00Z')
  })
})
