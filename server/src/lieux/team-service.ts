import type { LieuRole } from '@fabrique/shared/auth/schema'
import type { AppDeps } from '../app-deps.ts'
import { AppError, forbidden, notFound } from '../http/problem.ts'
import { hashToken, newToken } from '../auth/tokens.ts'
import { mailTemplates } from '../mail/templates.ts'
import { requireManager, lieuAccess } from './access.ts'
import { lieuService } from './service.ts'

const INVITATION_TTL_MS = 14 * 86400_000

/** Roles per lieu: managers invite and manage members; only owners touch owners. */
export function teamService(deps: AppDeps) {
  const { db, clock, mailer, config } = deps

  async function ownersCount(lieuId: string) {
    return db.lieuMembership.count({ where: { lieuId, role: 'owner' } })
  }

  return {
    async team(userId: string, lieuId: string) {
      await requireManager(db, userId, lieuId)
      const [members, invitations] = await Promise.all([
        db.lieuMembership.findMany({ where: { lieuId }, include: { user: { select: { name: true, email: true } } }, orderBy: [{ role: 'asc' }, { createdAt: 'asc' }] }),
        db.invitation.findMany({ where: { lieuId, acceptedAt: null, revokedAt: null, expiresAt: { gt: clock.now() } }, orderBy: { createdAt: 'desc' } }),
      ])
      return {
        members: members.map((m) => ({ userId: m.userId, name: m.user.name, email: m.user.email, role: m.role, since: m.createdAt.toISOString() })),
        invitations: invitations.map((i) => ({ id: i.id, email: i.email, role: i.role, expiresAt: i.expiresAt.toISOString(), createdAt: i.createdAt.toISOString() })),
      }
    },

    async invite(inviter: { id: string; name: string }, lieuId: string, email: string, role: LieuRole) {
      const access = await requireManager(db, inviter.id, lieuId)
      if (role === 'owner' && access !== 'owner') throw forbidden('only an owner may invite another owner')
      const existing = await db.lieuMembership.findFirst({ where: { lieuId, user: { email } } })
      if (existing) throw new AppError('already_member', 'this person is already a member', { errors: [{ field: 'email', message: 'already a member' }] })
      const lieu = await db.lieu.findUniqueOrThrow({ where: { id: lieuId }, select: { name: true } })
      const invitee = await db.user.findUnique({ where: { email }, select: { locale: true } })
      const token = newToken()
      const now = clock.now()
      const inv = await db.$transaction(async (tx) => {
        // A new invitation replaces any pending one for the same address.
        await tx.invitation.updateMany({ where: { lieuId, email, acceptedAt: null, revokedAt: null }, data: { revokedAt: now } })
        const created = await tx.invitation.create({
          data: { lieuId, email, role, tokenHash: hashToken(token), invitedById: inviter.id, expiresAt: new Date(now.getTime() + INVITATION_TTL_MS) },
        })
        await mailer.enqueue(
          email,
          'invitation',
          mailTemplates.invitation(invitee?.locale ?? 'fr', { lieu: lieu.name, role, inviter: inviter.name, link: `${config.appOrigin}/invitation?token=${token}` }),
          tx,
        )
        return created
      })
      void mailer.flush()
      return { id: inv.id, email: inv.email, role: inv.role, expiresAt: inv.expiresAt.toISOString(), createdAt: inv.createdAt.toISOString() }
    },

    async revokeInvitation(userId: string, lieuId: string, invitationId: string) {
      await requireManager(db, userId, lieuId)
      const r = await db.invitation.updateMany({ where: { id: invitationId, lieuId, acceptedAt: null, revokedAt: null }, data: { revokedAt: clock.now() } })
      if (r.count === 0) throw notFound('invitation')
    },

    async changeRole(actorId: string, lieuId: string, targetId: string, role: LieuRole) {
      const access = await requireManager(db, actorId, lieuId)
      const target = await db.lieuMembership.findUnique({ where: { lieuId_userId: { lieuId, userId: targetId } }, include: { user: { select: { name: true, email: true } } } })
      if (!target) throw notFound('member')
      if ((target.role === 'owner' || role === 'owner') && access !== 'owner') throw forbidden('only an owner may grant or take the owner role')
      return db.$transaction(async (tx) => {
        const updated = await tx.lieuMembership.update({ where: { lieuId_userId: { lieuId, userId: targetId } }, data: { role } })
        // Checked inside the transaction, after the change: a lieu never ends up without an owner.
        if ((await tx.lieuMembership.count({ where: { lieuId, role: 'owner' } })) === 0) {
          throw new AppError('last_owner', 'name another owner first')
        }
        return { userId: targetId, name: target.user.name, email: target.user.email, role: updated.role, since: updated.createdAt.toISOString() }
      })
    },

    /** A manager removes someone, or anyone leaves; the last owner cannot leave. */
    async remove(actorId: string, lieuId: string, targetId: string) {
      const access = await lieuAccess(db, actorId, lieuId)
      const self = actorId === targetId
      if (!self && access !== 'owner' && access !== 'manager') throw forbidden('only managers may remove people')
      const target = await db.lieuMembership.findUnique({ where: { lieuId_userId: { lieuId, userId: targetId } } })
      if (!target) throw notFound('member')
      if (target.role === 'owner' && !self && access !== 'owner') throw forbidden('only an owner may remove an owner')
      if (target.role === 'owner' && (await ownersCount(lieuId)) === 1) throw new AppError('last_owner', 'name another owner first')
      await db.lieuMembership.delete({ where: { lieuId_userId: { lieuId, userId: targetId } } })
    },

    async previewInvitation(token: string) {
      const inv = await db.invitation.findUnique({ where: { tokenHash: hashToken(token) }, include: { lieu: { select: { slug: true, name: true } } } })
      if (!inv || inv.acceptedAt || inv.revokedAt || inv.expiresAt <= clock.now()) throw new AppError('token_invalid', 'this invitation is invalid, used or expired')
      return { lieu: inv.lieu, email: inv.email, role: inv.role, expiresAt: inv.expiresAt.toISOString() }
    },

    /** The invitation is for one address: the account accepting it must have that address. */
    async accept(user: { id: string; email: string }, token: string) {
      const now = clock.now()
      const lieuId = await db.$transaction(async (tx) => {
        const inv = await tx.invitation.findUnique({ where: { tokenHash: hashToken(token) } })
        if (!inv || inv.acceptedAt || inv.revokedAt || inv.expiresAt <= now) throw new AppError('token_invalid', 'this invitation is invalid, used or expired')
        if (inv.email !== user.email) throw forbidden(`this invitation was sent to another address; log in as ${inv.email}`)
        const claimed = await tx.invitation.updateMany({ where: { id: inv.id, acceptedAt: null }, data: { acceptedAt: now } })
        if (claimed.count === 0) throw new AppError('token_invalid', 'this invitation was already used')
        const existing = await tx.lieuMembership.findUnique({ where: { lieuId_userId: { lieuId: inv.lieuId, userId: user.id } } })
        if (!existing) await tx.lieuMembership.create({ data: { lieuId: inv.lieuId, userId: user.id, role: inv.role } })
        // Accepting the e-mailed link proves the address.
        await tx.user.updateMany({ where: { id: user.id, emailVerifiedAt: null }, data: { emailVerifiedAt: now } })
        return inv.lieuId
      })
      return lieuService(deps).get(user.id, lieuId)
    },
  }
}
