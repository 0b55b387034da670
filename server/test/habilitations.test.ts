import { beforeAll, describe, expect, it } from 'vitest'
import { z } from 'zod'
import { ZGrantDto, ZHabilitationDto, ZReferentShiftDto } from '@fabrique/shared/resources/schema'
import { ZMyGrantDto } from '@fabrique/shared/resources/schema'
import { habilitationRepo } from '../src/habilitations/repo.ts'
import { resourceRepo } from '../src/resources/repo.ts'
import { lieuBody, useTestApp } from './support/test-app.ts'
import type { Agent } from './support/route-table.ts'

const t = useTestApp({ now: '2026-11-27T09:00:00Z' })
const NOW = '2026-11-27T09:00:00Z'
const H = 3600_000

let owner: Agent
let manager: Agent
let member: Agent
let memberId: string
let refId: string
let referent: Agent
let outsiderId: string
let lieuId: string
let base: string

beforeAll(async () => {
  owner = (await t.login({ name: 'Olivia Owner' })).agent
  const mg = await t.login({ name: 'Manon Manager' })
  manager = mg.agent
  const m = await t.login({ name: 'Marc Member' })
  member = m.agent
  memberId = m.id
  const r = await t.login({ name: 'Rita Referente' })
  referent = r.agent
  refId = r.id
  outsiderId = (await t.createUser({ name: 'Oscar Outsider' })).id
  lieuId = (await owner.post('/api/v1/lieux').send(lieuBody('fablab'))).body.id
  base = `/api/v1/lieux/${lieuId}`
  await t.deps.db.lieuMembership.createMany({
    data: [
      { lieuId, userId: mg.id, role: 'manager' },
      { lieuId, userId: memberId, role: 'member' },
      { lieuId, userId: refId, role: 'member' },
    ],
  })
})

const newHab = async (name: string) => {
  const res = await manager.post(`${base}/habilitations`).send({ name })
  expect(res.status, res.text).toBe(201)
  return res.body.id as string
}
const grant = (habId: string, body: object, agent = manager) =>
  agent.post(`${base}/habilitations/${habId}/grants`).send(body)

describe('habilitations', () => {
  it('managers create and rename them, members read them; names are unique per lieu', async () => {
    const res = await manager
      .post(`${base}/habilitations`)
      .send({ name: ' Découpe laser ', description: 'Formation de 2 h' })
    expect(res.status).toBe(201)
    expect(ZHabilitationDto.parse(res.body)).toEqual({
      id: res.body.id,
      name: 'Découpe laser',
      description: 'Formation de 2 h',
    })
    const list = await member.get(`${base}/habilitations`)
    expect(list.status).toBe(200)
    expect(z.array(ZHabilitationDto).parse(list.body)).toContainEqual(res.body)

    const dup = await owner.post(`${base}/habilitations`).send({ name: 'Découpe laser' })
    expect(dup.status).toBe(409)
    expect(dup.body).toMatchObject({ code: 'conflict', errors: [{ field: 'name' }] })

    // PATCH changes only what is sent.
    const renamed = await manager.patch(`${base}/habilitations/${res.body.id}`).send({ name: 'Laser' })
    expect(renamed.status, renamed.text).toBe(200)
    expect(renamed.body).toEqual({ id: res.body.id, name: 'Laser', description: 'Formation de 2 h' })
    const described = await manager.patch(`${base}/habilitations/${res.body.id}`).send({ description: '' })
    expect(described.body).toEqual({ id: res.body.id, name: 'Laser', description: '' })
    const other = await newHab('Fraiseuse')
    const clash = await manager.patch(`${base}/habilitations/${other}`).send({ name: 'Laser' })
    expect(clash.status).toBe(409)

    expect((await member.post(`${base}/habilitations`).send({ name: 'Moi' })).status).toBe(403)
    expect((await member.patch(`${base}/habilitations/${other}`).send({ name: 'Moi' })).status).toBe(403)
    expect(
      (await manager.patch(`${base}/habilitations/00000000-0000-4000-8000-000000000000`).send({ name: 'X' }))
        .status,
    ).toBe(404)
  })
})

