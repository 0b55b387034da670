import type { z } from 'zod'
import { Prisma } from '@fabrique/prisma/client'
import type { ZBookingListQuery, ZCreateBookingRequest, ZMoveBookingRequest } from '@fabrique/shared/bookings/schema'
import { effectiveRules } from '@fabrique/shared/resources/rules'
import type { AppDeps } from '../app-deps.ts'
import type { Tx } from '../db/prisma.ts'
import { AppError, forbidden, notFound } from '../http/problem.ts'
import { canManage, lieuAccess, lieuAccessWithRules, managesLieu, type LieuAccess } from '../lieux/access.ts'
import { heldRange } from '../availability/booking-rules.ts'
import { loadResourceContext, loadResourceContextFor, type ResourceContext } from './context.ts'
import { bookingInclude, toBookingDto, type BookingRow } from './dto.ts'
import { checkPlacement, conflictAmong, earlyObstaclesColumn, findConflict, placeInTransaction, ResourceBusy, type Placement } from './engine.ts'
import { assertIdempotencyKey, idempotent, isReplay, replayColumn, requestHash } from './idempotency.ts'
import { offerFreedSlot } from './waitlist.ts'
import { transaction } from './transaction.ts'
import { afterBookingWrite } from './notify.ts'
import { planningRows } from './planning-repo.ts'
import { bookingRepo, decodeObstacles } from './repo.ts'
import { releasePayment } from '../pricing/booking-payment.ts'

type Actor = { id: string }
/** The caller, with their name when known (the session's user): the answer needs no read for it. */
type NamedActor = Actor & { name?: string }
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
 * Returns the placement's people, whether the member belongs to the lieu, and their name when known.
 */
async function people(deps: AppDeps, actor: NamedActor, ctx: ResourceContext, access: LieuAccess | 'public', forUserId?: string) {
  const asManager = access !== 'public' && canManage(access)
  if (!forUserId || forUserId === actor.id) return { userId: actor.id, asManager, isMember: isMemberRole(access), name: actor.name }
  if (!asManager) throw forbidden('only managers book on behalf of a member')
  const m = await deps.db.lieuMembership.findUnique({
    where: { lieuId_userId: { lieuId: ctx.lieuId, userId: forUserId } },
    select: { user: { select: { name: true } } },
  })
  if (!m) throw new AppError('validation_failed', 'this person is not a member of the lieu', { errors: [{ field: 'forUserId', message: 'not a member of the lieu' }] })
  return { userId: forUserId, asManager, isMember: true, name: m.user.name }
}

/** Tries of a booking that find its resource's lock taken before one queues for it. */
const BUSY_TRIES = 3

const resourceNotFound = () => new AppError('not_found', 'resource not found', { errors: [{ field: 'resourceId', message: 'no such resource' }] })

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
    async create(actor: NamedActor, input: CreateInput, key: string | undefined) {
      const start = new Date(input.startsAt)
      const end = new Date(input.endsAt)
      // One statement: the resource, the caller's standing in its lieu (as `accessFor`: without a
      // role there, only a drop-in on a public resource; a resource the caller cannot see is a 404),
      // what already stands around the slot (for the early answer below) and whether the key was used.
      const obstacles = earlyObstaclesColumn(deps, { resourceId: input.resourceId, userId: input.forUserId ?? actor.id, start, end })
      const found = await loadResourceContextFor(db, input.resourceId, actor.id, key === undefined ? obstacles : Prisma.sql`${obstacles}, ${replayColumn(actor.id, key)}`)
      if (!found) throw resourceNotFound()
      const { ctx } = found
      const access = found.access ?? (ctx.rules.whoMayBook === 'public' && !ctx.archived ? 'public' : null)
      if (!access) throw resourceNotFound()
      const who = await people(deps, actor, ctx, access, input.forUserId)
      const placement: Placement = {
        ctx,
        userId: who.userId,
        actorId: actor.id,
        asManager: who.asManager,
        start,
        end,
        seats: input.seats,
        note: input.note,
        paidBy: input.paidBy,
        employerId: input.employerId,
      }
      const hash = requestHash({ op: 'create-booking', ...input, startsAt: placement.start.toISOString(), endsAt: placement.end.toISOString() })
      assertIdempotencyKey(key)
      // A replay is answered from what was stored, whatever the rules or the planning say now.
      if (found.row.replay !== true) {
        await checkPlacement(deps, placement, who.isMember)
        // The losers of a race learn it here without queueing for the lock; the locked check
        // decides. A booking seen here committed with its key, so re-checking for a replay is exact.
        const early = conflictAmong(placement, decodeObstacles(found.row.obstacles))
        if (early && !(await isReplay(deps, actor.id, key))) throw early
      }
      const attempt = (lock: 'wait' | 'try') =>
        idempotent(deps, actor.id, key, hash, async (tx) => {
          const b = await placeInTransaction(deps, tx, placement, lock)
          await afterBookingWrite(deps, tx, 'created', b, ctx)
          // The answer from the row just written and what is already known: no read back.
          const name = who.name ?? (await tx.user.findUniqueOrThrow({ where: { id: who.userId }, select: { name: true } })).name
          const row = { ...b, resource: { id: ctx.id, name: ctx.name, kind: ctx.kind }, user: { id: who.userId, name } }
          return { status: 201, body: dto(row, ctx) }
        })
      for (let tries = 1; ; tries++) {
        try {
          // The last try queues for the lock like any other writer.
          const result = await attempt(tries < BUSY_TRIES ? 'try' : 'wait')
          deps.live.lieuChanged(ctx.lieuId)
          return result
        } catch (e) {
          if (!(e instanceof ResourceBusy)) throw e
          // Another booking of this resource is being written (the race of a popular desk). Rather
          // than queue for its lock one after another, the others wait for it together, then learn
          // from what it wrote; the locked check of the next try still decides.
          await bookingRepo(db).awaitWriters(ctx.id)
          const conflict = await findConflict(deps, db, placement)
          if (conflict && !(await isReplay(deps, actor.id, key))) throw conflict
        }
      }
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
      // The standing and the lieu's rules (for each booking's cancellation deadline) in one query.
      const { access, bookingRules } = await lieuAccessWithRules(db, actor.id, lieuId)
      if (!canManage(access)) throw forbidden('only managers see every booking')
      const rows = await planningRows(deps.pool, lieuId, q)
      const deadline = effectiveRules(bookingRules, {}).cancellationDeadlineMinutes
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
        const moved = await placeInTransaction(deps, tx, placement)
        await offerFreedSlot(deps, tx, oldCtx, b.startsAt, b.endsAt)
        await afterBookingWrite(deps, tx, 'moved', moved, ctx)
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
