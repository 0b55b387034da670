import { z } from 'zod'
import { ZInstant, ZLocalDate } from '../time/schema.ts'
import { ZResourceKind } from '../resources/schema.ts'
import { ZBookingPrice } from '../pricing/schema.ts'

export const ZBookingStatus = z.enum(['pending', 'confirmed', 'checked_in', 'completed', 'cancelled', 'declined', 'no_show'])
export type BookingStatus = z.infer<typeof ZBookingStatus>
export const activeStatuses: BookingStatus[] = ['pending', 'confirmed', 'checked_in', 'completed']

const startBeforeEnd = (b: { startsAt: string; endsAt: string }) => new Date(b.startsAt) < new Date(b.endsAt)
const whenValid = { when: (p: { issues: unknown[] }) => p.issues.length === 0 }

/** Create a booking. Send an `Idempotency-Key` header: a replay returns the same booking. */
export const ZCreateBookingRequest = z
  .strictObject({
    resourceId: z.uuid(),
    startsAt: ZInstant,
    endsAt: ZInstant,
    /** Seats in a zone (1 elsewhere). */
    seats: z.number().int().min(1).max(100).default(1),
    note: z.string().max(500).default(''),
    /** A manager booking on behalf of a member of the lieu. */
    forUserId: z.uuid().optional(),
    /**
     * Who pays: `auto` (an employer's pool when the member's allocation allows it, else their own
     * means), `employer` (refused with the reason when no employer pays), `personal`.
     */
    paidBy: z.enum(['auto', 'employer', 'personal']).default('auto'),
    /** Which employer, for a member of several. */
    employerId: z.uuid().optional(),
  })
  .refine(startBeforeEnd, { message: 'end must be after start', path: ['endsAt'], ...whenValid })
export type CreateBookingRequest = z.input<typeof ZCreateBookingRequest>

export const ZCancelBookingRequest = z.strictObject({ reason: z.string().trim().max(500).default('') })
export const ZDeclineBookingRequest = z.strictObject({ reason: z.string().trim().max(500).default('') })

/** Move: the new slot is taken before the old one is released, in one transaction. */
export const ZMoveBookingRequest = z
  .strictObject({ startsAt: ZInstant, endsAt: ZInstant, resourceId: z.uuid().optional() })
  .refine(startBeforeEnd, { message: 'end must be after start', path: ['endsAt'], ...whenValid })

export const ZBookingDto = z.object({
  id: z.uuid(),
  lieuId: z.uuid(),
  resource: z.object({ id: z.uuid(), name: z.string(), kind: ZResourceKind }),
  user: z.object({ id: z.uuid(), name: z.string() }),
  bookedById: z.uuid().nullable(),
  startsAt: z.string(),
  endsAt: z.string(),
  seats: z.number().int(),
  status: ZBookingStatus,
  note: z.string(),
  seriesId: z.uuid().nullable(),
  cancelReason: z.string().nullable(),
  checkedInAt: z.string().nullable(),
  checkedOutAt: z.string().nullable(),
  /** Until when the member may still cancel (ISO), by the rules at booking time. */
  cancellableUntil: z.string(),
  createdAt: z.string(),
  /** The price stored when booked (due in money; 0 when included, credits, pass or free) and how it is paid. */
  price: ZBookingPrice,
})
export type BookingDto = z.infer<typeof ZBookingDto>

export const ZBookingListQuery = z.strictObject({
  from: ZInstant.optional(),
  to: ZInstant.optional(),
  status: ZBookingStatus.optional(),
  resourceId: z.uuid().optional(),
})

// ─── Recurring ───────────────────────────────────────────────────────────────

/**
 * A daily or weekly series, expanded in the lieu's zone (9:00 stays 9:00 across DST).
 * `localStart` is the first occurrence's wall-clock start in the lieu's zone.
 */
