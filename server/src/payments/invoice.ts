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
}

/** Issues the invoice of a paid item in the caller's transaction (its number is taken there). */
export function invoicePaidItem(tx: Tx, item: PaidItem, payment: ConfirmedPayment, now: Date) {
  return issueInvoice(
    tx,
    {
      lieuId: item.lieuId,
      buyer: item.buyer,
      lines: [
        {
          label: item.label,
          quantity: 1,
          unitPriceExclCents: item.priceCents,
          vatRateBp: item.vatExempt ? 0 : item.vatRateBp,
        },
      ],
      paymentMethod: payment.method,
      paidAt: payment.paidAt,
      dueDays: 0,
    },
    now,
  )
}

/** A local date in the lieu's zone, DD/MM/YYYY (invoice labels are French). */
export const localDate = (d: Date, zone: string) => DateTime.fromJSDate(d, { zone }).toFormat('dd/LL/yyyy')
