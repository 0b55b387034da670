import type { Invoice, Prisma } from '@fabrique/prisma/client'
import type { Db, Tx } from '../db/prisma.ts'
import { toInvoiceDto } from './dto.ts'

/** The only place of the invoices domain that reads invoices with Prisma (issuing is in issue.ts). */
export function invoiceRepo(db: Db | Tx) {
  /** Rows → DTOs with their credit notes / credited invoice, in two queries. */
  async function withRelations(rows: Invoice[]) {
    const invoiceIds = rows.filter((r) => r.kind === 'invoice').map((r) => r.id)
    const creditedIds = [...new Set(rows.flatMap((r) => (r.creditsInvoiceId ? [r.creditsInvoiceId] : [])))]
    const [notes, credited] = await Promise.all([
      invoiceIds.length
        ? db.invoice.findMany({
            where: { creditsInvoiceId: { in: invoiceIds } },
            select: { id: true, number: true, totalInclCents: true, creditsInvoiceId: true },
            orderBy: [{ year: 'asc' }, { sequence: 'asc' }],
          })
        : [],
      creditedIds.length
        ? db.invoice.findMany({ where: { id: { in: creditedIds } }, select: { id: true, number: true } })
        : [],
    ])
    return rows.map((r) =>
      toInvoiceDto(r, {
        creditNotes: notes
          .filter((n) => n.creditsInvoiceId === r.id)
          .map((n) => ({ id: n.id, number: n.number, totalInclCents: n.totalInclCents })),
        creditsInvoice: credited.find((c) => c.id === r.creditsInvoiceId) ?? null,
      }),
    )
  }

  return {
    find: (id: string) => db.invoice.findUnique({ where: { id } }),
    async dto(row: Invoice) {
      return (await withRelations([row]))[0]!
    },
    async list(where: Prisma.InvoiceWhereInput, take = 1000) {
      const rows = await db.invoice.findMany({
        where,
        orderBy: [{ issuedAt: 'desc' }, { createdAt: 'desc' }],
        take,
      })
      return withRelations(rows)
    },
    /** Every document of the lieu in chain order. */
    chain: (lieuId: string) =>
      db.invoice.findMany({ where: { lieuId }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] }),
    /** The documents issued in [from, to), in chain order. */
    period: (lieuId: string, from: Date, to: Date) =>
      db.invoice.findMany({
        where: { lieuId, issuedAt: { gte: from, lt: to } },
        orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
      }),
    /** Records the payment of an unpaid document (the trigger allows only this change); false when already paid. */
    async recordPayment(id: string, method: string, paidAt: Date) {
      const r = await db.invoice.updateMany({
        where: { id, paidAt: null },
        data: { paidAt, paymentMethod: method },
      })
      return r.count === 1
    },
  }
}
