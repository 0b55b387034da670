import { beforeAll, describe, expect, it } from 'vitest'
import { z } from 'zod'
import { defaultBookingRules } from '@fabrique/shared/resources/rules'
import { ZResourceDto } from '@fabrique/shared/resources/schema'
import { resourceRepo } from '../src/resources/repo.ts'
import { lieuBody, useTestApp } from './support/test-app.ts'
import type { Agent } from './support/route-table.ts'

const t = useTestApp({ now: '2026-11-27T09:00:00Z' })

let owner: Agent
let member: Agent
let memberId: string
let outsiderId: string
let lieuId: string
let base: string

beforeAll(async () => {
  const o = await t.login({ name: 'Olivia Owner' })
  owner = o.agent
  const m = await t.login({ name: 'Marc Member' })
  member = m.agent
  memberId = m.id
  outsiderId = (await t.createUser({ name: 'Oscar Outsider' })).id
  const lieu = await owner.post('/api/v1/lieux').send(lieuBody('la-ressourcerie'))
  expect(lieu.status).toBe(201)
  lieuId = lieu.body.id
  base = `/api/v1/lieux/${lieuId}`
  await t.deps.db.lieuMembership.create({ data: { lieuId, userId: memberId, role: 'member' } })
})

const create = (body: object, agent = owner) => agent.post(`${base}/resources`).send(body)

describe('resources', () => {
  it('creates a room with defaults filled in, reads it back, lists it', async () => {
    const res = await create({
      kind: 'room',
      name: '  Salle Chêne ',
      capacity: 12,
      amenities: ['écran', 'tableau'],
    })
    expect(res.status, res.text).toBe(201)
    const dto = ZResourceDto.parse(res.body)
    expect(dto).toMatchObject({
      lieuId,
      kind: 'room',
      name: 'Salle Chêne',
      description: '',
      photoUrl: null,
      amenities: ['écran', 'tableau'],
      capacity: 12,
      dedicatedToId: null,
      habilitation: null,
      requiresReferent: false,
      archived: false,
      rules: {},
      effectiveRules: defaultBookingRules,
    })
    const one = await member.get(`${base}/resources/${dto.id}`)
    expect(one.status).toBe(200)
    expect(one.body).toEqual(res.body)
    const list = await member.get(`${base}/resources`)
    expect(list.status).toBe(200)
    expect(
      z
        .array(ZResourceDto)
        .parse(list.body)
        .map((r) => r.id),
    ).toContain(dto.id)
  })

  it('filters by kind, hides archived ones (only managers may see them), and unarchives', async () => {
    const desk = (await create({ kind: 'desk', name: 'Poste 1' })).body
    const zone = (await create({ kind: 'zone', name: 'Open space', capacity: 20 })).body
    const archived = await owner.patch(`${base}/resources/${zone.id}`).send({ archived: true })
    expect(archived.status, archived.text).toBe(200)
    expect(archived.body).toMatchObject({ archived: true, name: 'Open space', capacity: 20 })
    const archivedAt = (await t.deps.db.resource.findUniqueOrThrow({ where: { id: zone.id } })).archivedAt
    expect(archivedAt?.toISOString()).toBe('2026-11-27T09:00:00.000Z')

    const ids = (res: { body: { id: string }[] }) => res.body.map((r) => r.id)
    expect(ids(await member.get(`${base}/resources?kind=desk`))).toEqual([desk.id])
    expect(ids(await member.get(`${base}/resources`))).not.toContain(zone.id)
    expect(ids(await member.get(`${base}/resources?includeArchived=true`))).not.toContain(zone.id)
    expect(ids(await owner.get(`${base}/resources?includeArchived=true`))).toContain(zone.id)
    expect(ids(await owner.get(`${base}/resources?includeArchived=false`))).not.toContain(zone.id)
    expect(ids(await owner.get(`${base}/resources?kind=zone&includeArchived=true`))).toEqual([zone.id])
    // An archived resource is still readable by id (its bookings point to it).
    expect((await member.get(`${base}/resources/${zone.id}`)).body).toMatchObject({ archived: true })

    // Archiving again keeps the first instant.
    t.clock.advance(3600_000)
    await owner.patch(`${base}/resources/${zone.id}`).send({ archived: true })
    expect((await t.deps.db.resource.findUniqueOrThrow({ where: { id: zone.id } })).archivedAt).toEqual(
      archivedAt,
    )
    t.clock.set('2026-11-27T09:00:00Z')

    const back = await owner.patch(`${base}/resources/${zone.id}`).send({ archived: false })
    expect(back.body).toMatchObject({ archived: false })
    expect(ids(await member.get(`${base}/resources`))).toContain(zone.id)

    const bad = await member.get(`${base}/resources?kind=spaceship`)
    expect(bad.status).toBe(400)
    expect(bad.body.errors[0].field).toBe('kind')
  })

  it('PATCH changes only the fields sent; lowering the capacity is allowed', async () => {
    const room = (
      await create({
        kind: 'room',
        name: 'Atelier',
        description: 'Grand atelier',
        photoUrl: 'https://example.org/a.jpg',
        amenities: ['wifi'],
        capacity: 8,
        rules: { maxDurationMinutes: 240 },
      })
    ).body
    const res = await owner.patch(`${base}/resources/${room.id}`).send({ name: 'Atelier bois' })
    expect(res.status, res.text).toBe(200)
    expect(res.body).toMatchObject({
      name: 'Atelier bois',
      description: 'Grand atelier',
      photoUrl: 'https://example.org/a.jpg',
      amenities: ['wifi'],
      capacity: 8,
      rules: { maxDurationMinutes: 240 },
    })
    const smaller = await owner
      .patch(`${base}/resources/${room.id}`)
      .send({ capacity: 2, photoUrl: null, rules: {} })
    expect(smaller.body).toMatchObject({
      capacity: 2,
      photoUrl: null,
      rules: {},
      description: 'Grand atelier',
    })
    expect(smaller.body.effectiveRules).toEqual(defaultBookingRules)
  })

  it('a member may not create or change resources (403) and nothing is written', async () => {
    const count = await t.deps.db.resource.count()
    const res = await create({ kind: 'desk', name: 'Mine' }, member)
    expect(res.status).toBe(403)
    expect(res.body.code).toBe('forbidden')
    const any = await t.deps.db.resource.findFirstOrThrow({ where: { lieuId } })
    expect((await member.patch(`${base}/resources/${any.id}`).send({ name: 'Mine' })).status).toBe(403)
    expect(await t.deps.db.resource.count()).toBe(count)
    expect((await t.deps.db.resource.findUniqueOrThrow({ where: { id: any.id } })).name).toBe(any.name)
  })

  it('an unknown resource id is a 404; there is no DELETE', async () => {
    const res = await owner.get(`${base}/resources/00000000-0000-4000-8000-000000000000`)
    expect(res.status).toBe(404)
    expect(res.body.code).toBe('not_found')
    const any = await t.deps.db.resource.findFirstOrThrow({ where: { lieuId } })
    expect((await owner.delete(`${base}/resources/${any.id}`)).status).toBe(404)
    expect(await t.deps.db.resource.findUnique({ where: { id: any.id } })).not.toBeNull()
  })
})

