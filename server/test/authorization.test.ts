import { authorizationElsewhere } from './support/covered-elsewhere.ts'
import { randomBytes, randomUUID } from 'node:crypto'
import { beforeAll, describe, expect, it } from 'vitest'
import type { Method } from '../src/http/route.ts'
import { lastEmail, lieuBody, useTestApp } from './support/test-app.ts'
import { cast, codeOf, leakCheck, logInAll, ok, splitRoute, type Denial } from './support/authorization.ts'
import {
  dbSnapshot,
  expectProblem,
  fillPath,
  registeredRoutes,
  send,
  type Agent,
} from './support/route-table.ts'

// ASVS 8.2.2 / 8.4.1, QUALITY R4: every route refuses a caller without rights on the object it
// names. An object the caller cannot see answers exactly like one that does not exist (404, never
// 403, never a byte of its data); 403 is for an object the caller sees but may not change.

const t = useTestApp({
  rateLimits: {
    loginPerAccount: { points: 1000, duration: 900 },
    loginPerIp: { points: 1000, duration: 900 },
  },
})

const PASSWORD = 'correct horse battery'

// Lieu A (network N1) and lieu B (network N2), each with its own people; outsiders besides.
const people = {
  ...cast,
  inviteeB: ['Ines Inviteebravo', 'invitee@bravo.test'],
  quitter: ['Quentin Quitter', 'quitter@nowhere.test'],
  leaver: ['Leo Leaver', 'leaver@nowhere.test'],
} as const
type Person = keyof typeof people
type Actor = Person | 'anon'
/** Who legitimately sees lieu B (its data may appear in what they get). */
const bInsiders: Actor[] = ['ownerB', 'managerB', 'memberB', 'coordN2', 'inviteeB']

interface World {
  agent: Record<Actor, Agent>
  user: Record<Person | 'spareB1' | 'spareB2', string>
  networkN1: string
  networkN2: string
  lieuA: string
  lieuA2: string
  lieuB: string
  closureA: string
  closureB: string
  closureB2: string
  invA: string
  invB: string
  invB2: string
  tokenBAccept: string
  /** Prefix of ownerB's second session (as GET /me/sessions shows it). */
  sessionB2: string
  /** Strings naming lieu B, its people and network: none may reach an outsider. */
  secretsB: string[]
}
const w = {} as World

