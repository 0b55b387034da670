import type { Db, Tx } from '../db/prisma.ts'

export function userRepo(db: Db | Tx) {
  return {
    byEmail: (email: string) => db.user.findUnique({ where: { email } }),
    byId: (id: string) => db.user.findUnique({ where: { id } }),
    create: (data: { email: string; passwordHash: string; name: string; locale: 'fr' | 'en' }) => db.user.create({ data }),
    markVerified: (id: string, now: Date) => db.user.update({ where: { id }, data: { emailVerifiedAt: now } }),
    setPassword: (id: string, passwordHash: string) => db.user.update({ where: { id }, data: { passwordHash } }),
  }
}

export function emailTokenRepo(db: Db | Tx) {
  return {
    create: (data: { userId: string; purpose: 'verify_email' | 'reset_password'; tokenHash: string; expiresAt: Date }) =>
      db.emailToken.create({ data }),
    /** Marks a live token used; returns it, or null when unknown, used or expired (atomic: one winner). */
    async consume(tokenHash: string, purpose: 'verify_email' | 'reset_password', now: Date) {
      const r = await db.emailToken.updateManyAndReturn({
        where: { tokenHash, purpose, usedAt: null, expiresAt: { gt: now } },
        data: { usedAt: now },
      })
      return r[0] ?? null
    },
    invalidateAll: (userId: string, purpose: 'verify_email' | 'reset_password', now: Date) =>
      db.emailToken.updateMany({ where: { userId, purpose, usedAt: null }, data: { usedAt: now } }),
  }
}
