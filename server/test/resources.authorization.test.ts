import { randomUUID } from 'node:crypto'
import { beforeAll, describe, expect, it } from 'vitest'
import type { Method } from '../src/http/route.ts'
import { coveredElsewhere } from './support/covered-elsewhere.ts'
import { useTestApp } from './support/test-app.ts'
import { resourcesSnapshot } from './support/snapshots.ts'
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

// The authorization table of the resources, booking rules, habilitations and référent shifts
// routes (see authorization.test.ts for the rules): an object the caller cannot see answers like
// one that does not exist (404, nothing of it in the answer); 403 is for an object the caller sees
// but may not change; nothing refused writes anything.

const t = useTestApp()
const SUITE = 'resources.authorization.test.ts'

const people = cast
type Person = keyof typeof people
type Actor = Person | 'anon'
const bInsiders: Actor[] = ['ownerB', 'managerB', 'memberB', 'coordN2']

interface World {
  agent: Record<Actor, Agent>
  user: Record<Person, string>
  lieuA: string
  lieuB: string
  resourceA: string
  resourceB: string
  archivedB: string
  habA: string
  habB: string
  grantA: string
  grantB: string
  grantB2: string
  shiftA: string
  shiftB: string
  shiftB2: string
  secretsB: string[]
}
const w = {} as World

beforeAll(async () => {
  const db = t.deps.db
  const logged = await logInAll(t, people)
  w.agent = logged.agent
  w.user = logged.user
  const lieux = await twoNetworkedLieux(t, w.agent, w.user, {
    lieuBData: { bookingRules: { granularityMinutes: 45 } },
  })
  w.lieuA = lieux.lieuA
  w.lieuB = lieux.lieuB
  await db.lieuMembership.createMany({
    data: [
      { lieuId: w.lieuA, userId: w.user.managerA, role: 'manager' },
      { lieuId: w.lieuA, userId: w.user.memberA, role: 'member' },
      { lieuId: w.lieuB, userId: w.user.managerB, role: 'manager' },
      { lieuId: w.lieuB, userId: w.user.memberB, role: 'member' },
    ],
  })

  const post = async (agent: Agent, url: string, body: object, what: string) => {
    const res = await agent.post(url).send(body)
    ok(res, 201, what)
    return res.body.id as string
  }
  const A = `/api/v1/lieux/${w.lieuA}`
  const B = `/api/v1/lieux/${w.lieuB}`
  w.habA = await post(w.agent.ownerA, `${A}/habilitations`, { name: 'Alpha laser' }, 'habA')
  w.habB = await post(
    w.agent.ownerB,
    `${B}/habilitations`,
    { name: 'Bravo secret laser', description: 'Bravo hidden notes' },
    'habB',
  )
  w.resourceA = await post(
    w.agent.ownerA,
    `${A}/resources`,
    { kind: 'machine', name: 'Alpha cutter', habilitationId: w.habA },
    'resourceA',
  )
  w.resourceB = await post(
    w.agent.ownerB,
    `${B}/resources`,
    {
      kind: 'desk',
      name: 'Bravo secret desk',
      description: 'Bravo desk notes',
      dedicatedToId: w.user.memberB,
    },
    'resourceB',
  )
  w.archivedB = await post(
    w.agent.ownerB,
    `${B}/resources`,
    { kind: 'room', name: 'Bravo archived room', capacity: 4 },
    'archivedB',
  )
  ok(await w.agent.ownerB.patch(`${B}/resources/${w.archivedB}`).send({ archived: true }), 200, 'archive')
  w.grantA = await post(
    w.agent.ownerA,
    `${A}/habilitations/${w.habA}/grants`,
    { userId: w.user.memberA },
    'grantA',
  )
  w.grantB = await post(
    w.agent.ownerB,
    `${B}/habilitations/${w.habB}/grants`,
    { userId: w.user.memberB },
    'grantB',
  )
  w.grantB2 = await post(
    w.agent.ownerB,
    `${B}/habilitations/${w.habB}/grants`,
    { userId: w.user.managerB },
    'grantB2',
  )
  const shift = { startsAt: '2026-11-28T09:00:00Z', endsAt: '2026-11-28T12:00:00Z' }
  w.shiftA = await post(
    w.agent.ownerA,
    `${A}/referent-shifts`,
    { ...shift, userId: w.user.memberA, habilitationId: w.habA },
    'shiftA',
  )
  w.shiftB = await post(
    w.agent.ownerB,
    `${B}/referent-shifts`,
    { ...shift, userId: w.user.memberB, habilitationId: w.habB },
    'shiftB',
  )
  w.shiftB2 = await post(
    w.agent.ownerB,
    `${B}/referent-shifts`,
    { ...shift, userId: w.user.managerB, habilitationId: w.habB },
    'shiftB2',
  )

  w.secretsB = [
    w.lieuB,
    'bravo-cache',
    'Bravo Hidden Place',
    'Reseau Cache',
    'reseau-cache',
    lieux.networkB,
    w.resourceB,
    w.archivedB,
    'Bravo secret desk',
    'Bravo desk notes',
    'Bravo archived room',
    w.habB,
    'Bravo secret laser',
    'Bravo hidden notes',
    w.grantB,
    w.grantB2,
    w.shiftB,
    w.shiftB2,
    ...bInsiders.flatMap((p) => [w.user[p as Person], ...people[p as Person]]),
  ]
})