beforeAll(async () => {
  const db = t.deps.db
  const logged = await logInAll(t, people, PASSWORD)
  w.agent = logged.agent
  w.user = logged.user as World['user']
  w.user.spareB1 = (await t.createUser({ name: 'Spare Bravoone', email: 'spare1@bravo.test' })).id
  w.user.spareB2 = (await t.createUser({ name: 'Spare Bravotwo', email: 'spare2@bravo.test' })).id

  const n1 = await db.network.create({
    data: { slug: 'network-one', name: 'Network One', coordinators: { create: { userId: w.user.coordN1 } } },
  })
  const n2 = await db.network.create({
    data: {
      slug: 'reseau-cache-deux',
      name: 'Reseau Cache Deux',
      description: 'Bravo network notes',
      coordinators: { create: { userId: w.user.coordN2 } },
    },
  })
  w.networkN1 = n1.id
  w.networkN2 = n2.id

  const createLieu = async (owner: Agent, body: object) => {
    const res = await owner.post('/api/v1/lieux').send(body)
    ok(res, 201, 'create lieu')
    return res.body.id as string
  }
  w.lieuA = await createLieu(w.agent.ownerA, lieuBody('alpha-place'))
  w.lieuA2 = await createLieu(w.agent.ownerA, lieuBody('alpha-annexe'))
  w.lieuB = await createLieu(
    w.agent.ownerB,
    lieuBody('bravo-cache', {
      name: 'Bravo Hidden Place',
      contact: { email: 'contact@bravo.test', phone: '+33 5 65 00 00 00', website: 'https://bravo.test' },
      legal: { legalName: 'Bravo Legal SAS', siret: '44201887300012', vatNumber: null, vatExempt: true },
    }),
  )
  await db.lieu.updateMany({ where: { id: { in: [w.lieuA, w.lieuA2] } }, data: { networkId: n1.id } })
  await db.lieu.update({ where: { id: w.lieuB }, data: { networkId: n2.id } })
  await db.lieuMembership.createMany({
    data: [
      { lieuId: w.lieuA, userId: w.user.managerA, role: 'manager' },
      { lieuId: w.lieuA, userId: w.user.memberA, role: 'member' },
      { lieuId: w.lieuB, userId: w.user.managerB, role: 'manager' },
      { lieuId: w.lieuB, userId: w.user.memberB, role: 'member' },
      { lieuId: w.lieuB, userId: w.user.spareB1, role: 'member' },
      { lieuId: w.lieuB, userId: w.user.spareB2, role: 'member' },
    ],
  })

  const closure = async (owner: Agent, lieuId: string, reason: string) => {
    const res = await owner
      .post(`/api/v1/lieux/${lieuId}/closures`)
      .send({ startDate: '2026-12-24', endDate: '2026-12-26', reason })
    ok(res, 201, 'closure')
    return res.body.id as string
  }
  w.closureA = await closure(w.agent.ownerA, w.lieuA, 'Alpha holidays')
  w.closureB = await closure(w.agent.ownerB, w.lieuB, 'Bravo secret works')
  w.closureB2 = await closure(w.agent.ownerB, w.lieuB, 'Bravo second closure')

  const invite = async (owner: Agent, lieuId: string, email: string) => {
    const res = await owner.post(`/api/v1/lieux/${lieuId}/invitations`).send({ email, role: 'member' })
    ok(res, 201, 'invite')
    return res.body.id as string
  }
  w.invA = await invite(w.agent.ownerA, w.lieuA, 'pending@alpha.test')
  w.invB = await invite(w.agent.ownerB, w.lieuB, 'pending@bravo.test')
  w.invB2 = await invite(w.agent.ownerB, w.lieuB, 'pending2@bravo.test')
  const invBAccept = await invite(w.agent.ownerB, w.lieuB, people.inviteeB[1])
  w.tokenBAccept = (await lastEmail(t, people.inviteeB[1])).token!

  // ownerB's second session (another device).
  const second = t.agent()
  ok(
    await second.post('/api/v1/auth/login').send({ email: people.ownerB[1], password: PASSWORD }),
    200,
    'second login',
  )
  const sessions = (await w.agent.ownerB.get('/api/v1/me/sessions')).body as {
    id: string
    current: boolean
  }[]
  expect(sessions).toHaveLength(2)
  w.sessionB2 = sessions.find((s) => !s.current)!.id
  const sessionB1 = sessions.find((s) => s.current)!.id

  w.secretsB = [
    w.lieuB,
    'bravo-cache',
    'Bravo Hidden Place',
    'contact@bravo.test',
    'Bravo Legal SAS',
    '44201887300012',
    w.closureB,
    w.closureB2,
    'Bravo secret works',
    'Bravo second closure',
    w.invB,
    w.invB2,
    invBAccept,
    'pending@bravo.test',
    'pending2@bravo.test',
    w.networkN2,
    'reseau-cache-deux',
    'Reseau Cache Deux',
    'Bravo network notes',
    w.sessionB2,
    sessionB1,
    ...(['ownerB', 'managerB', 'memberB', 'coordN2', 'inviteeB'] as const).flatMap((p) => [
      w.user[p],
      ...people[p],
    ]),
    w.user.spareB1,
    w.user.spareB2,
    'spare1@bravo.test',
    'spare2@bravo.test',
    'Spare Bravoone',
    'Spare Bravotwo',
  ]
})

