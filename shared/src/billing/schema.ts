import { z } from 'zod'
import { ZEmail } from '../auth/schema.ts'
import { ZResourceKind } from '../resources/schema.ts'
import { ZInstant } from '../time/schema.ts'

// Money: integer cents (EUR), prices EXCLUDING VAT (HT); VAT rates in basis points (2000 = 20 %).
// A VAT-exempt lieu (franchise en base) charges no VAT whatever the rate stored: its invoices
// apply 0 %. Credits are minutes of a resource kind, per lieu.

const ZCents = z.number().int().min(0).max(100_000_000)
const ZVatRateBp = z.number().int().min(0).max(10_000)

// ─── Payments ────────────────────────────────────────────────────────────────

/** How a manager records a payment received outside Fabrique (the manual provider). */
export const ZManualPaymentMethod = z.enum(['on_site', 'bank_transfer', 'cheque'])
export type ManualPaymentMethod = z.infer<typeof ZManualPaymentMethod>

/** What the member does next to pay: at the counter (manual), or follow a checkout link (Stripe, later). */
export const ZPaymentStart = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('pay_at_counter'), instructions: z.string() }),
  z.object({ kind: z.literal('redirect'), url: z.string() }),
])
export type PaymentStart = z.infer<typeof ZPaymentStart>

/** A payment received, as a manager records it; `paidAt` defaults to now and may not be in the future. */
export const ZRecordPaymentRequest = z.strictObject({
  method: ZManualPaymentMethod,
  paidAt: ZInstant.optional(),
})
export type RecordPaymentRequest = z.input<typeof ZRecordPaymentRequest>

export const ZIssuedInvoiceRef = z.object({ id: z.uuid(), number: z.string() })

// ─── Plans ───────────────────────────────────────────────────────────────────

const ZMinutesPerKind = z.strictObject({
  desk: z.number().int().min(0).max(44_640).optional(),
  room: z.number().int().min(0).max(44_640).optional(),
  machine: z.number().int().min(0).max(44_640).optional(),
  zone: z.number().int().min(0).max(44_640).optional(),
})

/** What a plan gives while its subscription is active. */
export const ZEntitlements = z.strictObject({
  /** Resource kinds usable without charge during opening hours. */
  includedKinds: z
    .array(ZResourceKind)
    .max(4)
    .refine((a) => new Set(a).size === a.length, { message: 'each kind once' })
    .default([]),
  /** Credit minutes granted every month, per resource kind (expire at the end of that month). */
  monthlyCreditMinutes: ZMinutesPerKind.default({}),
  /** Member price: a discount on paid bookings, in basis points (1000 = 10 %). */
  memberDiscountBp: z.number().int().min(0).max(10_000).default(0),
  /** Bookings held at once (null: the lieu's rules). */
  maxConcurrentBookings: z.number().int().min(1).max(1000).nullable().default(null),
  /** Booking window in days (null: the lieu's rules); the longest of the member's plans applies. */
  bookingWindowDays: z.number().int().min(1).max(730).nullable().default(null),
  /** Resources only holders of this plan may book. */
  planOnlyResourceIds: z
    .array(z.uuid())
    .max(200)
    .refine((a) => new Set(a).size === a.length, { message: 'each resource once' })
    .default([]),
})
export type Entitlements = z.output<typeof ZEntitlements>

export const ZPlanKind = z.enum(['usage', 'membership'])
export type PlanKind = z.infer<typeof ZPlanKind>
export const ZBillingInterval = z.enum(['month', 'year'])
export type BillingInterval = z.infer<typeof ZBillingInterval>

const ZPlanFields = z.strictObject({
  name: z.string().trim().min(1).max(120),
  description: z.string().max(4000),
  /** Price per interval, excluding VAT, in cents. */
  priceCents: ZCents,
  vatRateBp: ZVatRateBp,
  entitlements: ZEntitlements,
  /** Holding an active adhésion is required before subscribing. */
  requiresMembership: z.boolean(),
})

