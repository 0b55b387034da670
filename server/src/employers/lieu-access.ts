// An employee of an employer whose pool is valid at a lieu may book there: they become a member of
// every lieu where one of the employer's active pools is valid (the seller, or each lieu of its
// network), when they join the employer and when a pool becomes active. A membership is never
// removed by the employer side: the person may have booked, subscribed or checked in there since.
import type { Tx } from '../db/prisma.ts'

export async function grantPoolLieux(tx: Tx, employerId: string, now: Date, userId?: string) {
  const pools = await tx.employerPool.findMany({
    where: { employerId, status: 'active', validUntil: { gt: now } },
    select: { scope: true, sellerLieuId: true, networkId: true },
  })
  if (pools.length === 0) return
  const networkIds = [...new Set(pools.flatMap((p) => (p.scope === 'network' && p.networkId ? [p.networkId] : [])))]
  const lieuIds = new Set(pools.map((p) => p.sellerLieuId))
  if (networkIds.length) {
    for (const l of await tx.lieu.findMany({ where: { networkId: { in: networkIds } }, select: { id: true } })) lieuIds.add(l.id)
  }
  // Employees only: an admin runs the account and is not made a member anywhere by it.
  const people = (await tx.employerMembership.findMany({ where: { employerId, role: 'employee', ...(userId && { userId }) }, select: { userId: true } })).map((m) => m.userId)
  await tx.lieuMembership.createMany({
    data: [...lieuIds].flatMap((lieuId) => people.map((u) => ({ lieuId, userId: u, role: 'member' as const }))),
    skipDuplicates: true,
  })
}
