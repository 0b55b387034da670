import http from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { hashToken, newToken } from '../src/auth/tokens.ts'
import { attachLive, type LiveServer } from '../src/live/socket.ts'
import { computeOccupancy } from '../src/live/occupancy.ts'
import { bookingWorld } from './support/booking-world.ts'
import { connected, listen, liveClient, refusal, sessionCookie, type LiveClient } from './support/live-client.ts'
import { ORIGIN, useTestApp } from './support/test-app.ts'

// Friday 2026-11-27, 10:00 in Paris (the world's lieux open 08:00–20:00).
const t = useTestApp({ now: '2026-11-27T09:00:00Z' })
let server: http.Server
let live: LiveServer
let base: string
const clients: LiveClient[] = []

beforeAll(async () => {
  server = http.createServer(t.app)
  live = await attachLive(server, t.deps)
  t.deps.live = live.publisher
  base = await listen(server)
})
afterAll(async () => {
  for (const c of clients) c.close()
  await live.close()
  await new Promise((r) => server.close(r))
})

async function userClient(email: string, origin: string | undefined = ORIGIN) {
  const c = liveClient(base, { cookie: await sessionCookie(t.app, ORIGIN, email), origin })
  clients.push(c)
  await connected(c)
  return c
}
function deviceClient(token: string) {
  const c = liveClient(base, { deviceToken: token })
  clients.push(c)
  return c
}
const book = (agent: ReturnType<typeof t.agent>, resourceId: string, startsAt: string, endsAt: string, seats = 1) =>
  agent.post('/api/v1/bookings').send({ resourceId, startsAt, endsAt, seats })

