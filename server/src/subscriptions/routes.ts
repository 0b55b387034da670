import { Router } from 'express'
import { z } from 'zod'
import {
  ZCancelSubscriptionRequest,
  ZChangePlanRequest,
  ZChangePlanResponse,
  ZCreateSubscriptionRequest,
  ZMemberBillingDto,
  ZPaymentRecordedResponse,
  ZRecordPaymentRequest,
  ZSubscribeResponse,
  ZSubscriptionDto,
} from '@fabrique/shared/billing/schema'
import type { AppDeps } from '../app-deps.ts'
import { route, uuidParam } from '../http/route.ts'
import { subscriptionService } from './service.ts'

export function subscriptionRoutes(deps: AppDeps) {
  const r = Router()
  const subs = subscriptionService(deps)
  const tag = 'Subscriptions'
  const id = (ctx: { params: Record<string, string> }) => uuidParam(ctx, 'subscriptionId', 'subscription')
  const states = ['invalid_subscription_state']

  route(
    r,
    {
      method: 'post',
      path: '/lieux/:lieuId/subscriptions',
      tag,
      summary:
        'Subscribe to a plan (members: pay at the counter; managers: for a member, payment recorded at once)',
      auth: 'user',
      body: ZCreateSubscriptionRequest,
      response: ZSubscribeResponse,
      status: 201,
      errors: ['membership_required', 'already_subscribed'],
    },
    (ctx) => subs.subscribe(ctx.user, uuidParam(ctx, 'lieuId', 'lieu'), ctx.body),
  )
  route(
    r,
    {
      method: 'get',
      path: '/lieux/:lieuId/subscriptions',
      tag,
      summary: 'The lieu’s people with their subscriptions, credits and passes at a glance (managers)',
      auth: 'user',
      response: z.array(ZMemberBillingDto),
    },
    (ctx) => subs.listForLieu(ctx.user, uuidParam(ctx, 'lieuId', 'lieu')),
  )
  route(
    r,
    {
      method: 'get',
      path: '/me/subscriptions',
      tag,
      summary: 'My subscriptions, every lieu',
      auth: 'user',
      response: z.array(ZSubscriptionDto),
    },
    (ctx) => subs.listMine(ctx.user),
  )
  route(
    r,
    {
      method: 'post',
      path: '/subscriptions/:subscriptionId/payments',
      tag,
      summary:
        'Record a payment received (managers): activates, or renews for one more period; issues the invoice',
      auth: 'user',
      body: ZRecordPaymentRequest,
      response: ZPaymentRecordedResponse,
      status: 201,
      errors: ['membership_required', ...states],
    },
    (ctx) => subs.recordPayment(ctx.user, id(ctx), ctx.body),
  )
  route(
    r,
    {
      method: 'post',
      path: '/subscriptions/:subscriptionId/cancel',
      tag,
      summary: 'Cancel at period end (holder, managers) or now (managers)',
      auth: 'user',
      body: ZCancelSubscriptionRequest,
      response: ZSubscriptionDto,
      errors: states,
    },
    (ctx) => subs.cancel(ctx.user, id(ctx), ctx.body),
  )
  route(
    r,
    {
      method: 'post',
      path: '/subscriptions/:subscriptionId/pause',
      tag,
      summary: 'Pause (managers): no entitlements, no grants until resumed',
      auth: 'user',
      response: ZSubscriptionDto,
      errors: states,
    },
    (ctx) => subs.pause(ctx.user, id(ctx)),
  )
  route(
    r,
    {
      method: 'post',
      path: '/subscriptions/:subscriptionId/resume',
      tag,
      summary:
        'Resume a paused subscription (managers) or undo a cancellation at period end (holder, managers)',
      auth: 'user',
      response: ZSubscriptionDto,
      errors: states,
    },
    (ctx) => subs.resume(ctx.user, id(ctx)),
  )
  route(
    r,
    {
      method: 'post',
      path: '/subscriptions/:subscriptionId/change-plan',
      tag,
      summary:
        'Change to another plan of the lieu (holder, managers): paid by card, at once with Stripe’s proration; paid manually, from the next period',
      auth: 'user',
      body: ZChangePlanRequest,
      response: ZChangePlanResponse,
      errors: ['membership_required', 'already_subscribed', 'card_payments_unavailable', ...states],
    },
    (ctx) => subs.changePlan(ctx.user, id(ctx), ctx.body),
  )
  return r
}
