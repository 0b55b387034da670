import { Router } from 'express'
import { z } from 'zod'
import {
  ZGrantDto,
  ZGrantRequest,
  ZHabilitationDto,
  ZHabilitationRequest,
  ZUpdateHabilitationRequest,
  ZReferentShiftDto,
  ZReferentShiftRequest,
} from '@fabrique/shared/resources/schema'
import { ZInstant } from '@fabrique/shared/time/schema'
import type { AppDeps } from '../app-deps.ts'
import { route, uuidParam } from '../http/route.ts'
import { ZMyGrantDto } from '@fabrique/shared/resources/schema'
import { habilitationService } from './service.ts'

/** Period of the référent shift list (default: now → 14 days). */
export const ZReferentShiftListQuery = z.strictObject({ from: ZInstant.optional(), to: ZInstant.optional() })
/** A habilitation's name and/or description. */

export function habilitationRoutes(deps: AppDeps) {
  const r = Router()
  const habilitations = habilitationService(deps)
  const tag = 'Habilitations'
  type P = { params: Record<string, string> }
  const lieuId = (ctx: P) => uuidParam(ctx, 'lieuId', 'lieu')
  const habilitationId = (ctx: P) => uuidParam(ctx, 'habilitationId', 'habilitation')

  route(
    r,
    {
      method: 'get',
      path: '/lieux/:lieuId/habilitations',
      tag,
      summary: 'The lieu’s habilitations (trainings that unlock machines)',
      auth: 'user',
      response: z.array(ZHabilitationDto),
    },
    (ctx) => habilitations.list(ctx.user.id, lieuId(ctx)),
  )
  route(
    r,
    {
      method: 'post',
      path: '/lieux/:lieuId/habilitations',
      tag,
      summary: 'Add a habilitation (managers)',
      auth: 'user',
      body: ZHabilitationRequest,
      response: ZHabilitationDto,
      status: 201,
      errors: ['conflict'],
    },
    (ctx) => habilitations.create(ctx.user.id, lieuId(ctx), ctx.body),
  )
  route(
    r,
    {
      method: 'patch',
      path: '/lieux/:lieuId/habilitations/:habilitationId',
      tag,
      summary: 'Rename or describe a habilitation (managers)',
      auth: 'user',
      body: ZUpdateHabilitationRequest,
      response: ZHabilitationDto,
      errors: ['conflict'],
    },
    (ctx) =>
      habilitations.update(ctx.user.id, lieuId(ctx), habilitationId(ctx), ctx.body),
  )
  route(
    r,
    {
      method: 'get',
      path: '/lieux/:lieuId/habilitations/:habilitationId/grants',
      tag,
      summary: 'Who holds the habilitation, revoked and expired grants included (managers)',
      auth: 'user',
      response: z.array(ZGrantDto),
    },
    (ctx) => habilitations.grants(ctx.user.id, lieuId(ctx), habilitationId(ctx)),
  )
  route(
    r,
    {
      method: 'post',
      path: '/lieux/:lieuId/habilitations/:habilitationId/grants',
      tag,
      summary: 'Grant the habilitation to a member, replacing a grant they hold (managers)',
      auth: 'user',
      body: ZGrantRequest,
      response: ZGrantDto,
      status: 201,
    },
    (ctx) => habilitations.grant(ctx.user.id, lieuId(ctx), habilitationId(ctx), ctx.body),
  )
  route(
    r,
    {
      method: 'delete',
      path: '/lieux/:lieuId/habilitations/:habilitationId/grants/:grantId',
      tag,
      summary: 'Revoke a grant (managers)',
      auth: 'user',
      status: 204,
    },
    async (ctx) => {
      await habilitations.revoke(
        ctx.user.id,
        lieuId(ctx),
        habilitationId(ctx),
        uuidParam(ctx, 'grantId', 'grant'),
      )
    },
  )
  route(
    r,
    {
      method: 'get',
      path: '/me/habilitations',
      tag,
      summary: 'My grants in every lieu, with their validity now',
      auth: 'user',
      response: z.array(ZMyGrantDto),
    },
    (ctx) => habilitations.myGrants(ctx.user.id),
  )

  const shiftTag = 'Référents'
  route(
    r,
    {
      method: 'get',
      path: '/lieux/:lieuId/referent-shifts',
      tag: shiftTag,
      summary: 'Référent shifts overlapping a period (default: the next 14 days; at most 92)',
      auth: 'user',
      query: ZReferentShiftListQuery,
      response: z.array(ZReferentShiftDto),
    },
    (ctx) => habilitations.shifts(ctx.user.id, lieuId(ctx), ctx.query),
  )
  route(
    r,
    {
      method: 'post',
      path: '/lieux/:lieuId/referent-shifts',
      tag: shiftTag,
      summary: 'Put a référent on site (they must hold the habilitation when the shift starts; managers)',
      auth: 'user',
      body: ZReferentShiftRequest,
      response: ZReferentShiftDto,
      status: 201,
      errors: ['habilitation_missing'],
    },
    (ctx) => habilitations.addShift(ctx.user.id, lieuId(ctx), ctx.body),
  )
  route(
    r,
    {
      method: 'delete',
      path: '/lieux/:lieuId/referent-shifts/:shiftId',
      tag: shiftTag,
      summary: 'Remove a référent shift (managers)',
      auth: 'user',
      status: 204,
    },
    async (ctx) => {
      await habilitations.deleteShift(ctx.user.id, lieuId(ctx), uuidParam(ctx, 'shiftId', 'shift'))
    },
  )
  return r
}
