import type { z } from 'zod'
import type {
  ZBuyPassRequest,
  ZCreatePassProductRequest,
  ZDropInPassRequest,
  ZSellPassRequest,
  ZUpdatePassProductRequest,
} from '@fabrique/shared/billing/schema'
import { priceInclCents } from '@fabrique/shared/billing/entitlements'
import type { AppDeps } from '../app-deps.ts'
import type { AuthedUser } from '../auth/session-middleware.ts'
import { transaction } from '../bookings/transaction.ts'
import { AppError, forbidden, notFound } from '../http/problem.ts'
import { canManage, lieuAccess, requireManager } from '../lieux/access.ts'
import { paymentProvider } from '../payments/manual.ts'
import { stripeClient } from '../payments/stripe.ts'
import { invalid } from '../plans/service.ts'
import { paymentDate } from '../subscriptions/service.ts'
import { passInclude, toPassDto, toPassProductDto } from './dto.ts'
import { sellPass } from './sell.ts'

type CreateInput = z.output<typeof ZCreatePassProductRequest>
type UpdateInput = Partial<z.output<typeof ZUpdatePassProductRequest>>
type SellInput = z.output<typeof ZSellPassRequest>
type BuyInput = z.output<typeof ZBuyPassRequest>
type DropInInput = z.output<typeof ZDropInPassRequest>

const cardUnavailable = () =>
  new AppError(
    'card_payments_unavailable',
    'card payments are not configured here: buy the pass at the counter',
  )

export function passService(deps: AppDeps) {
  const { db, clock } = deps
  const lieuOf = (lieuId: string) =>
    db.lieu.findUniqueOrThrow({
      where: { id: lieuId },
      select: { id: true, timeZone: true, vatExempt: true },
    })

  /** A product on sale in the lieu (else a validation error on productId, as for an unknown one). */
  async function onSale(lieuId: string, productId: string) {
    const product = await db.passProduct.findFirst({ where: { id: productId, lieuId } })
    if (!product) throw invalid([{ field: 'productId', message: 'no such pass in this lieu' }])
    if (product.archivedAt) throw invalid([{ field: 'productId', message: 'this pass is no longer sold' }])
    return product
  }

  /** Starts a card payment (Stripe Checkout): nothing is written here; the webhook sells the pass once paid. */
  async function startCardPurchase(
    lieu: { id: string; name: string; vatExempt: boolean },
    product: Awaited<ReturnType<typeof onSale>>,
    buyer: { userId: string | null; email: string; name: string },
    returnPath?: string,
  ) {
    const payment = await paymentProvider(deps).startPassPurchase({
      lieu: { id: lieu.id, name: lieu.name },
      product: {
        id: product.id,
        name: product.name,
        priceInclCents: priceInclCents(product.priceCents, product.vatRateBp, lieu.vatExempt),
      },
      buyer,
      ...(returnPath ? { returnPath } : {}),
    })
    return { payment }
  }

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

    /** A member of the lieu buys a pass by card: answers the Checkout URL. */
    async buyByCard(user: AuthedUser, lieuId: string, input: BuyInput) {
      await lieuAccess(db, user.id, lieuId)
      const m = await db.lieuMembership.findUnique({
        where: { lieuId_userId: { lieuId, userId: user.id } },
        include: {
          user: { select: { email: true, name: true } },
          lieu: { select: { id: true, name: true, vatExempt: true } },
        },
      })
      if (!m) throw forbidden('join the lieu before buying a pass')
      if (!stripeClient(deps)) throw cardUnavailable()
      const product = await onSale(lieuId, input.productId)
      return startCardPurchase(m.lieu, product, { userId: user.id, email: m.user.email, name: m.user.name })
    },

    /**
     * A drop-in (no account, no login) buys a pass of a lieu by card with an e-mail address. Rate
     * limited per client address; no account is looked up or revealed: the pass is tied to the
     * address (GET /me/passes shows it to whoever verifies an account with it).
     */
    async dropInByCard(slug: string, input: DropInInput, ip: string) {
      await deps.limiters.dropInCheckout.consume(ip)
      if (!/^[a-z0-9-]{1,60}$/.test(slug)) throw notFound('lieu')
      const lieu = await db.lieu.findUnique({
        where: { slug },
        select: { id: true, name: true, vatExempt: true },
      })
      if (!lieu) throw notFound('lieu')
      if (!stripeClient(deps)) throw cardUnavailable()
      const product = await onSale(lieu.id, input.productId)
      return startCardPurchase(
        lieu,
        product,
        { userId: null, email: input.email, name: input.name ?? input.email },
        `/l/${slug}/pass`,
      )
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
