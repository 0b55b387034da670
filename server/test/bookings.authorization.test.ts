import { randomUUID } from 'node:crypto'
import { beforeAll, describe, expect, it } from 'vitest'
import type { Method } from '../src/http/route.ts'
import { coveredElsewhere } from './support/covered-elsewhere.ts'
import { useTestApp } from './support/test-app.ts'
import { bookingsSnapshot } from './support/snapshots.ts'
import {
  cast,
  codeOf,
  ids,
  leakCheck,
  logInAll,
  ok,
  splitRoute,
  type Denial,
} from './support/authorization.ts'
import {
  expectProblem,
  fillPath,
  registeredRoutes,
  send,
  type Agent,
} from './support/route-table.ts'

// The authorization table of the booking routes: bookings, series, availability, free-now and the
// waitlist (see authorization.test.ts for the rules). An object the caller cannot see answers like
// one that does not exist (404, nothing of it in the answer); a member never sees another member's
// booking (404); 403 is for a booking the caller sees but may not act on that way (a member
// approving their own request); nothing refused writes anything.

// Friday 2026-11-27, 10:00 in Paris.
const t = useTestApp({ now: '2026-11-27T09:00:00Z' })
const SUITE = 'bookings.authorization.test.ts'

const { coordN2, ...lieuPeople } = cast
const people = {
  ...lieuPeople,
  /** Another member of B: never sees Boris's bookings, nor Boris hers. */
  memberB2: ['Bianca Membrebravo', 'member2@bravo.test'],
  coordN2,
} as const
type Person = keyof typeof people
type Actor = Person | 'anon'
const bInsiders: Actor[] = ['ownerB', 'managerB', 'memberB', 'memberB2', 'coordN2']

interface World {
  agent: Record<Actor, Agent>
  user: Record<Person, string>
  lieuA: string
  lieuB: string
  deskA: string
  deskB: string
  roomB: string
  zoneB: string
  /** memberA's booking of deskA. */
  bookingA: string
  /** memberB2's booking of deskB, 2026-12-08 09:00–10:00 Paris (the slot the waitlist queues for). */
  takenB2: string
  /** memberB's bookings, one per route acting on a booking (the positive controls change them). */
  getB: string
  approveB: string
  declineB: string
  cancelB: string
  moveB: string
  checkInB: string
  checkOutB: string
  noShowB: string
  seriesB: string
  waitingB: string
  offeredB: string
  secretsB: string[]
}
const w = {} as World

/** A booking written straight to the table (for states the clock would not let the API reach). */
async function insertBooking(
  resourceId: string,
  userId: string,
  startsAt: string,
  endsAt: string,
  status: 'pending' | 'confirmed' | 'checked_in',
  extra: { checkedInAt?: Date } = {},
) {
  const r = await t.deps.db.resource.findUniqueOrThrow({ where: { id: resourceId } })
  const [start, end] = [new Date(startsAt), new Date(endsAt)]
  const b = await t.deps.db.booking.create({
    data: {
      lieuId: r.lieuId,
      resourceId,
      userId,
      bookedById: userId,
      startsAt: start,
      endsAt: end,
      blockStartsAt: start,
      blockEndsAt: end,
      exclusive: r.kind !== 'zone',
      status,
      ...extra,
    },
  })
  return b.id
}

const slot = (day: string, from: string, to: string) => ({
  startsAt: `2026-12-${day}T${from}:00+01:00`,
  endsAt: `2026-12-${day}T${to}:00+01:00`,
})

