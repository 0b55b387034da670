import { randomBytes, randomUUID } from 'node:crypto'
import { beforeAll, describe, expect, it } from 'vitest'
import type { LieuRole } from '@fabrique/prisma/client'
import { coveredElsewhere } from './support/covered-elsewhere.ts'
import { ORIGIN, useTestApp } from './support/test-app.ts'
import { codeOf, splitRoute } from './support/authorization.ts'
import { expectProblem, fillPath, registeredRoutes, send, type Agent } from './support/route-table.ts'

// The authorization table of the calendar-feed routes (rules of authorization.test.ts): a lieu the
// caller cannot see answers 404 like one that does not exist, with nothing of it in the answer;
// a member who sees the lieu but does not manage it gets 403; nothing refused writes a feed.

const t = useTestApp()
const SUITE = 'calendars.authorization.test.ts'

const people = {
  ownerA: 'Alice Owneralpha',
  managerA: 'Arthur Manageralpha',
  memberA: 'Anna Memberalpha',
  coordN1: 'Nadia Coordone',
  managerB: 'Brigitte Managerbravo',
  memberB: 'Boris Memberbravo',
  stranger: 'Sam Stranger',
} as const
type Person = keyof typeof people
type Actor = Person | 'anon'

const w = {} as { agent: Record<Actor, Agent>; user: Record<Person, string>; lieuA: string; lieuB: string; resA: string; resB: string; secretsA: string[] }

beforeAll(async () => {
  const db = t.deps.db
  w.agent = { anon: t.agent() } as Record<Actor, Agent>
  w.user = {} as Record<Person, string>
  for (const [key, name] of Object.entries(people)) {
    const u = await t.login({ name })
    w.agent[key as Person] = u.agent
    w.user[key as Person] = u.id
  }
  const n1 = await db.network.create({ data: { slug: `n1-${randomBytes(3).toString('hex')}`, name: 'Réseau Un' } })
  await db.networkCoordinator.create({ data: { networkId: n1.id, userId: w.user.coordN1 } })
  const mk = (name: string, networkId?: string) =>
    db.lieu.create({ data: { slug: `cal-auth-${randomBytes(4).toString('hex')}`, name, timeZone: 'Europe/Paris', networkId: networkId ?? null } })
  w.lieuA = (await mk('Atelier Secretalpha', n1.id)).id
  w.lieuB = (await mk('Bravo Lab')).id
  w.resA = (await db.resource.create({ data: { lieuId: w.lieuA, kind: 'room', name: 'Salle Confidentielle' } })).id
  w.resB = (await db.resource.create({ data: { lieuId: w.lieuB, kind: 'room', name: 'Room Bravo' } })).id
  const roles: [string, Person, LieuRole][] = [
    [w.lieuA, 'ownerA', 'owner'],
    [w.lieuA, 'managerA', 'manager'],
    [w.lieuA, 'memberA', 'member'],
    [w.lieuB, 'managerB', 'manager'],
    [w.lieuB, 'memberB', 'member'],
  ]
  for (const [lieuId, p, role] of roles) await db.lieuMembership.create({ data: { lieuId, userId: w.user[p], role } })
  const start = new Date('2026-12-01T09:00:00Z')
  const end = new Date('2026-12-01T10:00:00Z')
  await db.booking.create({
    data: { lieuId: w.lieuA, resourceId: w.resA, userId: w.user.memberA, startsAt: start, endsAt: end, blockStartsAt: start, blockEndsAt: end, exclusive: true, status: 'confirmed' },
  })
  // (Ids are not secrets here: the problem's `instance` echoes the path the caller sent.)
  w.secretsA = ['Atelier Secretalpha', 'Salle Confidentielle', 'Anna Memberalpha', 'Réseau Un']
})

interface Case {
  route: string
  params: () => Record<string, string>
  /** Who gets through (status 200), and who is refused with which status. */
  allow: Actor[]
  deny: Partial<Record<Actor, 401 | 403 | 404>>
}

const lieuA = () => ({ lieuId: w.lieuA })
const resA = () => ({ lieuId: w.lieuA, resourceId: w.resA })
const managerScope = { allow: ['ownerA', 'managerA'] as Actor[], deny: { memberA: 403, coordN1: 403, managerB: 404, memberB: 404, stranger: 404, anon: 401 } as Case['deny'] }

