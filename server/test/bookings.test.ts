import { describe, expect, it } from 'vitest'
import { useTestApp } from './support/test-app.ts'
import { bookingWorld } from './support/booking-world.ts'

// Friday 2026-11-27, 10:00 in Paris.
const t = useTestApp({ now: '2026-11-27T09:00:00Z' })

const book = (agent: ReturnType<typeof t.agent>, body: Record<string, unknown>, key?: string) => {
  const req = agent.post('/api/v1/bookings')
  if (key) req.set('Idempotency-Key', key)
  return req.send(body)
}

describe('creating bookings', () => {
  it('books a desk; an overlapping request is a 409 naming the taken interval; adjacent is fine', async () => {
    const w = await bookingWorld(t)
    const first = await book(w.alice.agent, { resourceId: w.desk.id, startsAt: '2026-11-30T09:00:00+01:00', endsAt: '2026-11-30T12:00:00+01:00' })
    expect(first.status).toBe(201)
    expect(first.body).toMatchObject({ status: 'confirmed', resource: { id: w.desk.id, kind: 'desk' }, startsAt: '2026-11-30T08:00:00.000Z', cancellableUntil: '2026-11-30T07:00:00.000Z' })
    const clash = await book(w.bob.agent, { resourceId: w.desk.id, startsAt: '2026-11-30T11:00:00+01:00', endsAt: '2026-11-30T13:00:00+01:00' })
    expect(clash.status).toBe(409)
    expect(clash.body).toMatchObject({ code: 'booking_conflict', conflict: { startsAt: '2026-11-30T08:00:00.000Z', endsAt: '2026-11-30T11:00:00.000Z' } })
    const adjacent = await book(w.bob.agent, { resourceId: w.desk.id, startsAt: '2026-11-30T12:00:00+01:00', endsAt: '2026-11-30T13:00:00+01:00' })
    expect(adjacent.status).toBe(201)
  })

  it('answers every rule with its own 422 code', async () => {
    const w = await bookingWorld(t, { rules: { quotaMinutesPerDay: 240, minNoticeMinutes: 60 } })
    const cases: [Record<string, unknown>, string][] = [
      [{ startsAt: '2026-11-26T09:00:00+01:00', endsAt: '2026-11-26T10:00:00+01:00' }, 'in_the_past'],
      [{ startsAt: '2026-11-27T10:30:00+01:00', endsAt: '2026-11-27T11:00:00+01:00' }, 'notice_too_short'],
      [{ startsAt: '2028-01-10T09:00:00+01:00', endsAt: '2028-01-10T10:00:00+01:00' }, 'beyond_booking_window'],
      [{ startsAt: '2026-11-30T09:10:00+01:00', endsAt: '2026-11-30T10:00:00+01:00' }, 'not_on_granularity'],
      [{ startsAt: '2026-11-30T07:00:00+01:00', endsAt: '2026-11-30T09:00:00+01:00' }, 'outside_opening_hours'],
      [{ startsAt: '2026-11-30T08:00:00+01:00', endsAt: '2026-11-30T19:00:00+01:00' }, 'too_long'],
    ]
    for (const [times, code] of cases) {
      const res = await book(w.alice.agent, { resourceId: w.desk.id, ...times })
      expect(res.status, code).toBe(422)
      expect(res.body.code).toBe(code)
    }
    // The quota counts the day's minutes on this resource.
    expect((await book(w.alice.agent, { resourceId: w.desk.id, startsAt: '2026-12-01T09:00:00+01:00', endsAt: '2026-12-01T12:00:00+01:00' })).status).toBe(201)
    const over = await book(w.alice.agent, { resourceId: w.desk.id, startsAt: '2026-12-01T14:00:00+01:00', endsAt: '2026-12-01T16:00:00+01:00' })
    expect(over.body.code).toBe('quota_day_reached')
    const closure = await t.deps.db.closure.create({ data: { lieuId: w.lieu.id, startDate: new Date('2026-12-24T00:00:00Z'), endDate: new Date('2026-12-25T00:00:00Z'), reason: 'Noël' } })
    expect((await book(w.alice.agent, { resourceId: w.desk.id, startsAt: '2026-12-24T09:00:00+01:00', endsAt: '2026-12-24T10:00:00+01:00' })).body.code).toBe('lieu_closed')
    await t.deps.db.closure.delete({ where: { id: closure.id } })
    expect(await t.deps.db.booking.count({ where: { resourceId: w.desk.id } })).toBe(1)
  })

  it('refuses a machine without a valid habilitation, with a clear code', async () => {
    const w = await bookingWorld(t)
    const body = { resourceId: w.machine.id, startsAt: '2026-11-30T14:00:00+01:00', endsAt: '2026-11-30T15:00:00+01:00' }
    const refused = await book(w.alice.agent, body)
    expect(refused.status).toBe(422)
    expect(refused.body.code).toBe('habilitation_missing')
    await t.deps.db.habilitationGrant.create({ data: { habilitationId: w.laser.id, userId: w.alice.id, grantedAt: new Date('2026-11-01T00:00:00Z'), expiresAt: new Date('2026-11-29T00:00:00Z') } })
    expect((await book(w.alice.agent, body)).body.code).toBe('habilitation_missing') // expired before the slot
    await t.deps.db.habilitationGrant.create({ data: { habilitationId: w.laser.id, userId: w.alice.id, grantedAt: new Date('2026-11-20T00:00:00Z') } })
    expect((await book(w.alice.agent, body)).status).toBe(201)
  })

  it('limits a référent machine to the shifts of a trained référent', async () => {
    const w = await bookingWorld(t)
    await t.deps.db.resource.update({ where: { id: w.machine.id }, data: { requiresReferent: true } })
    for (const userId of [w.alice.id, w.manager.id]) {
      await t.deps.db.habilitationGrant.create({ data: { habilitationId: w.laser.id, userId, grantedAt: new Date('2026-11-01T00:00:00Z') } })
    }
    await t.deps.db.referentShift.create({
      data: { lieuId: w.lieu.id, habilitationId: w.laser.id, userId: w.manager.id, startsAt: new Date('2026-11-30T13:00:00Z'), endsAt: new Date('2026-11-30T17:00:00Z') },
    })
    const outside = await book(w.alice.agent, { resourceId: w.machine.id, startsAt: '2026-11-30T10:00:00+01:00', endsAt: '2026-11-30T11:00:00+01:00' })
    expect(outside.body.code).toBe('referent_absent')
    const inside = await book(w.alice.agent, { resourceId: w.machine.id, startsAt: '2026-11-30T14:00:00+01:00', endsAt: '2026-11-30T16:00:00+01:00' })
    expect(inside.status).toBe(201)
  })

  it('holds buffers between bookings', async () => {
    const w = await bookingWorld(t)
    await t.deps.db.resource.update({ where: { id: w.desk.id }, data: { rules: { bufferAfterMinutes: 30 } } })
    await book(w.alice.agent, { resourceId: w.desk.id, startsAt: '2026-11-30T09:00:00+01:00', endsAt: '2026-11-30T10:00:00+01:00' })
    const tight = await book(w.bob.agent, { resourceId: w.desk.id, startsAt: '2026-11-30T10:00:00+01:00', endsAt: '2026-11-30T11:00:00+01:00' })
    expect(tight.body.code).toBe('booking_conflict')
    expect((await book(w.bob.agent, { resourceId: w.desk.id, startsAt: '2026-11-30T10:30:00+01:00', endsAt: '2026-11-30T11:00:00+01:00' })).status).toBe(201)
  })

  it('lets a manager book on behalf of a member, not a member for another', async () => {
    const w = await bookingWorld(t)
    const onBehalf = await book(w.manager.agent, { resourceId: w.desk.id, startsAt: '2026-11-30T09:00:00+01:00', endsAt: '2026-11-30T10:00:00+01:00', forUserId: w.alice.id })
    expect(onBehalf.status).toBe(201)
    expect(onBehalf.body).toMatchObject({ user: { id: w.alice.id }, bookedById: w.manager.id })
    const forged = await book(w.bob.agent, { resourceId: w.desk.id, startsAt: '2026-11-30T11:00:00+01:00', endsAt: '2026-11-30T12:00:00+01:00', forUserId: w.alice.id })
    expect(forged.status).toBe(403)
  })

  it('is a 404 for a resource of a lieu the caller does not belong to', async () => {
    const w = await bookingWorld(t)
    const stranger = await t.login()
    const res = await book(stranger.agent, { resourceId: w.desk.id, startsAt: '2026-11-30T09:00:00+01:00', endsAt: '2026-11-30T10:00:00+01:00' })
    expect(res.status).toBe(404)
    expect(res.text).not.toContain(w.desk.name)
  })
})