beforeAll(async () => {
  const db = t.deps.db
  const logged = await logInAll(t, people)
  w.agent = logged.agent
  w.user = logged.user
  const n1 = await db.network.create({
    data: { slug: 'network-one', name: 'Network One', coordinators: { create: { userId: w.user.coordN1 } } },
  })
  const n2 = await db.network.create({
    data: {
      slug: 'reseau-cache',
      name: 'Reseau Cache',
      coordinators: { create: { userId: w.user.coordN2 } },
    },
  })
  const lieu = async (
    slug: string,
    name: string,
    networkId: string,
    team: [Person, 'owner' | 'manager' | 'member'][],
  ) =>
    (
      await db.lieu.create({
        data: {
          slug,
          name,
          timeZone: 'Europe/Paris',
          networkId,
          bookingRules: { bookingWindowDays: 400 },
          openingHours: {
            create: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({
              weekday,
              startMinute: 8 * 60,
              endMinute: 20 * 60,
            })),
          },
          memberships: { create: team.map(([p, role]) => ({ userId: w.user[p], role })) },
        },
      })
    ).id
  w.lieuA = await lieu('alpha-place', 'Alpha Place', n1.id, [
    ['ownerA', 'owner'],
    ['managerA', 'manager'],
    ['memberA', 'member'],
  ])
  w.lieuB = await lieu('bravo-cache', 'Bravo Hidden Place', n2.id, [
    ['ownerB', 'owner'],
    ['managerB', 'manager'],
    ['memberB', 'member'],
    ['memberB2', 'member'],
  ])
  const resource = async (lieuId: string, kind: 'desk' | 'room' | 'zone', name: string, more: object = {}) =>
    (await db.resource.create({ data: { lieuId, kind, name, ...more } })).id
  w.deskA = await resource(w.lieuA, 'desk', 'Alpha desk')
  w.deskB = await resource(w.lieuB, 'desk', 'Bravo secret desk')
  w.roomB = await resource(w.lieuB, 'room', 'Bravo secret room', {
    capacity: 6,
    rules: { approvalRequired: true },
  })
  w.zoneB = await resource(w.lieuB, 'zone', 'Bravo open space', { capacity: 4 })

  const book = async (who: Person, body: object, status = 201) => {
    const res = await w.agent[who].post('/api/v1/bookings').send(body)
    ok(res, status, `book as ${who}`)
    return res.body as { id: string; status: string }
  }
  w.bookingA = (await book('memberA', { resourceId: w.deskA, ...slot('01', '09:00', '10:00') })).id
  w.takenB2 = (await book('memberB2', { resourceId: w.deskB, ...slot('08', '09:00', '10:00') })).id
  w.getB = (
    await book('memberB', {
      resourceId: w.deskB,
      ...slot('01', '09:00', '10:00'),
      note: 'Bravo private note',
    })
  ).id
  const pending1 = await book('memberB', { resourceId: w.roomB, ...slot('02', '09:00', '10:00') })
  const pending2 = await book('memberB', { resourceId: w.roomB, ...slot('02', '11:00', '12:00') })
  expect([pending1.status, pending2.status]).toEqual(['pending', 'pending'])
  w.approveB = pending1.id
  w.declineB = pending2.id
  w.cancelB = (await book('memberB', { resourceId: w.deskB, ...slot('03', '09:00', '10:00') })).id
  w.moveB = (await book('memberB', { resourceId: w.deskB, ...slot('04', '09:00', '10:00') })).id
  // Today (10:00 in Paris): one to check into, one checked in, one started and never honoured.
  w.checkInB = await insertBooking(
    w.deskB,
    w.user.memberB,
    '2026-11-27T09:00:00Z',
    '2026-11-27T11:00:00Z',
    'confirmed',
  )
  w.checkOutB = await insertBooking(
    w.zoneB,
    w.user.memberB,
    '2026-11-27T08:30:00Z',
    '2026-11-27T10:00:00Z',
    'checked_in',
    {
      checkedInAt: new Date('2026-11-27T08:30:00Z'),
    },
  )
  w.noShowB = await insertBooking(
    w.zoneB,
    w.user.memberB,
    '2026-11-27T08:00:00Z',
    '2026-11-27T10:00:00Z',
    'confirmed',
  )
  const series = await w.agent.memberB.post('/api/v1/bookings/series').send({
    resourceId: w.deskB,
    localStart: '2026-12-07T14:00',
    durationMinutes: 60,
    frequency: 'daily',
    count: 3,
  })
  ok(series, 201, 'series')
  w.seriesB = series.body.id
  // Boris queues for Bianca's slot; an offer of a free slot waits for him.
  w.waitingB = (
    await db.waitlistEntry.create({
      data: {
        resourceId: w.deskB,
        userId: w.user.memberB,
        startsAt: new Date('2026-12-08T08:00:00Z'),
        endsAt: new Date('2026-12-08T09:00:00Z'),
      },
    })
  ).id
  w.offeredB = (
    await db.waitlistEntry.create({
      data: {
        resourceId: w.deskB,
        userId: w.user.memberB,
        startsAt: new Date('2026-12-09T08:00:00Z'),
        endsAt: new Date('2026-12-09T09:00:00Z'),
        status: 'offered',
        offeredAt: new Date('2026-11-27T09:00:00Z'),
        offerExpiresAt: new Date('2026-11-27T10:00:00Z'),
      },
    })
  ).id

  const bookingIdsOfB = (await db.booking.findMany({ where: { lieuId: w.lieuB } })).map((b) => b.id)
  w.secretsB = [
    w.lieuB,
    'bravo-cache',
    'Bravo Hidden Place',
    n2.id,
    'reseau-cache',
    'Reseau Cache',
    w.deskB,
    w.roomB,
    w.zoneB,
    'Bravo secret desk',
    'Bravo secret room',
    'Bravo open space',
    'Bravo private note',
    w.seriesB,
    w.waitingB,
    w.offeredB,
    ...bookingIdsOfB,
    ...bInsiders.flatMap((p) => [w.user[p as Person], ...people[p as Person]]),
  ]
})