/** A usage plan (month or year), or the lieu's adhésion (membership: yearly). */
export const ZCreatePlanRequest = ZPlanFields.extend({
  kind: ZPlanKind.default('usage'),
  interval: ZBillingInterval,
  description: ZPlanFields.shape.description.default(''),
  entitlements: ZEntitlements.default({
    includedKinds: [],
    monthlyCreditMinutes: {},
    memberDiscountBp: 0,
    maxConcurrentBookings: null,
    bookingWindowDays: null,
    planOnlyResourceIds: [],
  }),
  requiresMembership: ZPlanFields.shape.requiresMembership.default(false),
}).superRefine((p, ctx) => {
  if (p.kind === 'membership' && p.interval !== 'year')
    ctx.addIssue({ code: 'custom', path: ['interval'], message: 'an adhésion is yearly' })
  if (p.kind === 'membership' && p.requiresMembership)
    ctx.addIssue({
      code: 'custom',
      path: ['requiresMembership'],
      message: 'an adhésion cannot require an adhésion',
    })
})
export type CreatePlanRequest = z.input<typeof ZCreatePlanRequest>

/** Kind and interval never change (subscriptions rely on them); a new price applies from the next payment. */
export const ZUpdatePlanRequest = ZPlanFields.extend({ archived: z.boolean() }).partial().strict()
export type UpdatePlanRequest = z.input<typeof ZUpdatePlanRequest>

export const ZPlanDto = z.object({
  id: z.uuid(),
  lieuId: z.uuid(),
  kind: ZPlanKind,
  name: z.string(),
  description: z.string(),
  priceCents: z.number().int(),
  vatRateBp: z.number().int(),
  /** What a member pays per interval (VAT included; equal to priceCents in a VAT-exempt lieu). */
  priceInclCents: z.number().int(),
  interval: ZBillingInterval,
  entitlements: ZEntitlements,
  requiresMembership: z.boolean(),
  archived: z.boolean(),
})
export type PlanDto = z.infer<typeof ZPlanDto>

export const ZPlanListQuery = z.strictObject({ includeArchived: z.enum(['true', 'false']).optional() })

// ─── Subscriptions ───────────────────────────────────────────────────────────

export const ZSubscriptionStatus = z.enum(['active', 'past_due', 'paused', 'cancelled'])
export type SubscriptionStatus = z.infer<typeof ZSubscriptionStatus>

/**
 * Subscribe. A member subscribes themself and pays at the counter (the subscription waits,
 * `past_due`, until a manager records the payment). A manager may subscribe a member of the lieu
 * (`userId`) and record the payment at once (`payment`).
 */
export const ZCreateSubscriptionRequest = z.strictObject({
  planId: z.uuid(),
  userId: z.uuid().optional(),
  payment: ZRecordPaymentRequest.optional(),
  /** How the member will pay when card payments are on: by card (Stripe Checkout, the default) or at the counter. */
  payBy: z.enum(['card', 'counter']).optional(),
})
export type CreateSubscriptionRequest = z.input<typeof ZCreateSubscriptionRequest>

/** Cancel at the end of the paid period (members, managers), or now (managers). */
export const ZCancelSubscriptionRequest = z.strictObject({
  when: z.enum(['period_end', 'now']).default('period_end'),
})

export const ZSubscriptionDto = z.object({
  id: z.uuid(),
  lieuId: z.uuid(),
  user: z.object({ id: z.uuid(), name: z.string(), email: z.string() }),
  plan: z.object({ id: z.uuid(), name: z.string(), kind: ZPlanKind, interval: ZBillingInterval }),
  status: ZSubscriptionStatus,
  provider: z.string(),
  /** The paid-up span (empty while the first payment is awaited). */
  currentPeriodStart: z.string(),
  currentPeriodEnd: z.string(),
  cancelAtPeriodEnd: z.boolean(),
  cancelledAt: z.string().nullable(),
  /** Active and inside its paid-up span now: its entitlements apply. */
  inGoodStanding: z.boolean(),
  createdAt: z.string(),
})
export type SubscriptionDto = z.infer<typeof ZSubscriptionDto>

export const ZSubscribeResponse = z.object({
  subscription: ZSubscriptionDto,
  /** Absent when the payment was recorded with the request. */
  payment: ZPaymentStart.nullable(),
  invoice: ZIssuedInvoiceRef.nullable(),
})
export type SubscribeResponse = z.infer<typeof ZSubscribeResponse>

export const ZPaymentRecordedResponse = z.object({
  subscription: ZSubscriptionDto,
  invoice: ZIssuedInvoiceRef,
})