/** None of B's data in the response, except what the caller itself sent. */
const expectNoSecretsOfB = leakCheck(() => w.secretsB)

// ─── The route table ────────────────────────────────────────────────────────────────────────────

interface RouteCase {
  route: string
  /** Path parameters naming B's objects (or the caller's own, for /me routes). */
  params?: (w: World) => Record<string, string>
  body?: (w: World) => unknown
  /** Who is refused, and how. */
  deny: Partial<Record<Actor, Denial>>
  /** Positive control, run after the denials: the same request is well-formed and allowed to the right person. */
  allow: {
    as: Actor
    status: number
    params?: (w: World) => Record<string, string>
    body?: (w: World) => unknown
  }
  /** The same request naming objects that do not exist (default: every path parameter a fresh UUID). */
  ghost?: (w: World) => { params?: Record<string, string>; body?: unknown }
  /** Strings a refused caller may read back (see the row). */
  mayEcho?: (w: World) => string[]
}

const onB = (w: World) => ({ lieuId: w.lieuB })
// Outsiders cannot see B; B's member and N2's coordinator see it but may not change it.
const cannotSee = { anon: 401, stranger: 404, ownerA: 404, managerA: 404, coordN1: 404 } as const
const cannotChange = { ...cannotSee, memberB: 403, coordN2: 403 } as const

