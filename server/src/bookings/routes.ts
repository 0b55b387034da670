import { Router } from 'express'
import { z } from 'zod'
import {
  ZAvailabilityQuery,
  ZBookingDto,
  ZBookingListQuery,
  ZCancelBookingRequest,
  ZCancelSeriesRequest,
  ZCreateBookingRequest,
  ZCreateSeriesRequest,
  ZDeclineBookingRequest,
  ZFreeNowDto,
  ZJoinWaitlistRequest,
  ZMoveBookingRequest,
  ZResourceAvailabilityDto,
  ZSeriesDto,
  ZWaitlistEntryDto,
} from '@fabrique/shared/bookings/schema'
import type { AppDeps } from '../app-deps.ts'
import { route, uuidParam } from '../http/route.ts'
import { availabilityService } from './availability-service.ts'
import { accessFor, bookingService, resourceOrNotFound } from './service.ts'
import { seriesService } from './series.ts'
import { waitlistService } from './waitlist.ts'
import { AppError } from '../http/problem.ts'
import { ZPricePreviewDto, ZPricePreviewQuery } from '@fabrique/shared/pricing/schema'
import { pricePreview } from '../pricing/preview.ts'

const ruleErrors = [
  'booking_conflict',
  'resource_archived',
  'not_bookable',
  'outside_opening_hours',
  'lieu_closed',
  'not_on_granularity',
  'too_short',
  'too_long',
  'in_the_past',
  'notice_too_short',
  'beyond_booking_window',
  'quota_day_reached',
  'quota_week_reached',
  'habilitation_missing',
  'referent_absent',
  'capacity_exceeded',
]

