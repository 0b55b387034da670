import type { Db } from '../db/prisma.ts'

export function accountRepo(db: Db) {
  return {
    meRow: (userId: string) =>
      db.user.findUnique({
        where: { id: userId },
        include: {
          lieuMemberships: { include: { lieu: { select: { id: true, slug: true, name: true } } }, orderBy: { createdAt: 'asc' } },
          networkRoles: { include: { network: { select: { id: true, slug: true, name: true } } } },
          employerRoles: { include: { employer: { select: { id: true, name: true } } } },
        },
      }),
    update: (userId: string, data: { name?: string; phone?: string | null; locale?: 'fr' | 'en'; visibleToCommunity?: boolean }) =>
      db.user.update({ where: { id: userId }, data }),
    exportRow: (userId: string) =>
      db.user.findUnique({
        where: { id: userId },
        include: {
          lieuMemberships: { include: { lieu: { select: { slug: true, name: true } } } },
          networkRoles: { include: { network: { select: { slug: true, name: true } } } },
          employerRoles: { include: { employer: { select: { name: true } } } },
          sessions: { select: { createdAt: true, lastSeenAt: true, expiresAt: true, userAgent: true, ip: true } },
        },
      }),
    emailsTo: (email: string) =>
      db.outboxEmail.findMany({ where: { to: email }, select: { subject: true, kind: true, createdAt: true, sentAt: true }, orderBy: { createdAt: 'asc' } }),
    /** Lieux where this user is the only owner. */
    soleOwnerships: async (userId: string) => {
      const owned = await db.lieuMembership.findMany({ where: { userId, role: 'owner' }, select: { lieuId: true, lieu: { select: { name: true } } } })
      const result: string[] = []
      for (const o of owned) {
        const owners = await db.lieuMembership.count({ where: { lieuId: o.lieuId, role: 'owner' } })
        if (owners === 1) result.push(o.lieu.name)
      }
      return result
    },
  }
}
