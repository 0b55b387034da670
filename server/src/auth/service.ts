import type { Request, Response } from 'express'
import type { z } from 'zod'
import type { ZLoginRequest, ZPasswordResetConfirm, ZRegisterRequest } from '@fabrique/shared/auth/schema'
import type { AppDeps } from '../app-deps.ts'
import { AppError } from '../http/problem.ts'
import { mailTemplates } from '../mail/templates.ts'
import { burnPasswordCheck, hashPassword, verifyPassword } from './password.ts'
import { hashToken, newToken } from './tokens.ts'
import { emailTokenRepo, userRepo } from './user-repo.ts'

const VERIFY_TTL_MS = 48 * 3600_000
const RESET_TTL_MS = 3600_000

export function authService(deps: AppDeps) {
  const { db, clock, mailer, config, limiters, sessions } = deps
  const users = userRepo(db)
  const tokens = emailTokenRepo(db)
  const link = (path: string, token: string) => `${config.appOrigin}${path}?token=${encodeURIComponent(token)}`

  async function sendVerification(user: { id: string; email: string; name: string; locale: 'fr' | 'en' }) {
    const token = newToken()
    await db.$transaction(async (tx) => {
      await emailTokenRepo(tx).create({
        userId: user.id,
        purpose: 'verify_email',
        tokenHash: hashToken(token),
        expiresAt: new Date(clock.now().getTime() + VERIFY_TTL_MS),
      })
      await mailer.enqueue(user.email, 'verify_email', mailTemplates.verifyEmail(user.locale, { name: user.name, link: link('/verifier', token) }), tx)
    })
    void mailer.flush()
  }

  return {
    /**
     * Registration answers the same whether or not the address is known (no account enumeration);
     * the owner of an existing account gets an e-mail saying so instead.
     */
    async register(input: z.output<typeof ZRegisterRequest>, ip: string) {
      await limiters.register.consume(ip)
      const existing = await users.byEmail(input.email)
      if (existing) {
        await mailer.enqueue(existing.email, 'account_exists', mailTemplates.accountExists(existing.locale, { name: existing.name, link: `${config.appOrigin}/connexion` }))
        return
      }
      const passwordHash = await hashPassword(input.password)
      let user
      try {
        user = await users.create({ email: input.email, passwordHash, name: input.name, locale: input.locale })
      } catch (e) {
        // The unique index on email settles a concurrent double registration.
        if ((e as { code?: string }).code === 'P2002') return
        throw e
      }
      await sendVerification(user)
    },

    async resendVerification(email: string, ip: string) {
      await limiters.verificationResend.consume(`${ip}|${email}`)
      const user = await users.byEmail(email)
      if (user && !user.emailVerifiedAt) await sendVerification(user)
    },

    async verifyEmail(token: string, req: Request, res: Response) {
      const t = await tokens.consume(hashToken(token), 'verify_email', clock.now())
      if (!t) throw new AppError('token_invalid', 'this verification link is invalid, used or expired')
      await users.markVerified(t.userId, clock.now())
      await sessions.start(res, req, t.userId)
      return t.userId
    },

    async login(input: z.output<typeof ZLoginRequest>, req: Request, res: Response, currentToken?: string) {
      const ip = req.ip ?? 'unknown'
      await limiters.loginPerIp.consume(ip)
      await limiters.loginPerAccount.consume(`${ip}|${input.email}`)
      const user = await users.byEmail(input.email)
      if (!user) {
        await burnPasswordCheck(input.password)
        throw new AppError('invalid_credentials', 'wrong e-mail or password')
      }
      if (!(await verifyPassword(user.passwordHash, input.password))) {
        throw new AppError('invalid_credentials', 'wrong e-mail or password')
      }
      if (!user.emailVerifiedAt) throw new AppError('email_not_verified', 'confirm your e-mail address first (we can send the link again)')
      await limiters.loginPerAccount.reset(`${ip}|${input.email}`)
      await sessions.start(res, req, user.id, currentToken)
      return user.id
    },

    async requestPasswordReset(email: string, ip: string) {
      await limiters.passwordReset.consume(ip)
      await limiters.passwordReset.consume(`email|${email}`)
      const user = await users.byEmail(email)
      if (!user) return
      const token = newToken()
      await db.$transaction(async (tx) => {
        await emailTokenRepo(tx).create({
          userId: user.id,
          purpose: 'reset_password',
          tokenHash: hashToken(token),
          expiresAt: new Date(clock.now().getTime() + RESET_TTL_MS),
        })
        await mailer.enqueue(user.email, 'reset_password', mailTemplates.resetPassword(user.locale, { name: user.name, link: link('/reinitialiser', token) }), tx)
      })
      void mailer.flush()
    },

    /** Sets the new password and ends every session of the account (a reset means "not me"). */
    async confirmPasswordReset(input: z.output<typeof ZPasswordResetConfirm>) {
      const passwordHash = await hashPassword(input.password)
      const now = clock.now()
      const user = await db.$transaction(async (tx) => {
        const t = await emailTokenRepo(tx).consume(hashToken(input.token), 'reset_password', now)
        if (!t) throw new AppError('token_invalid', 'this reset link is invalid, used or expired')
        await emailTokenRepo(tx).invalidateAll(t.userId, 'reset_password', now)
        const before = await tx.user.findUniqueOrThrow({ where: { id: t.userId } })
        // Following the link proves the address too.
        const u = await tx.user.update({
          where: { id: t.userId },
          data: { passwordHash, emailVerifiedAt: before.emailVerifiedAt ?? now },
        })
        await tx.session.deleteMany({ where: { userId: u.id } })
        await mailer.enqueue(u.email, 'password_changed', mailTemplates.passwordChanged(u.locale, { name: u.name }), tx)
        return u
      })
      void mailer.flush()
      deps.live.credentialsEnded({ userId: user.id })
      return user.id
    },
  }
}