/** None of B's data in the response, except what the caller itself sent. */
const expectNoSecretsOfB = leakCheck(() => w.secretsB)

// ─── The route table ────────────────────────────────────────────────────────────────────────────

interface RouteCase {
  route: string
  /** Path parameters naming B's objects. */
  params?: (w: World) => Record<string, string>
  /** Appended to the URL, e.g. `?from=2026-12-01&to=2026-12-02`. */
  query?: string
  body?: (w: World) => unknown
  deny: Partial<Record<Actor, Denial>>
  allow: {
    as: Actor
    status: number
    body?: (w: World) => unknown
    check?: (body: unknown, w: World) => void
  }
  /** The same request naming objects that do not exist (default: every path parameter a fresh UUID). */
  ghost?: (w: World) => { params?: Record<string, string>; body?: unknown }
}

const outsiders = {
  anon: 401,
  stranger: 404,
  ownerA: 404,
  managerA: 404,
  memberA: 404,
  coordN1: 404,
} as const
/** A member's booking: outsiders, another member of B and the network's coordinator see nothing of it. */
const othersBooking = { ...outsiders, memberB2: 404, coordN2: 404 } as const
/** Manager-only actions: the member whose booking it is sees it, but may not. */
const managersOnly = { ...othersBooking, memberB: 403 } as const
/** A waitlist entry is its member's own: not even B's managers see it. */
const othersEntry = { ...othersBooking, managerB: 404, ownerB: 404 } as const
const ghostResource = (body: Record<string, unknown>) => () => ({
  body: { ...body, resourceId: randomUUID() },
})

const newBooking = (w: World) => ({ resourceId: w.deskB, ...slot('10', '09:00', '10:00') })
const newSeries = (w: World) => ({
  resourceId: w.deskB,
  localStart: '2026-12-14T09:00',
  durationMinutes: 60,
  frequency: 'daily',
  count: 2,
})
const queueFor = (w: World) => ({ resourceId: w.deskB, ...slot('08', '09:30', '10:00') })
const days = '?from=2026-12-01&to=2026-12-02'
const priceSlot = '?startsAt=2026-12-01T09:00:00%2B01:00&endsAt=2026-12-01T11:00:00%2B01:00'

