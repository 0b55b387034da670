import { randomBytes } from 'node:crypto'
import { beforeAll, describe, expect, it } from 'vitest'
import type { BookingStatus, LieuRole } from '@fabrique/prisma/client'
import { ORIGIN, useTestApp } from './support/test-app.ts'
import { expectProblem } from './support/route-table.ts'
import { parseIcs, prop, propFull, type IcsProp } from './support/ics.ts'

// Private iCal feeds: a member's bookings, a lieu's and a resource's (managers), behind tokens.

const t = useTestApp({ now: '2026-11-27T09:00:00Z' })
type Agent = ReturnType<typeof t.agent>

const w = {} as {
  lieuA: string
  lieuB: string
  room: string
  desk: string
  roomB: string
  member: { agent: Agent; id: string }
  other: { agent: Agent; id: string }
  manager: { agent: Agent; id: string }
  managerB: { agent: Agent; id: string }
  ids: Record<string, string>
}

async function lieu(name: string, timeZone = 'Europe/Paris') {
  return (await t.deps.db.lieu.create({ data: { slug: `cal-${randomBytes(4).toString('hex')}`, name, timeZone, street: '2 place du Marché', postalCode: '12100', city: 'Millau' } })).id
}
const join = (lieuId: string, userId: string, role: LieuRole) => t.deps.db.lieuMembership.create({ data: { lieuId, userId, role } })

async function booking(key: string, o: { userId: string; resourceId: string; lieuId?: string; start: string; end: string; status?: BookingStatus }) {
  const b = await t.deps.db.booking.create({
    data: {
      lieuId: o.lieuId ?? w.lieuA,
      resourceId: o.resourceId,
      userId: o.userId,
      startsAt: new Date(o.start),
      endsAt: new Date(o.end),
      blockStartsAt: new Date(o.start),
      blockEndsAt: new Date(o.end),
      exclusive: true,
      status: o.status ?? 'confirmed',
    },
  })
  w.ids[key] = b.id
}

beforeAll(async () => {
  w.ids = {}
  w.lieuA = await lieu('Atelier Alpha')
  w.lieuB = await lieu('Bravo Lab', 'America/Montreal')
  w.room = (await t.deps.db.resource.create({ data: { lieuId: w.lieuA, kind: 'room', name: 'Salle Chêne' } })).id
  w.desk = (await t.deps.db.resource.create({ data: { lieuId: w.lieuA, kind: 'desk', name: 'Bureau 7' } })).id
  w.roomB = (await t.deps.db.resource.create({ data: { lieuId: w.lieuB, kind: 'room', name: 'Room Bravo' } })).id
  w.member = await t.login({ name: 'Marie Membre' })
  w.other = await t.login({ name: 'Olivier Autre' })
  w.manager = await t.login({ name: 'Manon Gestion' })
  w.managerB = await t.login({ name: 'Bob Bravo' })
  await join(w.lieuA, w.member.id, 'member')
  await join(w.lieuB, w.member.id, 'member')
  await join(w.lieuA, w.other.id, 'member')
  await join(w.lieuA, w.manager.id, 'manager')
  await join(w.lieuB, w.managerB.id, 'owner')

  await booking('mine', { userId: w.member.id, resourceId: w.room, start: '2026-12-01T08:00:00Z', end: '2026-12-01T11:00:00Z' })
  await booking('mineCancelled', { userId: w.member.id, resourceId: w.desk, start: '2026-12-02T08:00:00Z', end: '2026-12-02T09:00:00Z', status: 'cancelled' })
  await booking('mineNoShow', { userId: w.member.id, resourceId: w.desk, start: '2026-11-20T08:00:00Z', end: '2026-11-20T09:00:00Z', status: 'no_show' })
  await booking('mineInB', { userId: w.member.id, resourceId: w.roomB, lieuId: w.lieuB, start: '2026-12-03T14:00:00Z', end: '2026-12-03T15:00:00Z' })
  await booking('minePast', { userId: w.member.id, resourceId: w.room, start: '2026-10-20T08:00:00Z', end: '2026-10-20T09:00:00Z' })
  await booking('mineFar', { userId: w.member.id, resourceId: w.room, start: '2027-06-10T08:00:00Z', end: '2027-06-10T09:00:00Z' })
  await booking('otherPending', { userId: w.other.id, resourceId: w.room, start: '2026-12-04T08:00:00Z', end: '2026-12-04T09:00:00Z', status: 'pending' })
  await booking('otherDesk', { userId: w.other.id, resourceId: w.desk, start: '2026-12-05T08:00:00Z', end: '2026-12-05T09:00:00Z', status: 'declined' })
})

