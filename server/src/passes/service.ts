import type { z } from 'zod'
import type {
  ZCreatePassProductRequest,
  ZSellPassRequest,
  ZUpdatePassProductRequest,
} from '@fabrique/shared/billing/schema'
import type { AppDeps } from '../app-deps.ts'
import type { AuthedUser } from '../auth/session-middleware.ts'
import { transaction } from '../bookings/transaction.ts'
import { notFound } from '../http/problem.ts'
import { canManage, lieuAccess, requireManager } from '../lieux/access.ts'
import { invalid } from '../plans/service.ts'
import { paymentDate } from '../subscriptions/service.ts'
import { passInclude, toPassDto, toPassProductDto } from './dto.ts'
import { sellPass } from './sell.ts'

type CreateInput = z.output<typeof ZCreatePassProductRequest>
type UpdateInput = Partial<z.output<typeof ZUpdatePassProductRequest>>
type SellInput = z.output<typeof ZSellPassRequest>

export function passService(deps: AppDeps) {
  const { db, clock } = deps
  const lieuOf = (lieuId: string) =>
    db.lieu.findUniqueOrThrow({
      where: { id: lieuId },
      select: { id: true, timeZone: true, vatExempt: true },
    })

  return {
    async listProducts(user: AuthedUser, lieuId: string, includeArchived: boolean) {
      const access = await lieuAccess(db, user.id, lieuId)
      const lieu = await lieuOf(lieuId)
      const rows = await db.passProduct.findMany({
        where: { lieuId, ...(includeArchived && canManage(access) ? {} : { archivedAt: null }) },
        orderBy: [{ kind: 'asc' }, { priceCents: 'asc' }, { name: 'asc' }],
      })
      return rows.map((p) => toPassProductDto(p, lieu.vatExempt))
    },

    async listPublicProducts(slug: string) {
      if (!/^[a-z0-9-]{1,60}$/.test(slug)) throw notFound('lieu')
      const lieu = await db.lieu.findUnique({ where: { slug }, select: { id: true, vatExempt: true } })
      if (!lieu) throw notFound('lieu')
      const rows = await db.passProduct.findMany({
        where: { lieuId: lieu.id, archivedAt: null },
        orderBy: [{ kind: 'asc' }, { priceCents: 'asc' }],
      })
      return rows.map((p) => toPassProductDto(p, lieu.vatExempt))
    },

    async createProduct(user: AuthedUser, lieuId: string, input: CreateInput) {
      await requireManager(db, user.id, lieuId)
      const lieu = await lieuOf(lieuId)
      const row = await db.passProduct.create({
        data: {
          lieuId,
          kind: input.kind,
          name: input.name,
          priceCents: input.priceCents,
          vatRateBp: input.vatRateBp,
          quantity: input.quantity ?? 1,
          resourceKind: input.resourceKind,
          validityDays: input.validityDays,
        },
      })
      return toPassProductDto(row, lieu.vatExempt)
    },

    async updateProduct(user: AuthedUser, lieuId: string, productId: string, input: UpdateInput) {
      await requireManager(db, user.id, lieuId)
      const row = await db.passProduct.findFirst({ where: { id: productId, lieuId } })
      if (!row) throw notFound('pass product')
      const updated = await db.passProduct.update({
        where: { id: productId },
        data: {
          ...(input.name !== undefined && { name: input.name }),
          ...(input.priceCents !== undefined && { priceCents: input.priceCents }),
          ...(input.vatRateBp !== undefined && { vatRateBp: input.vatRateBp }),
          ...(input.validityDays !== undefined && { validityDays: input.validityDays }),
          ...(input.archived === true && row.archivedAt === null && { archivedAt: clock.now() }),
          ...(input.archived === false && { archivedAt: null }),
        },
      })
      return toPassProductDto(updated, (await lieuOf(lieuId)).vatExempt)
    },

    /** A manager records a sale (to a member, or to a drop-in by e-mail): the pass and its invoice in one transaction. */
    async sell(user: AuthedUser, lieuId: string, input: SellInput) {
      await requireManager(db, user.id, lieuId)
      const now = clock.now()
      const paidAt = paymentDate(input.paidAt, now)
      const product = await db.passProduct.findFirst({ where: { id: input.productId, lieuId } })
      if (!product) throw invalid([{ field: 'productId', message: 'no such pass in this lieu' }])
      if (product.archivedAt) throw invalid([{ field: 'productId', message: 'this pass is no longer sold' }])
      let buyer: { userId: string | null; email: string; name: string }
      if (input.userId) {
        const m = await db.lieuMembership.findUnique({
          where: { lieuId_userId: { lieuId, userId: input.userId } },
          include: { user: true },
        })
        if (!m) throw invalid([{ field: 'userId', message: 'not a member of this lieu' }])
        buyer = { userId: m.userId, email: m.user.email, name: m.user.name }
      } else {
        // A drop-in: the pass is tied to the address only (an account with it sees it once verified).
        buyer = { userId: null, email: input.email!, name: input.name ?? input.email! }
      }
      const lieu = await lieuOf(lieuId)
      const { pass, invoice } = await transaction(deps, (tx) =>
        sellPass(
          deps,
          tx,
          {
            lieu,
            product,
            userId: buyer.userId,
            email: buyer.email,
            buyerName: buyer.name,
            payment: { method: input.method, paidAt },
          },
          now,
        ),
      )
      return { pass: toPassDto(pass, now), invoice }
    },

    async listForLieu(user: AuthedUser, lieuId: string) {
      await requireManager(db, user.id, lieuId)
      const rows = await db.pass.findMany({
        where: { product: { lieuId } },
        include: passInclude,
        orderBy: [{ createdAt: 'desc' }, { id: 'asc' }],
        take: 500,
      })
      return rows.map((p) => toPassDto(p, clock.now()))
    },

    /** My passes, and the drop-in passes sold to my address once it is verified. */
    async mine(user: AuthedUser) {
      const me = await db.user.findUniqueOrThrow({
        where: { id: user.id },
        select: { email: true, emailVerifiedAt: true },
      })
      const rows = await db.pass.findMany({
        where: {
          OR: [{ userId: user.id }, ...(me.emailVerifiedAt ? [{ userId: null, email: me.email }] : [])],
        },
        include: passInclude,
        orderBy: [{ createdAt: 'desc' }, { id: 'asc' }],
      })
      return rows.map((p) => toPassDto(p, clock.now()))
    },
  }
}
