import { z } from 'zod'
import { ZEmail } from '../auth/schema.ts'
import { ZInstant, ZLocalDate } from '../time/schema.ts'

const whenValid = { when: (p: { issues: unknown[] }) => p.issues.length === 0 }

export const ZInvoiceKind = z.enum(['invoice', 'credit_note'])
export type InvoiceKind = z.infer<typeof ZInvoiceKind>

/** How an invoice was paid (a credit note: how it was refunded). */
export const ZPaymentMethod = z.enum(['on_site', 'cash', 'card', 'bank_transfer', 'cheque', 'direct_debit'])
export type PaymentMethod = z.infer<typeof ZPaymentMethod>

/** The French label of a payment method (any other string is shown as is). */
export const paymentMethodLabel: Record<string, string> = {
  on_site: 'sur place',
  cash: 'espèces',
  card: 'carte bancaire',
  bank_transfer: 'virement',
  cheque: 'chèque',
  direct_debit: 'prélèvement',
  stripe: 'carte bancaire (Stripe)',
}

/** VAT rates in force in France, in basis points (2,1 %, 5,5 %, 10 %, 20 %; 0 for exempt sales). */
export const frenchVatRatesBp = [0, 210, 550, 1000, 2000] as const

/** At most three decimals: 1.5 hours, 0.25 month. */
const threeDecimals = (q: number) => Math.abs(Math.round(q * 1000) / 1000 - q) < 1e-9

export const ZQuantity = z
  .number()
  .positive()
  .max(100_000)
  .refine(threeDecimals, { message: 'at most three decimals' })

export const ZInvoiceLineRequest = z.strictObject({
  label: z.string().trim().min(1).max(300),
  quantity: ZQuantity,
  /** Unit price excluding VAT, in cents (at most 1 000 000 €). */
  unitPriceExclCents: z.number().int().min(0).max(100_000_000),
  /** VAT rate in basis points (2000 = 20 %); 0 for a VAT-exempt lieu. */
  vatRateBp: z
    .number()
    .int()
    .refine((r) => (frenchVatRatesBp as readonly number[]).includes(r), {
      message: `a French VAT rate in basis points: ${frenchVatRatesBp.join(', ')}`,
    }),
})
export type InvoiceLineRequest = z.input<typeof ZInvoiceLineRequest>

/** A member of the lieu (`userId`), or someone outside it (`name`, `email`, optional `address`). */
export const ZInvoiceBuyerRequest = z
  .strictObject({
    userId: z.uuid().optional(),
    name: z.string().trim().min(1).max(200).optional(),
    email: ZEmail.optional(),
    address: z.string().trim().max(500).optional(),
  })
  .refine(
    (b) =>
      b.userId === undefined || (b.name === undefined && b.email === undefined && b.address === undefined),
    {
      message: 'give a userId, or a name and an e-mail, not both',
      ...whenValid,
    },
  )
  .refine((b) => b.userId !== undefined || b.name !== undefined, {
    message: 'a buyer needs a userId, or a name and an e-mail',
    path: ['name'],
    ...whenValid,
  })
  .refine((b) => b.userId !== undefined || b.email !== undefined, {
    message: 'a buyer needs a userId, or a name and an e-mail',
    path: ['email'],
    ...whenValid,
  })

export const ZInvoicePaymentRequest = z.strictObject({
  method: ZPaymentMethod,
  /** When it was paid (default: now); never in the future. */
  paidAt: ZInstant.optional(),
})

/** A manual invoice (managers): a buyer, lines, and the payment when it is already paid. */
export const ZCreateInvoiceRequest = z.strictObject({
  buyer: ZInvoiceBuyerRequest,
  lines: z.array(ZInvoiceLineRequest).min(1).max(100),
  /** Already paid: how (and when); null or absent: unpaid. */
  payment: ZInvoicePaymentRequest.nullable().default(null),
  /** Payment term in days after the issue date (default 30). */
  dueDays: z.number().int().min(0).max(120).default(30),
})
export type CreateInvoiceRequest = z.input<typeof ZCreateInvoiceRequest>

export const ZCreditNoteLineRequest = z.strictObject({
  /** Index (0-based) of the line of the credited invoice. */
  line: z.number().int().min(0).max(99),
  /** How much of its quantity to credit (at most what is left of it). */
  quantity: ZQuantity,
})

/** A credit note (avoir) for the whole remainder of an invoice (`full: true`) or for some of its lines. */
export const ZCreditNoteRequest = z
  .strictObject({
    full: z.boolean().optional(),
    lines: z.array(ZCreditNoteLineRequest).min(1).max(100).optional(),
    reason: z.string().trim().min(1).max(500),
  })
  .superRefine((b, ctx) => {
    if (b.full === true && b.lines !== undefined)
      ctx.addIssue({ code: 'custom', path: ['lines'], message: 'give lines or full: true, not both' })
    if (b.full !== true && b.lines === undefined)
      ctx.addIssue({ code: 'custom', path: ['lines'], message: 'give the lines to credit, or full: true' })
    if (b.lines) {
      const seen = new Set<number>()
      b.lines.forEach((l, i) => {
        if (seen.has(l.line))
          ctx.addIssue({ code: 'custom', path: ['lines', i, 'line'], message: 'this line is already listed' })
        seen.add(l.line)
      })
    }
  })
