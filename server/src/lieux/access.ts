import { Prisma } from '@fabrique/prisma/client'
import { isUuid, type Db } from '../db/prisma.ts'
import { forbidden, notFound } from '../http/problem.ts'

export type LieuAccess = 'owner' | 'manager' | 'member' | 'coordinator'

/**
 * The caller's standing in a lieu: their role there, or `coordinator` when they coordinate the
 * lieu's network. A lieu the caller cannot see is a 404, exactly like one that does not exist.
 */
export async function lieuAccess(db: Db, userId: string, lieuId: string): Promise<LieuAccess> {
  return (await standing(db, userId, lieuId, false)).access
}

/** `lieuAccess` and the lieu's own booking rules (stored JSON), read by the same query. */
export async function lieuAccessWithRules(db: Db, userId: string, lieuId: string): Promise<{ access: LieuAccess; bookingRules: Prisma.JsonValue }> {
  const s = await standing(db, userId, lieuId, true)
  return { access: s.access, bookingRules: s.bookingRules ?? {} }
}

/** One statement (run for nearly every lieu route): the lieu, the caller's role, a network coordination. */
async function standing(db: Db, userId: string, lieuId: string, withRules: boolean) {
  if (!isUuid(lieuId)) throw notFound('lieu')
  const rows = await db.$queryRaw<{ role: Exclude<LieuAccess, 'coordinator'> | null; coordinator: boolean; booking_rules: Prisma.JsonValue | null }[]>`
    SELECT (SELECT m.role::text FROM lieu_memberships m WHERE m.lieu_id = l.id AND m.user_id = ${userId}::uuid) AS role,
           EXISTS (SELECT 1 FROM network_coordinators c WHERE c.network_id = l.network_id AND c.user_id = ${userId}::uuid) AS coordinator,
           ${withRules ? Prisma.sql`l.booking_rules` : Prisma.sql`NULL::jsonb`} AS booking_rules
    FROM lieux l WHERE l.id = ${lieuId}::uuid`
  const lieu = rows[0]
  if (lieu?.role) return { access: lieu.role as LieuAccess, bookingRules: lieu.booking_rules }
  if (lieu?.coordinator) return { access: 'coordinator' as const, bookingRules: lieu.booking_rules }
  throw notFound('lieu')
}

export const canManage = (a: LieuAccess) => a === 'owner' || a === 'manager'

/** Members and coordinators may look; only managers and owners may change. */
export async function requireManager(db: Db, userId: string, lieuId: string): Promise<LieuAccess> {
  const a = await lieuAccess(db, userId, lieuId)
  if (!canManage(a)) throw forbidden('only the lieu’s managers may do this')
  return a
}

/** Whether the caller manages the lieu (false, not 404, when they cannot see it). */
export async function managesLieu(db: Db, userId: string, lieuId: string): Promise<boolean> {
  const m = await db.lieuMembership.findUnique({ where: { lieuId_userId: { lieuId, userId } }, select: { role: true } })
  return m !== null && (m.role === 'owner' || m.role === 'manager')
}