const table: RouteCase[] = [
  {
    route: 'POST /bookings',
    body: newBooking,
    // B's resource is invisible to outsiders; its coordinator sees it but may not book (422, below).
    deny: outsiders,
    allow: {
      as: 'memberB',
      status: 201,
      check: (b, w) => expect(b).toMatchObject({ user: { id: w.user.memberB } }),
    },
    ghost: (w) => ghostResource(newBooking(w))(),
  },
  {
    route: 'GET /bookings/:bookingId',
    params: (w) => ({ bookingId: w.getB }),
    deny: othersBooking,
    allow: {
      as: 'managerB',
      status: 200,
      check: (b, w) => expect(b).toMatchObject({ id: w.getB, note: 'Bravo private note' }),
    },
  },
  {
    route: 'GET /me/bookings',
    deny: { anon: 401 },
    allow: { as: 'memberA', status: 200, check: (b, w) => expect(ids(b)).toEqual([w.bookingA]) },
  },
  {
    route: 'GET /lieux/:lieuId/bookings',
    params: (w) => ({ lieuId: w.lieuB }),
    query: '?from=2026-11-27T00:00:00Z',
    deny: { ...outsiders, memberB: 403, memberB2: 403, coordN2: 403 },
    allow: { as: 'managerB', status: 200, check: (b, w) => expect(ids(b)).toContain(w.takenB2) },
  },
  {
    route: 'POST /bookings/:bookingId/approve',
    params: (w) => ({ bookingId: w.approveB }),
    deny: managersOnly,
    allow: { as: 'managerB', status: 200, check: (b) => expect(b).toMatchObject({ status: 'confirmed' }) },
  },
  {
    route: 'POST /bookings/:bookingId/decline',
    params: (w) => ({ bookingId: w.declineB }),
    body: () => ({ reason: 'Hostile takeover' }),
    deny: managersOnly,
    allow: {
      as: 'managerB',
      status: 200,
      body: () => ({ reason: 'Salle en travaux' }),
      check: (b) => expect(b).toMatchObject({ status: 'declined', cancelReason: 'Salle en travaux' }),
    },
  },
  {
    route: 'POST /bookings/:bookingId/cancel',
    params: (w) => ({ bookingId: w.cancelB }),
    body: () => ({ reason: 'Not yours' }),
    deny: othersBooking,
    allow: { as: 'memberB', status: 200, check: (b) => expect(b).toMatchObject({ status: 'cancelled' }) },
  },
  {
    route: 'POST /bookings/:bookingId/move',
    params: (w) => ({ bookingId: w.moveB }),
    body: () => slot('04', '11:00', '12:00'),
    deny: othersBooking,
    allow: {
      as: 'memberB',
      status: 200,
      check: (b) => expect(b).toMatchObject({ startsAt: '2026-12-04T10:00:00.000Z' }),
    },
  },
  {
    route: 'POST /bookings/:bookingId/check-in',
    params: (w) => ({ bookingId: w.checkInB }),
    deny: othersBooking,
    allow: { as: 'memberB', status: 200, check: (b) => expect(b).toMatchObject({ status: 'checked_in' }) },
  },
  {
    route: 'POST /bookings/:bookingId/check-out',
    params: (w) => ({ bookingId: w.checkOutB }),
    deny: othersBooking,
    allow: { as: 'memberB', status: 200, check: (b) => expect(b).toMatchObject({ status: 'completed' }) },
  },
  {
    route: 'POST /bookings/:bookingId/no-show',
    params: (w) => ({ bookingId: w.noShowB }),
    deny: managersOnly,
    allow: { as: 'managerB', status: 200, check: (b) => expect(b).toMatchObject({ status: 'no_show' }) },
  },
  {
    route: 'POST /bookings/series',
    body: newSeries,
    deny: outsiders,
    allow: {
      as: 'memberB',
      status: 201,
      check: (b) =>
        expect((b as { occurrences: { outcome: string }[] }).occurrences.map((o) => o.outcome)).toEqual([
          'booked',
          'booked',
        ]),
    },
    ghost: (w) => ghostResource(newSeries(w))(),
  },
  {
    route: 'POST /bookings/series/:seriesId/cancel',
    params: (w) => ({ seriesId: w.seriesB }),
    body: () => ({ scope: 'all' }),
    deny: othersBooking,
    allow: {
      as: 'memberB',
      status: 200,
      check: (b) => expect((b as { cancelled: string[] }).cancelled).toHaveLength(3),
    },
  },
  {
    route: 'GET /lieux/:lieuId/availability',
    params: (w) => ({ lieuId: w.lieuB }),
    query: days,
    deny: outsiders,
    allow: { as: 'memberB', status: 200, check: (b) => expect(b).toHaveLength(3) },
  },
  {
    route: 'GET /lieux/:lieuId/resources/:resourceId/availability',
    params: (w) => ({ lieuId: w.lieuB, resourceId: w.deskB }),
    query: days,
    deny: outsiders,
    allow: { as: 'coordN2', status: 200, check: (b, w) => expect(b).toMatchObject({ resourceId: w.deskB }) },
  },
  {
    route: 'GET /lieux/:lieuId/resources/:resourceId/price',
    params: (w) => ({ lieuId: w.lieuB, resourceId: w.deskB }),
    query: priceSlot,
    deny: outsiders,
    allow: { as: 'coordN2', status: 200, check: (b) => expect(b).toMatchObject({ means: 'free', priceInclCents: 0 }) },
  },
  {
    route: 'GET /lieux/:lieuId/free-now',
    params: (w) => ({ lieuId: w.lieuB }),
    deny: outsiders,
    allow: { as: 'coordN2', status: 200, check: (b) => expect(b).toMatchObject({ openNow: true }) },
  },
  {
    route: 'POST /waitlist',
    body: queueFor,
    deny: outsiders,
    allow: { as: 'memberB', status: 201, check: (b) => expect(b).toMatchObject({ status: 'waiting' }) },
    ghost: (w) => ghostResource(queueFor(w))(),
  },
  {
    route: 'GET /me/waitlist',
    deny: { anon: 401 },
    allow: { as: 'memberA', status: 200, check: (b) => expect(b).toEqual([]) },
  },
  {
    route: 'DELETE /waitlist/:entryId',
    params: (w) => ({ entryId: w.waitingB }),
    deny: othersEntry,
    allow: { as: 'memberB', status: 204 },
  },
  {
    route: 'POST /waitlist/:entryId/accept',
    params: (w) => ({ entryId: w.offeredB }),
    deny: othersEntry,
    allow: {
      as: 'memberB',
      status: 201,
      check: (b, w) => expect(b).toMatchObject({ user: { id: w.user.memberB }, status: 'confirmed' }),
    },
  },
]

