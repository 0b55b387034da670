// Employer accounts and their people: admins create the account, invite employees by e-mail,
// set each one's allocation and remove them; an employee may leave. See docs/employers.md.
import type { z } from 'zod'
import type {
  Allocation,
  EmployeeDto,
  EmployerDto,
  ZCreateEmployerRequest,
  ZUpdateEmployerRequest,
} from '@fabrique/shared/employers/schema'
import type { AppDeps } from '../app-deps.ts'
import type { Db, Tx } from '../db/prisma.ts'
import { AppError, notFound } from '../http/problem.ts'
import { hashToken, newToken } from '../auth/tokens.ts'
import { mailTemplates } from '../mail/templates.ts'
import { employerAccess, requireEmployerAdmin } from './access.ts'
import { allocationOf, usedInPeriod } from './pool-ledger.ts'
import { budgetPeriod } from './cover.ts'
import { grantPoolLieux } from './lieu-access.ts'

const INVITATION_TTL_MS = 14 * 86400_000
const DEFAULT_ZONE = 'Europe/Paris'

type EmployerRow = { id: string; name: string; siret: string | null; vatNumber: string | null; billingAddress: string; billingEmail: string; createdAt: Date }

const toDto = (e: EmployerRow, role: 'admin' | 'employee'): EmployerDto => ({
  id: e.id,
  name: e.name,
  siret: e.siret,
  vatNumber: e.vatNumber,
  billingAddress: e.billingAddress,
  billingEmail: e.billingEmail,
  role,
  createdAt: e.createdAt.toISOString(),
})

const invitationDto = (i: { id: string; email: string; role: 'admin' | 'employee'; expiresAt: Date; createdAt: Date }) => ({
  id: i.id,
  email: i.email,
  role: i.role,
  expiresAt: i.expiresAt.toISOString(),
  createdAt: i.createdAt.toISOString(),
})

/** Joining gives an allocation without budget or limits (the pools are the limit) until an admin sets one. */
async function joinEmployer(tx: Tx, employerId: string, userId: string, role: 'admin' | 'employee') {
  await tx.employerMembership.upsert({
    where: { employerId_userId: { employerId, userId } },
    create: { employerId, userId, role },
    update: {},
  })
  await tx.employerAllocation.upsert({ where: { employerId_userId: { employerId, userId } }, create: { employerId, userId }, update: {} })
}

/** What an employee used this month (Paris months: the employer's budgets are French). */
export async function usedThisMonth(db: Db | Tx, employerId: string, userId: string, now: Date) {
  return usedInPeriod(db, employerId, userId, budgetPeriod('month', now, DEFAULT_ZONE))
}