describe('concurrency: the database decides', () => {
  it('50 concurrent requests for one desk slot give exactly one booking, the rest 409', async () => {
    const w = await bookingWorld(t)
    const members = await Promise.all(Array.from({ length: 10 }, () => t.login()))
    await t.deps.db.lieuMembership.createMany({ data: members.map((m) => ({ lieuId: w.lieu.id, userId: m.id, role: 'member' as const })) })
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        book(members[i % 10]!.agent, { resourceId: w.desk.id, startsAt: '2026-12-02T09:00:00+01:00', endsAt: `2026-12-02T${10 + (i % 3)}:00:00+01:00` }),
      ),
    )
    const statuses = results.map((r) => r.status).sort()
    expect(statuses.filter((s) => s === 201)).toHaveLength(1)
    expect(statuses.filter((s) => s === 409)).toHaveLength(49)
    const overlaps = await t.deps.pool.query(
      `SELECT count(*)::int AS n FROM bookings a JOIN bookings b ON a.resource_id = b.resource_id AND a.id < b.id
       WHERE a.status IN ('pending','confirmed','checked_in','completed') AND b.status IN ('pending','confirmed','checked_in','completed')
       AND tstzrange(a.block_starts_at, a.block_ends_at) && tstzrange(b.block_starts_at, b.block_ends_at) AND a.exclusive`,
    )
    expect(overlaps.rows[0].n).toBe(0)
  })

  it('concurrent requests for distinct slots of one desk all succeed (a busy desk is waited for, not refused)', async () => {
    const w = await bookingWorld(t)
    const members = await Promise.all(Array.from({ length: 6 }, () => t.login()))
    await t.deps.db.lieuMembership.createMany({ data: members.map((m) => ({ lieuId: w.lieu.id, userId: m.id, role: 'member' as const })) })
    const hours = Array.from({ length: 12 }, (_, i) => 8 + i)
    const results = await Promise.all(
      hours.map((h, i) =>
        book(members[i % 6]!.agent, { resourceId: w.desk.id, startsAt: `2026-12-09T${String(h).padStart(2, '0')}:00:00+01:00`, endsAt: `2026-12-09T${String(h + 1).padStart(2, '0')}:00:00+01:00` }),
      ),
    )
    expect(results.map((r) => r.status)).toEqual(hours.map(() => 201))
    expect(await t.deps.db.booking.count({ where: { resourceId: w.desk.id, status: 'confirmed' } })).toBe(12)
  })

  it('never sells more seats than a zone has, under concurrency', async () => {
    const w = await bookingWorld(t)
    const members = await Promise.all(Array.from({ length: 8 }, () => t.login()))
    await t.deps.db.lieuMembership.createMany({ data: members.map((m) => ({ lieuId: w.lieu.id, userId: m.id, role: 'member' as const })) })
    const results = await Promise.all(
      members.map((m, i) => book(m.agent, { resourceId: w.zone.id, startsAt: '2026-12-03T09:00:00+01:00', endsAt: '2026-12-03T12:00:00+01:00', seats: i % 2 === 0 ? 1 : 2 })),
    )
    const seats = await t.deps.db.booking.aggregate({ where: { resourceId: w.zone.id, status: 'confirmed' }, _sum: { seats: true } })
    expect(seats._sum.seats).toBeLessThanOrEqual(3)
    expect(seats._sum.seats).toBeGreaterThanOrEqual(2)
    expect(results.filter((r) => r.status === 409).every((r) => r.body.code === 'booking_conflict')).toBe(true)
    expect(results.every((r) => r.status === 201 || r.status === 409)).toBe(true)
  })

  it('replays the same Idempotency-Key 20× concurrently into one booking and identical answers; another body is refused', async () => {
    const w = await bookingWorld(t)
    const body = { resourceId: w.desk.id, startsAt: '2026-12-04T09:00:00+01:00', endsAt: '2026-12-04T10:00:00+01:00' }
    const results = await Promise.all(Array.from({ length: 20 }, () => book(w.alice.agent, body, 'key-0123456789')))
    expect(new Set(results.map((r) => r.status))).toEqual(new Set([201]))
    expect(new Set(results.map((r) => r.body.id)).size).toBe(1)
    expect(new Set(results.map((r) => JSON.stringify(r.body))).size).toBe(1)
    expect(await t.deps.db.booking.count({ where: { resourceId: w.desk.id } })).toBe(1)
    const other = await book(w.alice.agent, { ...body, startsAt: '2026-12-04T10:00:00+01:00', endsAt: '2026-12-04T11:00:00+01:00' }, 'key-0123456789')
    expect(other.status).toBe(422)
    expect(other.body.code).toBe('idempotency_key_reused')
    // Keys belong to their user: Bob's same key is his own.
    expect((await book(w.bob.agent, { ...body, startsAt: '2026-12-04T11:00:00+01:00', endsAt: '2026-12-04T12:00:00+01:00' }, 'key-0123456789')).status).toBe(201)
  })
})

