import type { z } from 'zod'
import type { ZBookingListQuery, ZCreateBookingRequest, ZMoveBookingRequest } from '@fabrique/shared/bookings/schema'
import { effectiveRules } from '@fabrique/shared/resources/rules'
import type { AppDeps } from '../app-deps.ts'
import type { Tx } from '../db/prisma.ts'
import { AppError, forbidden, notFound } from '../http/problem.ts'
import { canManage, lieuAccess, managesLieu, type LieuAccess } from '../lieux/access.ts'
import { heldRange } from '../availability/booking-rules.ts'
import { loadResourceContext, type ResourceContext } from './context.ts'
import { bookingInclude, toBookingDto, type BookingRow } from './dto.ts'
import { checkPlacement, findConflict, placeInTransaction, type Placement } from './engine.ts'
import { assertIdempotencyKey, idempotent, isReplay, requestHash } from './idempotency.ts'
import { offerFreedSlot } from './waitlist.ts'
import { transaction } from './transaction.ts'
import { afterBookingWrite } from './notify.ts'
import { planningRows } from './planning-repo.ts'
import { releasePayment } from '../pricing/booking-payment.ts'

type Actor = { id: string }
type CreateInput = z.output<typeof ZCreateBookingRequest>

/** The caller's standing for a resource: its lieu role, or a drop-in on a public resource. */
export async function accessFor(deps: AppDeps, actor: Actor, ctx: ResourceContext): Promise<LieuAccess | 'public'> {
  try {
    return await lieuAccess(deps.db, actor.id, ctx.lieuId)
  } catch (e) {
    if (ctx.rules.whoMayBook === 'public' && !ctx.archived) return 'public'
    throw e
  }
}

const isMemberRole = (a: LieuAccess | 'public') => a === 'owner' || a === 'manager' || a === 'member'

export async function resourceOrNotFound(deps: AppDeps, resourceId: string) {
  const ctx = await loadResourceContext(deps.db, resourceId)
  if (!ctx) throw new AppError('not_found', 'resource not found', { errors: [{ field: 'resourceId', message: 'no such resource' }] })
  return ctx
}

/**
 * Who the booking is for: the caller, or (managers only) a member of the lieu named by forUserId.
 * Returns the placement's people and whether the member belongs to the lieu.
 */
async function people(deps: AppDeps, actor: Actor, ctx: ResourceContext, access: LieuAccess | 'public', forUserId?: string) {
  const asManager = access !== 'public' && canManage(access)
  if (!forUserId || forUserId === actor.id) return { userId: actor.id, asManager, isMember: isMemberRole(access) }
  if (!asManager) throw forbidden('only managers book on behalf of a member')
  const m = await deps.db.lieuMembership.findUnique({ where: { lieuId_userId: { lieuId: ctx.lieuId, userId: forUserId } } })
  if (!m) throw new AppError('validation_failed', 'this person is not a member of the lieu', { errors: [{ field: 'forUserId', message: 'not a member of the lieu' }] })
  return { userId: forUserId, asManager, isMember: true }
}

