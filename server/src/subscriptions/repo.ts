import type { Db, Tx } from '../db/prisma.ts'

export const subscriptionInclude = {
  user: { select: { id: true, name: true, email: true } },
  plan: { include: { lieu: { select: { id: true, name: true, timeZone: true, vatExempt: true } } } },
} as const

export function subscriptionRepo(db: Db | Tx) {
  return {
    get: (id: string) => db.subscription.findUnique({ where: { id }, include: subscriptionInclude }),
    /** Locks the row for the rest of the transaction. */
    lock: async (id: string) => {
      await db.$queryRaw`SELECT 1 FROM subscriptions WHERE id = ${id}::uuid FOR UPDATE`
    },
    /** Serialises subscribing one member at one lieu (no duplicate under a double click). */
    lockMemberAtLieu: async (userId: string, lieuId: string) => {
      await db.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`subscribe:${userId}:${lieuId}`}, 0))`
    },
    mine: (userId: string) =>
      db.subscription.findMany({
        where: { userId },
        include: subscriptionInclude,
        orderBy: { createdAt: 'desc' },
      }),
    /** Subscriptions of a member at a lieu that are not cancelled. */
    liveAt: (userId: string, lieuId: string) =>
      db.subscription.findMany({
        where: { userId, status: { not: 'cancelled' }, plan: { lieuId } },
        include: subscriptionInclude,
      }),
    /** Active subscriptions of a member at a lieu whose paid-up span holds `at`. */
    inGoodStanding: (userId: string, lieuId: string, at: Date) =>
      db.subscription.findMany({
        where: {
          userId,
          status: 'active',
          currentPeriodStart: { lte: at },
          currentPeriodEnd: { gt: at },
          plan: { lieuId },
        },
        include: { plan: true },
        orderBy: { createdAt: 'asc' },
      }),
    forLieu: (lieuId: string) =>
      db.subscription.findMany({
        where: { status: { not: 'cancelled' }, plan: { lieuId } },
        include: subscriptionInclude,
        orderBy: { createdAt: 'asc' },
      }),
  }
}
