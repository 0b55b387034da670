import type { Invoice } from '@fabrique/prisma/client'
import type {
  BuyerSnapshot,
  InvoiceDto,
  InvoiceLineDto,
  SellerSnapshot,
} from '@fabrique/shared/invoices/schema'
import { documentTotals } from './money.ts'

export interface Related {
  /** On an invoice: its credit notes. */
  creditNotes: { id: string; number: string; totalInclCents: number }[]
  /** On a credit note: the invoice it credits. */
  creditsInvoice: { id: string; number: string } | null
}

/** Row → DTO; the VAT breakdown is recomputed from the stored (rounded) lines. */
export function toInvoiceDto(row: Invoice, rel: Related): InvoiceDto {
  const lines = row.lines as unknown as InvoiceLineDto[]
  const credited = rel.creditNotes.reduce((s, c) => s + c.totalInclCents, 0)
  const remainingInclCents = row.kind === 'invoice' ? Math.max(0, row.totalInclCents + credited) : 0
  const status =
    row.kind === 'invoice' && rel.creditNotes.length > 0 && remainingInclCents === 0
      ? 'credited'
      : row.paidAt
        ? 'paid'
        : 'unpaid'
  return {
    id: row.id,
    lieuId: row.lieuId,
    kind: row.kind,
    number: row.number,
    year: row.year,
    sequence: row.sequence,
    issuedAt: row.issuedAt.toISOString(),
    dueAt: row.dueAt.toISOString(),
    seller: row.seller as unknown as SellerSnapshot,
    buyer: row.buyer as unknown as BuyerSnapshot,
    lines,
    totalExclCents: row.totalExclCents,
    totalVatCents: row.totalVatCents,
    totalInclCents: row.totalInclCents,
    vatBreakdown: documentTotals(lines).vatBreakdown,
    creditsInvoice: rel.creditsInvoice,
    creditNotes: rel.creditNotes,
    remainingInclCents,
    paymentMethod: row.paymentMethod,
    paidAt: row.paidAt?.toISOString() ?? null,
    status,
    previousHash: row.previousHash,
    hash: row.hash,
  }
}