/** This suite's routes: bookings, series, waitlist, availability and free-now. */
const isOurs = (path: string) =>
  ['/bookings', '/waitlist', '/me/bookings', '/me/waitlist'].some((p) => path.startsWith(p)) ||
  path.includes('/availability') ||
  path.includes('/free-now') ||
  path.endsWith('/price') ||
  path === '/lieux/:lieuId/bookings'

describe('route table coverage', () => {
  it('lists every registered booking route, only registered routes, and covered-elsewhere points here', () => {
    const routes = registeredRoutes()
    const keys = routes.map((r) => r.key)
    const inTable = table.map((c) => c.route)
    expect(new Set(inTable).size, 'a route appears twice in the table').toBe(inTable.length)
    for (const key of inTable) {
      expect(keys, `${key} is not a registered route`).toContain(key)
      expect(coveredElsewhere[key]?.authorization, `${key} in covered-elsewhere.ts`).toBe(SUITE)
    }
    // A route under /bookings that another domain's suite covers (e.g. the check-in code) is theirs.
    const ours = routes.filter((r) => isOurs(r.path) && (coveredElsewhere[r.key]?.authorization ?? SUITE) === SUITE).map((r) => r.key)
    expect(ours.length).toBeGreaterThanOrEqual(20)
    expect(
      ours.filter((k) => !inTable.includes(k)),
      'booking routes missing from this table',
    ).toEqual([])
    // Every route of this table needs a login, and one naming a lieu hides it from a stranger.
    for (const c of table) {
      expect(c.deny.anon, c.route).toBe(401)
      if (c.route.includes(':lieuId') || c.params) expect(c.deny.stranger, c.route).toBe(404)
    }
    // badInput names this domain's suite exactly for the routes taking a body or a query.
    for (const r of routes.filter((r) => inTable.includes(r.key))) {
      const expected = r.body || r.query ? 'bookings.bad-input.test.ts' : null
      expect(coveredElsewhere[r.key]?.badInput, r.key).toBe(expected)
    }
  })
})

