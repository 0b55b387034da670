import { z } from 'zod'
import { ZEmail } from '../auth/schema.ts'
import { ZSiret } from '../lieux/schema.ts'
import { ZResourceKind } from '../resources/schema.ts'
import { ZPaymentStart } from '../billing/schema.ts'
import { ZLocalDate } from '../time/schema.ts'

// Employers (docs/employers.md): company accounts whose admins buy pools of passes at a lieu (valid
// there or across its network), allocate them to employees, and receive one invoice a month per
// seller for what monthly-billed pools paid. Money: integer cents excluding VAT.

const ZVatNumberLoose = z
  .string()
  .transform((s) => s.replace(/\s/g, '').toUpperCase())
  .refine((s) => /^[A-Z]{2}[0-9A-Z]{2,13}$/.test(s), { message: 'an intra-EU VAT number, e.g. FR40303265045' })

export const ZEmployerRole = z.enum(['admin', 'employee'])
export type EmployerRole = z.infer<typeof ZEmployerRole>

export const ZCreateEmployerRequest = z.strictObject({
  name: z.string().trim().min(1).max(160),
  siret: ZSiret.nullable().default(null),
  vatNumber: ZVatNumberLoose.nullable().default(null),
  billingAddress: z.string().trim().max(500).default(''),
  billingEmail: z.union([ZEmail, z.literal('')]).default(''),
})
export const ZUpdateEmployerRequest = z
  .strictObject({
    name: z.string().trim().min(1).max(160),
    siret: ZSiret.nullable(),
    vatNumber: ZVatNumberLoose.nullable(),
    billingAddress: z.string().trim().max(500),
    billingEmail: z.union([ZEmail, z.literal('')]),
  })
  .partial()

export const ZEmployerDto = z.object({
  id: z.uuid(),
  name: z.string(),
  siret: z.string().nullable(),
  vatNumber: z.string().nullable(),
  billingAddress: z.string(),
  billingEmail: z.string(),
  /** The caller's role. */
  role: ZEmployerRole,
  createdAt: z.string(),
})
export type EmployerDto = z.infer<typeof ZEmployerDto>

// ─── People ──────────────────────────────────────────────────────────────────

export const ZInviteEmployeeRequest = z.strictObject({ email: ZEmail, role: ZEmployerRole.default('employee') })

export const ZEmployerInvitationDto = z.object({
  id: z.uuid(),
  email: z.string(),
  role: ZEmployerRole,
  expiresAt: z.string(),
  createdAt: z.string(),
})

/** Per employee: what the employer may limit. Empty lists mean "no limit". */
export const ZAllocation = z.strictObject({
    /** none: the pools are the only limit; days: booked days; euros: value of the passes used (cents, excl. VAT). */
    budgetKind: z.enum(['none', 'days', 'euros']).default('none'),
    /** month: per calendar month of the booking's day; total: over the whole allocation. */
    budgetPeriod: z.enum(['month', 'total']).default('month'),
    budgetAmount: z.number().int().min(0).max(10_000_000).default(0),
    lieuIds: z.array(z.uuid()).max(100).default([]),
    resourceKinds: z.array(ZResourceKind).max(4).default([]),
    /** ISO weekdays, 1 = Monday … 7 = Sunday. */
    weekdays: z.array(z.number().int().min(1).max(7)).max(7).default([]),
  })
export type Allocation = z.output<typeof ZAllocation>

export const ZEmployeeDto = z.object({
  userId: z.uuid(),
  name: z.string(),
  email: z.string(),
  role: ZEmployerRole,
  since: z.string(),
  allocation: z.object({
    budgetKind: z.enum(['none', 'days', 'euros']),
    budgetPeriod: z.enum(['month', 'total']),
    budgetAmount: z.number().int(),
    lieuIds: z.array(z.uuid()),
    resourceKinds: z.array(ZResourceKind),
    weekdays: z.array(z.number().int()),
  }),
  /** This month so far (the employer's budget month): days and value used. */
  usedThisMonth: z.object({ days: z.number().int(), valueExclCents: z.number().int() }),
})
export type EmployeeDto = z.infer<typeof ZEmployeeDto>

export const ZEmployeesDto = z.object({
  employees: z.array(ZEmployeeDto),
  invitations: z.array(ZEmployerInvitationDto),
})

export const ZEmployerInvitationPreviewDto = z.object({
  employer: z.object({ id: z.uuid(), name: z.string() }),
  email: z.string(),
  role: ZEmployerRole,
  expiresAt: z.string(),
})

// ─── Pools ───────────────────────────────────────────────────────────────────

export const ZPoolScope = z.enum(['lieu', 'network'])
export const ZPoolBilling = z.enum(['card', 'monthly'])

export const ZBuyPoolRequest = z.strictObject({
  /** A pass product of the selling lieu (day pass, carnet or hour pack). */
  productId: z.uuid(),
  /** How many of the product: 20 day passes = 20 × « Pass journée ». */
  count: z.number().int().min(1).max(1000),
  scope: ZPoolScope.default('lieu'),
  billing: ZPoolBilling.default('monthly'),
  /** Last local day of validity (default: one year). */
  validUntil: ZLocalDate.optional(),
})