const path = (url: string) => {
  expect(url.startsWith(`${ORIGIN}/api/v1/calendar/`)).toBe(true)
  expect(url).toMatch(/\/calendar\/[A-Za-z0-9_-]{43}\.ics$/)
  return url.slice(ORIGIN.length)
}
async function feed(url: string) {
  const res = await t.agent().get(path(url)).buffer(true)
  expect(res.status, res.text).toBe(200)
  expect(res.headers['content-type']).toBe('text/calendar; charset=utf-8')
  expect(res.headers['cache-control']).toBe('private, max-age=300')
  return parseIcs(res.text)
}
const byUid = (events: IcsProp[][]) => new Map(events.map((e) => [prop(e, 'UID')!.replace('@fabrique', ''), e]))
const keysOf = (events: IcsProp[][]) => {
  const uids = new Set(byUid(events).keys())
  return Object.entries(w.ids)
    .filter(([, id]) => uids.has(id))
    .map(([k]) => k)
    .sort()
}

describe('member feed', () => {
  it('is created on the first call, then the same address', async () => {
    const a = await w.member.agent.get('/api/v1/me/calendar-feed')
    expect(a.status).toBe(200)
    const b = await w.member.agent.get('/api/v1/me/calendar-feed')
    expect(b.body).toEqual(a.body)
    expect(await t.deps.db.calendarFeed.count({ where: { userId: w.member.id, scope: 'member' } })).toBe(1)
  })

  it('holds the member’s bookings of the last 30 and next 180 days, in each lieu’s zone', async () => {
    const { url } = (await w.member.agent.get('/api/v1/me/calendar-feed')).body as { url: string }
    const cal = await feed(url)
    expect(keysOf(cal.events)).toEqual(['mine', 'mineCancelled', 'mineInB', 'mineNoShow'].sort())
    expect(new Set(cal.timezones)).toEqual(new Set(['Europe/Paris', 'America/Montreal']))
    const ev = byUid(cal.events)
    const mine = ev.get(w.ids.mine!)!
    expect(propFull(mine, 'DTSTART')).toEqual({ name: 'DTSTART', params: { TZID: 'Europe/Paris' }, value: '20261201T090000' })
    expect(propFull(mine, 'DTEND')!.value).toBe('20261201T120000')
    expect(prop(mine, 'SUMMARY')).toBe('Réservation : Salle Chêne — Atelier Alpha')
    expect(prop(mine, 'LOCATION')).toBe('Atelier Alpha, 2 place du Marché, 12100 Millau')
    expect(prop(mine, 'STATUS')).toBe('CONFIRMED')
    expect(prop(ev.get(w.ids.mineCancelled!)!, 'STATUS')).toBe('CANCELLED')
    expect(prop(ev.get(w.ids.mineNoShow!)!, 'STATUS')).toBe('CANCELLED')
    const inB = ev.get(w.ids.mineInB!)!
    expect(propFull(inB, 'DTSTART')).toEqual({ name: 'DTSTART', params: { TZID: 'America/Montreal' }, value: '20261203T090000' })
    expect(prop(cal.calendar, 'METHOD')).toBeUndefined()
    // Nobody else's booking.
    expect(cal.text).not.toContain('Olivier')
  })

  it('SEQUENCE grows when a booking changes', async () => {
    const { url } = (await w.member.agent.get('/api/v1/me/calendar-feed')).body as { url: string }
    const before = Number(prop(byUid((await feed(url)).events).get(w.ids.mine!)!, 'SEQUENCE'))
    await new Promise((r) => setTimeout(r, 1100))
    await t.deps.db.booking.update({ where: { id: w.ids.mine! }, data: { note: 'Projecteur svp' } })
    const after = byUid((await feed(url)).events).get(w.ids.mine!)!
    expect(Number(prop(after, 'SEQUENCE'))).toBeGreaterThan(before)
    expect(prop(after, 'DESCRIPTION')).toBe('Projecteur svp')
  })

  it('in English for an English-speaking member', async () => {
    await t.deps.db.user.update({ where: { id: w.other.id }, data: { locale: 'en' } })
    const { url } = (await w.other.agent.get('/api/v1/me/calendar-feed')).body as { url: string }
    const cal = await feed(url)
    expect(keysOf(cal.events)).toEqual(['otherDesk', 'otherPending'])
    expect(prop(byUid(cal.events).get(w.ids.otherPending!)!, 'SUMMARY')).toBe('Booking: Salle Chêne — Atelier Alpha')
    expect(prop(byUid(cal.events).get(w.ids.otherPending!)!, 'STATUS')).toBe('TENTATIVE')
  })

  it('regenerate: a new address; the old one is dead at once', async () => {
    const old = ((await w.member.agent.get('/api/v1/me/calendar-feed')).body as { url: string }).url
    const res = await w.member.agent.post('/api/v1/me/calendar-feed/regenerate')
    expect(res.status).toBe(200)
    const fresh = (res.body as { url: string }).url
    expect(fresh).not.toBe(old)
    expectProblem(await t.agent().get(path(old)), 404, 'not_found', 'old url')
    await feed(fresh)
    expect(((await w.member.agent.get('/api/v1/me/calendar-feed')).body as { url: string }).url).toBe(fresh)
  })

  it('needs a login', async () => {
    expectProblem(await t.agent().get('/api/v1/me/calendar-feed'), 401, 'unauthenticated')
    expectProblem(await t.agent().post('/api/v1/me/calendar-feed/regenerate'), 401, 'unauthenticated')
  })
})