const table: RouteCase[] = [
  // My account: the object is the session's own account; only the logged-out are refused.
  { route: 'GET /me', deny: { anon: 401 }, allow: { as: 'stranger', status: 200 } },
  {
    route: 'PATCH /me',
    body: () => ({ visibleToCommunity: true }),
    deny: { anon: 401 },
    allow: { as: 'stranger', status: 200 },
  },
  {
    route: 'POST /me/password',
    body: () => ({ currentPassword: PASSWORD, newPassword: 'another long passphrase' }),
    deny: { anon: 401 },
    allow: { as: 'memberA', status: 204 },
  },
  { route: 'GET /me/sessions', deny: { anon: 401 }, allow: { as: 'stranger', status: 200 } },
  {
    route: 'DELETE /me/sessions/:sessionId',
    params: (w) => ({ sessionId: w.sessionB2 }),
    deny: { anon: 401, stranger: 404, ownerA: 404, managerB: 404, memberB: 404, coordN2: 404 },
    // Succeeding here also proves the session survived every refusal above.
    allow: { as: 'ownerB', status: 204 },
    ghost: () => ({ params: { sessionId: randomBytes(8).toString('hex') } }),
  },
  { route: 'GET /me/export', deny: { anon: 401 }, allow: { as: 'stranger', status: 200 } },
  {
    route: 'DELETE /me',
    body: () => ({ password: PASSWORD }),
    deny: { anon: 401 },
    allow: { as: 'quitter', status: 204 },
  },
  { route: 'POST /auth/logout-all', deny: { anon: 401 }, allow: { as: 'leaver', status: 204 } },

  // Lieux: creating one in a network needs its coordinator; the network is otherwise invisible.
  {
    route: 'POST /lieux',
    body: (w) => ({ ...lieuBody('intruder-lieu'), networkId: w.networkN2 }),
    deny: { anon: 401, stranger: 404, ownerA: 404, coordN1: 404, ownerB: 404, memberB: 404 },
    allow: { as: 'coordN2', status: 201 },
    ghost: () => ({ body: { ...lieuBody('intruder-lieu'), networkId: randomUUID() } }),
  },
  { route: 'GET /lieux/:lieuId', params: onB, deny: cannotSee, allow: { as: 'memberB', status: 200 } },
  {
    route: 'PATCH /lieux/:lieuId',
    params: onB,
    body: () => ({ description: 'Taken over' }),
    deny: cannotChange,
    allow: { as: 'managerB', status: 200 },
  },
  {
    route: 'PUT /lieux/:lieuId/opening-hours',
    params: onB,
    body: () => ({ intervals: [{ weekday: 1, start: '09:00', end: '18:00' }] }),
    deny: cannotChange,
    allow: { as: 'managerB', status: 200 },
  },
  {
    route: 'POST /lieux/:lieuId/closures',
    params: onB,
    body: () => ({ startDate: '2027-01-01', endDate: '2027-01-02', reason: 'Sabotage' }),
    deny: cannotChange,
    allow: { as: 'managerB', status: 201 },
  },
  {
    route: 'DELETE /lieux/:lieuId/closures/:closureId',
    params: (w) => ({ lieuId: w.lieuB, closureId: w.closureB2 }),
    deny: cannotChange,
    allow: { as: 'managerB', status: 204 },
  },
  {
    route: 'GET /lieux/:lieuId/team',
    params: onB,
    deny: cannotChange,
    allow: { as: 'managerB', status: 200 },
  },
  {
    route: 'POST /lieux/:lieuId/invitations',
    params: onB,
    body: () => ({ email: 'newcomer@bravo.test', role: 'member' }),
    deny: cannotChange,
    allow: { as: 'managerB', status: 201 },
  },
  {
    route: 'DELETE /lieux/:lieuId/invitations/:invitationId',
    params: (w) => ({ lieuId: w.lieuB, invitationId: w.invB2 }),
    deny: cannotChange,
    allow: { as: 'managerB', status: 204 },
  },
  {
    route: 'PATCH /lieux/:lieuId/members/:userId',
    // memberB promoting themself is among the refusals.
    params: (w) => ({ lieuId: w.lieuB, userId: w.user.memberB }),
    body: () => ({ role: 'manager' }),
    deny: cannotChange,
    allow: { as: 'ownerB', status: 200, params: (w) => ({ lieuId: w.lieuB, userId: w.user.spareB1 }) },
  },
  {
    route: 'DELETE /lieux/:lieuId/members/:userId',
    params: (w) => ({ lieuId: w.lieuB, userId: w.user.managerB }),
    deny: cannotChange,
    allow: { as: 'managerB', status: 204, params: (w) => ({ lieuId: w.lieuB, userId: w.user.spareB2 }) },
  },
  {
    route: 'POST /invitations/accept',
    body: (w) => ({ token: w.tokenBAccept }),
    // The token is the capability: whoever holds it sees its address (GET /invitations/:token too).
    deny: { anon: 401, stranger: 403, ownerA: 403, ownerB: 403, memberB: 403 },
    allow: { as: 'inviteeB', status: 200 },
    mayEcho: () => [people.inviteeB[1]],
  },
  {
    route: 'GET /networks/:networkId',
    params: (w) => ({ networkId: w.networkN2 }),
    deny: { anon: 401, stranger: 404, ownerA: 404, coordN1: 404, ownerB: 404, memberB: 404 },
    allow: { as: 'coordN2', status: 200 },
  },
]

/** Routes needing no account, on purpose; everything else must be in the table. */
const authFree = [
  'POST /auth/register',
  'POST /auth/resend-verification',
  'POST /auth/verify-email',
  'POST /auth/login',
  'POST /auth/logout',
  'POST /auth/password-reset',
  'POST /auth/password-reset/confirm',
  'GET /invitations/:token',
  'GET /public/lieux/:slug',
  'GET /dev/outbox',
]

