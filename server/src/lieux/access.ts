import type { Db } from '../db/prisma.ts'
import { forbidden, notFound } from '../http/problem.ts'

export type LieuAccess = 'owner' | 'manager' | 'member' | 'coordinator'

/**
 * The caller's standing in a lieu: their role there, or `coordinator` when they coordinate the
 * lieu's network. A lieu the caller cannot see is a 404, exactly like one that does not exist.
 */
export async function lieuAccess(db: Db, userId: string, lieuId: string): Promise<LieuAccess> {
  const lieu = await db.lieu.findUnique({
    where: { id: lieuId },
    select: {
      memberships: { where: { userId }, select: { role: true } },
      network: { select: { coordinators: { where: { userId }, select: { userId: true } } } },
    },
  })
  const role = lieu?.memberships[0]?.role
  if (role) return role
  if (lieu?.network?.coordinators.length) return 'coordinator'
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
