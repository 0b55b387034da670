// Pools an employer buys from a lieu: what is on offer, buying (on the monthly invoice, or by card
// through Stripe Checkout), and the list. See docs/employers.md.
import type { z } from 'zod'
import { DateTime } from 'luxon'
import type { PoolDto, ZBuyPoolRequest } from '@fabrique/shared/employers/schema'
import type { PaymentStart } from '@fabrique/shared/billing/schema'
import type { AppDeps } from '../app-deps.ts'
import type { Db, Tx } from '../db/prisma.ts'
import { AppError } from '../http/problem.ts'
import { requireEmployerAdmin } from './access.ts'
import { requireManager } from '../lieux/access.ts'
import { unitsValue } from './cover.ts'
import { scheduleInvoiceRun } from './invoicing.ts'
import { startPoolCheckout } from './pool-checkout.ts'
import { grantPoolLieux } from './lieu-access.ts'

const MAX_VALIDITY_DAYS = 2 * 366

export const poolInclude = {
  sellerLieu: { select: { id: true, name: true, networkId: true, timeZone: true } },
} as const

type PoolRow = Awaited<ReturnType<typeof loadPools>>[number]

function loadPools(db: Db | Tx, where: NonNullable<Parameters<Db['employerPool']['findMany']>[0]>['where']) {
  return db.employerPool.findMany({ where, include: poolInclude, orderBy: [{ createdAt: 'desc' }] })
}

/** Rows → DTOs, with where each pool is valid (the seller, or every lieu of its network). */
export async function poolDtos(db: Db | Tx, rows: PoolRow[]): Promise<PoolDto[]> {
  const networkIds = [...new Set(rows.flatMap((p) => (p.scope === 'network' && p.networkId ? [p.networkId] : [])))]
  const lieux = networkIds.length
    ? await db.lieu.findMany({ where: { networkId: { in: networkIds } }, select: { id: true, name: true, networkId: true }, orderBy: { name: 'asc' } })
    : []
  return rows.map((p) => ({
    id: p.id,
    label: p.label,
    seller: { id: p.sellerLieu.id, name: p.sellerLieu.name },
    scope: p.scope,
    validAt:
      p.scope === 'network'
        ? lieux.filter((l) => l.networkId === p.networkId).map((l) => ({ id: l.id, name: l.name }))
        : [{ id: p.sellerLieu.id, name: p.sellerLieu.name }],
    unit: p.unit as 'day' | 'minute',
    resourceKind: (p.resourceKind as PoolDto['resourceKind']) ?? null,
    quantity: p.quantity,
    remaining: p.remaining,
    unitValueExclCents: p.unit === 'day' ? unitsValue(p, 1) : unitsValue(p, 60),
    vatRateBp: p.vatRateBp,
    validFrom: p.validFrom.toISOString(),
    validUntil: p.validUntil.toISOString(),
    billing: p.billing,
    status: p.status,
    createdAt: p.createdAt.toISOString(),
  }))
}

