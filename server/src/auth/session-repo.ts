import type { Locale } from '@fabrique/prisma/client'
import type { Db } from '../db/prisma.ts'

/** A live session's row and the user it belongs to (what every authenticated request needs). */
export interface SessionWithUser {
  id: string
  userId: string
  lastSeenAt: Date
  expiresAt: Date
  user: { id: string; email: string; name: string; locale: Locale; emailVerifiedAt: Date | null }
}

interface SessionUserRow {
  token_hash: string
  last_seen_at: Date
  expires_at: Date
  id: string
  email: string
  name: string
  locale: Locale
  email_verified_at: Date | null
}

export function sessionRepo(db: Db) {
  return {
    create: (data: { id: string; userId: string; expiresAt: Date; now: Date; userAgent: string | null; ip: string | null }) =>
      db.session.create({
        data: { id: data.id, userId: data.userId, expiresAt: data.expiresAt, createdAt: data.now, lastSeenAt: data.now, userAgent: data.userAgent, ip: data.ip },
      }),
    /**
     * The session and its user, read on every authenticated request: one plain statement (Prisma's
     * raw path costs about half of a relation query's CPU here).
     */
    async findWithUser(id: string): Promise<SessionWithUser | null> {
      const rows = await db.$queryRaw<SessionUserRow[]>`
        SELECT s.token_hash, s.last_seen_at, s.expires_at, u.id, u.email, u.name, u.locale::text AS locale, u.email_verified_at
        FROM sessions s JOIN users u ON u.id = s.user_id
        WHERE s.token_hash = ${id}`
      const r = rows[0]
      if (!r) return null
      return {
        id: r.token_hash,
        userId: r.id,
        lastSeenAt: r.last_seen_at,
        expiresAt: r.expires_at,
        user: { id: r.id, email: r.email, name: r.name, locale: r.locale, emailVerifiedAt: r.email_verified_at },
      }
    },
    touch: (id: string, now: Date) => db.session.updateMany({ where: { id }, data: { lastSeenAt: now } }),
    delete: (id: string) => db.session.deleteMany({ where: { id } }),
    deleteForUser: (userId: string, exceptId?: string) =>
      db.session.deleteMany({ where: { userId, ...(exceptId ? { NOT: { id: exceptId } } : {}) } }),
    listForUser: (userId: string) => db.session.findMany({ where: { userId }, orderBy: { lastSeenAt: 'desc' } }),
    deleteExpired: (now: Date) => db.session.deleteMany({ where: { expiresAt: { lt: now } } }),
  }
}
