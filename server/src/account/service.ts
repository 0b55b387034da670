import type { MeDto, UpdateProfileRequest } from '@fabrique/shared/auth/schema'
import type { AppDeps } from '../app-deps.ts'
import { AppError, notFound } from '../http/problem.ts'
import { hashPassword, verifyPassword } from '../auth/password.ts'
import { hashToken } from '../auth/tokens.ts'
import { mailTemplates } from '../mail/templates.ts'
import { accountRepo } from './repo.ts'

export function accountService(deps: AppDeps) {
  const repo = accountRepo(deps.db)
  const { db, sessions, mailer } = deps

  async function me(userId: string): Promise<MeDto> {
    const u = await repo.meRow(userId)
    if (!u) throw notFound('account')
    return {
      id: u.id,
      email: u.email,
      name: u.name,
      phone: u.phone,
      locale: u.locale,
      emailVerified: u.emailVerifiedAt !== null,
      visibleToCommunity: u.visibleToCommunity,
      lieux: u.lieuMemberships.map((m) => ({ ...m.lieu, role: m.role })),
      networks: u.networkRoles.map((n) => n.network),
      employers: u.employerRoles.map((e) => ({ id: e.employer.id, name: e.employer.name, role: e.role })),
    }
  }

  return {
    me,

    async updateProfile(userId: string, patch: UpdateProfileRequest) {
      await repo.update(userId, patch)
      return me(userId)
    },

    /** Changes the password and ends the account's other sessions (this one stays). */
    async changePassword(user: { id: string; sessionToken: string }, current: string, next: string) {
      const u = await db.user.findUniqueOrThrow({ where: { id: user.id } })
      if (!(await verifyPassword(u.passwordHash, current))) {
        throw new AppError('validation_failed', 'current password is wrong', {
          errors: [{ field: 'currentPassword', message: 'wrong password' }],
        })
      }
      await db.user.update({ where: { id: u.id }, data: { passwordHash: await hashPassword(next) } })
      await sessions.endOthers(u.id, user.sessionToken)
      deps.live.credentialsEnded({ userId: u.id, exceptSessionId: hashToken(user.sessionToken) })
      await mailer.enqueue(u.email, 'password_changed', mailTemplates.passwordChanged(u.locale, { name: u.name }))
    },

    async listSessions(user: { id: string; sessionId: string }) {
      const list = await sessions.list(user.id)
      return list.map((s) => ({
        // The stored id is a token hash: show only a prefix, enough to name it.
        id: s.id.slice(0, 16),
        current: s.id === user.sessionId,
        createdAt: s.createdAt.toISOString(),
        lastSeenAt: s.lastSeenAt.toISOString(),
        userAgent: s.userAgent,
      }))
    },

    async revokeSession(userId: string, idPrefix: string) {
      if (!/^[0-9a-f]{16}$/.test(idPrefix)) throw notFound('session')
      const ended = await db.session.findMany({ where: { userId, id: { startsWith: idPrefix } }, select: { id: true } })
      const r = await db.session.deleteMany({ where: { userId, id: { in: ended.map((s) => s.id) } } })
      if (r.count === 0) throw notFound('session')
      deps.live.credentialsEnded({ sessionIds: ended.map((s) => s.id) })
    },

    /** GDPR art. 15/20: everything we hold about the account, as JSON. */
    async exportData(userId: string) {
      const u = await repo.exportRow(userId)
      if (!u) throw notFound('account')
      return {
        exportedAt: deps.clock.now().toISOString(),
        account: {
          id: u.id,
          email: u.email,
          name: u.name,
          phone: u.phone,
          locale: u.locale,
          emailVerifiedAt: u.emailVerifiedAt?.toISOString() ?? null,
          visibleToCommunity: u.visibleToCommunity,
          createdAt: u.createdAt.toISOString(),
        },
        lieux: u.lieuMemberships.map((m) => ({ lieu: m.lieu.name, slug: m.lieu.slug, role: m.role, since: m.createdAt.toISOString() })),
        networks: u.networkRoles.map((n) => ({ network: n.network.name, role: 'coordinator' })),
        employers: u.employerRoles.map((e) => ({ employer: e.employer.name, role: e.role })),
        sessions: u.sessions.map((s) => ({ ...s, createdAt: s.createdAt.toISOString(), lastSeenAt: s.lastSeenAt.toISOString(), expiresAt: s.expiresAt.toISOString() })),
        emails: (await repo.emailsTo(u.email)).map((m) => ({ ...m, createdAt: m.createdAt.toISOString(), sentAt: m.sentAt?.toISOString() ?? null })),
      }
    },

    /** GDPR art. 17: deletes the account and what hangs on it; a lieu's last owner must hand over first. */
    async deleteAccount(user: { id: string }, password: string) {
      const u = await db.user.findUniqueOrThrow({ where: { id: user.id } })
      if (!(await verifyPassword(u.passwordHash, password))) {
        throw new AppError('validation_failed', 'password is wrong', { errors: [{ field: 'password', message: 'wrong password' }] })
      }
      const sole = await repo.soleOwnerships(u.id)
      if (sole.length) throw new AppError('last_owner', `you are the only owner of ${sole.join(', ')}: name another owner first`)
      await db.$transaction(async (tx) => {
        // The credit ledger is append-only; erasing its owner is the one exception (see the migration).
        await tx.$executeRaw`SELECT set_config('fabrique.erasing_user', ${u.id}, true)`
        await tx.outboxEmail.deleteMany({ where: { to: u.email } })
        await tx.invitation.deleteMany({ where: { email: u.email } })
        await tx.user.delete({ where: { id: u.id } })
      })
      deps.live.credentialsEnded({ userId: u.id })
    },
  }
}