describe('the life of a booking', () => {
  it('a room request waits for approval; the manager approves or declines', async () => {
    const w = await bookingWorld(t)
    const req = await book(w.alice.agent, { resourceId: w.room.id, startsAt: '2026-12-07T14:00:00+01:00', endsAt: '2026-12-07T16:00:00+01:00' })
    expect(req.body.status).toBe('pending')
    expect((await w.alice.agent.post(`/api/v1/bookings/${req.body.id}/approve`)).status).toBe(403)
    const approved = await w.manager.agent.post(`/api/v1/bookings/${req.body.id}/approve`)
    expect(approved.body.status).toBe('confirmed')
    expect((await w.manager.agent.post(`/api/v1/bookings/${req.body.id}/approve`)).body.code).toBe('invalid_transition')
    const second = await book(w.bob.agent, { resourceId: w.room.id, startsAt: '2026-12-08T14:00:00+01:00', endsAt: '2026-12-08T16:00:00+01:00' })
    const declined = await w.manager.agent.post(`/api/v1/bookings/${second.body.id}/decline`).send({ reason: 'Salle en travaux' })
    expect(declined.body).toMatchObject({ status: 'declined', cancelReason: 'Salle en travaux' })
  })

  it('a member cancels before the deadline, not after; a manager always can', async () => {
    const w = await bookingWorld(t)
    const b = await book(w.alice.agent, { resourceId: w.desk.id, startsAt: '2026-11-27T12:00:00+01:00', endsAt: '2026-11-27T13:00:00+01:00' })
    t.clock.set('2026-11-27T10:30:00Z') // 11:30 Paris: 30 min before, deadline is 60
    const late = await w.alice.agent.post(`/api/v1/bookings/${b.body.id}/cancel`).send({})
    expect(late.body.code).toBe('too_late_to_cancel')
    const byManager = await w.manager.agent.post(`/api/v1/bookings/${b.body.id}/cancel`).send({ reason: 'Fermeture imprévue' })
    t.clock.set('2026-11-27T09:00:00Z')
    expect(byManager.body).toMatchObject({ status: 'cancelled', cancelReason: 'Fermeture imprévue' })
    const other = await book(w.bob.agent, { resourceId: w.desk.id, startsAt: '2026-11-27T12:00:00+01:00', endsAt: '2026-11-27T13:00:00+01:00' })
    expect(other.status).toBe(201) // the slot is free again
  })

  it('moves a booking onto a slot overlapping its own, and refuses a taken one leaving the original intact', async () => {
    const w = await bookingWorld(t)
    const a = await book(w.alice.agent, { resourceId: w.desk.id, startsAt: '2026-12-09T09:00:00+01:00', endsAt: '2026-12-09T11:00:00+01:00' })
    await book(w.bob.agent, { resourceId: w.desk.id, startsAt: '2026-12-09T14:00:00+01:00', endsAt: '2026-12-09T15:00:00+01:00' })
    const shifted = await w.alice.agent.post(`/api/v1/bookings/${a.body.id}/move`).send({ startsAt: '2026-12-09T10:00:00+01:00', endsAt: '2026-12-09T12:00:00+01:00' })
    expect(shifted.status).toBe(200)
    expect(shifted.body).toMatchObject({ id: a.body.id, startsAt: '2026-12-09T09:00:00.000Z', endsAt: '2026-12-09T11:00:00.000Z' })
    const taken = await w.alice.agent.post(`/api/v1/bookings/${a.body.id}/move`).send({ startsAt: '2026-12-09T14:00:00+01:00', endsAt: '2026-12-09T15:30:00+01:00' })
    expect(taken.status).toBe(409)
    expect((await w.alice.agent.get(`/api/v1/bookings/${a.body.id}`)).body.startsAt).toBe('2026-12-09T09:00:00.000Z')
  })

  it('checks in from 15 minutes before, checks out early freeing the rest; a manager marks a no-show', async () => {
    const w = await bookingWorld(t)
    const b = await book(w.alice.agent, { resourceId: w.desk.id, startsAt: '2026-11-27T11:00:00+01:00', endsAt: '2026-11-27T14:00:00+01:00' })
    expect((await w.alice.agent.post(`/api/v1/bookings/${b.body.id}/check-in`)).body.code).toBe('invalid_transition')
    t.clock.set('2026-11-27T09:50:00Z')
    expect((await w.alice.agent.post(`/api/v1/bookings/${b.body.id}/check-in`)).body.status).toBe('checked_in')
    t.clock.set('2026-11-27T11:10:00Z') // 12:10 Paris
    const out = await w.alice.agent.post(`/api/v1/bookings/${b.body.id}/check-out`)
    expect(out.body).toMatchObject({ status: 'completed', endsAt: '2026-11-27T11:30:00.000Z' })
    expect((await book(w.bob.agent, { resourceId: w.desk.id, startsAt: '2026-11-27T13:00:00+01:00', endsAt: '2026-11-27T14:00:00+01:00' })).status).toBe(201)

    const late = await book(w.bob.agent, { resourceId: w.zone.id, startsAt: '2026-11-27T13:00:00+01:00', endsAt: '2026-11-27T15:00:00+01:00' })
    expect((await w.manager.agent.post(`/api/v1/bookings/${late.body.id}/no-show`)).body.code).toBe('invalid_transition') // not started
    t.clock.set('2026-11-27T12:45:00Z')
    expect((await w.manager.agent.post(`/api/v1/bookings/${late.body.id}/no-show`)).body.status).toBe('no_show')
    t.clock.set('2026-11-27T09:00:00Z')
  })

  it('hides another member’s booking (404) and lists mine', async () => {
    const w = await bookingWorld(t)
    const b = await book(w.alice.agent, { resourceId: w.desk.id, startsAt: '2026-12-10T09:00:00+01:00', endsAt: '2026-12-10T10:00:00+01:00' })
    expect((await w.bob.agent.get(`/api/v1/bookings/${b.body.id}`)).status).toBe(404)
    expect((await w.bob.agent.post(`/api/v1/bookings/${b.body.id}/cancel`).send({})).status).toBe(404)
    expect((await w.manager.agent.get(`/api/v1/bookings/${b.body.id}`)).status).toBe(200)
    const mine = await w.alice.agent.get('/api/v1/me/bookings').query({ from: '2026-12-10T00:00:00Z', to: '2026-12-11T00:00:00Z' })
    expect(mine.body.map((x: { id: string }) => x.id)).toEqual([b.body.id])
    expect((await w.bob.agent.get(`/api/v1/lieux/${w.lieu.id}/bookings`)).status).toBe(403)
    expect((await w.manager.agent.get(`/api/v1/lieux/${w.lieu.id}/bookings`)).body.length).toBeGreaterThan(0)
  })
})