// ─── Every route, every caller without rights (the positive controls change things) ───────────────

describe.each(table)('$route', (c) => {
  it('refuses every caller without rights, leaks nothing, changes nothing; the right caller succeeds', async () => {
    const { method, path } = splitRoute(c.route)
    const query = c.query ?? ''
    for (const [actor, status] of Object.entries(c.deny) as [Actor, Denial][]) {
      const url = fillPath(path, c.params?.(w) ?? {}) + query
      const body = c.body?.(w)
      const what = `${c.route} as ${actor}`
      const before = await bookingsSnapshot(t)
      const res = await send(w.agent[actor], method, url, body)
      const problem = expectProblem(res, status, codeOf[status], what)
      expect(await bookingsSnapshot(t), `${what} changed the database`).toEqual(before)
      if (!bInsiders.includes(actor)) expectNoSecretsOfB(res, url + JSON.stringify(body ?? null), what)

      if (status === 404) {
        // Indistinguishable from an object that does not exist.
        const g = c.ghost?.(w) ?? {
          params: Object.fromEntries(Object.keys(c.params?.(w) ?? {}).map((k) => [k, randomUUID()])),
        }
        const ghost = await send(
          w.agent[actor],
          method,
          fillPath(path, g.params ?? c.params?.(w) ?? {}) + query,
          g.body ?? body,
        )
        const gp = expectProblem(ghost, 404, 'not_found', `${what} (nonexistent object)`)
        expect({ ...problem, instance: '', requestId: '' }, what).toEqual({
          ...gp,
          instance: '',
          requestId: '',
        })
        expect(await bookingsSnapshot(t), `${what} (nonexistent object) changed the database`).toEqual(before)
      }
    }

    const a = c.allow
    const url = fillPath(path, c.params?.(w) ?? {}) + query
    const res = await send(w.agent[a.as], method, url, (a.body ?? c.body)?.(w))
    ok(res, a.status, `${c.route} as ${a.as} (positive control)`)
    a.check?.(res.body, w)
    if (!bInsiders.includes(a.as)) expectNoSecretsOfB(res, url, `${c.route} as ${a.as}`)
  })
})

// ─── B's ids where A's are expected, and one member's data in another's answers ──────────────────