describe('live occupancy over Socket.IO', () => {
  it('sends a snapshot on join, then the new state with seq + 1 after a booking commits', async () => {
    const w = await bookingWorld(t)
    const m = await userClient(w.manager.email)
    const ack = await m.join(w.lieu.id)
    if (!ack.ok) throw new Error(`join refused: ${ack.code}`)
    expect(ack.audience).toBe('managers')
    const snap = ack.snapshot
    expect(snap).toMatchObject({ lieuId: w.lieu.id, seq: 0, openNow: true, seatsTotal: 4, seatsFreeNow: 4, peopleIn: [] })
    expect(snap.resources.map((r) => [r.name, r.state]).sort()).toEqual([['Bureau 1', 'free'], ['Laser', 'free'], ['Open space', 'free'], ['Salle Tarn', 'free']])

    const res = await book(w.alice.agent, w.desk.id, '2026-11-27T10:00:00+01:00', '2026-11-27T12:00:00+01:00')
    expect(res.status).toBe(201)
    const ev = await m.waitFor((o) => o.lieuId === w.lieu.id && o.seq === 1)
    // Computed from committed data: the new booking is in it.
    const desk = ev.resources.find((r) => r.resourceId === w.desk.id)!
    expect(desk).toMatchObject({ state: 'booked', seatsBooked: 1, seatsCheckedIn: 0, busyUntil: '2026-11-27T11:00:00.000Z', freeUntil: null })
    expect(ev).toMatchObject({ seatsTotal: 4, seatsFreeNow: 3 })

    // Zone seats add up; a later booking today is the next start.
    expect((await book(w.bob.agent, w.zone.id, '2026-11-27T10:00:00+01:00', '2026-11-27T11:00:00+01:00', 2)).status).toBe(201)
    expect((await book(w.bob.agent, w.zone.id, '2026-11-27T15:00:00+01:00', '2026-11-27T16:00:00+01:00', 1)).status).toBe(201)
    const ev3 = await m.waitFor((o) => o.lieuId === w.lieu.id && o.seq === 3)
    expect(ev3.resources.find((r) => r.resourceId === w.zone.id)).toMatchObject({ state: 'booked', seatsBooked: 2, nextStartsAt: '2026-11-27T14:00:00.000Z' })
    expect(ev3.seatsFreeNow).toBe(1)
    expect(m.events.map((e) => e.seq)).toEqual([1, 2, 3])
  })

  it('never sends a member another lieu’s events; joining it is not_found', async () => {
    const a = await bookingWorld(t)
    const b = await bookingWorld(t)
    const alice = await userClient(a.alice.email)
    const managerB = await userClient(b.manager.email)
    expect((await alice.join(a.lieu.id)).ok).toBe(true)
    expect(await alice.join(b.lieu.id)).toEqual({ ok: false, code: 'not_found' })
    expect(await alice.join('00000000-0000-4000-8000-000000000000')).toEqual({ ok: false, code: 'not_found' })
    expect(await alice.join('not-a-uuid' as string)).toEqual({ ok: false, code: 'bad_request' })
    expect((await managerB.join(b.lieu.id)).ok).toBe(true)
    expect((await book(b.alice.agent, b.desk.id, '2026-11-27T10:00:00+01:00', '2026-11-27T11:00:00+01:00')).status).toBe(201)
    await managerB.waitFor((o) => o.lieuId === b.lieu.id && o.seq === 1)
    expect((await book(a.alice.agent, a.desk.id, '2026-11-27T10:00:00+01:00', '2026-11-27T11:00:00+01:00')).status).toBe(201)
    await alice.waitFor((o) => o.lieuId === a.lieu.id && o.seq === 1)
    expect(alice.events.every((e) => e.lieuId === a.lieu.id)).toBe(true)
    expect(managerB.events.every((e) => e.lieuId === b.lieu.id)).toBe(true)
    // After leaving, nothing more arrives.
    await alice.socket.emitWithAck('lieu:leave', { lieuId: a.lieu.id })
    t.deps.live.lieuChanged(a.lieu.id)
    await live.publisher.idle()
    await new Promise((r) => setTimeout(r, 100))
    expect(alice.events.map((e) => e.seq)).toEqual([1])
  })

  it('refuses a bad cookie, no credentials, and a cookie sent from another site', async () => {
    const bad = liveClient(base, { cookie: 'fabrique_session=forged-token', origin: ORIGIN })
    clients.push(bad)
    expect(await refusal(bad)).toBe('unauthenticated')
    const none = liveClient(base)
    clients.push(none)
    expect(await refusal(none)).toBe('unauthenticated')
    const u = await t.createUser()
    const crossSite = liveClient(base, { cookie: await sessionCookie(t.app, ORIGIN, u.email), origin: 'https://evil.example' })
    clients.push(crossSite)
    expect(await refusal(crossSite)).toBe('origin_rejected')
  })

  it('shows names to managers, to members only for people visible to the community, and none to a lobby', async () => {
    const w = await bookingWorld(t)
    const token = newToken()
    await t.deps.db.device.create({ data: { lieuId: w.lieu.id, kind: 'lobby', name: 'Écran entrée', tokenHash: hashToken(token) } })
    const m = await userClient(w.manager.email)
    const bob = await userClient(w.bob.email)
    const lobby = deviceClient(token)
    await connected(lobby)
    expect((await m.join(w.lieu.id)).ok).toBe(true)
    const bobAck = await bob.join(w.lieu.id)
    expect(bobAck.ok && bobAck.audience).toBe('members')
    const lobbyAck = await lobby.join(w.lieu.id)
    expect(lobbyAck.ok && lobbyAck.audience).toBe('public')
    expect(lobbyAck.ok && lobbyAck.snapshot.peopleIn).toBeNull()

    const res = await book(w.alice.agent, w.desk.id, '2026-11-27T10:00:00+01:00', '2026-11-27T12:00:00+01:00')
    expect((await w.alice.agent.post(`/api/v1/bookings/${res.body.id}/check-in`)).status).toBe(200)
    const seen = (o: { seq: number }) => o.seq === 2
    const [mEv, bobEv, lobbyEv] = await Promise.all([m.waitFor(seen), bob.waitFor(seen), lobby.waitFor(seen)])
    expect(mEv.peopleIn).toEqual([{ bookingId: expect.any(String), userId: w.alice.id, name: 'Alice Membre', resourceId: w.desk.id, since: '2026-11-27T09:00:00.000Z' }])
    expect(mEv.resources.find((r) => r.resourceId === w.desk.id)).toMatchObject({ state: 'in_use', seatsCheckedIn: 1 })
    expect(bobEv.peopleIn).toEqual([])
    expect(lobbyEv.peopleIn).toBeNull()
    expect(lobbyEv.resources.find((r) => r.resourceId === w.desk.id)!.state).toBe('in_use')
    expect(JSON.stringify(lobbyEv)).not.toContain('Alice')

    // Alice chooses to be visible: members now see her, the lobby still does not.
    expect((await w.alice.agent.patch('/api/v1/me').send({ visibleToCommunity: true })).status).toBe(200)
    t.deps.live.lieuChanged(w.lieu.id)
    const [bobEv3, lobbyEv3] = await Promise.all([bob.waitFor((o) => o.seq === 3), lobby.waitFor((o) => o.seq === 3)])
    expect(bobEv3.peopleIn!.map((p) => p.name)).toEqual(['Alice Membre'])
    expect(lobbyEv3.peopleIn).toBeNull()
    // The shared computation the kiosk/lobby/open-data code uses says the same.
    expect((await computeOccupancy(t.deps.db, w.lieu.id, t.clock.now(), 'public')).peopleIn).toBeNull()
  })

  it('gives a lobby device its own lieu only, and refuses a revoked or unknown token', async () => {
    const a = await bookingWorld(t)
    const b = await bookingWorld(t)
    const token = newToken()
    const device = await t.deps.db.device.create({ data: { lieuId: a.lieu.id, kind: 'kiosk', name: 'Tablette', tokenHash: hashToken(token) } })
    const kiosk = deviceClient(token)
    await connected(kiosk)
    expect((await kiosk.join(a.lieu.id)).ok).toBe(true)
    expect(await kiosk.join(b.lieu.id)).toEqual({ ok: false, code: 'not_found' })
    await t.deps.db.device.update({ where: { id: device.id }, data: { revokedAt: t.clock.now() } })
    // Revoked: refused at connection, and a connected one is dropped at its next join.
    expect(await refusal(deviceClient(token))).toBe('unauthenticated')
    const again = await kiosk.socket.timeout(2000).emitWithAck('lieu:join', { lieuId: a.lieu.id }).catch(() => ({ ok: false, code: 'disconnected' }))
    expect(again.ok).toBe(false)
    expect(await refusal(deviceClient(newToken()))).toBe('unauthenticated')
  })

  it('closes the sockets of a session that ends: logout, a revoked session, log out everywhere, a revoked device', async () => {
    const w = await bookingWorld(t)
    const disconnected = (c: LiveClient) =>
      new Promise<string>((resolve, reject) => {
        if (c.socket.disconnected) return resolve('already')
        const timer = setTimeout(() => reject(new Error('still connected after 3 s')), 3000)
        c.socket.once('disconnect', (reason) => {
          clearTimeout(timer)
          resolve(reason)
        })
      })
    // Logout: that session's socket closes; the same person's other session stays.
    const cookieA = await sessionCookie(t.app, ORIGIN, w.alice.email)
    const a1 = liveClient(base, { cookie: cookieA, origin: ORIGIN })
    const a2 = await userClient(w.alice.email)
    clients.push(a1)
    await connected(a1)
    expect((await a1.join(w.lieu.id)).ok).toBe(true)
    const gone = disconnected(a1)
    expect((await t.agent().post('/api/v1/auth/logout').set('Cookie', cookieA).send()).status).toBe(204)
    expect(await gone).toBe('io server disconnect')
    expect(a2.socket.connected).toBe(true)
    // Log out everywhere: every socket of the account.
    const cookieB = await sessionCookie(t.app, ORIGIN, w.alice.email)
    const all = disconnected(a2)
    expect((await t.agent().post('/api/v1/auth/logout-all').set('Cookie', cookieB).send()).status).toBe(204)
    await all
    // A device revoked by a manager: its socket closes at once.
    const token = newToken()
    const device = await t.deps.db.device.create({ data: { lieuId: w.lieu.id, kind: 'lobby', name: 'Écran', tokenHash: hashToken(token) } })
    const lobby = deviceClient(token)
    await connected(lobby)
    const dropped = disconnected(lobby)
    expect((await w.manager.agent.delete(`/api/v1/lieux/${w.lieu.id}/devices/${device.id}`)).status).toBe(204)
    await dropped
    // Someone else's sockets are untouched.
    const bob = await userClient(w.bob.email)
    expect(bob.socket.connected).toBe(true)
  })

  it('pushes out_of_service when a manager takes a resource out of service, and back', async () => {
    const w = await bookingWorld(t)
    const m = await userClient(w.manager.email)
    await m.join(w.lieu.id)
    const off = await w.manager.agent.patch(`/api/v1/lieux/${w.lieu.id}/resources/${w.machine.id}`).send({ outOfService: true, outOfServiceReason: 'Tube laser à changer' })
    expect(off.status).toBe(200)
    expect(off.body).toMatchObject({ outOfService: true, outOfServiceReason: 'Tube laser à changer' })
    const ev = await m.waitFor((o) => o.seq === 1)
    expect(ev.resources.find((r) => r.resourceId === w.machine.id)).toMatchObject({ state: 'out_of_service', outOfServiceReason: 'Tube laser à changer' })
    // A desk out of service leaves the seats too.
    await w.manager.agent.patch(`/api/v1/lieux/${w.lieu.id}/resources/${w.desk.id}`).send({ outOfService: true })
    expect((await m.waitFor((o) => o.seq === 2)).seatsTotal).toBe(3)
    const on = await w.manager.agent.patch(`/api/v1/lieux/${w.lieu.id}/resources/${w.machine.id}`).send({ outOfService: false })
    expect(on.body).toMatchObject({ outOfService: false, outOfServiceReason: null })
    expect((await m.waitFor((o) => o.seq === 3)).resources.find((r) => r.resourceId === w.machine.id)!.state).toBe('free')
    // Members may not do it.
    expect((await w.alice.agent.patch(`/api/v1/lieux/${w.lieu.id}/resources/${w.machine.id}`).send({ outOfService: true })).status).toBe(403)
  })

  it('coalesces a burst: 100 changes cost at most two computations, and the last state wins', async () => {
    const w = await bookingWorld(t)
    const m = await userClient(w.manager.email)
    await m.join(w.lieu.id)
    const before = live.publisher.runs
    for (let i = 0; i < 100; i++) t.deps.live.lieuChanged(w.lieu.id)
    await live.publisher.idle()
    expect(live.publisher.runs - before).toBeLessThanOrEqual(2)
    const seq = Number((await t.deps.db.lieu.findUniqueOrThrow({ where: { id: w.lieu.id } })).liveSeq)
    expect(seq).toBeLessThanOrEqual(2)
    const last = await m.waitFor((o) => o.seq === seq)
    // Consecutive numbers: no false gap for clients.
    expect(m.events.map((e) => e.seq)).toEqual(Array.from({ length: seq }, (_, i) => i + 1))
    expect(last.lieuId).toBe(w.lieu.id)
  })

  it('does not announce a change that failed (nothing committed, no event)', async () => {
    const w = await bookingWorld(t)
    const m = await userClient(w.manager.email)
    await m.join(w.lieu.id)
    const refused = await book(w.alice.agent, w.machine.id, '2026-11-27T10:00:00+01:00', '2026-11-27T11:00:00+01:00') // no habilitation
    expect(refused.status).toBe(422)
    await live.publisher.idle()
    await new Promise((r) => setTimeout(r, 100))
    expect(m.events).toEqual([])
  })
})
