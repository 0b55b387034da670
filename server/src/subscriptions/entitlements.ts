import { mergeEntitlements, type ActiveEntitlements } from '@fabrique/shared/billing/entitlements'
import type { Db, Tx } from '../db/prisma.ts'
import { entitlementsOf } from '../plans/dto.ts'
import { subscriptionRepo } from './repo.ts'

export type { ActiveEntitlements }

/**
 * What a member is entitled to at a lieu at `at` (for the booking engine and pricing): the merge
 * of the plans of their subscriptions that are active and paid up at `at`. Paused, awaiting
 * payment (past_due) and cancelled subscriptions give nothing.
 */
export async function activeEntitlements(
  db: Db | Tx,
  userId: string,
  lieuId: string,
  at: Date,
): Promise<ActiveEntitlements> {
  const subs = await subscriptionRepo(db).inGoodStanding(userId, lieuId, at)
  return mergeEntitlements(
    subs.map((s) => ({
      subscriptionId: s.id,
      planId: s.planId,
      kind: s.plan.kind,
      entitlements: entitlementsOf(s.plan.entitlements),
    })),
  )
}