describe('grants', () => {
  it('grant with expiry: valid until it expires (clock), listed for managers, in /me/habilitations', async () => {
    const hab = await newHab('Imprimante 3D')
    const res = await grant(hab, { userId: memberId, expiresAt: '2026-11-28T10:00:00+01:00' })
    expect(res.status, res.text).toBe(201)
    expect(ZGrantDto.parse(res.body)).toEqual({
      id: res.body.id,
      habilitationId: hab,
      userId: memberId,
      userName: 'Marc Member',
      grantedAt: '2026-11-27T09:00:00.000Z',
      expiresAt: '2026-11-28T09:00:00.000Z',
      revokedAt: null,
      valid: true,
    })
    const list = await manager.get(`${base}/habilitations/${hab}/grants`)
    expect(list.status).toBe(200)
    expect(list.body).toEqual([res.body])
    expect((await member.get(`${base}/habilitations/${hab}/grants`)).status).toBe(403)

    const mine = await member.get('/api/v1/me/habilitations')
    expect(mine.status).toBe(200)
    const row = z
      .array(ZMyGrantDto)
      .parse(mine.body)
      .find((g) => g.id === res.body.id)
    expect(row).toMatchObject({
      valid: true,
      habilitationName: 'Imprimante 3D',
      lieuId,
      lieuName: 'Lieu fablab',
    })

    t.clock.set('2026-11-28T09:00:00Z') // the expiry instant: no longer valid (sessions last 72 h idle)
    expect(
      (await member.get('/api/v1/me/habilitations')).body.find((g: { id: string }) => g.id === res.body.id),
    ).toMatchObject({ valid: false })
    expect((await manager.get(`${base}/habilitations/${hab}/grants`)).body[0]).toMatchObject({ valid: false })
    t.clock.set(NOW)
  })

  it('re-granting replaces the active grant; revoking sets revokedAt and is idempotent', async () => {
    const hab = await newHab('Soudure')
    const first = (await grant(hab, { userId: memberId })).body
    expect(first).toMatchObject({ expiresAt: null, valid: true })
    t.clock.advance(H)
    const second = (await grant(hab, { userId: memberId, expiresAt: '2027-06-01T00:00:00Z' })).body
    const list = (await manager.get(`${base}/habilitations/${hab}/grants`)).body
    expect(list.map((g: { id: string }) => g.id)).toEqual([second.id, first.id])
    expect(list[1]).toMatchObject({ revokedAt: '2026-11-27T10:00:00.000Z', valid: false })
    expect(list[0]).toMatchObject({ revokedAt: null, valid: true })

    t.clock.advance(H)
    const del = await manager.delete(`${base}/habilitations/${hab}/grants/${second.id}`)
    expect(del.status).toBe(204)
    const row = await t.deps.db.habilitationGrant.findUniqueOrThrow({ where: { id: second.id } })
    expect(row.revokedAt?.toISOString()).toBe('2026-11-27T11:00:00.000Z')
    t.clock.advance(H)
    expect((await manager.delete(`${base}/habilitations/${hab}/grants/${second.id}`)).status).toBe(204)
    expect(
      (await t.deps.db.habilitationGrant.findUniqueOrThrow({ where: { id: second.id } })).revokedAt,
    ).toEqual(row.revokedAt)
    expect(
      (await member.get('/api/v1/me/habilitations')).body.filter(
        (g: { habilitationId: string; valid: boolean }) => g.habilitationId === hab && g.valid,
      ),
    ).toEqual([])
    // A member may not revoke; an unknown grant, or one of another habilitation, is a 404.
    const third = (await grant(hab, { userId: memberId })).body
    expect((await member.delete(`${base}/habilitations/${hab}/grants/${third.id}`)).status).toBe(403)
    const otherHab = await newHab('Tour à bois')
    expect((await manager.delete(`${base}/habilitations/${otherHab}/grants/${third.id}`)).status).toBe(404)
    expect(
      (await t.deps.db.habilitationGrant.findUniqueOrThrow({ where: { id: third.id } })).revokedAt,
    ).toBeNull()
    t.clock.set(NOW)
  })

  it('only to a member of the lieu, with an expiry in the future', async () => {
    const hab = await newHab('Brodeuse')
    const count = await t.deps.db.habilitationGrant.count()
    const out = await grant(hab, { userId: outsiderId })
    expect(out.status).toBe(400)
    expect(out.body.errors).toEqual([{ field: 'userId', message: 'not a member of this lieu' }])
    const ghost = await grant(hab, { userId: '00000000-0000-4000-8000-000000000000' })
    expect(ghost.body.errors).toEqual(out.body.errors)
    const past = await grant(hab, { userId: memberId, expiresAt: '2026-11-27T09:00:00Z' })
    expect(past.status).toBe(400)
    expect(past.body.errors).toEqual([{ field: 'expiresAt', message: 'must be in the future' }])
    const naive = await grant(hab, { userId: memberId, expiresAt: '2026-12-27T09:00:00' })
    expect(naive.status).toBe(400)
    expect(naive.body.errors[0].field).toBe('expiresAt')
    expect(await t.deps.db.habilitationGrant.count()).toBe(count)
  })
})

