import type { AppDeps } from '../app-deps.ts'
import type { JobPayloads } from '../jobs/types.ts'
import { loadResourceContext } from './context.ts'
import { bookingRepo } from './repo.ts'
import { offerFreedSlot } from './waitlist.ts'
import { transaction } from './transaction.ts'

/**
 * The booking engine's background jobs. Each is idempotent: it re-reads the state under the
 * resource's lock and does nothing when the job is stale (booking moved, checked in, offer taken).
 */
export function bookingJobHandlers(deps: AppDeps) {
  return {
    /** Not checked in `noShowAfterMinutes` after its start: no-show, slot freed, waitlist offered. */
    async 'bookings.no_show'({ bookingId }: JobPayloads['bookings.no_show']) {
      const b = await deps.db.booking.findUnique({ where: { id: bookingId } })
      if (!b || b.status !== 'confirmed') return
      const ctx = await loadResourceContext(deps.db, b.resourceId)
      if (!ctx) return
      const due = b.startsAt.getTime() + ctx.rules.noShowAfterMinutes * 60_000
      if (deps.clock.now().getTime() < due) return
      const released = await transaction(deps, async (tx) => {
        await bookingRepo(tx).lockResource(b.resourceId)
        const r = await tx.booking.updateMany({ where: { id: bookingId, status: 'confirmed', startsAt: b.startsAt }, data: { status: 'no_show' } })
        if (r.count === 1) await offerFreedSlot(deps, tx, ctx, b.startsAt, b.endsAt)
        return r.count === 1
      })
      if (released) deps.live.lieuChanged(b.lieuId)
    },

    /** An offer not taken in time: expired, and the slot offered to the next in line. */
    async 'waitlist.offer_expired'({ entryId }: JobPayloads['waitlist.offer_expired']) {
      const e = await deps.db.waitlistEntry.findUnique({ where: { id: entryId } })
      if (!e || e.status !== 'offered' || !e.offerExpiresAt || e.offerExpiresAt > deps.clock.now()) return
      const ctx = await loadResourceContext(deps.db, e.resourceId)
      if (!ctx) return
      await transaction(deps, async (tx) => {
        await bookingRepo(tx).lockResource(e.resourceId)
        const r = await tx.waitlistEntry.updateMany({ where: { id: entryId, status: 'offered' }, data: { status: 'expired' } })
        if (r.count === 1) await offerFreedSlot(deps, tx, ctx, e.startsAt, e.endsAt)
      })
    },
  }
}
