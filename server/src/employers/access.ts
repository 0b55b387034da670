import type { Db, Tx } from '../db/prisma.ts'
import { forbidden, notFound } from '../http/problem.ts'

export type EmployerAccess = 'admin' | 'employee'

/** The caller's role at the employer; someone outside it gets the 404 of an employer that does not exist. */
export async function employerAccess(db: Db | Tx, userId: string, employerId: string): Promise<EmployerAccess> {
  const m = await db.employerMembership.findUnique({ where: { employerId_userId: { employerId, userId } }, select: { role: true } })
  if (!m) throw notFound('employer')
  return m.role
}

/** Admins only: an employee knows the employer exists, so it is a 403 for them. */
export async function requireEmployerAdmin(db: Db | Tx, userId: string, employerId: string) {
  if ((await employerAccess(db, userId, employerId)) !== 'admin') throw forbidden('only the employer’s admins may do this')
}

export async function isEmployerAdmin(db: Db | Tx, userId: string, employerId: string) {
  const m = await db.employerMembership.findUnique({ where: { employerId_userId: { employerId, userId } }, select: { role: true } })
  return m?.role === 'admin'
}
