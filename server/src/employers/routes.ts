import { Router } from 'express'
import { z } from 'zod'
import {
  ZAllocation,
  ZBuyPoolRequest,
  ZBuyPoolResponse,
  ZCreateEmployerRequest,
  ZEmployerDto,
  ZEmployerInvitationDto,
  ZEmployerInvitationPreviewDto,
  ZEmployeesDto,
  ZEmployerRole,
  ZInviteEmployeeRequest,
  ZMyEmployerDto,
  ZPoolDto,
  ZPoolOfferDto,
  ZRunEmployerInvoicesRequest,
  ZSettlementDto,
  ZSettlementQuery,
  ZSoldPoolDto,
  ZUpdateEmployerRequest,
  ZUsageQuery,
  ZUsageReportDto,
} from '@fabrique/shared/employers/schema'
import { ZTokenRequest } from '@fabrique/shared/auth/schema'
import { ZInvoiceDto } from '@fabrique/shared/invoices/schema'
import type { AppDeps } from '../app-deps.ts'
import { AppError } from '../http/problem.ts'
import { route, uuidParam } from '../http/route.ts'
import { requireManager } from '../lieux/access.ts'
import { employerService } from './service.ts'
import { poolService } from './pools.ts'
import { reportService, settlementCsv, usageCsv } from './reports.ts'
import { monthBounds, runEmployerInvoicing } from './invoicing.ts'

const ZRunResult = z.object({
  invoice: z.object({ id: z.uuid(), number: z.string() }).nullable(),
  creditNotes: z.array(z.object({ id: z.uuid(), number: z.string() })),
})

