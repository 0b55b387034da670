import { Router } from 'express'
import {
  ZChangeRoleRequest,
  ZClosureDto,
  ZClosureRequest,
  ZCreateLieuRequest,
  ZInvitationDto,
  ZInvitationPreviewDto,
  ZInviteRequest,
  ZLieuDto,
  ZOpeningHoursRequest,
  ZPublicLieuDto,
  ZTeamDto,
  ZTeamMemberDto,
  ZUpdateLieuRequest,
} from '@fabrique/shared/lieux/schema'
import { ZTokenRequest } from '@fabrique/shared/auth/schema'
import type { AppDeps } from '../app-deps.ts'
import { route, uuidParam } from '../http/route.ts'
import { AppError } from '../http/problem.ts'
import { lieuService } from './service.ts'
import { teamService } from './team-service.ts'

export function lieuRoutes(deps: AppDeps) {
  const r = Router()
  const lieux = lieuService(deps)
  const team = teamService(deps)
  const tag = 'Lieux'
  const id = (ctx: { params: Record<string, string> }) => uuidParam(ctx, 'lieuId', 'lieu')

  route(r, { method: 'post', path: '/lieux', tag, summary: 'Create a lieu (you become its owner)', auth: 'user', body: ZCreateLieuRequest, response: ZLieuDto, status: 201, errors: ['slug_taken', 'email_not_verified'] }, ({ user, body }) =>
    lieux.create(user.id, body, user.emailVerified),
  )
  route(r, { method: 'get', path: '/lieux/:lieuId', tag, summary: 'A lieu, as its members, managers and network coordinators see it', auth: 'user', response: ZLieuDto }, (ctx) => lieux.get(ctx.user.id, id(ctx)))
  route(r, { method: 'patch', path: '/lieux/:lieuId', tag, summary: 'Change identity, address, contact, legal identity (managers; legal: owners)', auth: 'user', body: ZUpdateLieuRequest, response: ZLieuDto }, (ctx) =>
    lieux.update(ctx.user.id, id(ctx), ctx.body),
  )
  route(r, { method: 'put', path: '/lieux/:lieuId/opening-hours', tag, summary: 'Replace the weekly opening hours (local wall-clock times)', auth: 'user', body: ZOpeningHoursRequest, response: ZLieuDto }, (ctx) =>
    lieux.setOpeningHours(ctx.user.id, id(ctx), ctx.body),
  )
  route(r, { method: 'post', path: '/lieux/:lieuId/closures', tag, summary: 'Add a closure (local dates, inclusive)', auth: 'user', body: ZClosureRequest, response: ZClosureDto, status: 201 }, (ctx) =>
    lieux.addClosure(ctx.user.id, id(ctx), ctx.body),
  )
  route(r, { method: 'delete', path: '/lieux/:lieuId/closures/:closureId', tag, summary: 'Remove a closure', auth: 'user', status: 204 }, async (ctx) => {
    await lieux.deleteClosure(ctx.user.id, id(ctx), uuidParam(ctx, 'closureId', 'closure'))
  })

  const teamTag = 'Team'
  route(r, { method: 'get', path: '/lieux/:lieuId/team', tag: teamTag, summary: 'Members, roles and pending invitations (managers)', auth: 'user', response: ZTeamDto }, (ctx) => team.team(ctx.user.id, id(ctx)))
  route(r, { method: 'post', path: '/lieux/:lieuId/invitations', tag: teamTag, summary: 'Invite someone by e-mail', auth: 'user', body: ZInviteRequest, response: ZInvitationDto, status: 201, errors: ['already_member'] }, (ctx) =>
    team.invite(ctx.user, id(ctx), ctx.body.email, ctx.body.role),
  )
  route(r, { method: 'delete', path: '/lieux/:lieuId/invitations/:invitationId', tag: teamTag, summary: 'Revoke a pending invitation', auth: 'user', status: 204 }, async (ctx) => {
    await team.revokeInvitation(ctx.user.id, id(ctx), uuidParam(ctx, 'invitationId', 'invitation'))
  })
  route(r, { method: 'patch', path: '/lieux/:lieuId/members/:userId', tag: teamTag, summary: 'Change a member’s role', auth: 'user', body: ZChangeRoleRequest, response: ZTeamMemberDto, errors: ['last_owner'] }, (ctx) =>
    team.changeRole(ctx.user.id, id(ctx), uuidParam(ctx, 'userId', 'member'), ctx.body.role),
  )
  route(r, { method: 'delete', path: '/lieux/:lieuId/members/:userId', tag: teamTag, summary: 'Remove a member, or leave', auth: 'user', status: 204, errors: ['last_owner'] }, async (ctx) => {
    await team.remove(ctx.user.id, id(ctx), uuidParam(ctx, 'userId', 'member'))
  })

  route(r, { method: 'get', path: '/invitations/:token', tag: teamTag, summary: 'What an invitation link offers', auth: 'none', response: ZInvitationPreviewDto, errors: ['token_invalid'] }, async (ctx) => {
    const token = ctx.params.token ?? ''
    if (!/^[A-Za-z0-9_-]{16,128}$/.test(token)) throw new AppError('token_invalid', 'this invitation is invalid')
    return team.previewInvitation(token)
  })
  route(r, { method: 'post', path: '/invitations/accept', tag: teamTag, summary: 'Accept an invitation (logged in with the invited address)', auth: 'user', body: ZTokenRequest, response: ZLieuDto, errors: ['token_invalid'] }, (ctx) =>
    team.accept(ctx.user, ctx.body.token),
  )

  route(r, { method: 'get', path: '/public/lieux/:slug', tag: 'Public', summary: 'A lieu’s public page (no login)', auth: 'none', response: ZPublicLieuDto }, async (ctx) => {
    const slug = ctx.params.slug ?? ''
    if (!/^[a-z0-9-]{1,60}$/.test(slug)) throw new AppError('not_found', 'lieu not found')
    ctx.res.set('Cache-Control', 'public, max-age=60')
    return lieux.publicPage(slug)
  })
  return r
}