export type CreditNoteRequest = z.input<typeof ZCreditNoteRequest>

/** Records the payment of an unpaid invoice (once). */
export const ZRecordPaymentRequest = z.strictObject({
  method: ZPaymentMethod,
  paidAt: ZInstant,
})
export type RecordPaymentRequest = z.input<typeof ZRecordPaymentRequest>

/** Local dates in the lieu's zone, both included. */
export const ZInvoiceListQuery = z
  .strictObject({
    from: ZLocalDate.optional(),
    to: ZLocalDate.optional(),
    kind: ZInvoiceKind.optional(),
  })
  .refine((q) => !q.from || !q.to || q.from <= q.to, {
    message: 'to must not be before from',
    path: ['to'],
    ...whenValid,
  })

const days = (from: string, to: string) => (Date.parse(to) - Date.parse(from)) / 86_400_000

/** A period of local dates in the lieu's zone, both included, at most 400 days (a fiscal year). */
export const ZAccountingExportQuery = z
  .strictObject({ from: ZLocalDate, to: ZLocalDate })
  .refine((q) => q.from <= q.to, { message: 'to must not be before from', path: ['to'], ...whenValid })
  .refine((q) => days(q.from, q.to) < 400, { message: 'at most 400 days', path: ['to'], ...whenValid })

export const ZInvoiceLineDto = z.object({
  label: z.string(),
  quantity: z.number(),
  unitPriceExclCents: z.number().int(),
  vatRateBp: z.number().int(),
  totalExclCents: z.number().int(),
  vatCents: z.number().int(),
  totalInclCents: z.number().int(),
  /** On a credit note: the index of the credited invoice's line. */
  creditsLine: z.number().int().optional(),
})
export type InvoiceLineDto = z.infer<typeof ZInvoiceLineDto>

export const ZSellerSnapshot = z.object({
  name: z.string(),
  legalName: z.string(),
  address: z.object({ street: z.string(), postalCode: z.string(), city: z.string(), country: z.string() }),
  siret: z.string().nullable(),
  vatNumber: z.string().nullable(),
  vatExempt: z.boolean(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  website: z.string().nullable(),
  timeZone: z.string(),
  /** The legal mentions printed on the document, in order. */
  mentions: z.array(z.string()),
  /** A credit note's reason and the invoice it credits. */
  creditNote: z
    .object({ reason: z.string(), invoiceNumber: z.string(), invoiceIssuedAt: z.string() })
    .optional(),
})
export type SellerSnapshot = z.infer<typeof ZSellerSnapshot>

export const ZBuyerSnapshot = z.object({
  userId: z.string().nullable(),
  name: z.string(),
  email: z.string(),
  address: z.string().optional(),
  /** A business buyer (an employer): its identifiers, as B2B invoices state them. */
  employerId: z.string().optional(),
  siret: z.string().optional(),
  vatNumber: z.string().optional(),
})
export type BuyerSnapshot = z.infer<typeof ZBuyerSnapshot>

export const ZVatBreakdownDto = z.object({
  vatRateBp: z.number().int(),
  baseExclCents: z.number().int(),
  vatCents: z.number().int(),
})

export const ZInvoiceStatus = z.enum(['unpaid', 'paid', 'credited'])

export const ZInvoiceDto = z.object({
  id: z.uuid(),
  lieuId: z.uuid(),
  kind: ZInvoiceKind,
  /** F-2026-000042, AV-2026-000003. */
  number: z.string(),
  year: z.number().int(),
  sequence: z.number().int(),
  issuedAt: z.string(),
  dueAt: z.string(),
  seller: ZSellerSnapshot,
  buyer: ZBuyerSnapshot,
  /** Credit notes carry negative amounts. */
  lines: z.array(ZInvoiceLineDto),
  totalExclCents: z.number().int(),
  totalVatCents: z.number().int(),
  totalInclCents: z.number().int(),
  vatBreakdown: z.array(ZVatBreakdownDto),
  /** On a credit note: the invoice it credits. */
  creditsInvoice: z.object({ id: z.uuid(), number: z.string() }).nullable(),
  /** On an invoice: its credit notes and what is left to credit (incl. VAT, positive). */
  creditNotes: z.array(z.object({ id: z.uuid(), number: z.string(), totalInclCents: z.number().int() })),
  remainingInclCents: z.number().int(),
  paymentMethod: z.string().nullable(),
  paidAt: z.string().nullable(),
  /** paid / unpaid; an invoice wholly cancelled by credit notes is `credited`. */
  status: ZInvoiceStatus,
  previousHash: z.string(),
  hash: z.string(),
})
export type InvoiceDto = z.infer<typeof ZInvoiceDto>

export const ZChainVerification = z.object({
  ok: z.boolean(),
  /** Documents checked, in chain order. */
  checked: z.number().int(),
  /** The first document whose hash or link does not match (null when the chain is intact). */
  firstBrokenNumber: z.string().nullable(),
})
export type ChainVerification = z.infer<typeof ZChainVerification>
