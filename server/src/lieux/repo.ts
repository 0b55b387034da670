import type { Prisma } from '@fabrique/prisma/client'
import type { Db } from '../db/prisma.ts'

export const lieuInclude = {
  network: { select: { id: true, slug: true, name: true } },
  openingHours: { orderBy: [{ weekday: 'asc' }, { startMinute: 'asc' }] },
  closures: { orderBy: { startDate: 'asc' } },
} satisfies Prisma.LieuInclude

export type LieuRow = Prisma.LieuGetPayload<{ include: typeof lieuInclude }>

export function lieuRepo(db: Db) {
  return {
    byId: (id: string) => db.lieu.findUnique({ where: { id }, include: lieuInclude }),
    bySlug: (slug: string) => db.lieu.findUnique({ where: { slug }, include: lieuInclude }),
    create: (data: Prisma.LieuUncheckedCreateInput, ownerId: string) =>
      db.lieu.create({ data: { ...data, memberships: { create: { userId: ownerId, role: 'owner' } } }, include: lieuInclude }),
    update: (id: string, data: Prisma.LieuUncheckedUpdateInput) => db.lieu.update({ where: { id }, data, include: lieuInclude }),
    /** Replaces the whole week in one transaction. */
    // Interactive transactions only: adapter-pg 7.10 runs a batch $transaction([...]) concurrently on one client.
    replaceOpeningHours: (lieuId: string, intervals: { weekday: number; startMinute: number; endMinute: number }[]) =>
      db.$transaction(async (tx) => {
        await tx.openingInterval.deleteMany({ where: { lieuId } })
        await tx.openingInterval.createMany({ data: intervals.map((i) => ({ ...i, lieuId })) })
      }),
    addClosure: (lieuId: string, c: { startDate: Date; endDate: Date; reason: string }) => db.closure.create({ data: { ...c, lieuId } }),
    deleteClosure: (lieuId: string, id: string) => db.closure.deleteMany({ where: { id, lieuId } }),
    isCoordinator: (userId: string, networkId: string) =>
      db.networkCoordinator.findUnique({ where: { networkId_userId: { networkId, userId } } }),
  }
}
