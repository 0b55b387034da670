import { Router } from 'express'
import { z } from 'zod'
import {
  ZAccountingExportQuery,
  ZChainVerification,
  ZCreateInvoiceRequest,
  ZCreditNoteRequest,
  ZInvoiceDto,
  ZInvoiceListQuery,
  ZRecordPaymentRequest,
} from '@fabrique/shared/invoices/schema'
import type { AppDeps } from '../app-deps.ts'
import { route, uuidParam } from '../http/route.ts'
import { invoiceService } from './service.ts'

export function invoiceRoutes(deps: AppDeps) {
  const r = Router()
  const invoices = invoiceService(deps)
  const tag = 'Invoices'
  const lieuId = (ctx: { params: Record<string, string> }) => uuidParam(ctx, 'lieuId', 'lieu')
  const invoiceId = (ctx: { params: Record<string, string> }) => uuidParam(ctx, 'invoiceId', 'invoice')

  route(
    r,
    {
      method: 'get',
      path: '/lieux/:lieuId/invoices',
      tag,
      summary:
        'The lieu’s invoices and credit notes, newest first (managers; from/to: local dates, both included)',
      auth: 'user',
      query: ZInvoiceListQuery,
      response: z.array(ZInvoiceDto),
    },
    (ctx) => invoices.list(ctx.user.id, lieuId(ctx), ctx.query),
  )
  route(
    r,
    {
      method: 'post',
      path: '/lieux/:lieuId/invoices',
      tag,
      summary: 'Issue a manual invoice to a member or to someone outside the lieu, paid or not (managers)',
      auth: 'user',
      body: ZCreateInvoiceRequest,
      response: ZInvoiceDto,
      status: 201,
      errors: ['vat_exempt_lieu'],
    },
    (ctx) => invoices.create(ctx.user.id, lieuId(ctx), ctx.body),
  )
  route(
    r,
    {
      method: 'get',
      path: '/lieux/:lieuId/invoices/verify',
      tag,
      summary: 'Recompute the lieu’s hash chain: is every document as issued? (managers)',
      auth: 'user',
      response: ZChainVerification,
    },
    (ctx) => invoices.verify(ctx.user.id, lieuId(ctx)),
  )
  route(
    r,
    {
      method: 'get',
      path: '/lieux/:lieuId/accounting-export',
      tag,
      summary:
        'The sales journal of a period as CSV (FEC columns, `;`, decimal comma): 411 / 706 / 44571 (managers)',
      auth: 'user',
      query: ZAccountingExportQuery,
    },
    async (ctx) => {
      const { filename, csv } = await invoices.accountingExport(ctx.user.id, lieuId(ctx), ctx.query)
      ctx.res
        .status(200)
        .set('Content-Type', 'text/csv; charset=utf-8')
        .set('Content-Disposition', `attachment; filename="${filename}"`)
        .set('Cache-Control', 'private, no-store')
        .send(csv)
    },
  )
  route(
    r,
    {
      method: 'get',
      path: '/me/invoices',
      tag,
      summary: 'My invoices and credit notes, in every lieu',
      auth: 'user',
      response: z.array(ZInvoiceDto),
    },
    (ctx) => invoices.mine(ctx.user.id),
  )
  route(
    r,
    {
      method: 'get',
      path: '/invoices/:invoiceId',
      tag,
      summary: 'An invoice or credit note (its buyer, or the lieu’s managers)',
      auth: 'user',
      response: ZInvoiceDto,
    },
    (ctx) => invoices.get(ctx.user.id, invoiceId(ctx)),
  )
  route(
    r,
    {
      method: 'get',
      path: '/invoices/:invoiceId/pdf',
      tag,
      summary: 'The PDF of an invoice or credit note (its buyer, or the lieu’s managers)',
      auth: 'user',
    },
    async (ctx) => {
      const { number, pdf } = await invoices.pdf(ctx.user.id, invoiceId(ctx))
      ctx.res
        .status(200)
        .set('Content-Type', 'application/pdf')
        .set('Content-Disposition', `inline; filename="${number}.pdf"`)
        .set('Cache-Control', 'private, no-cache')
        .send(pdf)
    },
  )
  route(
    r,
    {
      method: 'post',
      path: '/invoices/:invoiceId/credit-note',
      tag,
      summary: 'Issue a credit note (avoir) for some lines of an invoice or all that is left (managers)',
      auth: 'user',
      body: ZCreditNoteRequest,
      response: ZInvoiceDto,
      status: 201,
      errors: ['credit_exceeds_invoice', 'not_creditable'],
    },
    (ctx) => invoices.creditNote(ctx.user.id, invoiceId(ctx), ctx.body),
  )
  route(
    r,
    {
      method: 'post',
      path: '/invoices/:invoiceId/payment',
      tag,
      summary: 'Record the payment of an unpaid invoice (or the refund of a credit note), once (managers)',
      auth: 'user',
      body: ZRecordPaymentRequest,
      response: ZInvoiceDto,
      errors: ['invoice_already_paid'],
    },
    (ctx) => invoices.recordPayment(ctx.user.id, invoiceId(ctx), ctx.body),
  )
  return r
}