describe('manager feeds', () => {
  it('the lieu feed holds every booking of the lieu, with the member’s name', async () => {
    const res = await w.manager.agent.get(`/api/v1/lieux/${w.lieuA}/calendar-feed`)
    expect(res.status).toBe(200)
    const cal = await feed((res.body as { url: string }).url)
    expect(keysOf(cal.events)).toEqual(['mine', 'mineCancelled', 'mineNoShow', 'otherDesk', 'otherPending'].sort())
    const ev = byUid(cal.events)
    expect(prop(ev.get(w.ids.otherPending!)!, 'SUMMARY')).toBe('Salle Chêne — Olivier Autre')
    expect(prop(ev.get(w.ids.otherPending!)!, 'STATUS')).toBe('TENTATIVE')
    expect(prop(ev.get(w.ids.otherDesk!)!, 'STATUS')).toBe('CANCELLED')
    expect(prop(ev.get(w.ids.mine!)!, 'SUMMARY')).toBe('Salle Chêne — Marie Membre')
    expect(cal.text).not.toContain('Room Bravo')
    expect(prop(cal.calendar, 'X-WR-CALNAME')).toBe('Atelier Alpha')
  })

  it('the resource feed holds that resource’s bookings only', async () => {
    const res = await w.manager.agent.get(`/api/v1/lieux/${w.lieuA}/resources/${w.desk}/calendar-feed`)
    expect(res.status).toBe(200)
    const cal = await feed((res.body as { url: string }).url)
    expect(keysOf(cal.events)).toEqual(['mineCancelled', 'mineNoShow', 'otherDesk'].sort())
    expect(prop(cal.calendar, 'X-WR-CALNAME')).toBe('Bureau 7 — Atelier Alpha')
  })

  it('each scope has its own token, regenerated separately', async () => {
    const lieuUrl = ((await w.manager.agent.get(`/api/v1/lieux/${w.lieuA}/calendar-feed`)).body as { url: string }).url
    const roomUrl = ((await w.manager.agent.get(`/api/v1/lieux/${w.lieuA}/resources/${w.room}/calendar-feed`)).body as { url: string }).url
    const deskUrl = ((await w.manager.agent.get(`/api/v1/lieux/${w.lieuA}/resources/${w.desk}/calendar-feed`)).body as { url: string }).url
    expect(new Set([lieuUrl, roomUrl, deskUrl]).size).toBe(3)
    const newRoom = ((await w.manager.agent.post(`/api/v1/lieux/${w.lieuA}/resources/${w.room}/calendar-feed/regenerate`)).body as { url: string }).url
    expectProblem(await t.agent().get(path(roomUrl)), 404, 'not_found')
    await feed(newRoom)
    await feed(lieuUrl)
    await feed(deskUrl)
    const newLieu = ((await w.manager.agent.post(`/api/v1/lieux/${w.lieuA}/calendar-feed/regenerate`)).body as { url: string }).url
    expectProblem(await t.agent().get(path(lieuUrl)), 404, 'not_found')
    await feed(newLieu)
  })

  it('a member gets 403, another lieu’s manager 404, a resource of another lieu 404', async () => {
    expectProblem(await w.member.agent.get(`/api/v1/lieux/${w.lieuA}/calendar-feed`), 403, 'forbidden')
    expectProblem(await w.member.agent.get(`/api/v1/lieux/${w.lieuA}/resources/${w.room}/calendar-feed`), 403, 'forbidden')
    expectProblem(await w.managerB.agent.get(`/api/v1/lieux/${w.lieuA}/calendar-feed`), 404, 'not_found')
    expectProblem(await w.manager.agent.get(`/api/v1/lieux/${w.lieuA}/resources/${w.roomB}/calendar-feed`), 404, 'not_found')
    expectProblem(await w.managerB.agent.post(`/api/v1/lieux/${w.lieuB}/resources/${w.room}/calendar-feed/regenerate`), 404, 'not_found')
  })

  it('a feed dies when its holder stops managing the lieu', async () => {
    const lost = await t.login({ name: 'Ex Manager' })
    await join(w.lieuA, lost.id, 'manager')
    const url = ((await lost.agent.get(`/api/v1/lieux/${w.lieuA}/calendar-feed`)).body as { url: string }).url
    await feed(url)
    await t.deps.db.lieuMembership.update({ where: { lieuId_userId: { lieuId: w.lieuA, userId: lost.id } }, data: { role: 'member' } })
    expectProblem(await t.agent().get(path(url)), 404, 'not_found')
  })
})

describe('the public .ics address', () => {
  it('an unknown or malformed token is a 404 problem', async () => {
    expectProblem(await t.agent().get(`/api/v1/calendar/${randomBytes(32).toString('base64url')}.ics`), 404, 'not_found')
    expectProblem(await t.agent().get('/api/v1/calendar/abc.ics'), 404, 'not_found')
    expectProblem(await t.agent().get(`/api/v1/calendar/${'x'.repeat(500)}.ics`), 404, 'not_found')
  })

  it('needs no session and sets none', async () => {
    const { url } = (await w.member.agent.get('/api/v1/me/calendar-feed')).body as { url: string }
    const res = await t.agent().get(path(url))
    expect(res.status).toBe(200)
    expect(res.headers['set-cookie']).toBeUndefined()
  })
})