describe('ids of lieu B under lieu A, or in A’s requests', () => {
  const ghost = '00000000-0000-4000-8000-00000000abcd'
  const cases: {
    what: string
    as: Actor
    method: Method
    url: (w: World) => string
    ghostUrl?: (w: World) => string
    body?: (w: World) => unknown
    ghostBody?: (w: World) => unknown
    status: 400 | 404
  }[] = [
    {
      what: 'A’s manager books B’s desk for A’s member',
      as: 'managerA',
      method: 'post',
      url: () => '/api/v1/bookings',
      body: (w) => ({ ...newBooking(w), forUserId: w.user.memberA }),
      ghostBody: (w) => ({ ...newBooking(w), resourceId: ghost, forUserId: w.user.memberA }),
      status: 404,
    },
    {
      what: 'A’s manager books a series of B’s desk for A’s member',
      as: 'managerA',
      method: 'post',
      url: () => '/api/v1/bookings/series',
      body: (w) => ({ ...newSeries(w), forUserId: w.user.memberA }),
      ghostBody: (w) => ({ ...newSeries(w), resourceId: ghost, forUserId: w.user.memberA }),
      status: 404,
    },
    {
      what: 'A’s manager books A’s desk for B’s member (answered like an unknown person)',
      as: 'managerA',
      method: 'post',
      url: () => '/api/v1/bookings',
      body: (w) => ({ resourceId: w.deskA, ...slot('11', '09:00', '10:00'), forUserId: w.user.memberB }),
      ghostBody: (w) => ({ resourceId: w.deskA, ...slot('11', '09:00', '10:00'), forUserId: ghost }),
      status: 400,
    },
    {
      what: 'B’s resource’s availability under A’s path (A’s owner)',
      as: 'ownerA',
      method: 'get',
      url: (w) => `/api/v1/lieux/${w.lieuA}/resources/${w.deskB}/availability${days}`,
      ghostUrl: (w) => `/api/v1/lieux/${w.lieuA}/resources/${ghost}/availability${days}`,
      status: 404,
    },
    {
      what: 'B’s resource’s price under A’s path (A’s owner)',
      as: 'ownerA',
      method: 'get',
      url: (w) => `/api/v1/lieux/${w.lieuA}/resources/${w.deskB}/price${priceSlot}`,
      ghostUrl: (w) => `/api/v1/lieux/${w.lieuA}/resources/${ghost}/price${priceSlot}`,
      status: 404,
    },
    {
      what: 'A’s manager asks A’s desk’s price for B’s member (answered like an unknown person)',
      as: 'managerA',
      method: 'get',
      url: (w) => `/api/v1/lieux/${w.lieuA}/resources/${w.deskA}/price${priceSlot}&forUserId=${w.user.memberB}`,
      ghostUrl: (w) => `/api/v1/lieux/${w.lieuA}/resources/${w.deskA}/price${priceSlot}&forUserId=${ghost}`,
      status: 400,
    },
    {
      what: 'B’s resource’s availability under A’s path (A’s member)',
      as: 'memberA',
      method: 'get',
      url: (w) => `/api/v1/lieux/${w.lieuA}/resources/${w.deskB}/availability${days}`,
      ghostUrl: (w) => `/api/v1/lieux/${w.lieuA}/resources/${ghost}/availability${days}`,
      status: 404,
    },
    {
      what: 'A’s member moves their booking onto B’s desk',
      as: 'memberA',
      method: 'post',
      url: (w) => `/api/v1/bookings/${w.bookingA}/move`,
      body: (w) => ({ resourceId: w.deskB, ...slot('01', '11:00', '12:00') }),
      ghostBody: () => ({ resourceId: ghost, ...slot('01', '11:00', '12:00') }),
      status: 404,
    },
    {
      what: 'A’s member queues for B’s desk',
      as: 'memberA',
      method: 'post',
      url: () => '/api/v1/waitlist',
      body: (w) => ({ ...queueFor(w) }),
      ghostBody: (w) => ({ ...queueFor(w), resourceId: ghost }),
      status: 404,
    },
    {
      what: 'B’s member cancels their series naming another member’s booking',
      as: 'memberB',
      method: 'post',
      url: (w) => `/api/v1/bookings/series/${w.seriesB}/cancel`,
      body: (w) => ({ scope: 'one', bookingId: w.takenB2 }),
      ghostBody: () => ({ scope: 'one', bookingId: ghost }),
      status: 400,
    },
  ]
  it.each(cases)('$what → $status like an unknown id, and nothing changes', async (c) => {
    const before = await bookingsSnapshot(t)
    const url = c.url(w)
    const body = c.body?.(w)
    const res = await send(w.agent[c.as], c.method, url, body)
    const code = c.status === 404 ? 'not_found' : 'validation_failed'
    const problem = expectProblem(res, c.status, code, c.what)
    expect(await bookingsSnapshot(t)).toEqual(before)
    if (!bInsiders.includes(c.as)) expectNoSecretsOfB(res, url + JSON.stringify(body ?? null), c.what)
    const g = await send(w.agent[c.as], c.method, (c.ghostUrl ?? c.url)(w), c.ghostBody?.(w) ?? body)
    const gp = expectProblem(g, c.status, code, `${c.what} (unknown id)`)
    expect({ ...problem, instance: '', requestId: '' }).toEqual({ ...gp, instance: '', requestId: '' })
    expect(await bookingsSnapshot(t)).toEqual(before)
  })

  it('A’s manager filtering A’s planning by B’s resource gets nothing of B', async () => {
    const res = await w.agent.managerA.get(`/api/v1/lieux/${w.lieuA}/bookings?resourceId=${w.deskB}`)
    ok(res, 200, 'planning')
    expect(res.body).toEqual([])
    const mine = await w.agent.memberA.get(`/api/v1/me/bookings?resourceId=${w.deskB}`)
    ok(mine, 200, 'my bookings')
    expect(mine.body).toEqual([])
  })
})