export const ZPoolDto = z.object({
  id: z.uuid(),
  label: z.string(),
  seller: z.object({ id: z.uuid(), name: z.string() }),
  scope: ZPoolScope,
  /** Lieux where the pool is valid (the seller, or every lieu of its network). */
  validAt: z.array(z.object({ id: z.uuid(), name: z.string() })),
  unit: z.enum(['day', 'minute']),
  resourceKind: ZResourceKind.nullable(),
  quantity: z.number().int(),
  remaining: z.number().int(),
  unitValueExclCents: z.number(),
  vatRateBp: z.number().int(),
  validFrom: z.string(),
  validUntil: z.string(),
  billing: ZPoolBilling,
  status: z.enum(['pending', 'active', 'cancelled']),
  createdAt: z.string(),
})
export type PoolDto = z.infer<typeof ZPoolDto>

export const ZBuyPoolResponse = z.object({ pool: ZPoolDto, payment: ZPaymentStart.nullable() })

/** A pool a lieu sold, as its managers see it: the buyer and what is left. */
export const ZSoldPoolDto = ZPoolDto.extend({ employer: z.object({ id: z.uuid(), name: z.string() }) })
export type SoldPoolDto = z.infer<typeof ZSoldPoolDto>

/** What an employer admin may buy: the pass products of lieux (at one lieu, or its whole network). */
export const ZPoolOfferDto = z.object({
  lieu: z.object({ id: z.uuid(), name: z.string(), network: z.object({ id: z.uuid(), name: z.string() }).nullable() }),
  products: z.array(
    z.object({
      id: z.uuid(),
      name: z.string(),
      kind: z.enum(['day_pass', 'carnet', 'hour_pack']),
      priceCents: z.number().int(),
      vatRateBp: z.number().int(),
      quantity: z.number().int(),
      resourceKind: ZResourceKind.nullable(),
      validityDays: z.number().int(),
    }),
  ),
})

// ─── Usage and reports ───────────────────────────────────────────────────────

// From the year 1000: the bounds of a month of year 0 or 1 (Paris kept local mean time then) fall in
// year 0, which PostgreSQL refuses (was a 500).
export const ZMonth = z.string().regex(/^[1-9]\d{3}-(0[1-9]|1[0-2])$/, { message: 'a month, YYYY-MM (from the year 1000)' })

export const ZUsageQuery = z.strictObject({ month: ZMonth, format: z.enum(['json', 'csv']).default('json') })

/** Totals per employee and lieu for a month: never where or when hour by hour (data minimisation). */
export const ZUsageRowDto = z.object({
  userId: z.uuid().nullable(),
  name: z.string(),
  lieu: z.object({ id: z.uuid(), name: z.string() }),
  days: z.number().int(),
  minutes: z.number().int(),
  valueExclCents: z.number().int(),
})
export const ZUsageReportDto = z.object({
  month: z.string(),
  rows: z.array(ZUsageRowDto),
  totals: z.object({ days: z.number().int(), minutes: z.number().int(), valueExclCents: z.number().int() }),
})
export type UsageReportDto = z.infer<typeof ZUsageReportDto>

/** An employee's own view: their employers, allocation, and exactly what each employer sees of them. */
export const ZMyEmployerDto = z.object({
  employer: z.object({ id: z.uuid(), name: z.string() }),
  role: ZEmployerRole,
  allocation: ZEmployeeDto.shape.allocation,
  usedThisMonth: ZEmployeeDto.shape.usedThisMonth,
  /** Pools the employee may draw from now. */
  pools: z.array(ZPoolDto.pick({ id: true, label: true, validAt: true, unit: true, resourceKind: true, remaining: true, validUntil: true })),
  /** The employer's report rows about this employee, this month and the last. */
  whatTheEmployerSees: z.array(ZUsageReportDto),
})

export const ZSettlementQuery = z.strictObject({ month: ZMonth, format: z.enum(['json', 'csv']).default('json') })

/** Per seller and lieu of use: what the lieu of use is owed for passes another lieu sold. */
export const ZSettlementDto = z.object({
  network: z.object({ id: z.uuid(), name: z.string() }),
  month: z.string(),
  rows: z.array(
    z.object({
      seller: z.object({ id: z.uuid(), name: z.string() }),
      usedAt: z.object({ id: z.uuid(), name: z.string() }),
      days: z.number().int(),
      minutes: z.number().int(),
      owedExclCents: z.number().int(),
    }),
  ),
  /** Per lieu: owed to it minus owed by it. */
  balances: z.array(z.object({ lieu: z.object({ id: z.uuid(), name: z.string() }), netExclCents: z.number().int() })),
})
export type SettlementDto = z.infer<typeof ZSettlementDto>

export const ZRunEmployerInvoicesRequest = z.strictObject({ month: ZMonth })