const table: Case[] = [
  { route: 'GET /me/calendar-feed', params: () => ({}), allow: ['memberA', 'stranger'], deny: { anon: 401 } },
  { route: 'POST /me/calendar-feed/regenerate', params: () => ({}), allow: ['memberA', 'stranger'], deny: { anon: 401 } },
  { route: 'GET /lieux/:lieuId/calendar-feed', params: lieuA, ...managerScope },
  { route: 'POST /lieux/:lieuId/calendar-feed/regenerate', params: lieuA, ...managerScope },
  { route: 'GET /lieux/:lieuId/resources/:resourceId/calendar-feed', params: resA, ...managerScope },
  { route: 'POST /lieux/:lieuId/resources/:resourceId/calendar-feed/regenerate', params: resA, ...managerScope },
  // The feed itself: the token is the credential; anyone holding it reads it, nobody guesses one.
  { route: 'GET /calendar/:token.ics', params: () => ({ token: randomBytes(32).toString('base64url') }), allow: [], deny: { anon: 404, stranger: 404, managerB: 404, ownerA: 404 } },
]

const feedCount = () => t.deps.db.calendarFeed.count()

describe('calendar routes refuse callers without rights, leaking nothing and writing nothing', () => {
  it.each(table.flatMap((c) => Object.entries(c.deny).map(([actor, status]) => ({ c, actor: actor as Actor, status: status! }))))(
    '$c.route as $actor → $status',
    async ({ c, actor, status }) => {
      const { method, path } = splitRoute(c.route)
      const before = await feedCount()
      const res = await send(w.agent[actor], method, fillPath(path, c.params()))
      expectProblem(res, status, codeOf[status], `${c.route} as ${actor}`)
      if (status === 404 && !['ownerA', 'managerA', 'memberA', 'coordN1'].includes(actor))
        for (const s of w.secretsA) expect(res.text, `${c.route} leaks ${s}`).not.toContain(s)
      expect(await feedCount()).toBe(before)
    },
  )

  it.each(table.flatMap((c) => c.allow.map((actor) => ({ c, actor }))))('$c.route as $actor → 200 (positive control)', async ({ c, actor }) => {
    const { method, path } = splitRoute(c.route)
    const res = await send(w.agent[actor], method, fillPath(path, c.params()))
    expect(res.status, res.text).toBe(200)
    const url = (res.body as { url: string }).url
    expect(url).toMatch(new RegExp(`^${ORIGIN}/api/v1/calendar/[A-Za-z0-9_-]{43}\\.ics$`))
    const feed = await t.agent().get(url.slice(ORIGIN.length))
    expect(feed.status).toBe(200)
  })

  it('a lieu or resource that does not exist is a 404 too', async () => {
    expectProblem(await w.agent.ownerA.get(`/api/v1/lieux/${randomUUID()}/calendar-feed`), 404, 'not_found')
    expectProblem(await w.agent.ownerA.get(`/api/v1/lieux/${w.lieuA}/resources/${randomUUID()}/calendar-feed`), 404, 'not_found')
  })
})

describe('ids of lieu B addressed under lieu A (as A’s owner)', () => {
  it.each(['get', 'post'] as const)('%s B’s resource under A’s path → 404, no feed made, nothing of B shown', async (method) => {
    const before = await feedCount()
    const suffix = method === 'post' ? '/regenerate' : ''
    const res = await send(w.agent.ownerA, method, `/api/v1/lieux/${w.lieuA}/resources/${w.resB}/calendar-feed${suffix}`)
    expectProblem(res, 404, 'not_found')
    expect(res.text).not.toContain('Room Bravo')
    expect(await feedCount()).toBe(before)
  })

  it('B’s manager cannot read A’s feeds through B’s path either', async () => {
    expectProblem(await w.agent.managerB.get(`/api/v1/lieux/${w.lieuB}/resources/${w.resA}/calendar-feed`), 404, 'not_found')
  })

  it('a member’s own feed never shows another member’s bookings', async () => {
    const url = ((await w.agent.memberB.get('/api/v1/me/calendar-feed')).body as { url: string }).url
    const res = await t.agent().get(url.slice(ORIGIN.length))
    expect(res.status).toBe(200)
    for (const s of ['Salle Confidentielle', 'Anna Memberalpha']) expect(res.text).not.toContain(s)
  })
})

describe('route table coverage', () => {
  it('lists every calendar route, only registered routes, and covered-elsewhere points here', () => {
    const keys = registeredRoutes().map((r) => r.key)
    const inTable = table.map((c) => c.route)
    expect(new Set(inTable).size).toBe(inTable.length)
    for (const key of inTable) {
      expect(keys, `${key} is not a registered route`).toContain(key)
      expect(coveredElsewhere[key]?.authorization, `${key} in covered-elsewhere.ts`).toBe(SUITE)
    }
    const ours = keys.filter((k) => k.includes('calendar'))
    expect(ours.filter((k) => !inTable.includes(k)), 'calendar routes missing from this table').toEqual([])
    for (const c of table) if (c.route.includes(':lieuId')) expect(c.deny.stranger, c.route).toBe(404)
  })
})
