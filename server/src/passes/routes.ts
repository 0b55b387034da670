import { Router } from 'express'
import { z } from 'zod'
import {
  ZBuyPassRequest,
  ZCreatePassProductRequest,
  ZDropInPassRequest,
  ZPassCheckoutResponse,
  ZPassDto,
  ZPassProductDto,
  ZPassProductListQuery,
  ZPassSaleResponse,
  ZSellPassRequest,
  ZUpdatePassProductRequest,
} from '@fabrique/shared/billing/schema'
import type { AppDeps } from '../app-deps.ts'
import { route, uuidParam } from '../http/route.ts'
import { passService } from './service.ts'

export function passRoutes(deps: AppDeps) {
  const r = Router()
  const passes = passService(deps)
  const tag = 'Passes'
  const lieuId = (ctx: { params: Record<string, string> }) => uuidParam(ctx, 'lieuId', 'lieu')

  route(
    r,
    {
      method: 'get',
      path: '/lieux/:lieuId/pass-products',
      tag,
      summary:
        'Day passes, carnets and hour packs on sale (archived ones too for managers asking includeArchived=true)',
      auth: 'user',
      query: ZPassProductListQuery,
      response: z.array(ZPassProductDto),
    },
    (ctx) => passes.listProducts(ctx.user, lieuId(ctx), ctx.query.includeArchived === 'true'),
  )
  route(
    r,
    {
      method: 'post',
      path: '/lieux/:lieuId/pass-products',
      tag,
      summary: 'Create a day pass, carnet or hour pack (managers)',
      auth: 'user',
      body: ZCreatePassProductRequest,
      response: ZPassProductDto,
      status: 201,
    },
    (ctx) => passes.createProduct(ctx.user, lieuId(ctx), ctx.body),
  )
  route(
    r,
    {
      method: 'patch',
      path: '/lieux/:lieuId/pass-products/:productId',
      tag,
      summary: 'Change or archive a pass product (managers; passes sold keep theirs)',
      auth: 'user',
      body: ZUpdatePassProductRequest,
      response: ZPassProductDto,
    },
    (ctx) =>
      passes.updateProduct(ctx.user, lieuId(ctx), uuidParam(ctx, 'productId', 'pass product'), ctx.body),
  )
  route(
    r,
    {
      method: 'post',
      path: '/lieux/:lieuId/passes',
      tag,
      summary: 'Record a pass sold to a member or a drop-in (managers): the pass and its invoice',
      auth: 'user',
      body: ZSellPassRequest,
      response: ZPassSaleResponse,
      status: 201,
    },
    (ctx) => passes.sell(ctx.user, lieuId(ctx), ctx.body),
  )
  route(
    r,
    {
      method: 'get',
      path: '/lieux/:lieuId/passes',
      tag,
      summary: 'Passes sold by the lieu, newest first (managers)',
      auth: 'user',
      response: z.array(ZPassDto),
    },
    (ctx) => passes.listForLieu(ctx.user, lieuId(ctx)),
  )
  route(
    r,
    {
      method: 'get',
      path: '/me/passes',
      tag,
      summary: 'My passes (and those bought with my verified address as a drop-in)',
      auth: 'user',
      response: z.array(ZPassDto),
    },
    (ctx) => passes.mine(ctx.user),
  )
  route(
    r,
    {
      method: 'get',
      path: '/public/lieux/:slug/pass-products',
      tag: 'Public',
      summary: 'A lieu’s passes on sale (no login)',
      auth: 'none',
      response: z.array(ZPassProductDto),
    },
    (ctx) => passes.listPublicProducts(ctx.params.slug ?? ''),
  )
  route(
    r,
    {
      method: 'post',
      path: '/lieux/:lieuId/passes/checkout',
      tag,
      summary:
        'Buy a pass by card (members of the lieu): answers the Stripe Checkout URL; the pass and its invoice come with the payment',
      auth: 'user',
      body: ZBuyPassRequest,
      response: ZPassCheckoutResponse,
      errors: ['card_payments_unavailable'],
    },
    (ctx) => passes.buyByCard(ctx.user, lieuId(ctx), ctx.body),
  )
  route(
    r,
    {
      method: 'post',
      path: '/public/lieux/:slug/passes/checkout',
      tag: 'Public',
      summary:
        'A drop-in buys a pass by card with an e-mail address (no login; rate limited): answers the Stripe Checkout URL',
      auth: 'none',
      body: ZDropInPassRequest,
      response: ZPassCheckoutResponse,
      errors: ['card_payments_unavailable', 'rate_limited'],
    },
    (ctx) => passes.dropInByCard(ctx.params.slug ?? '', ctx.body, ctx.req.ip ?? 'unknown'),
  )
  return r
}
