import type { AppDeps } from '../app-deps.ts'
import { transaction } from '../bookings/transaction.ts'
import type { JobPayloads } from '../jobs/types.ts'
import { tick } from './settle.ts'

/** The subscriptions' job: idempotent (grants and expiries are keyed; states re-read under the row lock). */
export function subscriptionJobHandlers(deps: AppDeps) {
  return {
    async 'subscriptions.tick'({ subscriptionId }: JobPayloads['subscriptions.tick']) {
      await transaction(deps, (tx) => tick(deps, tx, subscriptionId, deps.clock.now()))
    },
  }
}
