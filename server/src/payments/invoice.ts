import { DateTime } from 'luxon'
import type { Tx } from '../db/prisma.ts'
import { issueInvoice } from '../invoices/issue.ts'
import type { ConfirmedPayment } from './provider.ts'

export interface PaidItem {
  lieuId: string
  buyer: { userId: string | null; name: string; email: string }
  label: string
  priceCents: number
  vatRateBp: number
  vatExempt: boolean
  /**
   * An amount charged with the item, VAT included, at the item's rate (a card processor's proration):
   * a charge is a line of its own; a credit lowers the item's line (an invoice line is never negative).
   */
  adjustment?: { label: string; inclCents: number }
}

/** An amount including VAT at `vatRateBp`, without it (rounded to the cent). */
export const exclOf = (inclCents: number, vatRateBp: number, vatExempt: boolean) =>
  vatExempt ? inclCents : Math.round((inclCents * 10_000) / (10_000 + vatRateBp))

/** Issues the invoice of a paid item in the caller's transaction (its number is taken there). */
export function invoicePaidItem(tx: Tx, item: PaidItem, payment: ConfirmedPayment, now: Date) {
  const vatRateBp = item.vatExempt ? 0 : item.vatRateBp
  const adj = item.adjustment ? exclOf(item.adjustment.inclCents, item.vatRateBp, item.vatExempt) : 0
  const lines =
    adj > 0
      ? [
          { label: item.label, quantity: 1, unitPriceExclCents: item.priceCents, vatRateBp },
          { label: item.adjustment!.label, quantity: 1, unitPriceExclCents: adj, vatRateBp },
        ]
      : adj < 0
        ? [
            {
              label: `${item.label}, déduction faite d’un avoir au prorata de ${(-item.adjustment!.inclCents / 100).toFixed(2).replace('.', ',')} € TTC (changement de formule)`,
              quantity: 1,
              unitPriceExclCents: Math.max(0, item.priceCents + adj),
              vatRateBp,
            },
          ]
        : [{ label: item.label, quantity: 1, unitPriceExclCents: item.priceCents, vatRateBp }]
  return issueInvoice(
    tx,
    {
      lieuId: item.lieuId,
      buyer: item.buyer,
      lines,
      paymentMethod: payment.method,
      paidAt: payment.paidAt,
      dueDays: 0,
    },
    now,
  )
}

/** A local date in the lieu's zone, DD/MM/YYYY (invoice labels are French). */
export const localDate = (d: Date, zone: string) => DateTime.fromJSDate(d, { zone }).toFormat('dd/LL/yyyy')
