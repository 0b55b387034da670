import type { z } from 'zod'
import { DateTime } from 'luxon'
import type { Prisma } from '@fabrique/prisma/client'
import type {
  ZAccountingExportQuery,
  ZCreateInvoiceRequest,
  ZCreditNoteRequest,
  ZInvoiceListQuery,
  ZRecordPaymentRequest,
  ChainVerification,
  InvoiceDto,
  InvoiceLineDto,
} from '@fabrique/shared/invoices/schema'
import type { AppDeps } from '../app-deps.ts'
import { AppError, forbidden, notFound } from '../http/problem.ts'
import { managesLieu, requireManager } from '../lieux/access.ts'
import { isEmployerAdmin } from '../employers/access.ts'
import { transaction } from '../bookings/transaction.ts'
import { verifyChain } from './chain.ts'
import { issueCreditNote } from './credit.ts'
import { journalCsv, journalLines } from './export.ts'
import { issueInvoice } from './issue.ts'
import { documentTotals } from './money.ts'
import { renderInvoicePdf } from './pdf.ts'
import { invoiceRepo } from './repo.ts'

type CreateInput = z.output<typeof ZCreateInvoiceRequest>
type CreditInput = z.output<typeof ZCreditNoteRequest>
type PaymentInput = z.output<typeof ZRecordPaymentRequest>
type ListQuery = z.output<typeof ZInvoiceListQuery>
type ExportQuery = z.output<typeof ZAccountingExportQuery>

const invalid = (field: string, message: string) =>
  new AppError('validation_failed', `invalid body: ${field}`, { errors: [{ field, message }] })

