import { Router } from 'express'
import { ZCalendarFeedDto } from '@fabrique/shared/calendars/schema'
import type { AppDeps } from '../app-deps.ts'
import { route, uuidParam } from '../http/route.ts'
import { notFound } from '../http/problem.ts'
import { calendarService } from './service.ts'

export function calendarRoutes(deps: AppDeps) {
  const r = Router()
  const calendars = calendarService(deps)
  const tag = 'Calendars'
  const lieuId = (ctx: { params: Record<string, string> }) => uuidParam(ctx, 'lieuId', 'lieu')
  const resourceId = (ctx: { params: Record<string, string> }) => uuidParam(ctx, 'resourceId', 'resource')

  route(r, { method: 'get', path: '/me/calendar-feed', tag, summary: 'Your private iCal feed of your bookings (created on first call)', auth: 'user', response: ZCalendarFeedDto }, (ctx) =>
    calendars.memberFeed(ctx.user.id),
  )
  route(r, { method: 'post', path: '/me/calendar-feed/regenerate', tag, summary: 'A new address for your feed; the old one stops working', auth: 'user', response: ZCalendarFeedDto }, (ctx) =>
    calendars.memberFeed(ctx.user.id, true),
  )
  route(r, { method: 'get', path: '/lieux/:lieuId/calendar-feed', tag, summary: 'Private iCal feed of every booking of the lieu (managers)', auth: 'user', response: ZCalendarFeedDto }, (ctx) =>
    calendars.managerFeed(ctx.user.id, lieuId(ctx), undefined),
  )
  route(r, { method: 'post', path: '/lieux/:lieuId/calendar-feed/regenerate', tag, summary: 'A new address for the lieu feed; the old one stops working (managers)', auth: 'user', response: ZCalendarFeedDto }, (ctx) =>
    calendars.managerFeed(ctx.user.id, lieuId(ctx), undefined, true),
  )
  route(r, { method: 'get', path: '/lieux/:lieuId/resources/:resourceId/calendar-feed', tag, summary: 'Private iCal feed of one resource’s bookings (managers)', auth: 'user', response: ZCalendarFeedDto }, (ctx) =>
    calendars.managerFeed(ctx.user.id, lieuId(ctx), resourceId(ctx)),
  )
  route(r, { method: 'post', path: '/lieux/:lieuId/resources/:resourceId/calendar-feed/regenerate', tag, summary: 'A new address for the resource feed; the old one stops working (managers)', auth: 'user', response: ZCalendarFeedDto }, (ctx) =>
    calendars.managerFeed(ctx.user.id, lieuId(ctx), resourceId(ctx), true),
  )
  route(r, { method: 'get', path: '/calendar/:token.ics', tag, summary: 'An iCal feed (text/calendar), read by calendar applications with the secret address', auth: 'none' }, async (ctx) => {
    const ics = await calendars.render(ctx.params.token ?? '')
    if (ics === null) throw notFound('calendar')
    ctx.res.set('Cache-Control', 'private, max-age=300').type('text/calendar; charset=utf-8').send(ics)
  })
  return r
}