describe('route table coverage', () => {
  it('lists every route taking an id or needing a login, and only registered routes', () => {
    const routes = registeredRoutes()
    const keys = routes.map((r) => r.key)
    const inTable = table.map((c) => c.route)
    expect(new Set(inTable).size, 'a route appears twice in the table').toBe(inTable.length)
    for (const key of [...inTable, ...authFree])
      expect(keys, `${key} is not a registered route`).toContain(key)
    const mustCover = routes.filter((r) => r.path.includes(':') || r.auth === 'user').map((r) => r.key)
    const elsewhere = authorizationElsewhere()
    const missing = mustCover.filter((k) => !inTable.includes(k) && !authFree.includes(k) && !elsewhere.includes(k))
    expect(missing, 'routes missing from the authorization table').toEqual([])
    // An exemption is for routes that need no account at all.
    for (const key of authFree) expect(routes.find((r) => r.key === key)!.auth, key).not.toBe('user')
    // Every route with an id is refused to someone in the table, and every lieu route to an outsider.
    for (const c of table) {
      expect(Object.keys(c.deny).length, c.route).toBeGreaterThan(0)
      if (c.route.includes(':lieuId')) expect(c.deny.stranger, c.route).toBe(404)
    }
  })
})

// ─── Mixed ids: an object of B named under A's path ────────────────────────────────────────────────

describe('ids of lieu B addressed under lieu A (as A’s owner)', () => {
  const cases: {
    what: string
    method: Method
    path: (w: World) => string
    body?: unknown
    ghostPath: (w: World) => string
    intact: (w: World) => Promise<void>
  }[] = [
    {
      what: 'B’s closure',
      method: 'delete',
      path: (w) => `/api/v1/lieux/${w.lieuA}/closures/${w.closureB}`,
      ghostPath: (w) => `/api/v1/lieux/${w.lieuA}/closures/${randomUUID()}`,
      intact: async (w) =>
        expect(await t.deps.db.closure.findUnique({ where: { id: w.closureB } })).toMatchObject({
          lieuId: w.lieuB,
        }),
    },
    {
      what: 'B’s invitation',
      method: 'delete',
      path: (w) => `/api/v1/lieux/${w.lieuA}/invitations/${w.invB}`,
      ghostPath: (w) => `/api/v1/lieux/${w.lieuA}/invitations/${randomUUID()}`,
      intact: async (w) =>
        expect(await t.deps.db.invitation.findUnique({ where: { id: w.invB } })).toMatchObject({
          lieuId: w.lieuB,
          revokedAt: null,
        }),
    },
    {
      what: 'B’s member (role change)',
      method: 'patch',
      path: (w) => `/api/v1/lieux/${w.lieuA}/members/${w.user.memberB}`,
      body: { role: 'owner' },
      ghostPath: (w) => `/api/v1/lieux/${w.lieuA}/members/${randomUUID()}`,
      intact: async (w) => {
        const rows = await t.deps.db.lieuMembership.findMany({ where: { userId: w.user.memberB } })
        expect(rows.map((r) => [r.lieuId, r.role])).toEqual([[w.lieuB, 'member']])
      },
    },
    {
      what: 'B’s owner (removal)',
      method: 'delete',
      path: (w) => `/api/v1/lieux/${w.lieuA}/members/${w.user.ownerB}`,
      ghostPath: (w) => `/api/v1/lieux/${w.lieuA}/members/${randomUUID()}`,
      intact: async (w) =>
        expect(
          await t.deps.db.lieuMembership.findUnique({
            where: { lieuId_userId: { lieuId: w.lieuB, userId: w.user.ownerB } },
          }),
        ).toMatchObject({ role: 'owner' }),
    },
  ]
  it.each(cases)('$what → 404 like an unknown id, and B’s object is untouched', async (c) => {
    const before = await dbSnapshot(t)
    const url = c.path(w)
    const res = await send(w.agent.ownerA, c.method, url, c.body)
    const problem = expectProblem(res, 404, 'not_found', c.what)
    expect(await dbSnapshot(t)).toEqual(before)
    await c.intact(w)
    expectNoSecretsOfB(res, url, c.what)
    const ghost = expectProblem(
      await send(w.agent.ownerA, c.method, c.ghostPath(w), c.body),
      404,
      'not_found',
      `${c.what} (unknown id)`,
    )
    expect(problem.detail).toBe(ghost.detail)
  })
})

// ─── Roles within one lieu ────────────────────────────────────────────────────────────────────────