describe('référent shifts', () => {
  const shift = (body: object, agent = manager) => agent.post(`${base}/referent-shifts`).send(body)

  it('need a valid grant of the habilitation at the start (422 habilitation_missing naming userId)', async () => {
    const hab = await newHab('Laser référent')
    const body = {
      userId: refId,
      habilitationId: hab,
      startsAt: '2026-11-28T09:00:00Z',
      endsAt: '2026-11-28T12:00:00Z',
    }
    const none = await shift(body)
    expect(none.status).toBe(422)
    expect(none.body).toMatchObject({ code: 'habilitation_missing', errors: [{ field: 'userId' }] })

    // A grant that expires before the shift starts is not enough.
    await grant(hab, { userId: refId, expiresAt: '2026-11-28T08:00:00Z' })
    expect((await shift(body)).status).toBe(422)
    await grant(hab, { userId: refId, expiresAt: '2026-11-28T10:00:00Z' })
    const ok = await shift(body)
    expect(ok.status, ok.text).toBe(201)
    expect(ZReferentShiftDto.parse(ok.body)).toEqual({
      id: ok.body.id,
      userId: refId,
      userName: 'Rita Referente',
      habilitationId: hab,
      startsAt: '2026-11-28T09:00:00.000Z',
      endsAt: '2026-11-28T12:00:00.000Z',
    })
    expect(await t.deps.db.referentShift.count({ where: { habilitationId: hab } })).toBe(1)

    // Members see the shifts (who is on site); only managers change them.
    const list = await member.get(`${base}/referent-shifts`)
    expect(list.status).toBe(200)
    expect(list.body).toEqual([ok.body])
    expect((await shift({ ...body, startsAt: '2026-11-28T09:30:00Z' }, referent)).status).toBe(403)
    expect((await member.delete(`${base}/referent-shifts/${ok.body.id}`)).status).toBe(403)

    // The booking engine's view: cut where the grant expires; nothing once revoked before the start.
    const windows = () =>
      resourceRepo(t.deps.db).referentWindows(
        lieuId,
        hab,
        new Date('2026-11-28T00:00:00Z'),
        new Date('2026-11-29T00:00:00Z'),
      )
    expect(await windows()).toEqual([
      { start: Date.parse('2026-11-28T09:00:00Z'), end: Date.parse('2026-11-28T10:00:00Z') },
    ])
    const repo = habilitationRepo(t.deps.db)
    expect(await repo.hasValidGrant(refId, hab, new Date('2026-11-28T09:59:00Z'))).toBe(true)
    expect(await repo.hasValidGrant(refId, hab, new Date('2026-11-28T10:00:00Z'))).toBe(false)
    const current = (await manager.get(`${base}/habilitations/${hab}/grants`)).body.find(
      (g: { valid: boolean }) => g.valid,
    )
    await manager.delete(`${base}/habilitations/${hab}/grants/${current.id}`)
    expect(await windows()).toEqual([])

    const del = await manager.delete(`${base}/referent-shifts/${ok.body.id}`)
    expect(del.status).toBe(204)
    expect((await manager.delete(`${base}/referent-shifts/${ok.body.id}`)).status).toBe(404)
  })

  it('list a period (default: the next 14 days), merge windows of overlapping shifts', async () => {
    const hab = await newHab('Fraiseuse CNC')
    await grant(hab, { userId: refId })
    await grant(hab, { userId: memberId })
    const mk = async (userId: string, startsAt: string, endsAt: string) => {
      const res = await shift({ userId, habilitationId: hab, startsAt, endsAt })
      expect(res.status, res.text).toBe(201)
      return res.body.id as string
    }
    const a = await mk(refId, '2026-11-30T08:00:00Z', '2026-11-30T12:00:00Z')
    const b = await mk(memberId, '2026-11-30T11:00:00Z', '2026-11-30T15:00:00+01:00')
    const far = await mk(refId, '2026-12-20T08:00:00Z', '2026-12-20T12:00:00Z')
    const past = await mk(refId, '2026-11-20T08:00:00Z', '2026-11-20T12:00:00Z')

    const ids = (res: { body: { id: string; habilitationId: string }[] }) =>
      res.body.filter((s) => s.habilitationId === hab).map((s) => s.id)
    expect(ids(await member.get(`${base}/referent-shifts`))).toEqual([a, b])
    expect(
      ids(await member.get(`${base}/referent-shifts?from=2026-11-01T00:00:00Z&to=2026-12-31T00:00:00Z`)),
    ).toEqual([past, a, b, far])
    expect(
      ids(await member.get(`${base}/referent-shifts?from=2026-11-30T11:30:00Z&to=2026-11-30T11:45:00Z`)),
    ).toEqual([a, b])
    expect(ids(await member.get(`${base}/referent-shifts?from=2026-12-15T00:00:00Z`))).toEqual([far])

    const windows = await resourceRepo(t.deps.db).referentWindows(
      lieuId,
      hab,
      new Date('2026-11-30T00:00:00Z'),
      new Date('2026-12-01T00:00:00Z'),
    )
    expect(windows).toEqual([
      { start: Date.parse('2026-11-30T08:00:00Z'), end: Date.parse('2026-11-30T14:00:00Z') },
    ])

    for (const [q, field] of [
      ['from=2026-12-01T00:00:00Z&to=2026-11-01T00:00:00Z', 'to'],
      ['from=2026-01-01T00:00:00Z&to=2026-12-31T00:00:00Z', 'to'],
      ['from=2026-12-01T00:00:00', 'from'],
      ['to=tomorrow', 'to'],
      ['foo=1', 'foo'],
    ] as const) {
      const res = await member.get(`${base}/referent-shifts?${q}`)
      expect(res.status, q).toBe(400)
      expect(
        res.body.errors.map((e: { field: string }) => e.field),
        q,
      ).toEqual([field])
    }
  })

  it('refuses a non-member, another lieu’s habilitation, reversed or overlong times', async () => {
    const hab = await newHab('Découpe vinyle')
    await grant(hab, { userId: refId })
    const count = await t.deps.db.referentShift.count()
    const body = {
      userId: refId,
      habilitationId: hab,
      startsAt: '2026-11-29T09:00:00Z',
      endsAt: '2026-11-29T12:00:00Z',
    }
    const fields = async (b: object) =>
      ((await shift(b)).body.errors as { field: string }[]).map((e) => e.field)
    expect(await fields({ ...body, userId: outsiderId })).toEqual(['userId'])
    const other = await t.login()
    const otherLieu = (await other.agent.post('/api/v1/lieux').send(lieuBody('autre-fablab'))).body.id
    const foreign = (
      await other.agent.post(`/api/v1/lieux/${otherLieu}/habilitations`).send({ name: 'Hidden' })
    ).body.id
    const res = await shift({ ...body, habilitationId: foreign })
    expect(res.status).toBe(400)
    expect(res.body.errors).toEqual([
      { field: 'habilitationId', message: 'no such habilitation in this lieu' },
    ])
    expect(await fields({ ...body, endsAt: '2026-11-29T08:00:00Z' })).toEqual(['endsAt'])
    expect(await fields({ ...body, endsAt: '2027-01-29T08:00:00Z' })).toEqual(['endsAt'])
    expect(await fields({ ...body, startsAt: '2026-11-29T09:00:00' })).toEqual(['startsAt'])
    expect(await t.deps.db.referentShift.count()).toBe(count)
  })

  it('a référent who leaves the lieu no longer counts', async () => {
    const hab = await newHab('Presse')
    const leaver = await t.login({ name: 'Leo Leaver' })
    await t.deps.db.lieuMembership.create({ data: { lieuId, userId: leaver.id, role: 'member' } })
    await grant(hab, { userId: leaver.id })
    const res = await shift({
      userId: leaver.id,
      habilitationId: hab,
      startsAt: '2026-11-29T09:00:00Z',
      endsAt: '2026-11-29T12:00:00Z',
    })
    expect(res.status).toBe(201)
    const windows = () =>
      resourceRepo(t.deps.db).referentWindows(
        lieuId,
        hab,
        new Date('2026-11-29T00:00:00Z'),
        new Date('2026-11-30T00:00:00Z'),
      )
    expect(await windows()).toHaveLength(1)
    await t.deps.db.lieuMembership.delete({ where: { lieuId_userId: { lieuId, userId: leaver.id } } })
    expect(await windows()).toEqual([])
  })
})
