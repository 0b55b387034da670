import { beforeAll, describe, expect, it } from 'vitest'
import { ZCheckInCodeDto, ZKioskScanResult, ZMemberCodeDto } from '@fabrique/shared/checkin/schema'
import { useTestApp } from './support/test-app.ts'
import { bookingWorld } from './support/booking-world.ts'

// Friday 2026-11-27, 10:00 in Paris (the world is open 08:00–20:00 every day).
const NOW = '2026-11-27T09:00:00Z'
const t = useTestApp({ now: NOW })
type Agent = ReturnType<typeof t.agent>

const changed: string[] = []
beforeAll(() => {
  t.deps.live = { lieuChanged: (id: string) => void changed.push(id), credentialsEnded: () => {} }
})

let keyN = 0
async function book(agent: Agent, resourceId: string, startsAt: string, endsAt: string) {
  const res = await agent.post('/api/v1/bookings').set('Idempotency-Key', `checkin-key-${++keyN}`).send({ resourceId, startsAt, endsAt })
  expect(res.status, res.text).toBe(201)
  return res.body.id as string
}
async function device(manager: Agent, lieuId: string, kind: 'kiosk' | 'lobby') {
  const res = await manager.post(`/api/v1/lieux/${lieuId}/devices`).send({ kind, name: `${kind} de l’entrée` })
  expect(res.status, res.text).toBe(201)
  return res.body.token as string
}
const asDevice = (token: string) => ({
  scan: (code: string) => t.agent().post('/api/v1/kiosk/scan').set('Authorization', `Device ${token}`).send({ code }),
  walkIn: (memberCode: string, resourceId: string) => t.agent().post('/api/v1/kiosk/walk-in').set('Authorization', `Device ${token}`).send({ memberCode, resourceId }),
  checkIn: (memberCode: string, bookingId: string) => t.agent().post('/api/v1/kiosk/check-in').set('Authorization', `Device ${token}`).send({ memberCode, bookingId }),
})
const codeOf = async (agent: Agent, bookingId: string) => {
  const res = await agent.get(`/api/v1/bookings/${bookingId}/check-in-code`)
  expect(res.status, res.text).toBe(200)
  return ZCheckInCodeDto.parse(res.body)
}
const memberCode = async (agent: Agent) => {
  const res = await agent.get('/api/v1/me/member-code')
  expect(res.status, res.text).toBe(200)
  return ZMemberCodeDto.parse(res.body)
}