export function bookingRoutes(deps: AppDeps) {
  const r = Router()
  const bookings = bookingService(deps)
  const series = seriesService(deps)
  const waitlist = waitlistService(deps)
  const availability = availabilityService(deps)
  const tag = 'Bookings'
  const id = (ctx: { params: Record<string, string> }) => uuidParam(ctx, 'bookingId', 'booking')

  route(
    r,
    {
      method: 'post',
      path: '/bookings',
      tag,
      summary: 'Book a slot (send an Idempotency-Key header: a replay returns the same booking)',
      auth: 'user',
      body: ZCreateBookingRequest,
      response: ZBookingDto,
      status: 201,
      errors: [...ruleErrors, 'idempotency_key_reused'],
    },
    async ({ user, body, req, res }) => {
      const result = await bookings.create(user, body, req.get('idempotency-key') ?? undefined)
      res.status(result.status).json(result.body)
    },
  )
  route(r, { method: 'get', path: '/bookings/:bookingId', tag, summary: 'One of my bookings, or of a lieu I manage', auth: 'user', response: ZBookingDto }, (ctx) => bookings.get(ctx.user, id(ctx)))
  route(r, { method: 'get', path: '/me/bookings', tag, summary: 'My bookings', auth: 'user', query: ZBookingListQuery, response: z.array(ZBookingDto) }, (ctx) => bookings.listMine(ctx.user, ctx.query))
  route(r, { method: 'get', path: '/lieux/:lieuId/bookings', tag, summary: 'Every booking of a lieu (managers: the planning)', auth: 'user', query: ZBookingListQuery, response: z.array(ZBookingDto) }, (ctx) =>
    bookings.listForLieu(ctx.user, uuidParam(ctx, 'lieuId', 'lieu'), ctx.query),
  )
  route(r, { method: 'post', path: '/bookings/:bookingId/approve', tag, summary: 'Approve a pending booking (managers)', auth: 'user', response: ZBookingDto, errors: ['invalid_transition'] }, (ctx) => bookings.approve(ctx.user, id(ctx)))
  route(r, { method: 'post', path: '/bookings/:bookingId/decline', tag, summary: 'Decline a pending booking (managers)', auth: 'user', body: ZDeclineBookingRequest, response: ZBookingDto, errors: ['invalid_transition'] }, (ctx) =>
    bookings.decline(ctx.user, id(ctx), ctx.body.reason),
  )
  route(r, { method: 'post', path: '/bookings/:bookingId/cancel', tag, summary: 'Cancel (members before the deadline, managers any time)', auth: 'user', body: ZCancelBookingRequest, response: ZBookingDto, errors: ['too_late_to_cancel', 'invalid_transition'] }, (ctx) =>
    bookings.cancel(ctx.user, id(ctx), ctx.body.reason),
  )
  route(r, { method: 'post', path: '/bookings/:bookingId/move', tag, summary: 'Move to another slot (taken before the old one is released)', auth: 'user', body: ZMoveBookingRequest, response: ZBookingDto, errors: [...ruleErrors, 'invalid_transition', 'too_late_to_cancel'] }, (ctx) =>
    bookings.move(ctx.user, id(ctx), ctx.body),
  )
  route(r, { method: 'post', path: '/bookings/:bookingId/check-in', tag, summary: 'Check in (from 30 min before the start)', auth: 'user', response: ZBookingDto, errors: ['invalid_transition'] }, (ctx) => bookings.checkIn(ctx.user, id(ctx)))
  route(r, { method: 'post', path: '/bookings/:bookingId/check-out', tag, summary: 'Check out (frees the rest of the slot)', auth: 'user', response: ZBookingDto, errors: ['invalid_transition'] }, (ctx) => bookings.checkOut(ctx.user, id(ctx)))
  route(r, { method: 'post', path: '/bookings/:bookingId/no-show', tag, summary: 'Mark as no-show (managers, after the start)', auth: 'user', response: ZBookingDto, errors: ['invalid_transition'] }, (ctx) => bookings.noShow(ctx.user, id(ctx)))

  route(r, { method: 'post', path: '/bookings/series', tag, summary: 'Book a daily or weekly series; each occurrence is booked or reported in conflict', auth: 'user', body: ZCreateSeriesRequest, response: ZSeriesDto, status: 201 }, (ctx) =>
    series.create(ctx.user, ctx.body),
  )
  route(r, { method: 'post', path: '/bookings/series/:seriesId/cancel', tag, summary: 'Cancel one occurrence, it and the following, or all', auth: 'user', body: ZCancelSeriesRequest }, (ctx) =>
    series.cancel(ctx.user, uuidParam(ctx, 'seriesId', 'series'), ctx.body),
  )

  const avTag = 'Availability'
  route(r, { method: 'get', path: '/lieux/:lieuId/availability', tag: avTag, summary: 'Free and taken slots of every resource (of a kind) over local dates', auth: 'user', query: ZAvailabilityQuery, response: z.array(ZResourceAvailabilityDto) }, (ctx) =>
    availability.forLieu(ctx.user.id, uuidParam(ctx, 'lieuId', 'lieu'), ctx.query),
  )
  route(r, { method: 'get', path: '/lieux/:lieuId/resources/:resourceId/availability', tag: avTag, summary: 'Free and taken slots of one resource over local dates', auth: 'user', query: ZAvailabilityQuery, response: ZResourceAvailabilityDto }, async (ctx) => {
    const [one] = await availability.forLieu(ctx.user.id, uuidParam(ctx, 'lieuId', 'lieu'), { ...ctx.query, resourceId: uuidParam(ctx, 'resourceId', 'resource') })
    return one
  })
  route(
    r,
    {
      method: 'get',
      path: '/lieux/:lieuId/resources/:resourceId/price',
      tag: avTag,
      summary: 'What a slot would cost and how it would be paid (included, credits, pass, on site, free)',
      auth: 'user',
      query: ZPricePreviewQuery,
      response: ZPricePreviewDto,
    },
    (ctx) => pricePreview(deps, ctx.user, uuidParam(ctx, 'lieuId', 'lieu'), uuidParam(ctx, 'resourceId', 'resource'), ctx.query),
  )
  route(r, { method: 'get', path: '/lieux/:lieuId/free-now', tag: avTag, summary: 'What is free right now', auth: 'user', response: ZFreeNowDto }, (ctx) => availability.freeNow(ctx.user.id, uuidParam(ctx, 'lieuId', 'lieu')))

  const wlTag = 'Waitlist'
  route(r, { method: 'post', path: '/waitlist', tag: wlTag, summary: 'Queue for a taken slot', auth: 'user', body: ZJoinWaitlistRequest, response: ZWaitlistEntryDto, status: 201, errors: ['rule_violation'] }, async (ctx) => {
    const rc = await resourceOrNotFound(deps, ctx.body.resourceId)
    const access = await accessFor(deps, ctx.user, rc).catch(() => {
      throw new AppError('not_found', 'resource not found', { errors: [{ field: 'resourceId', message: 'no such resource' }] })
    })
    return waitlist.join(ctx.user.id, rc, access === 'owner' || access === 'manager' || access === 'member', ctx.body)
  })
  route(r, { method: 'get', path: '/me/waitlist', tag: wlTag, summary: 'My places in waitlists and the offers I hold', auth: 'user', response: z.array(ZWaitlistEntryDto) }, (ctx) => waitlist.mine(ctx.user.id))
  route(r, { method: 'delete', path: '/waitlist/:entryId', tag: wlTag, summary: 'Leave a waitlist (an offer I hold passes to the next)', auth: 'user', status: 204 }, async (ctx) => {
    await waitlist.leave(ctx.user.id, uuidParam(ctx, 'entryId', 'waitlist entry'))
  })
  route(r, { method: 'post', path: '/waitlist/:entryId/accept', tag: wlTag, summary: 'Take the slot I was offered', auth: 'user', response: ZBookingDto, status: 201, errors: ['offer_expired', ...ruleErrors] }, async (ctx) => {
    const bookingId = await waitlist.accept(ctx.user.id, uuidParam(ctx, 'entryId', 'waitlist entry'))
    return bookings.get(ctx.user, bookingId)
  })
  return r
}