/** None of B's data in the response, except what the caller itself sent. */
const expectNoSecretsOfB = leakCheck(() => w.secretsB)

// ─── The route table ────────────────────────────────────────────────────────────────────────────

interface RouteCase {
  route: string
  params?: (w: World) => Record<string, string>
  body?: (w: World) => unknown
  deny: Partial<Record<Actor, Denial>>
  allow: {
    as: Actor
    status: number
    params?: (w: World) => Record<string, string>
    /** Appended to the URL, e.g. `?includeArchived=true`. */
    query?: string
    body?: (w: World) => unknown
    check?: (body: unknown, w: World) => void
  }
}

const onB = (w: World) => ({ lieuId: w.lieuB })
const cannotSee = {
  anon: 401,
  stranger: 404,
  ownerA: 404,
  managerA: 404,
  memberA: 404,
  coordN1: 404,
} as const
const cannotChange = { ...cannotSee, memberB: 403, coordN2: 403 } as const

const table: RouteCase[] = [
  {
    route: 'GET /lieux/:lieuId/resources',
    params: onB,
    deny: cannotSee,
    // A member asking for archived resources gets the active ones.
    allow: {
      as: 'memberB',
      status: 200,
      query: '?includeArchived=true',
      check: (b, w) => expect(ids(b)).toEqual([w.resourceB]),
    },
  },
  {
    route: 'POST /lieux/:lieuId/resources',
    params: onB,
    body: () => ({ kind: 'room', name: 'Intruder room', capacity: 3 }),
    deny: cannotChange,
    allow: { as: 'managerB', status: 201 },
  },
  {
    route: 'GET /lieux/:lieuId/resources/:resourceId',
    params: (w) => ({ lieuId: w.lieuB, resourceId: w.resourceB }),
    deny: cannotSee,
    allow: {
      as: 'coordN2',
      status: 200,
      check: (b) =>
        expect(b).toMatchObject({ name: 'Bravo secret desk', effectiveRules: { granularityMinutes: 45 } }),
    },
  },
  {
    route: 'PATCH /lieux/:lieuId/resources/:resourceId',
    params: (w) => ({ lieuId: w.lieuB, resourceId: w.resourceB }),
    body: () => ({ name: 'Taken over', archived: true }),
    deny: cannotChange,
    allow: { as: 'managerB', status: 200, body: () => ({ description: 'Changed by the manager' }) },
  },
  {
    route: 'GET /lieux/:lieuId/booking-rules',
    params: onB,
    deny: cannotSee,
    allow: { as: 'memberB', status: 200, check: (b) => expect(b).toMatchObject({ granularityMinutes: 45 }) },
  },
  {
    route: 'PUT /lieux/:lieuId/booking-rules',
    params: onB,
    body: () => ({ whoMayBook: 'public', approvalRequired: false }),
    deny: cannotChange,
    allow: { as: 'managerB', status: 200, body: () => ({ bufferAfterMinutes: 10 }) },
  },
  {
    route: 'GET /lieux/:lieuId/habilitations',
    params: onB,
    deny: cannotSee,
    allow: { as: 'memberB', status: 200, check: (b, w) => expect(ids(b)).toEqual([w.habB]) },
  },
  {
    route: 'POST /lieux/:lieuId/habilitations',
    params: onB,
    body: () => ({ name: 'Intruder training' }),
    deny: cannotChange,
    allow: { as: 'managerB', status: 201 },
  },
  {
    route: 'PATCH /lieux/:lieuId/habilitations/:habilitationId',
    params: (w) => ({ lieuId: w.lieuB, habilitationId: w.habB }),
    body: () => ({ name: 'Renamed by an intruder' }),
    deny: cannotChange,
    allow: { as: 'managerB', status: 200, body: () => ({ description: 'Bravo hidden notes, updated' }) },
  },
  {
    route: 'GET /lieux/:lieuId/habilitations/:habilitationId/grants',
    params: (w) => ({ lieuId: w.lieuB, habilitationId: w.habB }),
    deny: cannotChange,
    allow: {
      as: 'managerB',
      status: 200,
      check: (b, w) => expect(ids(b).sort()).toEqual([w.grantB, w.grantB2].sort()),
    },
  },
  {
    route: 'POST /lieux/:lieuId/habilitations/:habilitationId/grants',
    params: (w) => ({ lieuId: w.lieuB, habilitationId: w.habB }),
    // memberB granting themself is among the refusals.
    body: (w) => ({ userId: w.user.memberB, expiresAt: '2027-01-01T00:00:00Z' }),
    deny: cannotChange,
    allow: { as: 'managerB', status: 201, body: (w) => ({ userId: w.user.memberB, expiresAt: null }) },
  },
  {
    route: 'DELETE /lieux/:lieuId/habilitations/:habilitationId/grants/:grantId',
    params: (w) => ({ lieuId: w.lieuB, habilitationId: w.habB, grantId: w.grantB2 }),
    deny: cannotChange,
    allow: { as: 'managerB', status: 204 },
  },
  {
    route: 'GET /me/habilitations',
    deny: { anon: 401 },
    allow: { as: 'memberA', status: 200, check: (b, w) => expect(ids(b)).toEqual([w.grantA]) },
  },
  {
    route: 'GET /lieux/:lieuId/referent-shifts',
    params: onB,
    deny: cannotSee,
    allow: {
      as: 'memberB',
      status: 200,
      query: '?from=2026-11-28T00:00:00Z&to=2026-11-29T00:00:00Z',
      check: (b, w) => expect(ids(b).sort()).toEqual([w.shiftB, w.shiftB2].sort()),
    },
  },
  {
    route: 'POST /lieux/:lieuId/referent-shifts',
    params: onB,
    body: (w) => ({
      userId: w.user.memberB,
      habilitationId: w.habB,
      startsAt: '2026-11-29T09:00:00Z',
      endsAt: '2026-11-29T10:00:00Z',
    }),
    deny: cannotChange,
    allow: { as: 'managerB', status: 201 },
  },
  {
    route: 'DELETE /lieux/:lieuId/referent-shifts/:shiftId',
    params: (w) => ({ lieuId: w.lieuB, shiftId: w.shiftB2 }),
    deny: cannotChange,
    allow: { as: 'managerB', status: 204 },
  },
]