/** Another plan of the same lieu and kind for a running subscription (docs/payments.md, plan change). */
export const ZChangePlanRequest = z.strictObject({ planId: z.uuid() })
export type ChangePlanRequest = z.input<typeof ZChangePlanRequest>

export const ZChangePlanResponse = z.object({
  /** The subscription asked about: on the new plan at once (card), or ending at its period end (manual). */
  subscription: ZSubscriptionDto,
  /** Manual payments: the new plan's subscription, starting when the current period ends, awaiting its payment. */
  next: ZSubscriptionDto.nullable(),
  /** `now`: the new plan applies at once (card: Stripe prorates); `period_end`: from `effectiveAt`. */
  effective: z.enum(['now', 'period_end']),
  effectiveAt: z.string(),
})
export type ChangePlanResponse = z.infer<typeof ZChangePlanResponse>

// ─── Credits ─────────────────────────────────────────────────────────────────

export const ZCreditReason = z.enum([
  'plan_grant',
  'pack_purchase',
  'adjustment',
  'booking_debit',
  'booking_refund',
  'expiry',
])
export type CreditReason = z.infer<typeof ZCreditReason>

export const ZCreditEntryDto = z.object({
  id: z.uuid(),
  lieuId: z.uuid(),
  resourceKind: z.string(),
  /** Positive: credited; negative: spent or expired. */
  minutes: z.number().int(),
  reason: ZCreditReason,
  note: z.string(),
  bookingId: z.uuid().nullable(),
  expiresAt: z.string().nullable(),
  createdAt: z.string(),
})
export type CreditEntryDto = z.infer<typeof ZCreditEntryDto>

export const ZCreditBalanceDto = z.object({
  lieuId: z.uuid(),
  lieuName: z.string(),
  resourceKind: z.string(),
  minutes: z.number().int(),
})
export type CreditBalanceDto = z.infer<typeof ZCreditBalanceDto>

export const ZCreditsDto = z.object({
  balances: z.array(ZCreditBalanceDto),
  /** Newest first (the latest 200). */
  history: z.array(ZCreditEntryDto),
})
export type CreditsDto = z.infer<typeof ZCreditsDto>

/** A manager's correction of a member's credits: positive adds, negative removes; the reason is kept. */
export const ZCreditAdjustmentRequest = z.strictObject({
  resourceKind: ZResourceKind,
  minutes: z
    .number()
    .int()
    .min(-100_000)
    .max(100_000)
    .refine((m) => m !== 0, { message: 'must not be zero' }),
  reason: z.string().trim().min(1).max(500),
})
export type CreditAdjustmentRequest = z.input<typeof ZCreditAdjustmentRequest>

export const ZCreditsQuery = z.strictObject({ lieuId: z.uuid().optional() })

// ─── Passes ──────────────────────────────────────────────────────────────────

export const ZPassKind = z.enum(['day_pass', 'carnet', 'hour_pack'])
export type PassKind = z.infer<typeof ZPassKind>

const ZPassProductFields = z.strictObject({
  name: z.string().trim().min(1).max(120),
  priceCents: ZCents,
  vatRateBp: ZVatRateBp,
  /** Days for a carnet; minutes for an hour pack; 1 for a day pass. */
  quantity: z.number().int().min(1).max(100_000),
  /** Days the pass can be used from its purchase (local days of the lieu, today included). */
  validityDays: z.number().int().min(1).max(1_830),
})

export const ZCreatePassProductRequest = ZPassProductFields.extend({
  kind: ZPassKind,
  /** The resource kind an hour pack is for (only hour packs have one). */
  resourceKind: ZResourceKind.nullable().default(null),
  quantity: ZPassProductFields.shape.quantity.optional(),
}).superRefine((p, ctx) => {
  if (p.kind === 'hour_pack' && p.resourceKind === null)
    ctx.addIssue({ code: 'custom', path: ['resourceKind'], message: 'an hour pack is for one resource kind' })
  if (p.kind !== 'hour_pack' && p.resourceKind !== null)
    ctx.addIssue({ code: 'custom', path: ['resourceKind'], message: 'only an hour pack has a resource kind' })
  if (p.kind === 'day_pass' && p.quantity !== undefined && p.quantity !== 1)
    ctx.addIssue({ code: 'custom', path: ['quantity'], message: 'a day pass is for one day' })
  if (p.kind !== 'day_pass' && p.quantity === undefined)
    ctx.addIssue({ code: 'custom', path: ['quantity'], message: 'required' })
})
export type CreatePassProductRequest = z.input<typeof ZCreatePassProductRequest>

