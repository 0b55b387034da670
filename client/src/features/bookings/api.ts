import { z } from 'zod'
import {
  ZBookingDto,
  ZFreeNowDto,
  ZResourceAvailabilityDto,
  ZSeriesDto,
  ZWaitlistEntryDto,
  type BookingStatus,
  type CreateBookingRequest,
  type CreateSeriesRequest,
} from '@fabrique/shared/bookings/schema'
import type { ResourceKind } from '@fabrique/shared/resources/schema'
import { ZCalendarFeedDto } from '@fabrique/shared/calendars/schema'
import { ZPricePreviewDto } from '@fabrique/shared/pricing/schema'
import { api, apiRequest } from '../../lib/api.ts'

const id = (s: string) => encodeURIComponent(s)
const qs = (q: Record<string, string | undefined>) => {
  const p = new URLSearchParams()
  for (const [k, v] of Object.entries(q)) if (v !== undefined) p.set(k, v)
  const s = p.toString()
  return s ? `?${s}` : ''
}

export interface MoveRequest {
  startsAt: string
  endsAt: string
  resourceId?: string
}
/** Who pays a booking: an employer when it may (auto), or the member (personal); `employerId` narrows. */
export interface PaidBy {
  paidBy: 'auto' | 'employer' | 'personal'
  employerId?: string
}
export interface PriceQuery extends Partial<PaidBy> {
  startsAt: string
  endsAt: string
  forUserId?: string
}

export interface WaitlistRequest {
  resourceId: string
  startsAt: string
  endsAt: string
  seats: number
}

export const bookingsApi = {
  availability: (lieuId: string, q: { from: string; to: string; kind?: ResourceKind }, signal?: AbortSignal) =>
    api.get(`/lieux/${id(lieuId)}/availability${qs(q)}`, z.array(ZResourceAvailabilityDto), signal),
  resourceAvailability: (lieuId: string, resourceId: string, q: { from: string; to: string }, signal?: AbortSignal) =>
    api.get(`/lieux/${id(lieuId)}/resources/${id(resourceId)}/availability${qs(q)}`, ZResourceAvailabilityDto, signal),
  freeNow: (lieuId: string, signal?: AbortSignal) => api.get(`/lieux/${id(lieuId)}/free-now`, ZFreeNowDto, signal),
  /** What a slot would cost and how it would be paid (plan, employer, credits, pass, on site). */
  price: (lieuId: string, resourceId: string, q: PriceQuery, signal?: AbortSignal) =>
    api.get(`/lieux/${id(lieuId)}/resources/${id(resourceId)}/price${qs({ ...q })}`, ZPricePreviewDto, signal),

  /** The key makes a retry of the same dialog return the same booking instead of a second one. */
  create: (body: CreateBookingRequest, idempotencyKey: string) =>
    apiRequest('POST', '/bookings', { body, schema: ZBookingDto, headers: { 'Idempotency-Key': idempotencyKey } }),
  createSeries: (body: CreateSeriesRequest) => api.post('/bookings/series', body, ZSeriesDto),
  cancelSeries: (seriesId: string, body: { scope: 'one' | 'following' | 'all'; bookingId?: string; reason?: string }) =>
    api.post(`/bookings/series/${id(seriesId)}/cancel`, body),

  mine: (q: { from?: string; to?: string; status?: BookingStatus } = {}, signal?: AbortSignal) =>
    api.get(`/me/bookings${qs(q)}`, z.array(ZBookingDto), signal),
  forLieu: (lieuId: string, q: { from?: string; to?: string; status?: BookingStatus; resourceId?: string }, signal?: AbortSignal) =>
    api.get(`/lieux/${id(lieuId)}/bookings${qs(q)}`, z.array(ZBookingDto), signal),
  cancel: (bookingId: string, reason = '') => api.post(`/bookings/${id(bookingId)}/cancel`, { reason }, ZBookingDto),
  move: (bookingId: string, body: MoveRequest) => api.post(`/bookings/${id(bookingId)}/move`, body, ZBookingDto),
  approve: (bookingId: string) => api.post(`/bookings/${id(bookingId)}/approve`, undefined, ZBookingDto),
  decline: (bookingId: string, reason = '') => api.post(`/bookings/${id(bookingId)}/decline`, { reason }, ZBookingDto),
  checkIn: (bookingId: string) => api.post(`/bookings/${id(bookingId)}/check-in`, undefined, ZBookingDto),
  checkOut: (bookingId: string) => api.post(`/bookings/${id(bookingId)}/check-out`, undefined, ZBookingDto),
  noShow: (bookingId: string) => api.post(`/bookings/${id(bookingId)}/no-show`, undefined, ZBookingDto),

  joinWaitlist: (body: WaitlistRequest) => api.post('/waitlist', body, ZWaitlistEntryDto),
  myWaitlist: (signal?: AbortSignal) => api.get('/me/waitlist', z.array(ZWaitlistEntryDto), signal),
  acceptOffer: (entryId: string) => api.post(`/waitlist/${id(entryId)}/accept`, undefined, ZBookingDto),
  leaveWaitlist: (entryId: string) => api.delete(`/waitlist/${id(entryId)}`),
}

/** The private iCal feeds: mine, a lieu's, a resource's (managers). */
export type FeedScope = { kind: 'me' } | { kind: 'lieu'; lieuId: string } | { kind: 'resource'; lieuId: string; resourceId: string }
export function feedPath(scope: FeedScope): string {
  if (scope.kind === 'me') return '/me/calendar-feed'
  if (scope.kind === 'lieu') return `/lieux/${id(scope.lieuId)}/calendar-feed`
  return `/lieux/${id(scope.lieuId)}/resources/${id(scope.resourceId)}/calendar-feed`
}
export const calendarApi = {
  get: (scope: FeedScope, signal?: AbortSignal) => api.get(feedPath(scope), ZCalendarFeedDto, signal),
  regenerate: (scope: FeedScope) => api.post(`${feedPath(scope)}/regenerate`, undefined, ZCalendarFeedDto),
}

/** webcal:// for calendar applications that subscribe on a click. */
export function webcalUrl(url: string): string {
  return url.replace(/^https?:\/\//, 'webcal://')
}
