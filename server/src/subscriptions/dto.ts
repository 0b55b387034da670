import type { Prisma } from '@fabrique/prisma/client'
import type { SubscriptionDto } from '@fabrique/shared/billing/schema'
import type { subscriptionInclude } from './repo.ts'

export type SubscriptionRow = Prisma.SubscriptionGetPayload<{ include: typeof subscriptionInclude }>

export const inGoodStanding = (
  s: { status: string; currentPeriodStart: Date; currentPeriodEnd: Date },
  at: Date,
) => s.status === 'active' && s.currentPeriodStart <= at && at < s.currentPeriodEnd

export function toSubscriptionDto(s: SubscriptionRow, now: Date): SubscriptionDto {
  return {
    id: s.id,
    lieuId: s.plan.lieuId,
    user: s.user,
    plan: { id: s.plan.id, name: s.plan.name, kind: s.plan.kind, interval: s.plan.interval },
    status: s.status,
    provider: s.provider,
    currentPeriodStart: s.currentPeriodStart.toISOString(),
    currentPeriodEnd: s.currentPeriodEnd.toISOString(),
    cancelAtPeriodEnd: s.cancelAtPeriodEnd,
    cancelledAt: s.cancelledAt?.toISOString() ?? null,
    inGoodStanding: inGoodStanding(s, now),
    createdAt: s.createdAt.toISOString(),
  }
}
