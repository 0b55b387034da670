// Credit notes (avoirs): a new document with negative amounts that cancels all or part of an
// invoice; never more than what is left to credit. See docs/invoices.md.
import type { BuyerSnapshot, InvoiceLineDto, SellerSnapshot } from '@fabrique/shared/invoices/schema'
import type { Tx } from '../db/prisma.ts'
import { AppError, notFound } from '../http/problem.ts'
import { issueDocument } from './issue.ts'
import { lineAmounts, quantityMillis, QUANTITY_SCALE } from './money.ts'

export type CreditLines = { line: number; quantity: number }[] | 'full'

interface Remaining {
  quantityMillis: number
  exclCents: number
  vatCents: number
}

/** What is left to credit on each line of an invoice, after its credit notes (pure). */
export function remainingPerLine(
  invoiceLines: InvoiceLineDto[],
  creditNotesLines: InvoiceLineDto[][],
): Remaining[] {
  const left = invoiceLines.map((l) => ({
    quantityMillis: quantityMillis(l.quantity),
    exclCents: l.totalExclCents,
    vatCents: l.vatCents,
  }))
  for (const lines of creditNotesLines) {
    for (const c of lines) {
      const r = c.creditsLine === undefined ? undefined : left[c.creditsLine]
      if (!r) continue
      r.quantityMillis -= quantityMillis(c.quantity)
      r.exclCents += c.totalExclCents // negative on a credit note
      r.vatCents += c.vatCents
    }
  }
  return left
}

/**
 * The lines of a credit note (pure): each credits a quantity of one invoice line at its unit price
 * and rate, as negative amounts. Crediting what is left of a line credits exactly its remaining
 * amounts, so an invoice fully credited nets to zero whatever the rounding.
 */
export function creditNoteLines(
  invoiceLines: InvoiceLineDto[],
  remaining: Remaining[],
  request: CreditLines,
): InvoiceLineDto[] {
  const wanted =
    request === 'full'
      ? remaining.flatMap((r, line) =>
          r.quantityMillis > 0 ? [{ line, quantityMillis: r.quantityMillis }] : [],
        )
      : request.map((x) => ({ line: x.line, quantityMillis: quantityMillis(x.quantity) }))
  if (wanted.length === 0)
    throw new AppError('credit_exceeds_invoice', 'this invoice has been credited in full already')
  const errors = wanted.flatMap((w, i) => {
    const field = request === 'full' ? 'full' : `lines.${i}`
    const r = remaining[w.line]
    if (!invoiceLines[w.line] || !r)
      return [{ field: `${field}.line`, message: `the invoice has no line ${w.line}` }]
    if (w.quantityMillis > r.quantityMillis)
      return [
        {
          field: `${field}.quantity`,
          message: `at most ${r.quantityMillis / QUANTITY_SCALE} left to credit on this line`,
        },
      ]
    return []
  })
  if (errors.length) {
    const status = errors.some((e) => e.message.startsWith('the invoice has no line'))
      ? 'validation_failed'
      : 'credit_exceeds_invoice'
    throw new AppError(status, 'more than what is left to credit on the invoice', { errors })
  }
  return wanted.map((w) => {
    const orig = invoiceLines[w.line]!
    const r = remaining[w.line]!
    let amounts
    if (w.quantityMillis === r.quantityMillis) {
      amounts = {
        totalExclCents: -r.exclCents,
        vatCents: -r.vatCents,
        totalInclCents: -(r.exclCents + r.vatCents),
      }
    } else {
      const a = lineAmounts({
        quantity: w.quantityMillis / QUANTITY_SCALE,
        unitPriceExclCents: -orig.unitPriceExclCents,
        vatRateBp: orig.vatRateBp,
      })
      // Never past what is left (rounding of small partial credits).
      const excl = Math.max(a.totalExclCents, -r.exclCents)
      const vat = Math.max(a.vatCents, -r.vatCents)
      amounts = { totalExclCents: excl, vatCents: vat, totalInclCents: excl + vat }
    }
    return {
      label: orig.label,
      quantity: w.quantityMillis / QUANTITY_SCALE,
      unitPriceExclCents: -orig.unitPriceExclCents,
      vatRateBp: orig.vatRateBp,
      ...amounts,
      creditsLine: w.line,
    }
  })
}

/**
 * Issues a credit note for `invoiceId` in the caller's transaction: the lines given (or everything
 * left, `'full'`), with a reason. Refused beyond what is left to credit.
 */
export async function issueCreditNote(
  tx: Tx,
  invoiceId: string,
  lines: CreditLines,
  reason: string,
  now: Date,
): Promise<{ id: string; number: string }> {
  const head = await tx.invoice.findUnique({ where: { id: invoiceId }, select: { lieuId: true } })
  if (!head) throw notFound('invoice')
  if (!reason.trim())
    throw new AppError('validation_failed', 'a credit note needs a reason', {
      errors: [{ field: 'reason', message: 'required' }],
    })
  return issueDocument(tx, head.lieuId, 'credit_note', now, async () => {
    // Under the lieu's chain lock: no other credit note of this invoice can be issued meanwhile.
    const invoice = await tx.invoice.findUniqueOrThrow({ where: { id: invoiceId } })
    if (invoice.kind !== 'invoice') throw new AppError('not_creditable', 'a credit note cannot be credited')
    const previous = await tx.invoice.findMany({
      where: { creditsInvoiceId: invoiceId, kind: 'credit_note' },
      select: { lines: true },
    })
    const invoiceLines = invoice.lines as unknown as InvoiceLineDto[]
    const remaining = remainingPerLine(
      invoiceLines,
      previous.map((p) => p.lines as unknown as InvoiceLineDto[]),
    )
    const seller = invoice.seller as unknown as SellerSnapshot
    return {
      buyer: invoice.buyer as unknown as BuyerSnapshot,
      lines: creditNoteLines(invoiceLines, remaining, lines),
      dueDays: 0,
      creditsInvoiceId: invoice.id,
      creditNote: { reason: reason.trim(), invoiceNumber: invoice.number, invoiceIssuedAt: invoice.issuedAt },
      vatExempt: seller.vatExempt,
      paymentMethod: null,
      paidAt: null,
    }
  })
}
