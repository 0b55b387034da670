import { Prisma } from '@fabrique/prisma/client'
import type { Db, Tx } from '../db/prisma.ts'
import { bookingInclude } from './dto.ts'

const ACTIVE = ['pending', 'confirmed', 'checked_in', 'completed'] as const

/** What stands in a placement's way: a waitlist offer (`offerExpiresAt` set) or an active hold (block range set). */
export interface Obstacle {
  src: 'offer' | 'hold'
  startsAt: Date
  endsAt: Date
  offerExpiresAt: Date | null
  blockStartsAt: Date | null
  blockEndsAt: Date | null
  seats: number
}

export interface ObstacleQuery {
  resourceId: string
  /** The member the booking is for: an offer to them is no obstacle. */
  userId: string
  start: Date
  end: Date
  /** Holds overlapping [from, to) (the held range, buffers included). */
  from: Date
  to: Date
  now: Date
  exceptId?: string
  /** Only the earliest hold (an exclusive resource: one is enough). */
  firstHoldOnly: boolean
}

/**
 * A live waitlist offer of the slot to someone else (at most one row, `offer`), then the active
 * holds overlapping [from, to), earliest first (`hold`).
 */
function obstaclesSql(q: ObstacleQuery) {
  return Prisma.sql`
    (SELECT 'offer' AS src, w.starts_at, w.ends_at, w.offer_expires_at, NULL::timestamptz AS block_starts_at, NULL::timestamptz AS block_ends_at, w.seats
       FROM waitlist_entries w
      WHERE w.resource_id = ${q.resourceId}::uuid AND w.status = 'offered' AND w.offer_expires_at > ${q.now}::timestamptz
        AND w.user_id <> ${q.userId}::uuid AND w.starts_at < ${q.end}::timestamptz AND w.ends_at > ${q.start}::timestamptz
      LIMIT 1)
    UNION ALL
    (SELECT 'hold' AS src, b.starts_at, b.ends_at, NULL::timestamptz, b.block_starts_at, b.block_ends_at, b.seats
       FROM bookings b
      WHERE b.resource_id = ${q.resourceId}::uuid AND b.status IN ('pending', 'confirmed', 'checked_in', 'completed')
        AND b.block_starts_at < ${q.to}::timestamptz AND b.block_ends_at > ${q.from}::timestamptz
        ${q.exceptId ? Prisma.sql`AND b.id <> ${q.exceptId}::uuid` : Prisma.empty}
      ORDER BY b.block_starts_at
      ${q.firstHoldOnly ? Prisma.sql`LIMIT 1` : Prisma.empty})`
}

/** An instant as epoch milliseconds (exact: the columns keep milliseconds). */
const epochMs = (column: string) => Prisma.raw(`round(extract(epoch FROM ${column}) * 1000)::float8`)

/**
 * The obstacles as one JSON column (`obstacles`, instants as epoch milliseconds), so that another
 * statement (the read before a booking's transaction) brings them too. Decode with `decodeObstacles`.
 */
export function obstaclesColumn(q: ObstacleQuery) {
  return Prisma.sql`(SELECT coalesce(json_agg(json_build_array(x.src, ${epochMs('x.starts_at')}, ${epochMs('x.ends_at')}, ${epochMs('x.offer_expires_at')},
      ${epochMs('x.block_starts_at')}, ${epochMs('x.block_ends_at')}, x.seats)), '[]') FROM (${obstaclesSql(q)}) x) AS obstacles`
}

type ObstacleJson = [Obstacle['src'], number, number, number | null, number | null, number | null, number]
const date = (ms: number | null) => (ms === null ? null : new Date(ms))

export function decodeObstacles(json: unknown): Obstacle[] {
  return (json as ObstacleJson[]).map(([src, starts, ends, expires, blockStarts, blockEnds, seats]) => ({
    src,
    startsAt: new Date(starts),
    endsAt: new Date(ends),
    offerExpiresAt: date(expires),
    blockStartsAt: date(blockStarts),
    blockEndsAt: date(blockEnds),
    seats,
  }))
}

export function bookingRepo(db: Db | Tx) {
  return {
    /**
     * Serialises every booking write on one resource for the rest of the transaction. Racing inserts
     * against the exclusion constraint alone deadlock (QUALITY.md); the constraint stays the guarantee.
     */
    lockResource: (resourceId: string) => db.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`resource:${resourceId}`}, 0))`,

    /** The same lock, only if no one holds it: false when another transaction is writing the resource. */
    tryLockResource: async (resourceId: string) =>
      (await db.$queryRaw<{ locked: boolean }[]>`SELECT pg_try_advisory_xact_lock(hashtextextended(${`resource:${resourceId}`}, 0)) AS locked`)[0]?.locked === true,

    /**
     * Outside a transaction: waits until no transaction holds the resource's lock (a shared lock,
     * released when the statement ends). Many waiters wait together, not one after another.
     */
    awaitWriters: (resourceId: string) => db.$executeRaw`SELECT pg_advisory_xact_lock_shared(hashtextextended(${`resource:${resourceId}`}, 0))`,

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

    /** What stands in a placement's way (`obstaclesColumn`), in one statement of its own. */
    obstacles: async (q: ObstacleQuery) => {
      const [row] = await db.$queryRaw<{ obstacles: unknown }[]>`SELECT ${obstaclesColumn(q)}`
      return decodeObstacles(row?.obstacles ?? [])
    },

    /** The member's active bookings of a resource overlapping [from, to) (quotas). */
    memberBookings: (userId: string, resourceId: string, from: Date, to: Date, exceptId?: string) =>
      db.booking.findMany({
        where: { userId, resourceId, status: { in: [...ACTIVE] }, startsAt: { lt: to }, endsAt: { gt: from }, ...(exceptId ? { NOT: { id: exceptId } } : {}) },
        select: { startsAt: true, endsAt: true },
      }),

    byId: (id: string) => db.booking.findUnique({ where: { id }, include: bookingInclude }),
  }
}