describe('members of one lieu', () => {
  it('a member may not book for another member (403), nothing written', async () => {
    const before = await bookingsSnapshot(t)
    const res = await w.agent.memberB
      .post('/api/v1/bookings')
      .send({ resourceId: w.deskB, ...slot('15', '09:00', '10:00'), forUserId: w.user.memberB2 })
    expectProblem(res, 403, 'forbidden', 'book for another member')
    const series = await w.agent.memberB.post('/api/v1/bookings/series').send({
      ...newSeries(w),
      localStart: '2026-12-16T09:00',
      forUserId: w.user.memberB2,
    })
    expectProblem(series, 403, 'forbidden', 'series for another member')
    expect(await bookingsSnapshot(t)).toEqual(before)
  })

  it('sees only their own bookings and waitlist, and no one’s name or booking in availability', async () => {
    const mine = await w.agent.memberB2.get('/api/v1/me/bookings')
    ok(mine, 200, 'my bookings')
    expect(ids(mine.body)).toEqual([w.takenB2])
    const wl = await w.agent.memberB2.get('/api/v1/me/waitlist')
    ok(wl, 200, 'my waitlist')
    expect(wl.body).toEqual([])
    const av = await w.agent.memberB2.get(
      `/api/v1/lieux/${w.lieuB}/availability?from=2026-11-27&to=2026-12-10`,
    )
    const now = await w.agent.memberB2.get(`/api/v1/lieux/${w.lieuB}/free-now`)
    for (const res of [av, now]) {
      ok(res, 200, 'availability')
      const bookings = await t.deps.db.booking.findMany({ where: { lieuId: w.lieuB } })
      for (const s of [
        ...bookings.map((b) => b.id),
        w.user.memberB,
        w.user.memberB2,
        ...people.memberB,
        ...people.memberB2,
        'Bravo private note',
      ]) {
        expect(res.text.includes(s), `availability leaks ${s}`).toBe(false)
      }
    }
  })

  it('the network’s coordinator sees availability but may neither book nor queue (422 not_bookable)', async () => {
    const before = await bookingsSnapshot(t)
    const res = await w.agent.coordN2.post('/api/v1/bookings').send(newBooking(w))
    expectProblem(res, 422, 'not_bookable', 'coordinator books')
    // A coordinator holding a place in the queue would be offered a freed slot they cannot take,
    // keeping it from the members for the whole offer time.
    const queued = await w.agent.coordN2.post('/api/v1/waitlist').send(queueFor(w))
    expectProblem(queued, 422, 'not_bookable', 'coordinator queues')
    expect(await bookingsSnapshot(t)).toEqual(before)
  })
})