export const ZCreateSeriesRequest = z
  .strictObject({
    resourceId: z.uuid(),
    localStart: z.iso
      .datetime({ local: true, message: 'expected a local date-time YYYY-MM-DDTHH:MM' })
      .refine((s) => !s.startsWith('0000'), { message: 'year 0000 does not exist' }),
    durationMinutes: z.number().int().min(5).max(24 * 60),
    frequency: z.enum(['daily', 'weekly']),
    interval: z.number().int().min(1).max(52).default(1),
    /** Weekdays for a weekly series (1 = Monday … 7 = Sunday); default: the first occurrence's. */
    byWeekday: z.array(z.number().int().min(1).max(7)).min(1).max(7).optional(),
    count: z.number().int().min(1).max(200).optional(),
    until: ZLocalDate.optional(),
    seats: z.number().int().min(1).max(100).default(1),
    note: z.string().max(500).default(''),
    forUserId: z.uuid().optional(),
    /** As for one booking: an occurrence the employer does not pay is refused (`employer`) or paid by the member (`auto`). */
    paidBy: z.enum(['auto', 'employer', 'personal']).default('auto'),
    employerId: z.uuid().optional(),
  })
  .refine((s) => (s.count === undefined) !== (s.until === undefined), {
    message: 'give either count or until',
    path: ['count'],
    ...whenValid,
  })
export type CreateSeriesRequest = z.input<typeof ZCreateSeriesRequest>

export const ZSeriesOccurrence = z.object({
  startsAt: z.string(),
  endsAt: z.string(),
  outcome: z.enum(['booked', 'conflict', 'refused']),
  /** The booking made (booked), or why not: an error code and detail. */
  bookingId: z.uuid().nullable(),
  code: z.string().nullable(),
  detail: z.string().nullable(),
})
export const ZSeriesDto = z.object({
  id: z.uuid(),
  rrule: z.string(),
  occurrences: z.array(ZSeriesOccurrence),
})
export type SeriesDto = z.infer<typeof ZSeriesDto>

export const ZCancelSeriesRequest = z.strictObject({
  /** One occurrence (bookingId), this and the following ones, or all still to come. */
  scope: z.enum(['one', 'following', 'all']),
  bookingId: z.uuid().optional(),
  reason: z.string().trim().max(500).default(''),
})

// ─── Availability ────────────────────────────────────────────────────────────

export const ZAvailabilityQuery = z
  .strictObject({
    from: ZLocalDate,
    to: ZLocalDate,
    kind: ZResourceKind.optional(),
    /**
     * `slots`: every grid cell with its free seats (what a day or week planning draws); `free`: only
     * the free intervals (a month overview). Default: slots up to 7 days, free beyond.
     */
    detail: z.enum(['slots', 'free']).optional(),
  })
  .refine((q) => q.from <= q.to, { message: 'to must not be before from', path: ['to'], ...whenValid })

export const ZSlotDto = z.object({ start: z.string(), end: z.string(), seatsFree: z.number().int() })
export const ZResourceAvailabilityDto = z.object({
  resourceId: z.uuid(),
  name: z.string(),
  kind: ZResourceKind,
  capacity: z.number().int(),
  timeZone: z.string(),
  /** Grid cells (granularity) inside opening hours, each with its free seats (0 = taken); empty with detail=free. */
  slots: z.array(ZSlotDto),
  /** Maximal free intervals (at least one seat free). */
  free: z.array(z.object({ start: z.string(), end: z.string() })),
})
export type ResourceAvailabilityDto = z.infer<typeof ZResourceAvailabilityDto>

export const ZFreeNowDto = z.object({
  openNow: z.boolean(),
  resources: z.array(
    z.object({ resourceId: z.uuid(), name: z.string(), kind: ZResourceKind, capacity: z.number().int(), seatsFree: z.number().int(), freeUntil: z.string().nullable() }),
  ),
})

// ─── Waitlist ────────────────────────────────────────────────────────────────

export const ZJoinWaitlistRequest = z
  .strictObject({ resourceId: z.uuid(), startsAt: ZInstant, endsAt: ZInstant, seats: z.number().int().min(1).max(100).default(1) })
  .refine(startBeforeEnd, { message: 'end must be after start', path: ['endsAt'], ...whenValid })
export const ZWaitlistEntryDto = z.object({
  id: z.uuid(),
  resourceId: z.uuid(),
  resourceName: z.string(),
  startsAt: z.string(),
  endsAt: z.string(),
  seats: z.number().int(),
  status: z.enum(['waiting', 'offered', 'accepted', 'expired', 'cancelled']),
  offerExpiresAt: z.string().nullable(),
  position: z.number().int().nullable(),
})
export type WaitlistEntryDto = z.infer<typeof ZWaitlistEntryDto>
