import { Router } from 'express'
import { z } from 'zod'
import { ZBookingRules } from '@fabrique/shared/resources/rules'
import {
  ZCreateResourceRequest,
  ZLieuRulesRequest,
  ZResourceDto,
  ZResourceListQuery,
  ZUpdateResourceRequest,
} from '@fabrique/shared/resources/schema'
import type { AppDeps } from '../app-deps.ts'
import { route, uuidParam } from '../http/route.ts'
import { resourceService } from './service.ts'

export function resourceRoutes(deps: AppDeps) {
  const r = Router()
  const resources = resourceService(deps)
  const tag = 'Resources'
  const lieuId = (ctx: { params: Record<string, string> }) => uuidParam(ctx, 'lieuId', 'lieu')
  const resourceId = (ctx: { params: Record<string, string> }) => uuidParam(ctx, 'resourceId', 'resource')

  route(
    r,
    {
      method: 'get',
      path: '/lieux/:lieuId/resources',
      tag,
      summary: 'The lieu’s resources (archived ones too, for managers asking includeArchived=true)',
      auth: 'user',
      query: ZResourceListQuery,
      response: z.array(ZResourceDto),
    },
    (ctx) => resources.list(ctx.user.id, lieuId(ctx), ctx.query),
  )
  route(
    r,
    {
      method: 'post',
      path: '/lieux/:lieuId/resources',
      tag,
      summary: 'Add a desk, room, machine or zone (managers)',
      auth: 'user',
      body: ZCreateResourceRequest,
      response: ZResourceDto,
      status: 201,
    },
    (ctx) => resources.create(ctx.user.id, lieuId(ctx), ctx.body),
  )
  route(
    r,
    {
      method: 'get',
      path: '/lieux/:lieuId/resources/:resourceId',
      tag,
      summary: 'A resource, with its effective booking rules',
      auth: 'user',
      response: ZResourceDto,
    },
    (ctx) => resources.get(ctx.user.id, lieuId(ctx), resourceId(ctx)),
  )
  route(
    r,
    {
      method: 'patch',
      path: '/lieux/:lieuId/resources/:resourceId',
      tag,
      summary: 'Change a resource, archive or unarchive it (managers; `rules` replaces the overrides)',
      auth: 'user',
      body: ZUpdateResourceRequest,
      response: ZResourceDto,
    },
    (ctx) =>
      resources.update(ctx.user.id, lieuId(ctx), resourceId(ctx), ctx.body),
  )

  route(
    r,
    {
      method: 'get',
      path: '/lieux/:lieuId/booking-rules',
      tag,
      summary: 'The lieu’s booking rules (defaults filled in)',
      auth: 'user',
      response: ZBookingRules,
    },
    (ctx) => resources.getLieuRules(ctx.user.id, lieuId(ctx)),
  )
  route(
    r,
    {
      method: 'put',
      path: '/lieux/:lieuId/booking-rules',
      tag,
      summary: 'Change some of the lieu’s booking rules (keys sent replace; managers)',
      auth: 'user',
      body: ZLieuRulesRequest,
      response: ZBookingRules,
    },
    (ctx) => resources.setLieuRules(ctx.user.id, lieuId(ctx), ctx.body),
  )
  return r
}