/** Quantity and kind never change (passes sold rely on them); the price applies to later sales. */
export const ZUpdatePassProductRequest = ZPassProductFields.omit({ quantity: true })
  .extend({ archived: z.boolean() })
  .partial()
  .strict()

export const ZPassProductDto = z.object({
  id: z.uuid(),
  lieuId: z.uuid(),
  kind: ZPassKind,
  name: z.string(),
  priceCents: z.number().int(),
  vatRateBp: z.number().int(),
  priceInclCents: z.number().int(),
  quantity: z.number().int(),
  resourceKind: ZResourceKind.nullable(),
  validityDays: z.number().int(),
  archived: z.boolean(),
})
export type PassProductDto = z.infer<typeof ZPassProductDto>

export const ZPassProductListQuery = ZPlanListQuery

/** A manager records a sale: to a member of the lieu (`userId`) or to a drop-in known by e-mail. */
export const ZSellPassRequest = z
  .strictObject({
    productId: z.uuid(),
    userId: z.uuid().optional(),
    email: ZEmail.optional(),
    /** The drop-in's name for the invoice (the e-mail address otherwise). */
    name: z.string().trim().min(1).max(120).optional(),
    method: ZManualPaymentMethod,
    paidAt: ZInstant.optional(),
  })
  .superRefine((b, ctx) => {
    if ((b.userId === undefined) === (b.email === undefined))
      ctx.addIssue({ code: 'custom', path: ['email'], message: 'give either userId or email' })
    if (b.userId !== undefined && b.name !== undefined)
      ctx.addIssue({ code: 'custom', path: ['name'], message: 'a member’s name comes from their account' })
  })
export type SellPassRequest = z.input<typeof ZSellPassRequest>

export const ZPassDto = z.object({
  id: z.uuid(),
  lieuId: z.uuid(),
  lieuName: z.string(),
  product: z.object({
    id: z.uuid(),
    name: z.string(),
    kind: ZPassKind,
    resourceKind: ZResourceKind.nullable(),
    quantity: z.number().int(),
  }),
  userId: z.uuid().nullable(),
  email: z.string(),
  /** Days left (day pass, carnet) or minutes left (hour pack). */
  remaining: z.number().int(),
  validUntil: z.string(),
  usable: z.boolean(),
  createdAt: z.string(),
})
export type PassDto = z.infer<typeof ZPassDto>

export const ZPassSaleResponse = z.object({ pass: ZPassDto, invoice: ZIssuedInvoiceRef })

/** A member buys a pass of the lieu by card (Stripe Checkout); the pass is sold when Stripe confirms the payment. */
export const ZBuyPassRequest = z.strictObject({ productId: z.uuid() })
export type BuyPassRequest = z.input<typeof ZBuyPassRequest>

/** A drop-in (no account) buys a day pass by card with only an e-mail address (and a name for the invoice). */
export const ZDropInPassRequest = z.strictObject({
  productId: z.uuid(),
  email: ZEmail,
  name: z.string().trim().min(1).max(120).optional(),
})
export type DropInPassRequest = z.input<typeof ZDropInPassRequest>

/** Where the buyer pays: the Checkout URL (`redirect`). Nothing is created before Stripe confirms. */
export const ZPassCheckoutResponse = z.object({ payment: ZPaymentStart })
export type PassCheckoutResponse = z.infer<typeof ZPassCheckoutResponse>

// ─── Managers' overview ──────────────────────────────────────────────────────

export const ZMemberBillingDto = z.object({
  user: z.object({ id: z.uuid(), name: z.string(), email: z.string() }),
  role: z.enum(['owner', 'manager', 'member']),
  /** Not cancelled ones (awaiting payment, active, paused). */
  subscriptions: z.array(ZSubscriptionDto),
  credits: z.array(z.object({ resourceKind: z.string(), minutes: z.number().int() })),
  /** Passes still usable. */
  passes: z.number().int(),
})
export type MemberBillingDto = z.infer<typeof ZMemberBillingDto>
