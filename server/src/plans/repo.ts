import type { Prisma } from '@fabrique/prisma/client'
import type { Db, Tx } from '../db/prisma.ts'

export function planRepo(db: Db | Tx) {
  return {
    list: (lieuId: string, includeArchived: boolean) =>
      db.plan.findMany({
        where: { lieuId, ...(includeArchived ? {} : { archivedAt: null }) },
        orderBy: [{ kind: 'desc' }, { priceCents: 'asc' }, { name: 'asc' }],
      }),
    inLieu: (lieuId: string, id: string) => db.plan.findFirst({ where: { id, lieuId } }),
    create: (data: Prisma.PlanUncheckedCreateInput) => db.plan.create({ data }),
    update: (id: string, data: Prisma.PlanUncheckedUpdateInput) => db.plan.update({ where: { id }, data }),
    lieu: (lieuId: string) =>
      db.lieu.findUnique({
        where: { id: lieuId },
        select: { id: true, vatExempt: true, timeZone: true, name: true },
      }),
    lieuBySlug: (slug: string) =>
      db.lieu.findUnique({ where: { slug }, select: { id: true, vatExempt: true } }),
    /** The ids among `ids` that are resources of the lieu. */
    resourcesInLieu: async (lieuId: string, ids: string[]) =>
      ids.length
        ? (await db.resource.findMany({ where: { lieuId, id: { in: ids } }, select: { id: true } })).map(
            (r) => r.id,
          )
        : [],
  }
}
