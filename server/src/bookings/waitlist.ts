import type { z } from 'zod'
import type { WaitlistEntryDto, ZJoinWaitlistRequest } from '@fabrique/shared/bookings/schema'
import type { AppDeps } from '../app-deps.ts'
import type { Tx } from '../db/prisma.ts'
import { AppError, notFound } from '../http/problem.ts'
import type { ResourceContext } from './context.ts'
import { bookingRepo } from './repo.ts'
import { heldRange } from '../availability/booking-rules.ts'
import { loadResourceContext } from './context.ts'
import { checkPlacement, fullInterval, placeInTransaction } from './engine.ts'
import { afterBookingWrite } from './notify.ts'
import { transaction } from './transaction.ts'

/**
 * A slot was freed (cancel, decline, no-show, move, early check-out): offer it to the first
 * member waiting for an overlapping slot that now fits, for the rule's offer time. Runs inside the
 * transaction that freed it, under the resource's lock.
 */
export async function offerFreedSlot(deps: AppDeps, tx: Tx, ctx: ResourceContext, from: Date, to: Date) {
  const now = deps.clock.now()
  const waiting = await tx.waitlistEntry.findMany({
    where: { resourceId: ctx.id, status: 'waiting', startsAt: { lt: to, gte: now }, endsAt: { gt: from } },
    orderBy: { createdAt: 'asc' },
  })
  for (const entry of waiting) {
    if (!(await fits(tx, ctx, entry.startsAt, entry.endsAt, entry.seats))) continue
    const expires = new Date(now.getTime() + ctx.rules.waitlistOfferMinutes * 60_000)
    await tx.waitlistEntry.update({ where: { id: entry.id }, data: { status: 'offered', offeredAt: now, offerExpiresAt: expires } })
    await deps.jobs.enqueue('email.waitlist_offer', { entryId: entry.id }, {}, tx)
    await deps.jobs.enqueue('waitlist.offer_expired', { entryId: entry.id }, { startAfter: expires, singletonKey: `offer:${entry.id}` }, tx)
    return entry.id
  }
  return null
}

async function fits(tx: Tx, ctx: ResourceContext, start: Date, end: Date, seats: number) {
  const held = heldRange(start, end, ctx.rules)
  const others = await bookingRepo(tx).heldOverlapping(ctx.id, new Date(held.start), new Date(held.end))
  if (ctx.exclusive) return others.length === 0
  return fullInterval(others, { start: new Date(held.start), end: new Date(held.end) }, ctx.capacity - seats) === null
}

export function toWaitlistDto(e: { id: string; resourceId: string; startsAt: Date; endsAt: Date; seats: number; status: WaitlistEntryDto['status']; offerExpiresAt: Date | null; resource: { name: string } }, position: number | null): WaitlistEntryDto {
  return {
    id: e.id,
    resourceId: e.resourceId,
    resourceName: e.resource.name,
    startsAt: e.startsAt.toISOString(),
    endsAt: e.endsAt.toISOString(),
    seats: e.seats,
    status: e.status,
    offerExpiresAt: e.offerExpiresAt?.toISOString() ?? null,
    position,
  }
}

export function waitlistService(deps: AppDeps) {
  const { db, clock } = deps
  return {
    /**
     * Queue for a taken slot (a free one is to be booked, not queued for). Only someone who could
     * book it may queue: an offer to anyone else would hold the slot for nothing.
     */
    async join(userId: string, ctx: ResourceContext, isMember: boolean, input: z.output<typeof ZJoinWaitlistRequest>) {
      const start = new Date(input.startsAt)
      const end = new Date(input.endsAt)
      if (start <= clock.now()) throw new AppError('in_the_past', 'this slot has already started')
      await checkPlacement(deps, { ctx, userId, actorId: userId, asManager: false, start, end, seats: input.seats, note: '' }, isMember)
      const entry = await db.$transaction(async (tx) => {
        await bookingRepo(tx).lockResource(ctx.id)
        if (await fits(tx, ctx, start, end, input.seats)) throw new AppError('rule_violation', 'this slot is free: book it instead')
        const dup = await tx.waitlistEntry.findFirst({ where: { userId, resourceId: ctx.id, startsAt: start, endsAt: end, status: { in: ['waiting', 'offered'] } } })
        if (dup) return dup
        return tx.waitlistEntry.create({ data: { resourceId: ctx.id, userId, startsAt: start, endsAt: end, seats: input.seats } })
      })
      return this.one(userId, entry.id)
    },

    async one(userId: string, id: string) {
      const e = await db.waitlistEntry.findFirst({ where: { id, userId }, include: { resource: { select: { name: true } } } })
      if (!e) throw notFound('waitlist entry')
      const ahead = e.status === 'waiting'
        ? await db.waitlistEntry.count({ where: { resourceId: e.resourceId, status: 'waiting', startsAt: { lt: e.endsAt }, endsAt: { gt: e.startsAt }, createdAt: { lt: e.createdAt } } })
        : null
      return toWaitlistDto(e, ahead === null ? null : ahead + 1)
    },

    async mine(userId: string) {
      const rows = await db.waitlistEntry.findMany({
        where: { userId, status: { in: ['waiting', 'offered'] }, endsAt: { gt: clock.now() } },
        orderBy: { startsAt: 'asc' },
        select: { id: true },
      })
      return Promise.all(rows.map((r) => this.one(userId, r.id)))
    },

    /** Leaving while holding an offer passes it on to the next in line. */
    async leave(userId: string, id: string) {
      const e = await db.waitlistEntry.findFirst({ where: { id, userId, status: { in: ['waiting', 'offered'] } } })
      if (!e) throw notFound('waitlist entry')
      const ctx = (await loadResourceContext(db, e.resourceId))!
      await transaction(deps, async (tx) => {
        await bookingRepo(tx).lockResource(e.resourceId)
        const r = await tx.waitlistEntry.updateMany({ where: { id, status: { in: ['waiting', 'offered'] } }, data: { status: 'cancelled' } })
        if (r.count === 1 && e.status === 'offered') await offerFreedSlot(deps, tx, ctx, e.startsAt, e.endsAt)
      })
    },

    /** Takes an offered slot: books it through the usual rules, within the offer's time. */
    async accept(userId: string, id: string) {
      const e = await db.waitlistEntry.findFirst({ where: { id, userId } })
      if (!e) throw notFound('waitlist entry')
      if (e.status !== 'offered' || !e.offerExpiresAt || e.offerExpiresAt <= clock.now()) {
        throw new AppError('offer_expired', 'this offer is no longer valid')
      }
      const ctx = (await loadResourceContext(db, e.resourceId))!
      const membership = await db.lieuMembership.findUnique({ where: { lieuId_userId: { lieuId: ctx.lieuId, userId } } })
      const placement = { ctx, userId, actorId: userId, asManager: false, start: e.startsAt, end: e.endsAt, seats: e.seats, note: '' }
      await checkPlacement(deps, placement, membership !== null)
      const bookingId = await transaction(deps, async (tx) => {
        const b = await placeInTransaction(deps, tx, placement)
        const claimed = await tx.waitlistEntry.updateMany({ where: { id, status: 'offered' }, data: { status: 'accepted', bookingId: b.id } })
        if (claimed.count === 0) throw new AppError('offer_expired', 'this offer is no longer valid')
        await afterBookingWrite(deps, tx, 'created', b, ctx)
        return b.id
      })
      deps.live.lieuChanged(ctx.lieuId)
      return bookingId
    },
  }
}