describe('booking check-in codes', () => {
  it('gives the member (and a manager) a signed code with its QR SVG, valid from 30 min before the start to the end', async () => {
    t.clock.set(NOW)
    const w = await bookingWorld(t)
    const id = await book(w.alice.agent, w.desk.id, '2026-11-27T09:30:00Z', '2026-11-27T11:00:00Z')
    const c = await codeOf(w.alice.agent, id)
    expect(c.code).toMatch(new RegExp(`^B\\.${id}\\.\\d+\\.[A-Za-z0-9_-]{43}$`))
    expect(c).toMatchObject({ validFrom: '2026-11-27T09:00:00.000Z', expiresAt: '2026-11-27T11:00:00.000Z' })
    expect(c.qrSvg).toMatch(/^<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/)
    const res = await w.alice.agent.get(`/api/v1/bookings/${id}/check-in-code`)
    expect(res.headers['cache-control']).toBe('no-store')
    expect((await codeOf(w.manager.agent, id)).code).toBe(c.code)
    expect((await w.bob.agent.get(`/api/v1/bookings/${id}/check-in-code`)).status).toBe(404)
    expect((await t.agent().get(`/api/v1/bookings/${id}/check-in-code`)).status).toBe(401)
  })

  it('a kiosk checks the booking in, then out; the window, tampering, expiry and other lieux are refused', async () => {
    t.clock.set(NOW)
    changed.length = 0
    const w = await bookingWorld(t)
    const other = await bookingWorld(t)
    const kiosk = asDevice(await device(w.manager.agent, w.lieu.id, 'kiosk'))
    const otherKiosk = asDevice(await device(other.manager.agent, other.lieu.id, 'kiosk'))
    const id = await book(w.alice.agent, w.desk.id, '2026-11-27T10:00:00Z', '2026-11-27T12:00:00Z')
    const { code } = await codeOf(w.alice.agent, id)
    changed.length = 0

    // 60 min before the start: the code is not valid yet.
    const early = await kiosk.scan(code)
    expect(early.status, early.text).toBe(409)
    expect(early.body.code).toBe('invalid_transition')
    // Tampered signature, another booking's id with this signature, junk: not recognised.
    const sig = code.slice(-43)
    const flipped = code.slice(0, -43) + (sig[0] === 'A' ? 'B' : 'A') + sig.slice(1)
    for (const bad of [flipped, code.replace(id, w.desk.id), code.replace(/\.(\d+)\./, (_m, n: string) => `.${Number(n) + 3600}.`), 'hello', `M${code.slice(1)}`]) {
      const res = await kiosk.scan(bad)
      expect(res.status, bad).toBe(404)
      expect(res.body.code).toBe('not_found')
    }
    // Another lieu's kiosk: like an unknown code.
    t.clock.set('2026-11-27T09:50:00Z')
    expect((await otherKiosk.scan(code)).status).toBe(404)
    expect(changed).toEqual([])

    const inRes = await kiosk.scan(code)
    expect(inRes.status, inRes.text).toBe(200)
    const scanned = ZKioskScanResult.parse(inRes.body)
    expect(scanned).toMatchObject({ kind: 'booking', action: 'checked_in', booking: { id, firstName: 'Alice', status: 'checked_in', resource: { id: w.desk.id, name: 'Bureau 1', kind: 'desk' } } })
    expect(inRes.text).not.toContain('Membre')
    expect(inRes.text).not.toContain(w.alice.email)
    expect(changed).toEqual([w.lieu.id])

    t.clock.set('2026-11-27T10:40:00Z')
    const out = await kiosk.scan(code)
    expect(out.status, out.text).toBe(200)
    expect(out.body).toMatchObject({ kind: 'booking', action: 'checked_out', booking: { status: 'completed', endsAt: '2026-11-27T11:00:00.000Z' } })
    expect(changed).toEqual([w.lieu.id, w.lieu.id])
    // Completed: nothing more to do with this code.
    expect((await kiosk.scan(code)).body.code).toBe('invalid_transition')

    // Expired: the booking is over.
    const later = await book(w.bob.agent, w.zone.id, '2026-11-27T11:00:00Z', '2026-11-27T12:00:00Z')
    const lateCode = (await codeOf(w.bob.agent, later)).code
    t.clock.set('2026-11-27T12:00:00Z')
    const expired = await kiosk.scan(lateCode)
    expect(expired.status).toBe(410)
    expect(expired.body.code).toBe('token_invalid')
    expect((await w.bob.agent.get(`/api/v1/bookings/${later}/check-in-code`)).body.code).toBe('invalid_transition')
  })

  it('the check-in key is created once and shared (one row in app_secrets)', async () => {
    const rows = await t.deps.db.appSecret.findMany({ where: { name: 'checkin_key' } })
    expect(rows).toHaveLength(1)
    expect(Buffer.from(rows[0]!.value, 'base64url')).toHaveLength(32)
  })
})

