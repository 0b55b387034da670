import type { Db } from '../db/prisma.ts'

export function sessionRepo(db: Db) {
  return {
    create: (data: { id: string; userId: string; expiresAt: Date; now: Date; userAgent: string | null; ip: string | null }) =>
      db.session.create({
        data: { id: data.id, userId: data.userId, expiresAt: data.expiresAt, createdAt: data.now, lastSeenAt: data.now, userAgent: data.userAgent, ip: data.ip },
      }),
    findWithUser: (id: string) =>
      db.session.findUnique({ where: { id }, include: { user: { select: { id: true, email: true, name: true, locale: true, emailVerifiedAt: true } } } }),
    touch: (id: string, now: Date) => db.session.updateMany({ where: { id }, data: { lastSeenAt: now } }),
    delete: (id: string) => db.session.deleteMany({ where: { id } }),
    deleteForUser: (userId: string, exceptId?: string) =>
      db.session.deleteMany({ where: { userId, ...(exceptId ? { NOT: { id: exceptId } } : {}) } }),
    listForUser: (userId: string) => db.session.findMany({ where: { userId }, orderBy: { lastSeenAt: 'desc' } }),
    deleteExpired: (now: Date) => db.session.deleteMany({ where: { expiresAt: { lt: now } } }),
  }
}