export function invoiceService(deps: AppDeps) {
  const { db, clock } = deps
  const repo = invoiceRepo(db)

  const zoneOf = async (lieuId: string) =>
    (await db.lieu.findUniqueOrThrow({ where: { id: lieuId }, select: { timeZone: true } })).timeZone
  /** [start of `from`, start of the day after `to`) in the zone. */
  const localRange = (zone: string, from?: string, to?: string) => ({
    from: from ? DateTime.fromISO(from, { zone }).startOf('day').toJSDate() : undefined,
    to: to ? DateTime.fromISO(to, { zone }).plus({ days: 1 }).startOf('day').toJSDate() : undefined,
  })

  /**
   * The document if the caller may see it (its buyer, or a manager of its lieu), with whether they
   * manage it; anyone else gets the 404 of a document that does not exist.
   */
  async function visible(userId: string, invoiceId: string) {
    const row = await repo.find(invoiceId)
    if (!row) throw notFound('invoice')
    const manager = await managesLieu(db, userId, row.lieuId)
    const employerAdmin = !manager && row.buyerEmployerId ? await isEmployerAdmin(db, userId, row.buyerEmployerId) : false
    if (!manager && !employerAdmin && row.buyerUserId !== userId) throw notFound('invoice')
    return { row, manager }
  }
  /** A change: managers only (the buyer sees the document, so it is a 403 for them). */
  async function changeable(userId: string, invoiceId: string) {
    const v = await visible(userId, invoiceId)
    if (!v.manager) throw forbidden('only the lieu’s managers may do this')
    return v.row
  }
  const paidAtNotFuture = (paidAt: string | undefined, field: string) => {
    const d = paidAt ? new Date(paidAt) : clock.now()
    if (d.getTime() > clock.now().getTime() + 60_000)
      throw invalid(field, 'a payment cannot be in the future')
    return d
  }

  return {
    async list(userId: string, lieuId: string, q: ListQuery): Promise<InvoiceDto[]> {
      await requireManager(db, userId, lieuId)
      const r = localRange(await zoneOf(lieuId), q.from, q.to)
      const where: Prisma.InvoiceWhereInput = { lieuId, ...(q.kind ? { kind: q.kind } : {}) }
      if (r.from || r.to)
        where.issuedAt = { ...(r.from ? { gte: r.from } : {}), ...(r.to ? { lt: r.to } : {}) }
      return repo.list(where)
    },

    async mine(userId: string): Promise<InvoiceDto[]> {
      return repo.list({ buyerUserId: userId })
    },

    async get(userId: string, invoiceId: string): Promise<InvoiceDto> {
      return repo.dto((await visible(userId, invoiceId)).row)
    },

    async pdf(userId: string, invoiceId: string) {
      const dto = await repo.dto((await visible(userId, invoiceId)).row)
      return { number: dto.number, pdf: await renderInvoicePdf(dto) }
    },

    async create(userId: string, lieuId: string, body: CreateInput): Promise<InvoiceDto> {
      await requireManager(db, userId, lieuId)
      let buyer: { userId: string | null; name: string; email: string; address?: string }
      if (body.buyer.userId) {
        // Someone outside the lieu is reported exactly like an unknown id.
        const m = await db.lieuMembership.findUnique({
          where: { lieuId_userId: { lieuId, userId: body.buyer.userId } },
          select: { user: { select: { id: true, name: true, email: true } } },
        })
        if (!m) throw invalid('buyer.userId', 'not a member of this lieu')
        buyer = { userId: m.user.id, name: m.user.name, email: m.user.email }
      } else {
        buyer = {
          userId: null,
          name: body.buyer.name!,
          email: body.buyer.email!,
          ...(body.buyer.address ? { address: body.buyer.address } : {}),
        }
      }
      const paidAt = body.payment ? paidAtNotFuture(body.payment.paidAt, 'payment.paidAt') : null
      const now = clock.now()
      const { id } = await transaction(deps, (tx) =>
        issueInvoice(
          tx,
          {
            lieuId,
            buyer,
            lines: body.lines,
            paymentMethod: body.payment?.method ?? null,
            paidAt,
            dueDays: body.dueDays,
          },
          now,
        ),
      )
      return repo.dto((await repo.find(id))!)
    },

    async creditNote(userId: string, invoiceId: string, body: CreditInput): Promise<InvoiceDto> {
      await changeable(userId, invoiceId)
      const now = clock.now()
      const { id } = await transaction(deps, (tx) =>
        issueCreditNote(tx, invoiceId, body.full ? 'full' : body.lines!, body.reason, now),
      )
      return repo.dto((await repo.find(id))!)
    },

    async recordPayment(userId: string, invoiceId: string, body: PaymentInput): Promise<InvoiceDto> {
      const row = await changeable(userId, invoiceId)
      const paidAt = paidAtNotFuture(body.paidAt, 'paidAt')
      if (row.paidAt || !(await repo.recordPayment(invoiceId, body.method, paidAt))) {
        throw new AppError('invoice_already_paid', `the payment of ${row.number} is already recorded`)
      }
      return repo.dto((await repo.find(invoiceId))!)
    },

    async verify(userId: string, lieuId: string): Promise<ChainVerification> {
      await requireManager(db, userId, lieuId)
      const docs = await repo.chain(lieuId)
      const r = verifyChain(docs)
      return { ok: r.ok, checked: r.checked, firstBrokenNumber: r.firstBroken?.number ?? null }
    },

    async accountingExport(userId: string, lieuId: string, q: ExportQuery) {
      await requireManager(db, userId, lieuId)
      const lieu = await db.lieu.findUniqueOrThrow({
        where: { id: lieuId },
        select: { timeZone: true, slug: true },
      })
      const r = localRange(lieu.timeZone, q.from, q.to)
      const docs = await repo.period(lieuId, r.from!, r.to!)
      const lines = journalLines(
        docs.map((d) => ({
          kind: d.kind,
          number: d.number,
          issuedAt: d.issuedAt,
          buyerName: (d.buyer as { name?: string }).name ?? '',
          totalExclCents: d.totalExclCents,
          totalInclCents: d.totalInclCents,
          vatBreakdown: documentTotals(d.lines as unknown as InvoiceLineDto[]).vatBreakdown,
        })),
        lieu.timeZone,
      )
      return { filename: `ventes-${lieu.slug}-${q.from}-${q.to}.csv`, csv: journalCsv(lines) }
    },
  }
}