export function employerService(deps: AppDeps) {
  const { db, clock, mailer, config } = deps

  async function adminsCount(tx: Db | Tx, employerId: string) {
    return tx.employerMembership.count({ where: { employerId, role: 'admin' } })
  }

  return {
    async create(userId: string, input: z.output<typeof ZCreateEmployerRequest>): Promise<EmployerDto> {
      const e = await db.$transaction(async (tx) => {
        const created = await tx.employer.create({ data: input })
        await joinEmployer(tx, created.id, userId, 'admin')
        return created
      })
      return toDto(e, 'admin')
    },

    async mine(userId: string): Promise<EmployerDto[]> {
      const rows = await db.employerMembership.findMany({ where: { userId }, include: { employer: true }, orderBy: { createdAt: 'asc' } })
      return rows.map((m) => toDto(m.employer, m.role))
    },

    async get(userId: string, employerId: string): Promise<EmployerDto> {
      const role = await employerAccess(db, userId, employerId)
      return toDto(await db.employer.findUniqueOrThrow({ where: { id: employerId } }), role)
    },

    async update(userId: string, employerId: string, input: z.output<typeof ZUpdateEmployerRequest>): Promise<EmployerDto> {
      await requireEmployerAdmin(db, userId, employerId)
      return toDto(await db.employer.update({ where: { id: employerId }, data: input }), 'admin')
    },

    async employees(userId: string, employerId: string) {
      await requireEmployerAdmin(db, userId, employerId)
      const now = clock.now()
      const [members, invitations] = await Promise.all([
        db.employerMembership.findMany({
          where: { employerId },
          include: { user: { select: { name: true, email: true, employerAllocations: { where: { employerId } } } } },
          orderBy: [{ role: 'asc' }, { createdAt: 'asc' }],
        }),
        db.employerInvitation.findMany({ where: { employerId, acceptedAt: null, revokedAt: null, expiresAt: { gt: now } }, orderBy: { createdAt: 'desc' } }),
      ])
      const employees: EmployeeDto[] = await Promise.all(
        members.map(async (m) => ({
          userId: m.userId,
          name: m.user.name,
          email: m.user.email,
          role: m.role,
          since: m.createdAt.toISOString(),
          allocation: m.user.employerAllocations[0] ? allocationOf(m.user.employerAllocations[0]) : allocationOf({ budgetKind: 'none', budgetPeriod: 'month', budgetAmount: 0, lieuIds: [], resourceKinds: [], weekdays: [] }),
          usedThisMonth: await usedThisMonth(db, employerId, m.userId, now),
        })),
      )
      return { employees, invitations: invitations.map(invitationDto) }
    },

    async invite(inviter: { id: string; name: string }, employerId: string, email: string, role: 'admin' | 'employee') {
      await requireEmployerAdmin(db, inviter.id, employerId)
      const existing = await db.employerMembership.findFirst({ where: { employerId, user: { email } } })
      if (existing) throw new AppError('already_member', 'this person already belongs to the employer', { errors: [{ field: 'email', message: 'already a member' }] })
      const employer = await db.employer.findUniqueOrThrow({ where: { id: employerId }, select: { name: true } })
      const invitee = await db.user.findUnique({ where: { email }, select: { locale: true } })
      const token = newToken()
      const now = clock.now()
      const inv = await db.$transaction(async (tx) => {
        // A new invitation replaces a pending one for the same address.
        await tx.employerInvitation.updateMany({ where: { employerId, email, acceptedAt: null, revokedAt: null }, data: { revokedAt: now } })
        const created = await tx.employerInvitation.create({
          data: { employerId, email, role, tokenHash: hashToken(token), invitedById: inviter.id, expiresAt: new Date(now.getTime() + INVITATION_TTL_MS) },
        })
        const link = `${config.appOrigin}/employeur/invitation?token=${token}`
        await mailer.enqueue(email, 'employer_invitation', mailTemplates.employerInvitation(invitee?.locale ?? 'fr', { employer: employer.name, admin: role === 'admin', inviter: inviter.name, link }), tx)
        return created
      })
      void mailer.flush()
      return invitationDto(inv)
    },

    async revokeInvitation(userId: string, employerId: string, invitationId: string) {
      await requireEmployerAdmin(db, userId, employerId)
      const r = await db.employerInvitation.updateMany({ where: { id: invitationId, employerId, acceptedAt: null, revokedAt: null }, data: { revokedAt: clock.now() } })
      if (r.count === 0) throw notFound('invitation')
    },

    async previewInvitation(token: string) {
      const inv = await db.employerInvitation.findUnique({ where: { tokenHash: hashToken(token) }, include: { employer: { select: { id: true, name: true } } } })
      if (!inv || inv.acceptedAt || inv.revokedAt || inv.expiresAt <= clock.now()) throw new AppError('token_invalid', 'this invitation is invalid, used or expired')
      return { employer: inv.employer, email: inv.email, role: inv.role, expiresAt: inv.expiresAt.toISOString() }
    },

    /** The invitation is for one address: the account accepting it must have that address. */
    async accept(user: { id: string; email: string }, token: string): Promise<EmployerDto> {
      const now = clock.now()
      const { employerId, role } = await db.$transaction(async (tx) => {
        const inv = await tx.employerInvitation.findUnique({ where: { tokenHash: hashToken(token) } })
        if (!inv || inv.acceptedAt || inv.revokedAt || inv.expiresAt <= now) throw new AppError('token_invalid', 'this invitation is invalid, used or expired')
        if (inv.email !== user.email) {
          throw new AppError('forbidden', `this invitation was sent to another address; log in as ${inv.email}`)
        }
        const claimed = await tx.employerInvitation.updateMany({ where: { id: inv.id, acceptedAt: null }, data: { acceptedAt: now } })
        if (claimed.count === 0) throw new AppError('token_invalid', 'this invitation was already used')
        await joinEmployer(tx, inv.employerId, user.id, inv.role)
        await grantPoolLieux(tx, inv.employerId, now, user.id)
        // Accepting the e-mailed link proves the address.
        await tx.user.updateMany({ where: { id: user.id, emailVerifiedAt: null }, data: { emailVerifiedAt: now } })
        return { employerId: inv.employerId, role: inv.role }
      })
      const e = await db.employer.findUniqueOrThrow({ where: { id: employerId } })
      const m = await db.employerMembership.findUniqueOrThrow({ where: { employerId_userId: { employerId, userId: user.id } } })
      return toDto(e, m.role ?? role)
    },

    /** An admin removes someone, or anyone leaves; the last admin cannot. Usage already recorded stays. */
    async remove(actorId: string, employerId: string, targetId: string) {
      const access = await employerAccess(db, actorId, employerId)
      if (actorId !== targetId && access !== 'admin') throw new AppError('forbidden', 'only the employer’s admins may remove people')
      await db.$transaction(async (tx) => {
        const target = await tx.employerMembership.findUnique({ where: { employerId_userId: { employerId, userId: targetId } } })
        if (!target) throw notFound('employee')
        await tx.employerMembership.delete({ where: { employerId_userId: { employerId, userId: targetId } } })
        await tx.employerAllocation.deleteMany({ where: { employerId, userId: targetId } })
        if (target.role === 'admin' && (await adminsCount(tx, employerId)) === 0) {
          throw new AppError('last_owner', 'name another admin first: an employer keeps at least one admin')
        }
      })
    },

    async changeRole(actorId: string, employerId: string, targetId: string, role: 'admin' | 'employee') {
      await requireEmployerAdmin(db, actorId, employerId)
      await db.$transaction(async (tx) => {
        const r = await tx.employerMembership.updateMany({ where: { employerId, userId: targetId }, data: { role } })
        if (r.count === 0) throw notFound('employee')
        if ((await adminsCount(tx, employerId)) === 0) throw new AppError('last_owner', 'an employer keeps at least one admin')
      })
    },

    async setAllocation(actorId: string, employerId: string, targetId: string, a: Allocation) {
      await requireEmployerAdmin(db, actorId, employerId)
      const member = await db.employerMembership.findUnique({ where: { employerId_userId: { employerId, userId: targetId } } })
      if (!member) throw notFound('employee')
      if (a.lieuIds.length) {
        const known = await db.lieu.count({ where: { id: { in: a.lieuIds } } })
        if (known !== new Set(a.lieuIds).size) {
          throw new AppError('validation_failed', 'unknown lieu', { errors: [{ field: 'lieuIds', message: 'a lieu that does not exist' }] })
        }
      }
      const data = { ...a, lieuIds: [...new Set(a.lieuIds)], resourceKinds: [...new Set(a.resourceKinds)], weekdays: [...new Set(a.weekdays)].sort() }
      const row = await db.employerAllocation.upsert({ where: { employerId_userId: { employerId, userId: targetId } }, create: { employerId, userId: targetId, ...data }, update: data })
      return allocationOf(row)
    },
  }
}
