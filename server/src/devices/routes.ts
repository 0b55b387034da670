import { Router } from 'express'
import { z } from 'zod'
import { ZCreateDeviceRequest, ZCreatedDeviceDto, ZDeviceDto, ZDeviceSelfDto, type DeviceDto } from '@fabrique/shared/checkin/schema'
import type { AppDeps } from '../app-deps.ts'
import { route, uuidParam } from '../http/route.ts'
import { notFound } from '../http/problem.ts'
import { requireManager } from '../lieux/access.ts'
import { hashDeviceToken, newDeviceToken, requireDevice } from './auth.ts'

const toDto = (d: { id: string; lieuId: string; kind: 'kiosk' | 'lobby'; name: string; createdAt: Date; lastSeenAt: Date | null; revokedAt: Date | null }): DeviceDto => ({
  id: d.id,
  lieuId: d.lieuId,
  kind: d.kind,
  name: d.name,
  createdAt: d.createdAt.toISOString(),
  lastSeenAt: d.lastSeenAt?.toISOString() ?? null,
  revokedAt: d.revokedAt?.toISOString() ?? null,
})

/** Kiosk and lobby devices: managers enable them with a token shown once, and revoke them. */
export function deviceRoutes(deps: AppDeps) {
  const r = Router()
  const { db, clock } = deps
  const tag = 'Devices'
  const lieuId = (ctx: { params: Record<string, string> }) => uuidParam(ctx, 'lieuId', 'lieu')

  route(r, { method: 'post', path: '/lieux/:lieuId/devices', tag, summary: 'Enable a kiosk or lobby device (managers); its token is shown once', auth: 'user', body: ZCreateDeviceRequest, response: ZCreatedDeviceDto, status: 201 }, async (ctx) => {
    const id = lieuId(ctx)
    await requireManager(db, ctx.user.id, id)
    const token = newDeviceToken()
    const d = await db.device.create({ data: { lieuId: id, kind: ctx.body.kind, name: ctx.body.name, tokenHash: hashDeviceToken(token), createdById: ctx.user.id, createdAt: clock.now() } })
    ctx.res.set('Cache-Control', 'no-store')
    return { device: toDto(d), token }
  })

  route(r, { method: 'get', path: '/lieux/:lieuId/devices', tag, summary: 'The lieu’s devices, revoked ones included (managers)', auth: 'user', response: z.array(ZDeviceDto) }, async (ctx) => {
    const id = lieuId(ctx)
    await requireManager(db, ctx.user.id, id)
    const rows = await db.device.findMany({ where: { lieuId: id }, orderBy: [{ revokedAt: { sort: 'desc', nulls: 'first' } }, { createdAt: 'asc' }] })
    return rows.map(toDto)
  })

  route(r, { method: 'delete', path: '/lieux/:lieuId/devices/:deviceId', tag, summary: 'Revoke a device: its token stops working at once (managers)', auth: 'user', status: 204 }, async (ctx) => {
    const id = lieuId(ctx)
    const deviceId = uuidParam(ctx, 'deviceId', 'device')
    await requireManager(db, ctx.user.id, id)
    const d = await db.device.findFirst({ where: { id: deviceId, lieuId: id }, select: { id: true } })
    if (!d) throw notFound('device')
    await db.device.updateMany({ where: { id: deviceId, revokedAt: null }, data: { revokedAt: clock.now() } })
    deps.live.credentialsEnded({ deviceId })
  })

  route(r, { method: 'get', path: '/device/me', tag, summary: 'The calling device and its lieu (Authorization: Device <token>)', auth: 'none', response: ZDeviceSelfDto }, async (ctx) => {
    const device = await requireDevice(deps, ctx.req, ['kiosk', 'lobby'])
    const lieu = await db.lieu.findUniqueOrThrow({ where: { id: device.lieuId }, select: { id: true, slug: true, name: true, timeZone: true } })
    ctx.res.set('Cache-Control', 'no-store')
    return { id: device.id, kind: device.kind, name: device.name, lieu }
  })
  return r
}
