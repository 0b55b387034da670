import type { Tx } from '../db/prisma.ts'

/** One invoice line as the caller states it; VAT and totals are computed (rounded per line). */
export interface InvoiceLineInput {
  label: string
  quantity: number
  /** Unit price excluding VAT, in cents. */
  unitPriceExclCents: number
  /** VAT rate in basis points (2000 = 20 %); 0 for a VAT-exempt lieu (franchise en base). */
  vatRateBp: number
}

export interface InvoiceBuyer {
  userId: string | null
  name: string
  email: string
  address?: string
  /** A business buyer: the employer (its admins read the invoice) and its identifiers. */
  employerId?: string
  siret?: string
  vatNumber?: string
}

export interface IssueInvoiceInput {
  lieuId: string
  buyer: InvoiceBuyer
  lines: InvoiceLineInput[]
  /** 'on_site' | 'bank_transfer' | 'cheque' | 'card' … when already paid. */
  paymentMethod?: string | null
  paidAt?: Date | null
  /** Payment term in days (default 30). */
  dueDays?: number
}

/**
 * Issues an invoice inside the caller's transaction: the number is taken from the lieu's counter
 * in the same transaction (gap-free), the document is chained to the previous one by a hash.
 * Implemented in invoices/issue.ts.
 */
export type IssueInvoice = (tx: Tx, input: IssueInvoiceInput, now: Date) => Promise<{ id: string; number: string }>