export function poolService(deps: AppDeps) {
  const { db, clock } = deps

  return {
    /** Pass products on sale at every lieu (or one), to buy as pools. */
    async offers(userId: string, employerId: string, lieuId?: string) {
      await requireEmployerAdmin(db, userId, employerId)
      const lieux = await db.lieu.findMany({
        where: { ...(lieuId && { id: lieuId }), passProducts: { some: { archivedAt: null } } },
        select: {
          id: true,
          name: true,
          vatExempt: true,
          network: { select: { id: true, name: true } },
          passProducts: { where: { archivedAt: null }, orderBy: [{ kind: 'asc' }, { priceCents: 'asc' }] },
        },
        orderBy: { name: 'asc' },
      })
      return lieux.map((l) => ({
        lieu: { id: l.id, name: l.name, network: l.network },
        products: l.passProducts.map((p) => ({
          id: p.id,
          name: p.name,
          kind: p.kind,
          priceCents: p.priceCents,
          vatRateBp: l.vatExempt ? 0 : p.vatRateBp,
          quantity: p.quantity,
          resourceKind: (p.resourceKind as 'desk' | 'room' | 'machine' | 'zone' | null) ?? null,
          validityDays: p.validityDays,
        })),
      }))
    },

    /** Pools the lieu sold (managers): to whom, where valid, what is left. */
    async soldBy(userId: string, lieuId: string) {
      await requireManager(db, userId, lieuId)
      const rows = await db.employerPool.findMany({
        where: { sellerLieuId: lieuId, status: { not: 'cancelled' } },
        include: { ...poolInclude, employer: { select: { id: true, name: true } } },
        orderBy: [{ createdAt: 'desc' }],
      })
      const dtos = await poolDtos(db, rows)
      return dtos.map((d, i) => ({ ...d, employer: rows[i]!.employer }))
    },

    async list(userId: string, employerId: string): Promise<PoolDto[]> {
      await requireEmployerAdmin(db, userId, employerId)
      return poolDtos(db, await loadPools(db, { employerId, status: { not: 'cancelled' } }))
    },

    /**
     * Buys `count` of a lieu's pass product as a pool. Monthly billing: usable at once, what it
     * pays for is invoiced at the end of each month. Card: pending until Stripe confirms the
     * payment (the pool, then its invoice, come with the webhook).
     */
    async buy(actor: { id: string; email: string; name: string }, employerId: string, input: z.output<typeof ZBuyPoolRequest> & { validUntil?: string }): Promise<{ pool: PoolDto; payment: PaymentStart | null }> {
      await requireEmployerAdmin(db, actor.id, employerId)
      const product = await db.passProduct.findUnique({
        where: { id: input.productId },
        include: { lieu: { select: { id: true, name: true, networkId: true, timeZone: true, vatExempt: true } } },
      })
      if (!product || product.archivedAt) {
        throw new AppError('not_found', 'pass product not found', { errors: [{ field: 'productId', message: 'no such pass product on sale' }] })
      }
      const lieu = product.lieu
      if (input.scope === 'network' && !lieu.networkId) {
        throw new AppError('validation_failed', 'this lieu belongs to no network', { errors: [{ field: 'scope', message: 'the lieu belongs to no network: choose lieu' }] })
      }
      if (input.billing === 'card' && !deps.config.stripe) {
        throw new AppError('card_payments_unavailable', 'card payments are not configured: buy on the monthly invoice')
      }
      const now = clock.now()
      const today = DateTime.fromJSDate(now, { zone: lieu.timeZone }).startOf('day')
      const until = input.validUntil ? DateTime.fromISO(input.validUntil, { zone: lieu.timeZone }).plus({ days: 1 }) : today.plus({ years: 1 })
      if (until < today.plus({ days: 1 }) || until.diff(today, 'days').days > MAX_VALIDITY_DAYS) {
        throw new AppError('validation_failed', 'invalid validity', { errors: [{ field: 'validUntil', message: 'a day from today to two years ahead' }] })
      }
      const pool = await db.$transaction(async (tx) => {
        const created = await tx.employerPool.create({
          data: {
            employerId,
            sellerLieuId: lieu.id,
            productId: product.id,
            scope: input.scope,
            networkId: input.scope === 'network' ? lieu.networkId : null,
            unit: product.kind === 'hour_pack' ? 'minute' : 'day',
            resourceKind: product.resourceKind,
            productCount: input.count,
            quantity: input.count * product.quantity,
            remaining: input.count * product.quantity,
            productPriceCents: product.priceCents,
            productQuantity: product.quantity,
            vatRateBp: lieu.vatExempt ? 0 : product.vatRateBp,
            label: `${input.count} × ${product.name}${input.scope === 'network' ? ' (réseau)' : ''}`,
            validFrom: now,
            validUntil: until.toJSDate(),
            billing: input.billing,
            status: input.billing === 'monthly' ? 'active' : 'pending',
            createdById: actor.id,
            createdAt: now,
          },
          include: poolInclude,
        })
        if (input.billing === 'monthly') {
          await scheduleInvoiceRun(deps, tx, employerId, lieu.id, now, lieu.timeZone)
          await grantPoolLieux(tx, employerId, now)
        }
        return created
      })
      const payment =
        input.billing === 'card'
          ? await startPoolCheckout(deps, { pool, lieu, buyer: actor, employerId })
          : null
      return { pool: (await poolDtos(db, [pool]))[0]!, payment }
    },
  }
}
