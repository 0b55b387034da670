import { Router } from 'express'
import {
  ZCheckInCodeDto,
  ZKioskBookingResult,
  ZKioskCheckInRequest,
  ZKioskScanRequest,
  ZKioskScanResult,
  ZKioskWalkInRequest,
  ZLobbyDto,
  ZMemberCodeDto,
} from '@fabrique/shared/checkin/schema'
import type { AppDeps } from '../app-deps.ts'
import { route, uuidParam } from '../http/route.ts'
import { deviceAuth, deviceOf } from '../devices/auth.ts'
import { checkinService } from './service.ts'

const ruleErrors = [
  'booking_conflict',
  'resource_archived',
  'out_of_service',
  'not_bookable',
  'outside_opening_hours',
  'lieu_closed',
  'not_on_granularity',
  'too_short',
  'too_long',
  'quota_day_reached',
  'quota_week_reached',
  'capacity_exceeded',
]

/**
 * Check-in codes (members), the kiosk API and the lobby data (devices: `Authorization: Device
 * <token>`; a lobby device may only read).
 */
export function checkinRoutes(deps: AppDeps) {
  const r = Router()
  const svc = checkinService(deps)
  const tag = 'Check-in'
  const noStore = (ctx: { res: { set(k: string, v: string): unknown } }) => ctx.res.set('Cache-Control', 'no-store')

  route(r, { method: 'get', path: '/bookings/:bookingId/check-in-code', tag, summary: 'The booking’s check-in QR code (its member or a manager), valid from 30 min before the start until the end', auth: 'user', response: ZCheckInCodeDto, errors: ['invalid_transition'] }, async (ctx) => {
    noStore(ctx)
    return svc.bookingCode(ctx.user.id, uuidParam(ctx, 'bookingId', 'booking'))
  })
  route(r, { method: 'get', path: '/me/member-code', tag, summary: 'My member card QR code (walk-ins at a kiosk), valid 12 h', auth: 'user', response: ZMemberCodeDto }, async (ctx) => {
    noStore(ctx)
    return svc.memberCode(ctx.user.id)
  })

  const kTag = 'Kiosk'
  // Device routes authenticate first, before their body is read.
  r.use('/kiosk', deviceAuth(deps, ['kiosk']))
  r.use('/lobby', deviceAuth(deps, ['lobby', 'kiosk']))
  route(r, { method: 'post', path: '/kiosk/scan', tag: kTag, summary: 'A scanned code (kiosk device): a booking’s checks it in or out; a member card lists today’s bookings and walk-in choices', auth: 'none', body: ZKioskScanRequest, response: ZKioskScanResult, errors: ['token_invalid', 'invalid_transition'] }, async (ctx) => {
    const device = deviceOf(ctx.req)
    noStore(ctx)
    return svc.scan(device, ctx.body.code)
  })
  route(r, { method: 'post', path: '/kiosk/check-in', tag: kTag, summary: 'Check in (or out) one of the bookings a member card listed (kiosk device)', auth: 'none', body: ZKioskCheckInRequest, response: ZKioskBookingResult, errors: ['token_invalid', 'invalid_transition'] }, async (ctx) => {
    const device = deviceOf(ctx.req)
    noStore(ctx)
    return svc.checkInListed(device, ctx.body.memberCode, ctx.body.bookingId)
  })
  route(r, { method: 'post', path: '/kiosk/walk-in', tag: kTag, summary: 'A walk-in on a zone or a free desk, from now, checked in at once (kiosk device)', auth: 'none', body: ZKioskWalkInRequest, response: ZKioskBookingResult, status: 201, errors: ['token_invalid', ...ruleErrors] }, async (ctx) => {
    const device = deviceOf(ctx.req)
    noStore(ctx)
    return svc.walkIn(device, ctx.body.memberCode, ctx.body.resourceId)
  })

  route(r, { method: 'get', path: '/lobby', tag: 'Lobby', summary: 'The entrance screen’s data (lobby or kiosk device): occupancy, rooms now and next, today’s machine bookings; no personal data', auth: 'none', response: ZLobbyDto }, async (ctx) => {
    const device = deviceOf(ctx.req)
    noStore(ctx)
    return svc.lobby(device)
  })
  return r
}