describe('recurring series', () => {
  it('keeps 9:00 at 9:00 across the spring DST change and reports each conflict instead of failing', async () => {
    const w = await bookingWorld(t)
    // Bob holds Monday 2027-03-29 09:00–10:00, the day after the clocks go forward.
    await book(w.bob.agent, { resourceId: w.desk.id, startsAt: '2027-03-29T09:00:00+02:00', endsAt: '2027-03-29T10:00:00+02:00' })
    const res = await w.alice.agent.post('/api/v1/bookings/series').send({
      resourceId: w.desk.id,
      localStart: '2027-03-25T09:00',
      durationMinutes: 60,
      frequency: 'daily',
      count: 6,
    })
    expect(res.status).toBe(201)
    expect(res.body.occurrences.map((o: { startsAt: string; outcome: string }) => [o.startsAt, o.outcome])).toEqual([
      ['2027-03-25T08:00:00.000Z', 'booked'],
      ['2027-03-26T08:00:00.000Z', 'booked'],
      ['2027-03-27T08:00:00.000Z', 'booked'],
      ['2027-03-28T07:00:00.000Z', 'booked'], // DST: still 09:00 in Paris
      ['2027-03-29T07:00:00.000Z', 'conflict'],
      ['2027-03-30T07:00:00.000Z', 'booked'],
    ])
    expect(res.body.occurrences[4].code).toBe('booking_conflict')

    const occ = res.body.occurrences.filter((o: { bookingId: string | null }) => o.bookingId)
    const following = await w.alice.agent.post(`/api/v1/bookings/series/${res.body.id}/cancel`).send({ scope: 'following', bookingId: occ[2].bookingId })
    expect(following.body.cancelled).toHaveLength(3)
    const left = await t.deps.db.booking.count({ where: { seriesId: res.body.id, status: 'confirmed' } })
    expect(left).toBe(2)
    const one = await w.alice.agent.post(`/api/v1/bookings/series/${res.body.id}/cancel`).send({ scope: 'one', bookingId: occ[0].bookingId })
    expect(one.body.cancelled).toEqual([occ[0].bookingId])
  })

  it('a weekly series on chosen weekdays until a date', async () => {
    const w = await bookingWorld(t)
    const res = await w.alice.agent.post('/api/v1/bookings/series').send({
      resourceId: w.desk.id,
      localStart: '2026-12-01T14:00',
      durationMinutes: 120,
      frequency: 'weekly',
      byWeekday: [2, 4],
      until: '2026-12-10',
    })
    expect(res.body.occurrences.map((o: { startsAt: string }) => o.startsAt)).toEqual([
      '2026-12-01T13:00:00.000Z',
      '2026-12-03T13:00:00.000Z',
      '2026-12-08T13:00:00.000Z',
      '2026-12-10T13:00:00.000Z',
    ])
    expect(res.body.rrule).toContain('FREQ=WEEKLY')
  })
})

