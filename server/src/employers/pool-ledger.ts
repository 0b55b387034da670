// Employer pools against the database: the allowances of an employee at a lieu (what `employerCover`
// needs), taking a booking's units from a pool with its usage row, and giving them back.
import type { Db, Tx } from '../db/prisma.ts'
import { AppError } from '../http/problem.ts'
import { budgetPeriod, type EmployerAllowance, type EmployerCover } from './cover.ts'
import type { Allocation } from '@fabrique/shared/employers/schema'

export interface AllowanceQuery {
  userId: string
  lieuId: string
  networkId: string | null
  zone: string
  start: Date
  /** Only this employer (the employee chose it). */
  employerId?: string
}

export const allocationOf = (row: {
  budgetKind: string
  budgetPeriod: string
  budgetAmount: number
  lieuIds: string[]
  resourceKinds: string[]
  weekdays: number[]
}): Allocation => ({
  budgetKind: row.budgetKind as Allocation['budgetKind'],
  budgetPeriod: row.budgetPeriod as Allocation['budgetPeriod'],
  budgetAmount: row.budgetAmount,
  lieuIds: row.lieuIds,
  resourceKinds: row.resourceKinds as Allocation['resourceKinds'],
  weekdays: row.weekdays,
})

/** Pools usable at the lieu: the lieu's own, and those of its network sold network-wide. */
export function poolsValidAt(lieuId: string, networkId: string | null) {
  return networkId ? [{ sellerLieuId: lieuId }, { scope: 'network' as const, networkId }] : [{ sellerLieuId: lieuId }]
}

/** What an employee used from one employer in a period (not reversed): days and value. */
export async function usedInPeriod(db: Db | Tx, employerId: string, userId: string, period: { from: Date; to: Date } | null) {
  const agg = await db.employerUsage.aggregate({
    where: { employerId, userId, reversedAt: null, ...(period && { startsAt: { gte: period.from, lt: period.to } }) },
    _sum: { days: true, valueExclCents: true },
  })
  return { days: agg._sum.days ?? 0, valueExclCents: agg._sum.valueExclCents ?? 0 }
}

/**
 * The employee's allowances at the lieu, one per employer. With `lock` (inside the booking's
 * transaction), the allocation rows are locked first, so the budget sums read next stay true
 * until the booking commits.
 */
export async function allowancesOf(db: Db | Tx, q: AllowanceQuery, lock = false): Promise<EmployerAllowance[]> {
  if (lock) {
    const locked = await (db as Tx).$queryRaw<{ employer_id: string }[]>`
      SELECT employer_id FROM employer_allocations WHERE user_id = ${q.userId}::uuid ORDER BY employer_id FOR UPDATE`
    // Most members have no employer: one statement, and nothing more to read.
    if (locked.length === 0) return []
  }
  const rows = await db.employerAllocation.findMany({
    where: { userId: q.userId, ...(q.employerId && { employerId: q.employerId }), employer: { memberships: { some: { userId: q.userId } } } },
    include: {
      employer: {
        select: {
          name: true,
          pools: {
            where: { status: 'active', remaining: { gt: 0 }, validUntil: { gt: q.start }, OR: poolsValidAt(q.lieuId, q.networkId) },
            select: { id: true, unit: true, resourceKind: true, remaining: true, validFrom: true, validUntil: true, productPriceCents: true, productQuantity: true },
          },
        },
      },
    },
    orderBy: { employerId: 'asc' },
  })
  return Promise.all(
    rows.map(async (r) => {
      const allocation = allocationOf(r)
      return {
        employerId: r.employerId,
        employerName: r.employer.name,
        allocation,
        used: await usedInPeriod(db, r.employerId, q.userId, budgetPeriod(allocation.budgetPeriod, q.start, q.zone)),
        pools: r.employer.pools.map((p) => ({ ...p, unit: p.unit as 'day' | 'minute' })),
      }
    }),
  )
}

export interface UsageFacts {
  userId: string
  bookingId: string
  lieuId: string
  resourceKind: string
  start: Date
  end: Date
  days: number
  minutes: number
}

/**
 * Takes the cover's units from its pool and records the usage, in the booking's transaction. A
 * pool emptied meanwhile answers `pool_exhausted` without failing a statement (the conditional
 * UPDATE), so the caller can try the next pool; the CHECK (remaining ≥ 0) stays the guarantee.
 */
export async function takeFromPool(tx: Tx, cover: EmployerCover, u: UsageFacts, now: Date) {
  const rows = await tx.$queryRaw<{ seller_lieu_id: string }[]>`
    UPDATE employer_pools SET remaining = remaining - ${cover.units}
    WHERE id = ${cover.poolId}::uuid AND status = 'active' AND remaining >= ${cover.units}
    RETURNING seller_lieu_id`
  const pool = rows[0]
  if (!pool) throw new AppError('pool_exhausted', 'this pool has no units left for the booking')
  await tx.employerUsage.create({
    data: {
      employerId: cover.employerId,
      poolId: cover.poolId,
      userId: u.userId,
      bookingId: u.bookingId,
      lieuId: u.lieuId,
      sellerLieuId: pool.seller_lieu_id,
      resourceKind: u.resourceKind,
      units: cover.units,
      days: u.days,
      minutes: u.minutes,
      valueExclCents: cover.valueExclCents,
      startsAt: u.start,
      endsAt: u.end,
      createdAt: now,
    },
  })
}

/** Reverses the booking's live usage and gives its units back to the pool (a cancellation in time). */
export async function returnToPool(tx: Tx, bookingId: string, now: Date) {
  const rows = await tx.$queryRaw<{ pool_id: string; units: number }[]>`
    UPDATE employer_usages SET reversed_at = ${now} WHERE booking_id = ${bookingId}::uuid AND reversed_at IS NULL
    RETURNING pool_id, units`
  for (const r of rows) {
    await tx.$executeRaw`UPDATE employer_pools SET remaining = LEAST(remaining + ${r.units}, quantity) WHERE id = ${r.pool_id}::uuid`
  }
}