/**
 * This suite's routes: resources, booking rules, habilitations, référent shifts, my grants. What
 * other domains hang under one resource (`/resources/:resourceId/availability`, its calendar feed…)
 * is theirs: authorization.test.ts's coverage check holds them to their own table.
 */
const isOurs = (path: string) =>
  (['/resources', '/booking-rules', '/habilitations', '/referent-shifts'].some((p) => path.includes(p)) &&
    !/\/resources\/:resourceId\/./.test(path)) ||
  path === '/me/habilitations'

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
    // A route of another domain nested under these paths (e.g. a resource's availability) is
    // covered by the suite covered-elsewhere.ts names for it.
    const ours = routes
      .filter((r) => isOurs(r.path) && (coveredElsewhere[r.key]?.authorization ?? SUITE) === SUITE)
      .map((r) => r.key)
    expect(
      ours.filter((k) => !inTable.includes(k)),
      'routes missing from this table',
    ).toEqual([])
    for (const c of table) if (c.route.includes(':lieuId')) expect(c.deny.stranger, c.route).toBe(404)
  })
})

// ─── Ids of lieu B under lieu A's path, and B's ids in A's bodies ─────────────────────────────────

describe('ids of lieu B addressed under lieu A (as A’s owner)', () => {
  const ghost = '00000000-0000-4000-8000-00000000abcd'
  const cases: {
    what: string
    method: Method
    path: (w: World) => string
    ghostPath: (w: World) => string
    body?: (w: World) => unknown
  }[] = [
    {
      what: 'B’s resource (read)',
      method: 'get',
      path: (w) => `/api/v1/lieux/${w.lieuA}/resources/${w.resourceB}`,
      ghostPath: (w) => `/api/v1/lieux/${w.lieuA}/resources/${ghost}`,
    },
    {
      what: 'B’s resource (archive)',
      method: 'patch',
      path: (w) => `/api/v1/lieux/${w.lieuA}/resources/${w.resourceB}`,
      ghostPath: (w) => `/api/v1/lieux/${w.lieuA}/resources/${ghost}`,
      body: () => ({ archived: true, name: 'Mine' }),
    },
    {
      what: 'B’s habilitation (rename)',
      method: 'patch',
      path: (w) => `/api/v1/lieux/${w.lieuA}/habilitations/${w.habB}`,
      ghostPath: (w) => `/api/v1/lieux/${w.lieuA}/habilitations/${ghost}`,
      body: () => ({ name: 'Mine' }),
    },
    {
      what: 'B’s habilitation (grants)',
      method: 'get',
      path: (w) => `/api/v1/lieux/${w.lieuA}/habilitations/${w.habB}/grants`,
      ghostPath: (w) => `/api/v1/lieux/${w.lieuA}/habilitations/${ghost}/grants`,
    },
    {
      what: 'B’s habilitation (grant it to my member)',
      method: 'post',
      path: (w) => `/api/v1/lieux/${w.lieuA}/habilitations/${w.habB}/grants`,
      ghostPath: (w) => `/api/v1/lieux/${w.lieuA}/habilitations/${ghost}/grants`,
      body: (w) => ({ userId: w.user.memberA }),
    },
    {
      what: 'B’s grant under A’s habilitation',
      method: 'delete',
      path: (w) => `/api/v1/lieux/${w.lieuA}/habilitations/${w.habA}/grants/${w.grantB}`,
      ghostPath: (w) => `/api/v1/lieux/${w.lieuA}/habilitations/${w.habA}/grants/${ghost}`,
    },
    {
      what: 'B’s grant under B’s habilitation under A',
      method: 'delete',
      path: (w) => `/api/v1/lieux/${w.lieuA}/habilitations/${w.habB}/grants/${w.grantB}`,
      ghostPath: (w) => `/api/v1/lieux/${w.lieuA}/habilitations/${ghost}/grants/${ghost}`,
    },
    {
      what: 'B’s shift',
      method: 'delete',
      path: (w) => `/api/v1/lieux/${w.lieuA}/referent-shifts/${w.shiftB}`,
      ghostPath: (w) => `/api/v1/lieux/${w.lieuA}/referent-shifts/${ghost}`,
    },
  ]
  it.each(cases)('$what → 404 like an unknown id, and nothing changes', async (c) => {
    const before = await resourcesSnapshot(t)
    const url = c.path(w)
    const body = c.body?.(w)
    const problem = expectProblem(await send(w.agent.ownerA, c.method, url, body), 404, 'not_found', c.what)
    expect(await resourcesSnapshot(t)).toEqual(before)
    const res = await send(w.agent.ownerA, c.method, url, body)
    expectNoSecretsOfB(res, url, c.what)
    const g = expectProblem(
      await send(w.agent.ownerA, c.method, c.ghostPath(w), body),
      404,
      'not_found',
      `${c.what} (unknown)`,
    )
    expect(problem.detail).toBe(g.detail)
  })

  const bodies: {
    what: string
    url: (w: World) => string
    body: (w: World, id: string) => object
    bId: (w: World) => string
    field: string
  }[] = [
    {
      what: 'B’s habilitation on A’s machine',
      url: (w) => `/api/v1/lieux/${w.lieuA}/resources`,
      body: (_w, id) => ({ kind: 'machine', name: 'Borrowed', habilitationId: id }),
      bId: (w) => w.habB,
      field: 'habilitationId',
    },
    {
      what: 'B’s member on A’s dedicated desk',
      url: (w) => `/api/v1/lieux/${w.lieuA}/resources`,
      body: (_w, id) => ({ kind: 'desk', name: 'Borrowed', dedicatedToId: id }),
      bId: (w) => w.user.memberB,
      field: 'dedicatedToId',
    },
    {
      what: 'B’s member granted A’s habilitation',
      url: (w) => `/api/v1/lieux/${w.lieuA}/habilitations/${w.habA}/grants`,
      body: (_w, id) => ({ userId: id }),
      bId: (w) => w.user.memberB,
      field: 'userId',
    },
    {
      what: 'B’s habilitation in A’s shift',
      url: (w) => `/api/v1/lieux/${w.lieuA}/referent-shifts`,
      body: (w, id) => ({
        userId: w.user.memberA,
        habilitationId: id,
        startsAt: '2026-11-28T09:00:00Z',
        endsAt: '2026-11-28T10:00:00Z',
      }),
      bId: (w) => w.habB,
      field: 'habilitationId',
    },
    {
      what: 'B’s member as A’s référent',
      url: (w) => `/api/v1/lieux/${w.lieuA}/referent-shifts`,
      body: (w, id) => ({
        userId: id,
        habilitationId: w.habA,
        startsAt: '2026-11-28T09:00:00Z',
        endsAt: '2026-11-28T10:00:00Z',
      }),
      bId: (w) => w.user.memberB,
      field: 'userId',
    },
  ]
  it.each(bodies)('$what → 400 like an unknown id, and nothing changes', async (c) => {
    const before = await resourcesSnapshot(t)
    const sent = c.body(w, c.bId(w))
    const res = await send(w.agent.ownerA, 'post', c.url(w), sent)
    const problem = expectProblem(res, 400, 'validation_failed', c.what)
    expect(problem.errors?.map((e) => e.field)).toEqual([c.field])
    expect(await resourcesSnapshot(t)).toEqual(before)
    expectNoSecretsOfB(res, JSON.stringify(sent), c.what)
    const g = expectProblem(
      await send(w.agent.ownerA, 'post', c.url(w), c.body(w, randomUUID())),
      400,
      'validation_failed',
      `${c.what} (unknown)`,
    )
    expect(problem.errors).toEqual(g.errors)
    expect(problem.detail).toBe(g.detail)
  })

  it('my grants show nothing of B to A’s people, nor A’s to B’s', async () => {
    for (const who of ['ownerA', 'managerA', 'memberA', 'coordN1', 'stranger'] as const) {
      const res = await w.agent[who].get('/api/v1/me/habilitations')
      ok(res, 200, who)
      expectNoSecretsOfB(res, '', `${who} /me/habilitations`)
    }
    const b = await w.agent.memberB.get('/api/v1/me/habilitations')
    expect(b.text).not.toContain(w.grantA)
    expect(b.text).not.toContain('Alpha laser')
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
      const before = await resourcesSnapshot(t)
      const res = await send(w.agent[actor], method, url, body)
      const problem = expectProblem(res, status, codeOf[status], what)
      expect(await resourcesSnapshot(t), `${what} changed the database`).toEqual(before)
      expectNoSecretsOfB(res, url + JSON.stringify(body ?? null), what)
      if (status === 404) {
        const params = Object.fromEntries(Object.keys(c.params?.(w) ?? {}).map((k) => [k, randomUUID()]))
        const gp = expectProblem(
          await send(w.agent[actor], method, fillPath(path, params), body),
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
    const url = fillPath(path, (a.params ?? c.params)?.(w) ?? {}) + (a.query ?? '')
    const res = await send(w.agent[a.as], method, url, (a.body ?? c.body)?.(w))
    ok(res, a.status, `${c.route} as ${a.as} (positive control)`)
    a.check?.(res.body, w)
    if (!bInsiders.includes(a.as)) expectNoSecretsOfB(res, url, `${c.route} as ${a.as}`)
  })
})