describe('member cards at the kiosk', () => {
  it('a member card lists today’s bookings and the walk-in choices; another lieu’s kiosk does not know it; it expires after 12 h', async () => {
    t.clock.set(NOW)
    const w = await bookingWorld(t)
    const other = await bookingWorld(t)
    const kiosk = asDevice(await device(w.manager.agent, w.lieu.id, 'kiosk'))
    const otherKiosk = asDevice(await device(other.manager.agent, other.lieu.id, 'kiosk'))
    const today = await book(w.alice.agent, w.desk.id, '2026-11-27T13:00:00Z', '2026-11-27T14:00:00Z')
    await book(w.alice.agent, w.desk.id, '2026-11-28T13:00:00Z', '2026-11-28T14:00:00Z') // tomorrow: not listed
    t.clock.set('2026-11-27T08:30:00Z')
    await book(w.bob.agent, w.zone.id, '2026-11-27T08:30:00Z', '2026-11-27T10:00:00Z') // one seat of the zone taken now
    t.clock.set(NOW)
    const card = await memberCode(w.alice.agent)
    expect(card.code).toMatch(new RegExp(`^M\\.${w.alice.id}\\.\\d+\\.[A-Za-z0-9_-]{43}$`))
    expect(card.expiresAt).toBe('2026-11-27T21:00:00.000Z')
    expect(card.qrSvg).toContain('<svg')

    const res = await kiosk.scan(card.code)
    expect(res.status, res.text).toBe(200)
    const r = ZKioskScanResult.parse(res.body)
    if (r.kind !== 'member') throw new Error('expected a member')
    expect(r.member).toEqual({ firstName: 'Alice' })
    expect(r.bookings.map((b) => b.id)).toEqual([today])
    expect(r.walkIn).toEqual([
      { resourceId: w.zone.id, name: 'Open space', kind: 'zone', seatsFree: 2, startsAt: '2026-11-27T09:00:00.000Z', endsAt: '2026-11-27T13:00:00.000Z' },
      // The desk is free now (Alice's booking starts at 14:00 local); the walk-in would run into it and be shortened then.
      { resourceId: w.desk.id, name: 'Bureau 1', kind: 'desk', seatsFree: 1, startsAt: '2026-11-27T09:00:00.000Z', endsAt: '2026-11-27T13:00:00.000Z' },
    ])
    expect(res.text).not.toContain('Bob')

    expect((await otherKiosk.scan(card.code)).status).toBe(404)
    expect((await otherKiosk.walkIn(card.code, other.zone.id)).status).toBe(404)

    // Checking in a listed booking through the card (from 15 min before its start).
    t.clock.set('2026-11-27T12:50:00Z')
    const listed = await kiosk.checkIn(card.code, today)
    expect(listed.status, listed.text).toBe(200)
    expect(listed.body).toMatchObject({ action: 'checked_in', booking: { id: today, status: 'checked_in' } })
    // Someone else's booking through Alice's card: unknown.
    const bobs = await book(w.bob.agent, w.desk.id, '2026-11-27T15:00:00Z', '2026-11-27T16:00:00Z')
    expect((await kiosk.checkIn(card.code, bobs)).status).toBe(404)

    t.clock.set('2026-11-27T21:00:00Z')
    const expired = await kiosk.scan(card.code)
    expect(expired.status).toBe(410)
    expect(expired.body.code).toBe('token_invalid')
  })
})

describe('walk-ins', () => {
  it('books a zone seat from now (on the grid) to +4 h, checked in; a full zone is a 409; a double tap makes one booking', async () => {
    t.clock.set('2026-11-27T09:10:00Z')
    changed.length = 0
    const w = await bookingWorld(t)
    const carol = await t.login({ name: 'Carol Quatre' })
    await t.deps.db.lieuMembership.create({ data: { lieuId: w.lieu.id, userId: carol.id, role: 'member' } })
    const kiosk = asDevice(await device(w.manager.agent, w.lieu.id, 'kiosk'))
    const cards = await Promise.all([w.alice, w.bob, w.manager, carol].map((p) => memberCode(p.agent)))

    const first = await kiosk.walkIn(cards[0]!.code, w.zone.id)
    expect(first.status, first.text).toBe(201)
    expect(first.body).toMatchObject({ kind: 'booking', action: 'checked_in', booking: { firstName: 'Alice', status: 'checked_in', startsAt: '2026-11-27T09:00:00.000Z', endsAt: '2026-11-27T13:00:00.000Z', seats: 1 } })
    expect(changed).toEqual([w.lieu.id])
    const again = await kiosk.walkIn(cards[0]!.code, w.zone.id)
    expect(again.status).toBe(201)
    expect(again.body.booking.id).toBe(first.body.booking.id)
    expect(await t.deps.db.booking.count({ where: { resourceId: w.zone.id } })).toBe(1)

    for (const c of [cards[1]!, cards[2]!]) expect((await kiosk.walkIn(c.code, w.zone.id)).status).toBe(201)
    const full = await kiosk.walkIn(cards[3]!.code, w.zone.id)
    expect(full.status, full.text).toBe(409)
    expect(full.body.code).toBe('booking_conflict')
    expect(await t.deps.db.booking.count({ where: { resourceId: w.zone.id } })).toBe(3)
    const row = await t.deps.db.booking.findUniqueOrThrow({ where: { id: first.body.booking.id } })
    expect(row).toMatchObject({ userId: w.alice.id, status: 'checked_in', checkedInAt: new Date('2026-11-27T09:10:00Z') })
  })

  it('ends where room runs out, at the closing time, and refuses rooms, other lieux’ resources and a closed lieu', async () => {
    t.clock.set('2026-11-27T16:20:00Z') // 17:20 in Paris, closing at 20:00
    const w = await bookingWorld(t)
    const kiosk = asDevice(await device(w.manager.agent, w.lieu.id, 'kiosk'))
    const card = (await memberCode(w.alice.agent)).code
    await book(w.bob.agent, w.desk.id, '2026-11-27T17:30:00Z', '2026-11-27T18:00:00Z')
    const desk = await kiosk.walkIn(card, w.desk.id)
    expect(desk.status, desk.text).toBe(201)
    expect(desk.body.booking).toMatchObject({ startsAt: '2026-11-27T16:00:00.000Z', endsAt: '2026-11-27T17:30:00.000Z' })
    const zone = await kiosk.walkIn(card, w.zone.id)
    expect(zone.body.booking).toMatchObject({ startsAt: '2026-11-27T16:00:00.000Z', endsAt: '2026-11-27T19:00:00.000Z' })

    const room = await kiosk.walkIn(card, w.room.id)
    expect(room.status).toBe(422)
    expect(room.body.code).toBe('not_bookable')
    const other = await bookingWorld(t)
    expect((await kiosk.walkIn(card, other.zone.id)).status).toBe(404)

    t.clock.set('2026-11-27T19:30:00Z')
    const closed = await kiosk.walkIn((await memberCode(w.bob.agent)).code, w.zone.id)
    expect(closed.status).toBe(422)
    expect(closed.body.code).toBe('outside_opening_hours')
  })
})