describe('resource validation', () => {
  const fields = (res: { body: { errors?: { field: string }[] } }) => res.body.errors?.map((e) => e.field)

  it('a desk or a machine has a capacity of 1 (create and update)', async () => {
    const before = await t.deps.db.resource.count()
    const desk = await create({ kind: 'desk', name: 'Poste', capacity: 2 })
    expect(desk.status).toBe(400)
    expect(desk.body).toMatchObject({ code: 'validation_failed' })
    expect(fields(desk)).toEqual(['capacity'])
    expect(fields(await create({ kind: 'machine', name: 'Laser', capacity: 3 }))).toEqual(['capacity'])
    expect(await t.deps.db.resource.count()).toBe(before)

    const ok = (await create({ kind: 'machine', name: 'Imprimante 3D' })).body
    expect(ok.capacity).toBe(1)
    const up = await owner.patch(`${base}/resources/${ok.id}`).send({ capacity: 4 })
    expect(up.status).toBe(400)
    expect(fields(up)).toEqual(['capacity'])
    expect((await t.deps.db.resource.findUniqueOrThrow({ where: { id: ok.id } })).capacity).toBe(1)
    // The kind never changes.
    const kind = await owner.patch(`${base}/resources/${ok.id}`).send({ kind: 'room' })
    expect(kind.status).toBe(400)
    expect(kind.body.errors).toEqual([{ field: 'kind', message: 'unknown field' }])
  })

  it('requiresReferent needs a habilitation (create and update)', async () => {
    const res = await create({ kind: 'machine', name: 'Découpe', requiresReferent: true })
    expect(res.status).toBe(400)
    expect(fields(res)).toEqual(['requiresReferent'])

    const hab = (await owner.post(`${base}/habilitations`).send({ name: 'Découpe laser' })).body
    const machine = await create({
      kind: 'machine',
      name: 'Découpe',
      habilitationId: hab.id,
      requiresReferent: true,
    })
    expect(machine.status, machine.text).toBe(201)
    expect(machine.body).toMatchObject({
      habilitation: { id: hab.id, name: 'Découpe laser' },
      requiresReferent: true,
    })
    const drop = await owner.patch(`${base}/resources/${machine.body.id}`).send({ habilitationId: null })
    expect(drop.status).toBe(400)
    expect(fields(drop)).toEqual(['habilitationId'])
    const both = await owner
      .patch(`${base}/resources/${machine.body.id}`)
      .send({ habilitationId: null, requiresReferent: false })
    expect(both.status, both.text).toBe(200)
    expect(both.body).toMatchObject({ habilitation: null, requiresReferent: false })
    const again = await owner.patch(`${base}/resources/${machine.body.id}`).send({ requiresReferent: true })
    expect(fields(again)).toEqual(['requiresReferent'])
  })

  it('a desk is dedicated only to a member of the lieu, and only a desk', async () => {
    const before = await t.deps.db.resource.count()
    const stranger = await create({ kind: 'desk', name: 'Fixe', dedicatedToId: outsiderId })
    expect(stranger.status).toBe(400)
    expect(stranger.body.errors).toEqual([{ field: 'dedicatedToId', message: 'not a member of this lieu' }])
    const nobody = await create({
      kind: 'desk',
      name: 'Fixe',
      dedicatedToId: '00000000-0000-4000-8000-000000000000',
    })
    expect(nobody.body.errors).toEqual(stranger.body.errors)
    expect(
      fields(await create({ kind: 'room', name: 'Salle', capacity: 4, dedicatedToId: memberId })),
    ).toEqual(['dedicatedToId'])
    expect(await t.deps.db.resource.count()).toBe(before)

    const desk = await create({ kind: 'desk', name: 'Fixe Marc', dedicatedToId: memberId })
    expect(desk.status).toBe(201)
    expect(desk.body.dedicatedToId).toBe(memberId)
    const away = await owner.patch(`${base}/resources/${desk.body.id}`).send({ dedicatedToId: outsiderId })
    expect(fields(away)).toEqual(['dedicatedToId'])
    expect(
      (await owner.patch(`${base}/resources/${desk.body.id}`).send({ dedicatedToId: null })).body
        .dedicatedToId,
    ).toBeNull()
  })

  it('a habilitation of another lieu is refused exactly like an unknown one', async () => {
    const other = await t.login()
    const otherLieu = (await other.agent.post('/api/v1/lieux').send(lieuBody('autre-lieu'))).body.id
    const foreign = (
      await other.agent.post(`/api/v1/lieux/${otherLieu}/habilitations`).send({ name: 'Secret training' })
    ).body
    const res = await create({ kind: 'machine', name: 'Laser', habilitationId: foreign.id })
    expect(res.status).toBe(400)
    expect(res.body.errors).toEqual([
      { field: 'habilitationId', message: 'no such habilitation in this lieu' },
    ])
    expect(res.text).not.toContain('Secret training')
    const ghost = await create({
      kind: 'machine',
      name: 'Laser',
      habilitationId: '00000000-0000-4000-8000-000000000000',
    })
    expect(ghost.body.errors).toEqual(res.body.errors)
    expect(ghost.body.detail).toBe(res.body.detail)
    const m = (await create({ kind: 'machine', name: 'Laser' })).body
    const up = await owner.patch(`${base}/resources/${m.id}`).send({ habilitationId: foreign.id })
    expect(up.body.errors).toEqual(res.body.errors)
  })

  it('resource overrides must be consistent with the lieu’s rules', async () => {
    const res = await create({ kind: 'room', name: 'Long', capacity: 2, rules: { minDurationMinutes: 700 } })
    expect(res.status).toBe(400)
    expect(fields(res)).toEqual(['rules.minDurationMinutes'])
    const both = await create({
      kind: 'room',
      name: 'Long',
      capacity: 2,
      rules: { minDurationMinutes: 120, maxDurationMinutes: 60 },
    })
    expect(fields(both)).toEqual(['rules.minDurationMinutes'])
    const unknown = await create({ kind: 'room', name: 'Long', capacity: 2, rules: { granularity: 15 } })
    expect(unknown.body.errors).toEqual([{ field: 'rules.granularity', message: 'unknown field' }])
  })
})

