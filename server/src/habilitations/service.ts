import type { FieldIssue } from '@fabrique/shared/errors'
import type { AppDeps } from '../app-deps.ts'
import { prismaCode } from '../db/prisma.ts'
import { AppError, notFound } from '../http/problem.ts'
import { lieuAccess, requireManager } from '../lieux/access.ts'
import { toGrantDto, toHabilitationDto, toMyGrantDto, toShiftDto } from './dto.ts'
import { habilitationRepo } from './repo.ts'

const DAY = 86_400_000
/** Default period of the shift list, and the longest one may ask for. */
export const SHIFT_LIST_DEFAULT_DAYS = 14
export const SHIFT_LIST_MAX_DAYS = 92
/** The longest shift (a typo in a year should not put a référent on site for months). */
export const SHIFT_MAX_DAYS = 31

const invalid = (where: 'body' | 'query', errors: FieldIssue[]) =>
  new AppError(
    'validation_failed',
    `invalid ${where}: ${[...new Set(errors.map((e) => e.field))].join(', ')}`,
    { errors },
  )
const nameTaken = () =>
  new AppError('conflict', 'a habilitation of this lieu already has this name', {
    errors: [{ field: 'name', message: 'already in use in this lieu' }],
  })

export function habilitationService(deps: AppDeps) {
  const { db, clock } = deps
  const repo = habilitationRepo(db)

  async function habilitationOf(lieuId: string, id: string) {
    const h = await repo.inLieu(lieuId, id)
    if (!h) throw notFound('habilitation')
    return h
  }

  return {
    async list(userId: string, lieuId: string) {
      await lieuAccess(db, userId, lieuId)
      return (await repo.list(lieuId)).map(toHabilitationDto)
    },

    async create(userId: string, lieuId: string, input: { name: string; description: string }) {
      await requireManager(db, userId, lieuId)
      try {
        return toHabilitationDto(
          await repo.create({ lieuId, name: input.name, description: input.description }),
        )
      } catch (e) {
        if (prismaCode(e) === 'P2002') throw nameTaken()
        throw e
      }
    },

    async update(userId: string, lieuId: string, id: string, input: { name?: string; description?: string }) {
      await requireManager(db, userId, lieuId)
      await habilitationOf(lieuId, id)
      try {
        return toHabilitationDto(await repo.update(id, input))
      } catch (e) {
        if (prismaCode(e) === 'P2002') throw nameTaken()
        throw e
      }
    },

    async grants(userId: string, lieuId: string, habilitationId: string) {
      await requireManager(db, userId, lieuId)
      await habilitationOf(lieuId, habilitationId)
      const now = clock.now()
      return (await repo.grants(habilitationId)).map((g) => toGrantDto(g, now))
    },

    /** Grants the habilitation to a member; a grant they still hold is replaced (revoked now). */
    async grant(
      byId: string,
      lieuId: string,
      habilitationId: string,
      input: { userId: string; expiresAt: string | null },
    ) {
      await requireManager(db, byId, lieuId)
      await habilitationOf(lieuId, habilitationId)
      const now = clock.now()
      const errors: FieldIssue[] = []
      // Someone who is not a member, or no one: the same answer.
      if (!(await repo.isMember(lieuId, input.userId)))
        errors.push({ field: 'userId', message: 'not a member of this lieu' })
      const expiresAt = input.expiresAt === null ? null : new Date(input.expiresAt)
      if (expiresAt && expiresAt <= now) errors.push({ field: 'expiresAt', message: 'must be in the future' })
      if (errors.length) throw invalid('body', errors)
      const row = await db.$transaction(async (tx) => {
        const r = habilitationRepo(tx)
        await r.lock(habilitationId)
        await r.revokeActive(habilitationId, input.userId, now)
        return r.createGrant({
          habilitationId,
          userId: input.userId,
          grantedById: byId,
          grantedAt: now,
          expiresAt,
        })
      })
      return toGrantDto(row, now)
    },

    /** Revokes a grant (kept, with its revocation instant); revoking it again changes nothing. */
    async revoke(userId: string, lieuId: string, habilitationId: string, grantId: string) {
      await requireManager(db, userId, lieuId)
      await habilitationOf(lieuId, habilitationId)
      const g = await repo.grantIn(habilitationId, grantId)
      if (!g) throw notFound('grant')
      if (g.revokedAt === null) await repo.revoke(grantId, clock.now())
    },

    async myGrants(userId: string) {
      const now = clock.now()
      return (await repo.grantsOf(userId)).map((g) => toMyGrantDto(g, now))
    },

    async shifts(userId: string, lieuId: string, q: { from?: string; to?: string }) {
      await lieuAccess(db, userId, lieuId)
      const from = q.from ? new Date(q.from) : clock.now()
      const to = q.to ? new Date(q.to) : new Date(from.getTime() + SHIFT_LIST_DEFAULT_DAYS * DAY)
      if (to <= from) throw invalid('query', [{ field: 'to', message: 'must be after from' }])
      if (to.getTime() - from.getTime() > SHIFT_LIST_MAX_DAYS * DAY) {
        throw invalid('query', [{ field: 'to', message: `at most ${SHIFT_LIST_MAX_DAYS} days after from` }])
      }
      return (await repo.shifts(lieuId, from, to)).map(toShiftDto)
    },

    /** A référent's shift: they must hold a valid grant of the habilitation when it starts. */
    async addShift(
      byId: string,
      lieuId: string,
      input: { userId: string; habilitationId: string; startsAt: string; endsAt: string },
    ) {
      await requireManager(db, byId, lieuId)
      const startsAt = new Date(input.startsAt)
      const endsAt = new Date(input.endsAt)
      const errors: FieldIssue[] = []
      if (endsAt.getTime() - startsAt.getTime() > SHIFT_MAX_DAYS * DAY)
        errors.push({ field: 'endsAt', message: `a shift lasts at most ${SHIFT_MAX_DAYS} days` })
      if (!(await repo.inLieu(lieuId, input.habilitationId)))
        errors.push({ field: 'habilitationId', message: 'no such habilitation in this lieu' })
      if (!(await repo.isMember(lieuId, input.userId)))
        errors.push({ field: 'userId', message: 'not a member of this lieu' })
      if (errors.length) throw invalid('body', errors)
      if (!(await repo.hasValidGrant(input.userId, input.habilitationId, startsAt))) {
        throw new AppError(
          'habilitation_missing',
          'the référent holds no valid grant of this habilitation when the shift starts',
          {
            errors: [
              { field: 'userId', message: 'no valid grant of this habilitation at the shift’s start' },
            ],
          },
        )
      }
      return toShiftDto(
        await repo.createShift({
          lieuId,
          habilitationId: input.habilitationId,
          userId: input.userId,
          startsAt,
          endsAt,
        }),
      )
    },

    async deleteShift(userId: string, lieuId: string, shiftId: string) {
      await requireManager(db, userId, lieuId)
      const r = await repo.deleteShift(lieuId, shiftId)
      if (r.count === 0) throw notFound('shift')
    },
  }
}