export function bookingService(deps: AppDeps) {
  const { db, clock } = deps
  const dto = (b: BookingRow, ctx: { rules: { cancellationDeadlineMinutes: number } }) => toBookingDto(b, ctx.rules.cancellationDeadlineMinutes)

  /** A booking the caller may act on: their own, or any of a lieu they manage. Others' are 404. */
  async function ownOrManaged(actor: Actor, bookingId: string) {
    const b = await db.booking.findUnique({ where: { id: bookingId }, include: bookingInclude })
    if (!b) throw notFound('booking')
    const manager = await managesLieu(db, actor.id, b.lieuId)
    if (b.userId !== actor.id && !manager) throw notFound('booking')
    const ctx = (await loadResourceContext(db, b.resourceId))!
    return { b, ctx, manager }
  }

  async function transition(actor: Actor, bookingId: string, apply: (x: Awaited<ReturnType<typeof ownOrManaged>>, tx: Tx) => Promise<{ freed?: boolean; event?: 'cancelled' | 'confirmed' }>) {
    const found = await ownOrManaged(actor, bookingId)
    const outcome = await transaction(deps, async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`resource:${found.b.resourceId}`}, 0))`
      // Re-read under the lock: the state may have changed since.
      const fresh = await tx.booking.findUniqueOrThrow({ where: { id: bookingId }, include: bookingInclude })
      const r = await apply({ ...found, b: fresh }, tx)
      if (r.freed) await offerFreedSlot(deps, tx, found.ctx, fresh.startsAt, fresh.endsAt)
      if (r.event) await afterBookingWrite(deps, tx, r.event, fresh.id, found.ctx)
      return r
    })
    void outcome
    deps.live.lieuChanged(found.b.lieuId)
    const b = await db.booking.findUniqueOrThrow({ where: { id: bookingId }, include: bookingInclude })
    return dto(b, found.ctx)
  }

  const invalid = (b: BookingRow, action: string) => new AppError('invalid_transition', `a ${b.status} booking cannot be ${action}`)

  return {
    /** Books a slot. With an Idempotency-Key, a replay answers the same and books nothing more. */
    async create(actor: Actor, input: CreateInput, key: string | undefined) {
      const ctx = await resourceOrNotFound(deps, input.resourceId)
      const access = await accessFor(deps, actor, ctx).catch(() => {
        throw new AppError('not_found', 'resource not found', { errors: [{ field: 'resourceId', message: 'no such resource' }] })
      })
      const who = await people(deps, actor, ctx, access, input.forUserId)
      const placement: Placement = {
        ctx,
        userId: who.userId,
        actorId: actor.id,
        asManager: who.asManager,
        start: new Date(input.startsAt),
        end: new Date(input.endsAt),
        seats: input.seats,
        note: input.note,
        paidBy: input.paidBy,
        employerId: input.employerId,
      }
      const hash = requestHash({ op: 'create-booking', ...input, startsAt: placement.start.toISOString(), endsAt: placement.end.toISOString() })
      assertIdempotencyKey(key)
      // A replay is answered from what was stored, whatever the rules or the planning say now.
      if (!(await isReplay(deps, actor.id, key))) {
        await checkPlacement(deps, placement, who.isMember)
        // The losers of a race learn it here without queueing for the lock; the locked check
        // decides. A booking seen here committed with its key, so re-checking for a replay is exact.
        const early = await findConflict(deps, db, placement)
        if (early && !(await isReplay(deps, actor.id, key))) throw early
      }
      const result = await idempotent(deps, actor.id, key, hash, async (tx) => {
        const b = await placeInTransaction(deps, tx, placement)
        await afterBookingWrite(deps, tx, 'created', b.id, ctx)
        return { status: 201, body: dto(b, ctx) }
      })
      deps.live.lieuChanged(ctx.lieuId)
      return result
    },

    async get(actor: Actor, bookingId: string) {
      const { b, ctx } = await ownOrManaged(actor, bookingId)
      return dto(b, ctx)
    },

    async listMine(actor: Actor, q: z.output<typeof ZBookingListQuery>) {
      const rows = await db.booking.findMany({
        where: {
          userId: actor.id,
          ...(q.status && { status: q.status }),
          ...(q.resourceId && { resourceId: q.resourceId }),
          ...(q.from && { endsAt: { gt: new Date(q.from) } }),
          ...(q.to && { startsAt: { lt: new Date(q.to) } }),
        },
        include: { ...bookingInclude, resource: { select: { id: true, name: true, kind: true, rules: true, lieu: { select: { bookingRules: true } } } } },
        orderBy: { startsAt: 'asc' },
        take: 500,
      })
      return rows.map((b) => toBookingDto({ ...b, resource: { id: b.resource.id, name: b.resource.name, kind: b.resource.kind } }, effectiveRules(b.resource.lieu.bookingRules, b.resource.rules).cancellationDeadlineMinutes))
    },

    /** A lieu's bookings (managers): the planning. */
    async listForLieu(actor: Actor, lieuId: string, q: z.output<typeof ZBookingListQuery>) {
      const access = await lieuAccess(db, actor.id, lieuId)
      if (!canManage(access)) throw forbidden('only managers see every booking')
      const rows = await planningRows(db, lieuId, q)
      const lieu = await db.lieu.findUniqueOrThrow({ where: { id: lieuId }, select: { bookingRules: true } })
      const deadline = effectiveRules(lieu.bookingRules, {}).cancellationDeadlineMinutes
      return rows.map((b) => toBookingDto(b, deadline))
    },

    approve: (actor: Actor, id: string) =>
      transition(actor, id, async ({ b, manager }, tx) => {
        if (!manager) throw forbidden('only managers approve bookings')
        if (b.status !== 'pending') throw invalid(b, 'approved')
        await tx.booking.update({ where: { id }, data: { status: 'confirmed', decidedAt: clock.now(), decidedById: actor.id } })
        return { event: 'confirmed' }
      }),

    decline: (actor: Actor, id: string, reason: string) =>
      transition(actor, id, async ({ b, ctx, manager }, tx) => {
        if (!manager) throw forbidden('only managers decline bookings')
        if (b.status !== 'pending') throw invalid(b, 'declined')
        await tx.booking.update({ where: { id }, data: { status: 'declined', decidedAt: clock.now(), decidedById: actor.id, cancelReason: reason || null } })
        await releasePayment(tx, b, ctx.kind, clock.now())
        return { freed: true, event: 'cancelled' }
      }),

    /** A member cancels before the deadline; a manager any time, with a reason. */
    cancel: (actor: Actor, id: string, reason: string) =>
      transition(actor, id, async ({ b, ctx, manager }, tx) => {
        if (b.status !== 'pending' && b.status !== 'confirmed') throw invalid(b, 'cancelled')
        const deadline = b.startsAt.getTime() - ctx.rules.cancellationDeadlineMinutes * 60_000
        if (!manager && clock.now().getTime() > deadline) {
          throw new AppError('too_late_to_cancel', `cancellations close ${ctx.rules.cancellationDeadlineMinutes} min before the start`)
        }
        await tx.booking.update({ where: { id }, data: { status: 'cancelled', cancelledAt: clock.now(), cancelledById: actor.id, cancelReason: reason || null } })
        // In time (members cannot cancel later) or by a manager: the credits or the pass come back.
        await releasePayment(tx, b, ctx.kind, clock.now())
        return { freed: true, event: 'cancelled' }
      }),

    /** Moves a booking: the new slot is taken and the old released by one update, in one transaction. */
    async move(actor: Actor, id: string, input: z.output<typeof ZMoveBookingRequest>) {
      const { b, ctx: oldCtx, manager } = await ownOrManaged(actor, id)
      if (b.status !== 'pending' && b.status !== 'confirmed') throw invalid(b, 'moved')
      if (!manager && clock.now().getTime() > b.startsAt.getTime() - oldCtx.rules.cancellationDeadlineMinutes * 60_000) {
        throw new AppError('too_late_to_cancel', 'too late to move this booking')
      }
      const ctx = input.resourceId && input.resourceId !== b.resourceId ? await resourceOrNotFound(deps, input.resourceId) : oldCtx
      if (ctx.lieuId !== oldCtx.lieuId) throw new AppError('not_found', 'resource not found', { errors: [{ field: 'resourceId', message: 'no such resource' }] }) // another lieu's: like an unknown id
      const placement: Placement = {
        ctx,
        userId: b.userId,
        actorId: actor.id,
        asManager: manager,
        start: new Date(input.startsAt),
        end: new Date(input.endsAt),
        seats: b.seats,
        note: b.note,
        movingId: b.id,
      }
      await checkPlacement(deps, placement, true)
      await transaction(deps, async (tx) => {
        // Both resources locked in a fixed order, so two crossing moves cannot deadlock.
        if (ctx.id !== oldCtx.id) {
          const [first, second] = [ctx.id, oldCtx.id].sort()
          await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`resource:${first}`}, 0))`
          await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`resource:${second}`}, 0))`
        }
        const current = await tx.booking.findUniqueOrThrow({ where: { id } })
        if (current.status !== 'pending' && current.status !== 'confirmed') throw invalid(b, 'moved')
        await placeInTransaction(deps, tx, placement)
        await offerFreedSlot(deps, tx, oldCtx, b.startsAt, b.endsAt)
        await afterBookingWrite(deps, tx, 'moved', id, ctx)
      })
      deps.live.lieuChanged(ctx.lieuId)
      return dto((await db.booking.findUniqueOrThrow({ where: { id }, include: bookingInclude })), ctx)
    },

    /** From 30 minutes before the start (when the check-in code becomes valid) until the end. */
    checkIn: (actor: Actor, id: string) =>
      transition(actor, id, async ({ b }, tx) => {
        if (b.status !== 'confirmed') throw invalid(b, 'checked in')
        const now = clock.now().getTime()
        if (now < b.startsAt.getTime() - 30 * 60_000 || now >= b.endsAt.getTime()) {
          throw new AppError('invalid_transition', 'check-in opens 30 minutes before the start and closes at the end')
        }
        await tx.booking.update({ where: { id }, data: { status: 'checked_in', checkedInAt: clock.now() } })
        return {}
      }),

    /** Checking out early frees the rest of the slot (on the booking grid). */
    checkOut: (actor: Actor, id: string) =>
      transition(actor, id, async ({ b, ctx }, tx) => {
        if (b.status !== 'checked_in') throw invalid(b, 'checked out')
        const now = clock.now()
        const grid = ctx.rules.granularityMinutes * 60_000
        const roundedUp = Math.ceil(now.getTime() / grid) * grid
        const end = new Date(Math.max(b.startsAt.getTime() + grid, Math.min(roundedUp, b.endsAt.getTime())))
        const held = heldRange(b.startsAt, end, ctx.rules)
        await tx.booking.update({
          where: { id },
          data: { status: 'completed', checkedOutAt: now, endsAt: end, blockEndsAt: new Date(held.end) },
        })
        return { freed: end.getTime() < b.endsAt.getTime() }
      }),

    /** A manager marks a booking not honoured once its start has passed; the slot is released. */
    noShow: (actor: Actor, id: string) =>
      transition(actor, id, async ({ b, manager }, tx) => {
        if (!manager) throw forbidden('only managers mark no-shows')
        if (b.status !== 'confirmed') throw invalid(b, 'marked as no-show')
        if (clock.now() < b.startsAt) throw new AppError('invalid_transition', 'the booking has not started yet')
        await tx.booking.update({ where: { id }, data: { status: 'no_show' } })
        return { freed: true }
      }),
  }
}
export type BookingService = ReturnType<typeof bookingService>
