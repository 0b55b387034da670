import type { z } from 'zod'
import type { CreditEntry } from '@fabrique/prisma/client'
import type { CreditEntryDto, CreditsDto, ZCreditAdjustmentRequest } from '@fabrique/shared/billing/schema'
import type { AppDeps } from '../app-deps.ts'
import type { AuthedUser } from '../auth/session-middleware.ts'
import { transaction } from '../bookings/transaction.ts'
import { notFound } from '../http/problem.ts'
import { requireManager } from '../lieux/access.ts'
import { adjust } from './ledger.ts'

type AdjustmentInput = z.output<typeof ZCreditAdjustmentRequest>

const HISTORY = 200

export const toCreditEntryDto = (e: CreditEntry): CreditEntryDto => ({
  id: e.id,
  lieuId: e.lieuId,
  resourceKind: e.resourceKind,
  minutes: e.minutes,
  reason: e.reason,
  note: e.note,
  bookingId: e.bookingId,
  expiresAt: e.expiresAt?.toISOString() ?? null,
  createdAt: e.createdAt.toISOString(),
})

export function creditService(deps: AppDeps) {
  const { db, clock } = deps

  /** Balances and the newest entries (settled expiries of nothing left out). */
  async function credits(userId: string, lieuId?: string): Promise<CreditsDto> {
    const [balances, history] = await Promise.all([
      db.creditBalance.findMany({
        where: { userId, ...(lieuId ? { lieuId } : {}) },
        orderBy: [{ lieuId: 'asc' }, { resourceKind: 'asc' }],
      }),
      db.creditEntry.findMany({
        where: { userId, ...(lieuId ? { lieuId } : {}), minutes: { not: 0 } },
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        take: HISTORY,
      }),
    ])
    const lieux = await db.lieu.findMany({
      where: { id: { in: [...new Set(balances.map((b) => b.lieuId))] } },
      select: { id: true, name: true },
    })
    const name = new Map(lieux.map((l) => [l.id, l.name]))
    return {
      balances: balances.map((b) => ({
        lieuId: b.lieuId,
        lieuName: name.get(b.lieuId) ?? '',
        resourceKind: b.resourceKind,
        minutes: b.minutes,
      })),
      history: history.map(toCreditEntryDto),
    }
  }

  async function requireMemberOf(lieuId: string, userId: string) {
    const m = await db.lieuMembership.findUnique({ where: { lieuId_userId: { lieuId, userId } } })
    if (!m) throw notFound('member')
  }

  return {
    mine: (user: AuthedUser, lieuId?: string) => credits(user.id, lieuId),

    async ofMember(user: AuthedUser, lieuId: string, memberId: string) {
      await requireManager(db, user.id, lieuId)
      await requireMemberOf(lieuId, memberId)
      return credits(memberId, lieuId)
    },

    async adjust(user: AuthedUser, lieuId: string, memberId: string, input: AdjustmentInput) {
      await requireManager(db, user.id, lieuId)
      await requireMemberOf(lieuId, memberId)
      const r = await transaction(deps, (tx) =>
        adjust(
          tx,
          {
            userId: memberId,
            lieuId,
            resourceKind: input.resourceKind,
            minutes: input.minutes,
            reason: input.reason,
            createdById: user.id,
          },
          clock.now(),
        ),
      )
      return toCreditEntryDto(r.entry)
    },
  }
}
