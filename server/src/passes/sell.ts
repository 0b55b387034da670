import type { PassProduct } from '@fabrique/prisma/client'
import type { AppDeps } from '../app-deps.ts'
import type { Tx } from '../db/prisma.ts'
import { invoicePaidItem, localDate } from '../payments/invoice.ts'
import type { ConfirmedPayment } from '../payments/provider.ts'
import { passInclude } from './dto.ts'
import { passValidUntil } from './ledger.ts'

export interface PassSale {
  lieu: { id: string; timeZone: string; vatExempt: boolean }
  product: PassProduct
  /** An account, or null for a drop-in known by e-mail. */
  userId: string | null
  email: string
  buyerName: string
  payment: ConfirmedPayment
}

/** A pass paid (any provider): the pass and its invoice, in the caller's transaction. */
export async function sellPass(_deps: AppDeps, tx: Tx, sale: PassSale, now: Date) {
  const validUntil = passValidUntil(now, sale.product.validityDays, sale.lieu.timeZone)
  const pass = await tx.pass.create({
    data: {
      productId: sale.product.id,
      userId: sale.userId,
      email: sale.email,
      remaining: sale.product.quantity,
      validUntil,
      createdAt: now,
    },
    include: passInclude,
  })
  const invoice = await invoicePaidItem(
    tx,
    {
      lieuId: sale.lieu.id,
      buyer: { userId: sale.userId, name: sale.buyerName, email: sale.email },
      label: `${sale.product.name} (valable jusqu’au ${localDate(new Date(validUntil.getTime() - 1), sale.lieu.timeZone)})`,
      priceCents: sale.product.priceCents,
      vatRateBp: sale.product.vatRateBp,
      vatExempt: sale.lieu.vatExempt,
    },
    sale.payment,
    now,
  )
  return { pass, invoice }
}
