import { Router } from 'express'
import {
  ZCreditAdjustmentRequest,
  ZCreditEntryDto,
  ZCreditsDto,
  ZCreditsQuery,
} from '@fabrique/shared/billing/schema'
import type { AppDeps } from '../app-deps.ts'
import { route, uuidParam } from '../http/route.ts'
import { creditService } from './service.ts'

export function creditRoutes(deps: AppDeps) {
  const r = Router()
  const credits = creditService(deps)
  const tag = 'Credits'
  const lieuId = (ctx: { params: Record<string, string> }) => uuidParam(ctx, 'lieuId', 'lieu')
  const memberId = (ctx: { params: Record<string, string> }) => uuidParam(ctx, 'userId', 'member')

  route(
    r,
    {
      method: 'get',
      path: '/me/credits',
      tag,
      summary: 'My credit balances per lieu and resource kind, and their history',
      auth: 'user',
      query: ZCreditsQuery,
      response: ZCreditsDto,
    },
    (ctx) => credits.mine(ctx.user, ctx.query.lieuId),
  )
  route(
    r,
    {
      method: 'get',
      path: '/lieux/:lieuId/members/:userId/credits',
      tag,
      summary: 'A member’s credits at the lieu, and their history (managers)',
      auth: 'user',
      response: ZCreditsDto,
    },
    (ctx) => credits.ofMember(ctx.user, lieuId(ctx), memberId(ctx)),
  )
  route(
    r,
    {
      method: 'post',
      path: '/lieux/:lieuId/members/:userId/credits/adjustments',
      tag,
      summary: 'Add or remove a member’s credits, with a reason (managers)',
      auth: 'user',
      body: ZCreditAdjustmentRequest,
      response: ZCreditEntryDto,
      status: 201,
      errors: ['insufficient_credits'],
    },
    (ctx) => credits.adjust(ctx.user, lieuId(ctx), memberId(ctx), ctx.body),
  )
  return r
}
