import type { Db, Tx } from '../db/prisma.ts'
import { bookingInclude } from './dto.ts'

const ACTIVE = ['pending', 'confirmed', 'checked_in', 'completed'] as const

export function bookingRepo(db: Db | Tx) {
  return {
    /**
     * Serialises every booking write on one resource for the rest of the transaction. Racing inserts
     * against the exclusion constraint alone deadlock (QUALITY.md); the constraint stays the guarantee.
     */
    lockResource: (resourceId: string) => db.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`resource:${resourceId}`}, 0))`,

    /** Active bookings of a resource whose held range (buffers included) overlaps [from, to). */
    heldOverlapping: (resourceId: string, from: Date, to: Date, exceptId?: string) =>
      db.booking.findMany({
        where: {
          resourceId,
          status: { in: [...ACTIVE] },
          blockStartsAt: { lt: to },
          blockEndsAt: { gt: from },
          ...(exceptId ? { NOT: { id: exceptId } } : {}),
        },
        select: { id: true, startsAt: true, endsAt: true, blockStartsAt: true, blockEndsAt: true, seats: true },
        orderBy: { blockStartsAt: 'asc' },
      }),

    /** The member's active bookings of a resource overlapping [from, to) (quotas). */
    memberBookings: (userId: string, resourceId: string, from: Date, to: Date, exceptId?: string) =>
      db.booking.findMany({
        where: { userId, resourceId, status: { in: [...ACTIVE] }, startsAt: { lt: to }, endsAt: { gt: from }, ...(exceptId ? { NOT: { id: exceptId } } : {}) },
        select: { startsAt: true, endsAt: true },
      }),

    byId: (id: string) => db.booking.findUnique({ where: { id }, include: bookingInclude }),
  }
}