describe('waitlist', () => {
  it('offers a freed slot to the first in line for a limited time, then to the next', async () => {
    const w = await bookingWorld(t, { rules: { waitlistOfferMinutes: 30 } })
    const carol = await t.login()
    await t.deps.db.lieuMembership.create({ data: { lieuId: w.lieu.id, userId: carol.id, role: 'member' } })
    const slot = { resourceId: w.desk.id, startsAt: '2026-12-11T09:00:00+01:00', endsAt: '2026-12-11T10:00:00+01:00' }
    const taken = await book(w.alice.agent, slot)
    const bobEntry = await w.bob.agent.post('/api/v1/waitlist').send(slot)
    expect(bobEntry.status).toBe(201)
    expect(bobEntry.body).toMatchObject({ status: 'waiting', position: 1 })
    const carolEntry = await carol.agent.post('/api/v1/waitlist').send(slot)
    expect(carolEntry.body.position).toBe(2)

    await w.alice.agent.post(`/api/v1/bookings/${taken.body.id}/cancel`).send({})
    const offered = (await w.bob.agent.get('/api/v1/me/waitlist')).body[0]
    expect(offered).toMatchObject({ status: 'offered', offerExpiresAt: '2026-11-27T09:30:00.000Z' })
    // While Bob holds the offer, Carol cannot book the slot directly.
    expect((await book(carol.agent, slot)).status).toBe(409)

    t.clock.set('2026-11-27T09:31:00Z')
    const expired = await w.bob.agent.post(`/api/v1/waitlist/${bobEntry.body.id}/accept`)
    expect(expired.status).toBe(410)
    // The expiry job passes the offer on (run here directly).
    const { bookingJobHandlers } = await import('../src/bookings/jobs.ts')
    await bookingJobHandlers(t.deps)['waitlist.offer_expired']({ entryId: bobEntry.body.id })
    const carolOffer = (await carol.agent.get('/api/v1/me/waitlist')).body[0]
    expect(carolOffer.status).toBe('offered')
    const accepted = await carol.agent.post(`/api/v1/waitlist/${carolEntry.body.id}/accept`)
    t.clock.set('2026-11-27T09:00:00Z')
    expect(accepted.status).toBe(201)
    expect(accepted.body).toMatchObject({ status: 'confirmed', user: { id: carol.id } })
  })

  it('refuses to queue for a free slot', async () => {
    const w = await bookingWorld(t)
    const res = await w.bob.agent.post('/api/v1/waitlist').send({ resourceId: w.desk.id, startsAt: '2026-12-14T09:00:00+01:00', endsAt: '2026-12-14T10:00:00+01:00' })
    expect(res.status).toBe(422)
  })
})

