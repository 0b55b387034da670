import { randomBytes } from 'node:crypto'
import type { Db } from '../db/prisma.ts'

export type FeedScope =
  | { scope: 'member'; userId: string }
  | { scope: 'lieu'; userId: string; lieuId: string }
  | { scope: 'resource'; userId: string; lieuId: string; resourceId: string }

/** 32 random bytes, base64url: 256 bits nobody guesses. */
export const newFeedToken = () => randomBytes(32).toString('base64url')
export const FEED_TOKEN = /^[A-Za-z0-9_-]{43}$/

const whereOf = (s: FeedScope) => ({
  scope: s.scope,
  userId: s.userId,
  lieuId: s.scope === 'member' ? null : s.lieuId,
  resourceId: s.scope === 'resource' ? s.resourceId : null,
})

/** One feed per (user, scope, target); the advisory lock keeps two first calls from making two. */
async function withFeedLock<T>(db: Db, s: FeedScope, fn: (tx: Parameters<Parameters<Db['$transaction']>[0]>[0]) => Promise<T>) {
  const key = `calendar-feed:${s.scope}:${s.userId}:${s.scope === 'member' ? '' : s.lieuId}:${s.scope === 'resource' ? s.resourceId : ''}`
  return db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${key}, 0))`
    return fn(tx)
  })
}

export const calendarRepo = {
  /** The feed's token, created on first use. */
  getOrCreate(db: Db, s: FeedScope): Promise<string> {
    return withFeedLock(db, s, async (tx) => {
      const found = await tx.calendarFeed.findFirst({ where: whereOf(s), select: { token: true } })
      if (found) return found.token
      const created = await tx.calendarFeed.create({ data: { ...whereOf(s), token: newFeedToken() }, select: { token: true } })
      return created.token
    })
  },
  /** A new token; the old one stops working at once. */
  regenerate(db: Db, s: FeedScope): Promise<string> {
    return withFeedLock(db, s, async (tx) => {
      const token = newFeedToken()
      const { count } = await tx.calendarFeed.updateMany({ where: whereOf(s), data: { token } })
      if (count === 0) await tx.calendarFeed.create({ data: { ...whereOf(s), token } })
      return token
    })
  },
  byToken(db: Db, token: string) {
    return db.calendarFeed.findUnique({ where: { token } })
  },
  /** Bookings overlapping [from, to), with what an event needs. */
  bookings(db: Db, where: { userId?: string; lieuId?: string; resourceId?: string }, from: Date, to: Date) {
    return db.booking.findMany({
      where: { ...where, startsAt: { lt: to }, endsAt: { gt: from } },
      orderBy: { startsAt: 'asc' },
      take: 5000,
      include: {
        lieu: { select: { name: true, timeZone: true, street: true, postalCode: true, city: true } },
        resource: { select: { name: true } },
        user: { select: { name: true } },
      },
    })
  },
}
