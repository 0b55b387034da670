import { z } from 'zod'

/**
 * Booking rules. A lieu sets defaults, a resource overrides some; the effective rules are
 * `{ ...defaultBookingRules, ...lieu.bookingRules, ...resource.rules }`. Durations in minutes.
 */
export const ZBookingRules = z.strictObject({
  /** Bookings start and end on this grid, counted from local midnight (e.g. 30 → :00 and :30). */
  granularityMinutes: z.number().int().min(5).max(240),
  minDurationMinutes: z.number().int().min(5).max(24 * 60),
  maxDurationMinutes: z.number().int().min(5).max(14 * 24 * 60),
  /** Held free before and after each booking (cleaning, setup); part of the conflict check. */
  bufferBeforeMinutes: z.number().int().min(0).max(240),
  bufferAfterMinutes: z.number().int().min(0).max(240),
  /** How long before its start a booking may still be made. */
  minNoticeMinutes: z.number().int().min(0).max(30 * 24 * 60),
  /** How far ahead bookings open (days). */
  bookingWindowDays: z.number().int().min(1).max(730),
  /** A member may cancel until this long before the start; managers always may. */
  cancellationDeadlineMinutes: z.number().int().min(0).max(30 * 24 * 60),
  /** Bookings wait for a manager's approval. */
  approvalRequired: z.boolean(),
  /** Who may book: the lieu's members, or also public drop-ins (any logged-in account). */
  whoMayBook: z.enum(['members', 'public']),
  /** Per member: total booked minutes per local day / ISO week on this resource (null: no quota). */
  quotaMinutesPerDay: z.number().int().min(5).max(24 * 60).nullable(),
  quotaMinutesPerWeek: z.number().int().min(5).max(7 * 24 * 60).nullable(),
  /** A booking not checked in this long after its start becomes a no-show (live occupancy). */
  noShowAfterMinutes: z.number().int().min(5).max(24 * 60),
  /** How long a freed slot is offered to the first in the waitlist before the next one. */
  waitlistOfferMinutes: z.number().int().min(5).max(7 * 24 * 60),
})
export type BookingRules = z.infer<typeof ZBookingRules>

export const defaultBookingRules: BookingRules = {
  granularityMinutes: 30,
  minDurationMinutes: 30,
  maxDurationMinutes: 10 * 60,
  bufferBeforeMinutes: 0,
  bufferAfterMinutes: 0,
  minNoticeMinutes: 0,
  bookingWindowDays: 60,
  cancellationDeadlineMinutes: 60,
  approvalRequired: false,
  whoMayBook: 'members',
  quotaMinutesPerDay: null,
  quotaMinutesPerWeek: null,
  noShowAfterMinutes: 30,
  waitlistOfferMinutes: 60,
}

const consistent = (r: Partial<BookingRules>) =>
  r.minDurationMinutes === undefined || r.maxDurationMinutes === undefined || r.minDurationMinutes <= r.maxDurationMinutes

/** A partial set of rules (lieu defaults, resource overrides). */
export const ZBookingRulesPatch = ZBookingRules.partial().refine(consistent, {
  message: 'minimum duration must not exceed the maximum',
  path: ['minDurationMinutes'],
  when: (p) => p.issues.length === 0,
})
export type BookingRulesPatch = z.infer<typeof ZBookingRulesPatch>

/**
 * Stored rules (JSON) as a patch: each known key with a valid value is kept, anything else is
 * dropped one key at a time (a rule renamed or tightened later must not void the others).
 */
export function storedRules(v: unknown): BookingRulesPatch {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return {}
  const out: Record<string, unknown> = {}
  for (const [k, schema] of Object.entries(ZBookingRules.shape)) {
    if (!(k in v)) continue
    const r = schema.safeParse((v as Record<string, unknown>)[k])
    if (r.success) out[k] = r.data
  }
  return out as BookingRulesPatch
}

/** Effective rules: defaults, then the lieu's stored rules, then the resource's overrides. */
export function effectiveRules(lieu: unknown, resource: unknown): BookingRules {
  return { ...defaultBookingRules, ...storedRules(lieu), ...storedRules(resource) }
}
