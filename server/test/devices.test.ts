import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { ZCreatedDeviceDto, ZDeviceDto } from '@fabrique/shared/checkin/schema'
import { useTestApp } from './support/test-app.ts'
import { bookingWorld } from './support/booking-world.ts'

const t = useTestApp({ now: '2026-11-27T09:00:00Z' })
const withToken = (token: string) => ({
  me: () => t.agent().get('/api/v1/device/me').set('Authorization', `Device ${token}`),
  lobby: () => t.agent().get('/api/v1/lobby').set('Authorization', `Device ${token}`),
  scan: (code: string) => t.agent().post('/api/v1/kiosk/scan').set('Authorization', `Device ${token}`).send({ code }),
})

describe('devices', () => {
  it('a manager enables a device: the token is shown once, only its sha256 is stored', async () => {
    const w = await bookingWorld(t)
    const res = await w.manager.agent.post(`/api/v1/lieux/${w.lieu.id}/devices`).send({ kind: 'kiosk', name: '  Tablette entrée ' })
    expect(res.status, res.text).toBe(201)
    expect(res.headers['cache-control']).toBe('no-store')
    const created = ZCreatedDeviceDto.parse(res.body)
    expect(created.token).toMatch(/^[A-Za-z0-9_-]{43}$/)
    expect(created.device).toMatchObject({ lieuId: w.lieu.id, kind: 'kiosk', name: 'Tablette entrée', lastSeenAt: null, revokedAt: null })
    const row = await t.deps.db.device.findUniqueOrThrow({ where: { id: created.device.id } })
    expect(row.tokenHash).toBe(createHash('sha256').update(created.token).digest('hex'))
    expect(JSON.stringify(row)).not.toContain(created.token)
    const list = await w.manager.agent.get(`/api/v1/lieux/${w.lieu.id}/devices`)
    expect(list.status).toBe(200)
    expect(list.body.map((d: unknown) => ZDeviceDto.parse(d).id)).toEqual([created.device.id])
    expect(list.text).not.toContain(created.token)

    const me = await withToken(created.token).me()
    expect(me.status, me.text).toBe(200)
    expect(me.body).toEqual({ id: created.device.id, kind: 'kiosk', name: 'Tablette entrée', lieu: { id: w.lieu.id, slug: w.lieu.slug, name: w.lieu.name, timeZone: 'Europe/Paris' } })
  })

  it('members may not enable devices; a bad or missing token is a 401', async () => {
    const w = await bookingWorld(t)
    expect((await w.alice.agent.post(`/api/v1/lieux/${w.lieu.id}/devices`).send({ kind: 'lobby', name: 'TV' })).status).toBe(403)
    expect((await w.alice.agent.get(`/api/v1/lieux/${w.lieu.id}/devices`)).status).toBe(403)
    for (const header of [undefined, 'Device', 'Device nope', `Device ${'a'.repeat(43)}`, 'Bearer xyz', `device  ${'b'.repeat(43)} extra`]) {
      const req = t.agent().get('/api/v1/lobby')
      const res = await (header ? req.set('Authorization', header) : req)
      expect(res.status, String(header)).toBe(401)
      expect(res.body.code).toBe('unauthenticated')
      expect(res.headers['www-authenticate']).toBe('Device')
    }
  })

  it('a revoked token is refused at once; a lobby token may only read', async () => {
    const w = await bookingWorld(t)
    const lobby = await w.manager.agent.post(`/api/v1/lieux/${w.lieu.id}/devices`).send({ kind: 'lobby', name: 'TV' })
    const kiosk = await w.manager.agent.post(`/api/v1/lieux/${w.lieu.id}/devices`).send({ kind: 'kiosk', name: 'Tablette' })
    const L = withToken(lobby.body.token)
    const K = withToken(kiosk.body.token)
    expect((await L.lobby()).status).toBe(200)
    expect((await K.lobby()).status).toBe(200)
    const refused = await L.scan('anything')
    expect(refused.status).toBe(403)
    expect(refused.body.code).toBe('forbidden')
    expect((await t.agent().post('/api/v1/kiosk/walk-in').set('Authorization', `Device ${lobby.body.token}`).send({ memberCode: 'x', resourceId: w.zone.id })).status).toBe(403)

    expect((await w.manager.agent.delete(`/api/v1/lieux/${w.lieu.id}/devices/${lobby.body.device.id}`)).status).toBe(204)
    const gone = await L.lobby()
    expect(gone.status).toBe(401)
    expect(gone.body.code).toBe('unauthenticated')
    expect((await L.me()).status).toBe(401)
    // Revoking again is harmless; the list shows when.
    expect((await w.manager.agent.delete(`/api/v1/lieux/${w.lieu.id}/devices/${lobby.body.device.id}`)).status).toBe(204)
    const list = await w.manager.agent.get(`/api/v1/lieux/${w.lieu.id}/devices`)
    expect(list.body.map((d: { id: string; revokedAt: string | null }) => [d.id, d.revokedAt])).toEqual([
      [kiosk.body.device.id, null],
      [lobby.body.device.id, '2026-11-27T09:00:00.000Z'],
    ])
    // Another lieu's manager cannot touch it.
    const other = await bookingWorld(t)
    expect((await other.manager.agent.delete(`/api/v1/lieux/${w.lieu.id}/devices/${kiosk.body.device.id}`)).status).toBe(404)
    expect((await other.manager.agent.delete(`/api/v1/lieux/${other.lieu.id}/devices/${kiosk.body.device.id}`)).status).toBe(404)
    expect((await K.me()).status).toBe(200)
  })

  it('lastSeenAt is updated at most once a minute', async () => {
    t.clock.set('2026-11-27T09:00:00Z')
    const w = await bookingWorld(t)
    const res = await w.manager.agent.post(`/api/v1/lieux/${w.lieu.id}/devices`).send({ kind: 'lobby', name: 'TV' })
    const D = withToken(res.body.token)
    const seen = async () => (await t.deps.db.device.findUniqueOrThrow({ where: { id: res.body.device.id } })).lastSeenAt?.toISOString()
    await D.me()
    expect(await seen()).toBe('2026-11-27T09:00:00.000Z')
    t.clock.set('2026-11-27T09:00:59Z')
    await D.lobby()
    expect(await seen()).toBe('2026-11-27T09:00:00.000Z')
    t.clock.set('2026-11-27T09:01:00Z')
    await D.lobby()
    expect(await seen()).toBe('2026-11-27T09:01:00.000Z')
    t.clock.set('2026-11-27T09:00:00Z')
  })
})
