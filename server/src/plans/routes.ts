import { Router } from 'express'
import { z } from 'zod'
import {
  ZCreatePlanRequest,
  ZPlanDto,
  ZPlanListQuery,
  ZUpdatePlanRequest,
} from '@fabrique/shared/billing/schema'
import type { AppDeps } from '../app-deps.ts'
import { route, uuidParam } from '../http/route.ts'
import { planService } from './service.ts'

export function planRoutes(deps: AppDeps) {
  const r = Router()
  const plans = planService(deps)
  const tag = 'Plans'
  const lieuId = (ctx: { params: Record<string, string> }) => uuidParam(ctx, 'lieuId', 'lieu')

  route(
    r,
    {
      method: 'get',
      path: '/lieux/:lieuId/plans',
      tag,
      summary: 'The lieu’s plans and adhésion (archived ones too for managers asking includeArchived=true)',
      auth: 'user',
      query: ZPlanListQuery,
      response: z.array(ZPlanDto),
    },
    (ctx) => plans.list(ctx.user.id, lieuId(ctx), ctx.query.includeArchived === 'true'),
  )
  route(
    r,
    {
      method: 'post',
      path: '/lieux/:lieuId/plans',
      tag,
      summary: 'Create a plan or the adhésion (managers)',
      auth: 'user',
      body: ZCreatePlanRequest,
      response: ZPlanDto,
      status: 201,
    },
    (ctx) => plans.create(ctx.user.id, lieuId(ctx), ctx.body),
  )
  route(
    r,
    {
      method: 'patch',
      path: '/lieux/:lieuId/plans/:planId',
      tag,
      summary: 'Change or archive a plan (managers; a new price applies from the next payment)',
      auth: 'user',
      body: ZUpdatePlanRequest,
      response: ZPlanDto,
    },
    (ctx) => plans.update(ctx.user.id, lieuId(ctx), uuidParam(ctx, 'planId', 'plan'), ctx.body),
  )
  route(
    r,
    {
      method: 'get',
      path: '/public/lieux/:slug/plans',
      tag: 'Public',
      summary: 'A lieu’s active plans and adhésion (no login)',
      auth: 'none',
      response: z.array(ZPlanDto),
    },
    (ctx) => plans.listPublic(ctx.params.slug ?? ''),
  )
  return r
}