describe('availability', () => {
  it('shows free and taken cells of a zone in local time, and free-now', async () => {
    const w = await bookingWorld(t)
    await book(w.alice.agent, { resourceId: w.zone.id, startsAt: '2026-11-30T09:00:00+01:00', endsAt: '2026-11-30T10:00:00+01:00', seats: 2 })
    const res = await w.bob.agent.get(`/api/v1/lieux/${w.lieu.id}/resources/${w.zone.id}/availability`).query({ from: '2026-11-30', to: '2026-11-30' })
    expect(res.status).toBe(200)
    const cells = res.body.slots.filter((s: { start: string }) => s.start.startsWith('2026-11-30T09'))
    expect(cells).toEqual([
      { start: '2026-11-30T09:00:00+01:00', end: '2026-11-30T09:30:00+01:00', seatsFree: 1 },
      { start: '2026-11-30T09:30:00+01:00', end: '2026-11-30T10:00:00+01:00', seatsFree: 1 },
    ])
    expect(res.body.slots).toHaveLength(24) // 08:00–20:00 in 30-minute cells
    expect(res.text).not.toContain('Alice')
    const all = await w.bob.agent.get(`/api/v1/lieux/${w.lieu.id}/availability`).query({ from: '2026-11-30', to: '2026-12-01', kind: 'desk' })
    expect(all.body.map((r: { name: string }) => r.name)).toEqual(['Bureau 1'])
    const now = await w.bob.agent.get(`/api/v1/lieux/${w.lieu.id}/free-now`)
    expect(now.body.openNow).toBe(true)
    expect(now.body.resources.find((r: { name: string }) => r.name === 'Open space')).toMatchObject({ capacity: 3, seatsFree: 3 })
  })
})