describe('roles', () => {
  it('a member reads their lieu but may not change it, its hours, closures or team', async () => {
    const m = w.agent.memberB
    const read = await m.get(`/api/v1/lieux/${w.lieuB}`)
    ok(read, 200, 'member GET')
    expect(read.body).toMatchObject({ id: w.lieuB, name: 'Bravo Hidden Place', myRole: 'member' })
    const before = await dbSnapshot(t)
    const base = `/api/v1/lieux/${w.lieuB}`
    expectProblem(await m.patch(base).send({ name: 'Mine now' }), 403, 'forbidden', 'PATCH')
    expectProblem(await m.put(`${base}/opening-hours`).send({ intervals: [] }), 403, 'forbidden', 'PUT hours')
    expectProblem(
      await m.post(`${base}/closures`).send({ startDate: '2027-02-01', endDate: '2027-02-01', reason: 'x' }),
      403,
      'forbidden',
      'POST closure',
    )
    expectProblem(await m.delete(`${base}/closures/${w.closureB}`), 403, 'forbidden', 'DELETE closure')
    expectProblem(
      await m.post(`${base}/invitations`).send({ email: 'friend@example.org' }),
      403,
      'forbidden',
      'invite',
    )
    expectProblem(await m.get(`${base}/team`), 403, 'forbidden', 'team')
    expectProblem(await m.delete(`${base}/members/${w.user.spareB1}`), 403, 'forbidden', 'remove someone')
    expect(await dbSnapshot(t)).toEqual(before)
  })

  it('a manager changes the identity but not the legal identity, and cannot grant owner', async () => {
    const m = w.agent.managerB
    const base = `/api/v1/lieux/${w.lieuB}`
    const before = await dbSnapshot(t)
    const legal = {
      legalName: 'Manager Takeover SARL',
      siret: '87654321000028',
      vatNumber: null,
      vatExempt: true,
    }
    expectProblem(await m.patch(base).send({ legal }), 403, 'forbidden', 'legal')
    expectProblem(await m.patch(base).send({ name: 'Renamed', legal }), 403, 'forbidden', 'name + legal')
    expectProblem(
      await m.patch(`${base}/members/${w.user.memberB}`).send({ role: 'owner' }),
      403,
      'forbidden',
      'grant owner',
    )
    expectProblem(
      await m.patch(`${base}/members/${w.user.managerB}`).send({ role: 'owner' }),
      403,
      'forbidden',
      'grant owner to self',
    )
    expectProblem(
      await m.patch(`${base}/members/${w.user.ownerB}`).send({ role: 'member' }),
      403,
      'forbidden',
      'demote owner',
    )
    expectProblem(await m.delete(`${base}/members/${w.user.ownerB}`), 403, 'forbidden', 'remove owner')
    expectProblem(
      await m.post(`${base}/invitations`).send({ email: 'new-owner@example.org', role: 'owner' }),
      403,
      'forbidden',
      'invite owner',
    )
    expect(await dbSnapshot(t)).toEqual(before)
    const lieu = await t.deps.db.lieu.findUniqueOrThrow({ where: { id: w.lieuB } })
    expect([lieu.legalName, lieu.siret, lieu.name]).toEqual([
      'Bravo Legal SAS',
      '44201887300012',
      'Bravo Hidden Place',
    ])

    // …while the same manager may change what is theirs to change (the refusals are about roles).
    ok(await m.patch(base).send({ description: 'Updated by the manager' }), 200, 'manager PATCH')
    ok(
      await m.patch(`${base}/members/${w.user.memberB}`).send({ role: 'member' }),
      200,
      'manager sets member role',
    )
  })

  it('a network coordinator sees every lieu of their network, no other, and changes none', async () => {
    const c = w.agent.coordN1
    for (const id of [w.lieuA, w.lieuA2]) {
      const res = await c.get(`/api/v1/lieux/${id}`)
      ok(res, 200, 'coordinator GET')
      expect(res.body).toMatchObject({ id, myRole: 'coordinator', network: { id: w.networkN1 } })
    }
    const net = await c.get(`/api/v1/networks/${w.networkN1}`)
    ok(net, 200, 'network')
    expect(net.body.lieux.map((l: { id: string }) => l.id).sort()).toEqual([w.lieuA, w.lieuA2].sort())
    expectNoSecretsOfB(net, '', 'own network')

    const other = await c.get(`/api/v1/lieux/${w.lieuB}`)
    expectProblem(other, 404, 'not_found', 'other network’s lieu')
    expectNoSecretsOfB(other, w.lieuB, 'other network’s lieu')
    expectProblem(await c.get(`/api/v1/networks/${w.networkN2}`), 404, 'not_found', 'other network')

    const before = await dbSnapshot(t)
    const base = `/api/v1/lieux/${w.lieuA}`
    expectProblem(await c.patch(base).send({ name: 'Coordinated' }), 403, 'forbidden', 'PATCH')
    expectProblem(await c.put(`${base}/opening-hours`).send({ intervals: [] }), 403, 'forbidden', 'PUT hours')
    expectProblem(
      await c.post(`${base}/closures`).send({ startDate: '2027-02-01', endDate: '2027-02-01', reason: 'x' }),
      403,
      'forbidden',
      'closure',
    )
    expectProblem(
      await c.post(`${base}/invitations`).send({ email: 'friend@example.org' }),
      403,
      'forbidden',
      'invite',
    )
    expectProblem(await c.delete(`${base}/members/${w.user.memberA}`), 403, 'forbidden', 'remove member')
    expect(await dbSnapshot(t)).toEqual(before)
  })

  it('an invitation accepted by an account with another address → 403, no membership, still pending', async () => {
    const res = await w.agent.stranger.post('/api/v1/invitations/accept').send({ token: w.tokenBAccept })
    expectProblem(res, 403, 'forbidden', 'accept')
    expect(await t.deps.db.lieuMembership.count({ where: { userId: w.user.stranger } })).toBe(0)
    expect((await w.agent.stranger.get('/api/v1/me')).body.lieux).toEqual([])
    const preview = await t.agent().get(`/api/v1/invitations/${w.tokenBAccept}`)
    ok(preview, 200, 'still pending')
    expect(preview.body.email).toBe(people.inviteeB[1])
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
      const before = await dbSnapshot(t)
      const res = await send(w.agent[actor], method, url, body)
      const problem = expectProblem(res, status, codeOf[status], what)
      expect(await dbSnapshot(t), `${what} changed the database`).toEqual(before)
      expectNoSecretsOfB(res, url + JSON.stringify(body ?? null), what, c.mayEcho?.(w))

      if (status === 404) {
        // Indistinguishable from an object that does not exist.
        const g = c.ghost?.(w) ?? {
          params: Object.fromEntries(Object.keys(c.params?.(w) ?? {}).map((k) => [k, randomUUID()])),
        }
        const ghost = await send(
          w.agent[actor],
          method,
          fillPath(path, g.params ?? c.params?.(w) ?? {}),
          g.body ?? body,
        )
        const gp = expectProblem(ghost, 404, 'not_found', `${what} (nonexistent object)`)
        expect({ ...problem, instance: '', requestId: '' }, what).toEqual({
          ...gp,
          instance: '',
          requestId: '',
        })
      }
    }

    const a = c.allow
    const url = fillPath(path, (a.params ?? c.params)?.(w) ?? {})
    const body = (a.body ?? c.body)?.(w)
    const res = await send(w.agent[a.as], method, url, body)
    ok(res, a.status, `${c.route} as ${a.as} (positive control)`)
    if (!bInsiders.includes(a.as)) expectNoSecretsOfB(res, url, `${c.route} as ${a.as}`)
  })
})