describe('the lobby', () => {
  it('shows occupancy, rooms now and next and today’s machine bookings, without a name or an e-mail', async () => {
    t.clock.set(NOW)
    const w = await bookingWorld(t)
    const lobby = await device(w.manager.agent, w.lieu.id, 'lobby')
    await t.deps.db.habilitationGrant.create({ data: { habilitationId: w.laser.id, userId: w.alice.id, grantedAt: new Date('2026-11-01T00:00:00Z') } })
    await book(w.manager.agent, w.room.id, '2026-11-27T09:00:00Z', '2026-11-27T10:00:00Z')
    await book(w.manager.agent, w.room.id, '2026-11-27T10:00:00Z', '2026-11-27T10:30:00Z')
    await book(w.manager.agent, w.room.id, '2026-11-27T13:00:00Z', '2026-11-27T14:00:00Z')
    await book(w.alice.agent, w.machine.id, '2026-11-27T14:00:00Z', '2026-11-27T15:00:00Z')
    await book(w.alice.agent, w.machine.id, '2026-11-28T14:00:00Z', '2026-11-28T15:00:00Z') // tomorrow
    await book(w.bob.agent, w.zone.id, '2026-11-27T09:00:00Z', '2026-11-27T11:00:00Z')

    const res = await t.agent().get('/api/v1/lobby').set('Authorization', `Device ${lobby}`)
    expect(res.status, res.text).toBe(200)
    expect(res.body.lieu).toEqual({ id: w.lieu.id, name: w.lieu.name, timeZone: 'Europe/Paris' })
    expect(res.body.rooms).toEqual([
      { id: w.room.id, name: 'Salle Tarn', capacity: 8, outOfService: false, busyNow: true, currentEndsAt: '2026-11-27T10:30:00.000Z', next: { startsAt: '2026-11-27T13:00:00.000Z', endsAt: '2026-11-27T14:00:00.000Z' } },
    ])
    expect(res.body.machines).toEqual([{ id: w.machine.id, name: 'Laser', outOfService: false, bookings: [{ startsAt: '2026-11-27T14:00:00.000Z', endsAt: '2026-11-27T15:00:00.000Z' }] }])
    expect(res.body.occupancy).toMatchObject({ lieuId: w.lieu.id, peopleIn: null, seatsTotal: 4, seatsFreeNow: 3 })
    for (const who of [w.alice, w.bob, w.manager]) {
      expect(res.text).not.toContain(who.email)
      expect(res.text).not.toContain(who.id)
    }
    for (const name of ['Alice', 'Bob', 'Manon', 'Membre', 'Gestion']) expect(res.text).not.toContain(name)
  })
})