export function employerRoutes(deps: AppDeps) {
  const r = Router()
  const employers = employerService(deps)
  const pools = poolService(deps)
  const reports = reportService(deps)
  const tag = 'Employers'
  const employerId = (ctx: { params: Record<string, string> }) => uuidParam(ctx, 'employerId', 'employer')
  const userId = (ctx: { params: Record<string, string> }) => uuidParam(ctx, 'userId', 'employee')
  const sendCsv = (res: import('express').Response, filename: string, csv: string) => {
    res.status(200).set('Content-Type', 'text/csv; charset=utf-8').set('Content-Disposition', `attachment; filename="${filename}"`).send(csv)
  }

  route(r, { method: 'post', path: '/employers', tag, summary: 'Create an employer account (the caller becomes its admin)', auth: 'user', body: ZCreateEmployerRequest, response: ZEmployerDto, status: 201 }, (ctx) =>
    employers.create(ctx.user.id, ctx.body),
  )
  route(r, { method: 'get', path: '/employers', tag, summary: 'The employers I belong to (admin or employee)', auth: 'user', response: z.array(ZEmployerDto) }, (ctx) => employers.mine(ctx.user.id))
  route(r, { method: 'get', path: '/employers/:employerId', tag, summary: 'An employer I belong to', auth: 'user', response: ZEmployerDto }, (ctx) => employers.get(ctx.user.id, employerId(ctx)))
  route(r, { method: 'patch', path: '/employers/:employerId', tag, summary: 'Change the employer’s name, identifiers and billing details (admins)', auth: 'user', body: ZUpdateEmployerRequest, response: ZEmployerDto }, (ctx) =>
    employers.update(ctx.user.id, employerId(ctx), ctx.body),
  )

  // People.
  route(r, { method: 'get', path: '/employers/:employerId/employees', tag, summary: 'Employees with their allocation and this month’s use, and pending invitations (admins)', auth: 'user', response: ZEmployeesDto }, (ctx) =>
    employers.employees(ctx.user.id, employerId(ctx)),
  )
  route(r, { method: 'post', path: '/employers/:employerId/invitations', tag, summary: 'Invite someone by e-mail (admins)', auth: 'user', body: ZInviteEmployeeRequest, response: ZEmployerInvitationDto, status: 201, errors: ['already_member'] }, (ctx) =>
    employers.invite(ctx.user, employerId(ctx), ctx.body.email, ctx.body.role),
  )
  route(r, { method: 'delete', path: '/employers/:employerId/invitations/:invitationId', tag, summary: 'Revoke a pending invitation (admins)', auth: 'user', status: 204 }, async (ctx) => {
    await employers.revokeInvitation(ctx.user.id, employerId(ctx), uuidParam(ctx, 'invitationId', 'invitation'))
  })
  route(r, { method: 'get', path: '/employer-invitations/:token', tag, summary: 'What an employer invitation is for (no login)', auth: 'none', response: ZEmployerInvitationPreviewDto, errors: ['token_invalid'] }, (ctx) =>
    employers.previewInvitation(ctx.params.token ?? ''),
  )
  route(r, { method: 'post', path: '/employer-invitations/accept', tag, summary: 'Accept an employer invitation (the account must have the invited address)', auth: 'user', body: ZTokenRequest, response: ZEmployerDto, errors: ['token_invalid'] }, (ctx) =>
    employers.accept(ctx.user, ctx.body.token),
  )
  route(r, { method: 'delete', path: '/employers/:employerId/employees/:userId', tag, summary: 'Remove an employee (admins), or leave (oneself); the last admin cannot', auth: 'user', status: 204, errors: ['last_owner'] }, async (ctx) => {
    await employers.remove(ctx.user.id, employerId(ctx), userId(ctx))
  })
  route(r, { method: 'put', path: '/employers/:employerId/employees/:userId/role', tag, summary: 'Make someone an admin or an employee (admins)', auth: 'user', body: z.strictObject({ role: ZEmployerRole }), status: 204, errors: ['last_owner'] }, async (ctx) => {
    await employers.changeRole(ctx.user.id, employerId(ctx), userId(ctx), ctx.body.role)
  })
  route(r, { method: 'put', path: '/employers/:employerId/employees/:userId/allocation', tag, summary: 'Set an employee’s allocation: budget (days or euros, per month or in total) and limits (lieux, kinds, weekdays) (admins)', auth: 'user', body: ZAllocation, response: ZAllocation }, (ctx) =>
    employers.setAllocation(ctx.user.id, employerId(ctx), userId(ctx), ctx.body),
  )

  // Pools.
  route(r, { method: 'get', path: '/employers/:employerId/offers', tag, summary: 'Pass products the employer may buy as pools, per lieu (admins)', auth: 'user', query: z.strictObject({ lieuId: z.uuid().optional() }), response: z.array(ZPoolOfferDto) }, (ctx) =>
    pools.offers(ctx.user.id, employerId(ctx), ctx.query.lieuId),
  )
  route(r, { method: 'get', path: '/lieux/:lieuId/employer-pools', tag, summary: 'Pools the lieu sold to employers, newest first (managers)', auth: 'user', response: z.array(ZSoldPoolDto) }, (ctx) =>
    pools.soldBy(ctx.user.id, uuidParam(ctx, 'lieuId', 'lieu')),
  )
  route(r, { method: 'get', path: '/employers/:employerId/pools', tag, summary: 'The employer’s pools (admins)', auth: 'user', response: z.array(ZPoolDto) }, (ctx) => pools.list(ctx.user.id, employerId(ctx)))
  route(
    r,
    { method: 'post', path: '/employers/:employerId/pools', tag, summary: 'Buy a pool: N of a lieu’s pass product, valid at the lieu or across its network, on the monthly invoice or by card (admins)', auth: 'user', body: ZBuyPoolRequest, response: ZBuyPoolResponse, status: 201, errors: ['card_payments_unavailable'] },
    (ctx) => pools.buy(ctx.user, employerId(ctx), ctx.body),
  )

  // Reports and invoices.
  route(r, { method: 'get', path: '/employers/:employerId/usage', tag, summary: 'Usage totals per employee and lieu for a month, JSON or CSV (admins; no booking detail)', auth: 'user', query: ZUsageQuery, response: ZUsageReportDto }, async (ctx) => {
    const report = await reports.usage(ctx.user.id, employerId(ctx), ctx.query.month)
    if (ctx.query.format !== 'csv') return report
    sendCsv(ctx.res, `utilisation-${ctx.query.month}.csv`, usageCsv(report))
  })
  route(r, { method: 'get', path: '/employers/:employerId/invoices', tag, summary: 'The employer’s invoices and credit notes, newest first (admins)', auth: 'user', response: z.array(ZInvoiceDto) }, (ctx) =>
    reports.invoices(ctx.user.id, employerId(ctx)),
  )
  route(r, { method: 'get', path: '/me/employers', tag, summary: 'My employers: my allocation, the pools I may use, and exactly what each employer sees of me', auth: 'user', response: z.array(ZMyEmployerDto) }, (ctx) =>
    reports.mine(ctx.user.id),
  )
  route(r, { method: 'get', path: '/networks/:networkId/settlement', tag, summary: 'What each lieu of the network is owed for passes sold by another, for a month, JSON or CSV (coordinators)', auth: 'user', query: ZSettlementQuery, response: ZSettlementDto }, async (ctx) => {
    const s = await reports.settlement(ctx.user.id, uuidParam(ctx, 'networkId', 'network'), ctx.query.month)
    if (ctx.query.format !== 'csv') return s
    sendCsv(ctx.res, `reglements-reseau-${ctx.query.month}.csv`, settlementCsv(s))
  })
  route(
    r,
    { method: 'post', path: '/lieux/:lieuId/employer-invoices', tag, summary: 'Issue now the monthly invoices of a month that is over, for every employer with pools of the lieu (managers; the job does it on the 1st)', auth: 'user', body: ZRunEmployerInvoicesRequest, response: z.array(ZRunResult.extend({ employerId: z.uuid() })) },
    async (ctx) => {
      const lieuId = uuidParam(ctx, 'lieuId', 'lieu')
      await requireManager(deps.db, ctx.user.id, lieuId)
      // Whether or not the lieu has pools to invoice, a month not over is refused (runEmployerInvoicing's rule).
      const { timeZone } = await deps.db.lieu.findUniqueOrThrow({ where: { id: lieuId }, select: { timeZone: true } })
      if (deps.clock.now() < monthBounds(ctx.body.month, timeZone).end) {
        throw new AppError('validation_failed', 'this month is not over', { errors: [{ field: 'month', message: 'a month that is over at the lieu' }] })
      }
      const employerIds = await deps.db.employerPool.findMany({ where: { sellerLieuId: lieuId, billing: 'monthly' }, distinct: ['employerId'], select: { employerId: true } })
      const out = []
      for (const { employerId: id } of employerIds) out.push({ employerId: id, ...(await runEmployerInvoicing(deps, id, lieuId, ctx.body.month)) })
      return out
    },
  )
  return r
}