describe('booking rules', () => {
  it('GET gives the defaults; PUT merges the keys sent; resources see lieu defaults + their overrides', async () => {
    const lieu = (await owner.post('/api/v1/lieux').send(lieuBody('regles'))).body.id
    const rb = `/api/v1/lieux/${lieu}`
    await t.deps.db.lieuMembership.create({ data: { lieuId: lieu, userId: memberId, role: 'member' } })
    expect((await member.get(`${rb}/booking-rules`)).body).toEqual(defaultBookingRules)

    const put = await owner
      .put(`${rb}/booking-rules`)
      .send({ granularityMinutes: 15, approvalRequired: true })
    expect(put.status, put.text).toBe(200)
    expect(put.body).toEqual({ ...defaultBookingRules, granularityMinutes: 15, approvalRequired: true })
    const put2 = await owner
      .put(`${rb}/booking-rules`)
      .send({ granularityMinutes: 60, quotaMinutesPerDay: 240 })
    expect(put2.body).toEqual({
      ...defaultBookingRules,
      granularityMinutes: 60,
      approvalRequired: true,
      quotaMinutesPerDay: 240,
    })
    expect((await t.deps.db.lieu.findUniqueOrThrow({ where: { id: lieu } })).bookingRules).toEqual({
      granularityMinutes: 60,
      approvalRequired: true,
      quotaMinutesPerDay: 240,
    })
    // null is a value (no quota), not a deletion.
    const noQuota = await owner.put(`${rb}/booking-rules`).send({ quotaMinutesPerDay: null })
    expect(noQuota.body.quotaMinutesPerDay).toBeNull()
    expect((await member.get(`${rb}/booking-rules`)).body).toEqual(noQuota.body)

    const room = await owner
      .post(`${rb}/resources`)
      .send({
        kind: 'room',
        name: 'Réunion',
        capacity: 6,
        rules: { granularityMinutes: 30, bufferAfterMinutes: 15 },
      })
    expect(room.status, room.text).toBe(201)
    expect(room.body.rules).toEqual({ granularityMinutes: 30, bufferAfterMinutes: 15 })
    expect(room.body.effectiveRules).toEqual({
      ...defaultBookingRules,
      approvalRequired: true,
      granularityMinutes: 30,
      bufferAfterMinutes: 15,
    })
    // A later change of the lieu's defaults shows through where the resource does not override.
    await owner.put(`${rb}/booking-rules`).send({ whoMayBook: 'public', granularityMinutes: 20 })
    const again = (await member.get(`${rb}/resources/${room.body.id}`)).body
    expect(again.effectiveRules).toMatchObject({
      whoMayBook: 'public',
      granularityMinutes: 30,
      approvalRequired: true,
    })

    // The repo helper the booking engine uses sees the same.
    const ctx = await resourceRepo(t.deps.db).forBooking(room.body.id)
    expect(ctx).toMatchObject({
      id: room.body.id,
      lieuId: lieu,
      kind: 'room',
      capacity: 6,
      effectiveRules: again.effectiveRules,
    })
    expect(ctx!.lieu).toMatchObject({ id: lieu, timeZone: 'Europe/Paris', openingHours: [], closures: [] })
    expect(await resourceRepo(t.deps.db).forBooking('00000000-0000-4000-8000-000000000000')).toBeNull()
  })

  it('refuses a merged minimum above the maximum, naming the field, and a member (403)', async () => {
    const lieu = (await owner.post('/api/v1/lieux').send(lieuBody('regles-2'))).body.id
    const rb = `/api/v1/lieux/${lieu}/booking-rules`
    await owner.put(rb).send({ maxDurationMinutes: 120 })
    const res = await owner.put(rb).send({ minDurationMinutes: 180 })
    expect(res.status).toBe(400)
    expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual(['minDurationMinutes'])
    const both = await owner.put(rb).send({ minDurationMinutes: 180, maxDurationMinutes: 60 })
    expect(both.body.errors.map((e: { field: string }) => e.field)).toEqual(['minDurationMinutes'])
    expect((await owner.get(rb)).body.maxDurationMinutes).toBe(120)
    await t.deps.db.lieuMembership.create({ data: { lieuId: lieu, userId: memberId, role: 'member' } })
    const m = await member.put(rb).send({ granularityMinutes: 5 })
    expect(m.status).toBe(403)
    expect((await owner.get(rb)).body.granularityMinutes).toBe(30)
  })

  it('ignores keys in stored JSON that today’s rules do not know', async () => {
    const lieu = (await owner.post('/api/v1/lieux').send(lieuBody('regles-3'))).body.id
    await t.deps.db.lieu.update({
      where: { id: lieu },
      data: { bookingRules: { granularityMinutes: 10, legacyKey: 1, bufferAfterMinutes: -5 } },
    })
    const res = await owner.get(`/api/v1/lieux/${lieu}/booking-rules`)
    expect(res.body).toEqual({ ...defaultBookingRules, granularityMinutes: 10 })
  })
})
