import { z } from 'zod'
import { ZInstant } from '../time/schema.ts'

/**
 * A resource's rates, excluding VAT, in integer cents (each optional; none at all: free to book).
 * `vatRateBp` in basis points (2000 = 20 %), 2000 when absent; a VAT-exempt lieu charges none.
 */
export const ZResourceRates = z.strictObject({
  hourCents: z.number().int().min(0).max(10_000_000).optional(),
  /** Up to 4 hours (real elapsed time) within one local day. */
  halfDayCents: z.number().int().min(0).max(10_000_000).optional(),
  /** One local day (priced per local day touched). */
  dayCents: z.number().int().min(0).max(10_000_000).optional(),
  vatRateBp: z.number().int().min(0).max(10_000).optional(),
})
export type ResourceRates = z.infer<typeof ZResourceRates>

export const DEFAULT_VAT_RATE_BP = 2000

/**
 * How a booking is paid, in this order: included in a plan, an employer's pool, the member's credits, a pass, then
 * money (on site today, card with Stripe later). `free`: the resource has no rate.
 */
export const ZPaymentMeans = z.enum(['included', 'employer', 'credits', 'pass', 'on_site', 'card', 'free'])
export type PaymentMeans = z.infer<typeof ZPaymentMeans>

export const ZPricePreviewQuery = z
  .strictObject({
    startsAt: ZInstant,
    endsAt: ZInstant,
    /** A manager previewing for a member of the lieu. */
    forUserId: z.uuid().optional(),
    /** As in the booking request (bookings/schema.ts). */
    paidBy: z.enum(['auto', 'employer', 'personal']).default('auto'),
    employerId: z.uuid().optional(),
  })
  .refine((q) => new Date(q.startsAt) < new Date(q.endsAt), {
    message: 'end must be after start',
    path: ['endsAt'],
    when: (p) => p.issues.length === 0,
  })

/**
 * What booking this slot would cost and how it would be paid. Amounts are what is due **in money**
 * (0 when included, paid with credits or a pass, or free).
 */
export const ZPricePreviewDto = z.object({
  priceExclCents: z.number().int(),
  vatCents: z.number().int(),
  priceInclCents: z.number().int(),
  vatRateBp: z.number().int(),
  means: ZPaymentMeans,
  /** Credit minutes that would be debited (means = credits). */
  creditMinutes: z.number().int().optional(),
  /** The pass that would be used (means = pass). */
  passId: z.uuid().optional(),
  /** The employer that would pay (means = employer). */
  employer: z.object({ id: z.uuid(), name: z.string() }).optional(),
  /** Employers of the member that would not pay this slot, and why (a French sentence). */
  employerRefusals: z.array(z.object({ employerId: z.uuid(), reason: z.string(), message: z.string() })).default([]),
  /** A French sentence for the booking dialog (« Demi-journée, 12,00 € TTC à régler sur place »). */
  label: z.string(),
})
export type PricePreviewDto = z.infer<typeof ZPricePreviewDto>

/** A booking's stored price: null for bookings made before pricing existed. */
export const ZBookingPrice = z.object({ priceInclCents: z.number().int(), means: ZPaymentMeans }).nullable()
export type BookingPrice = z.infer<typeof ZBookingPrice>
