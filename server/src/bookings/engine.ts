import { randomUUID } from 'node:crypto'
import { DateTime } from 'luxon'
import type { Booking } from '@fabrique/prisma/client'
import type { AppDeps } from '../app-deps.ts'
import type { Tx } from '../db/prisma.ts'
import { AppError } from '../http/problem.ts'
import { checkBookingRequest, heldRange } from '../availability/booking-rules.ts'
import { holdsHabilitation, referentWindows, type ResourceContext } from './context.ts'
import { bookingRepo, obstaclesColumn, type Obstacle, type ObstacleQuery } from './repo.ts'
import { payInTransaction, releasePayment } from '../pricing/booking-payment.ts'

export interface Placement {
  ctx: ResourceContext
  /** The member the booking is for. */
  userId: string
  /** Who asks: the member, or a manager on their behalf. */
  actorId: string
  asManager: boolean
  start: Date
  end: Date
  seats: number
  note: string
  seriesId?: string | null
  /** Who pays (pricing/booking-payment.ts `Slot`): an employer's pool, or the member. */
  paidBy?: 'auto' | 'employer' | 'personal'
  employerId?: string
  /** A move: this booking's own hold is ignored, and it is updated instead of inserted. */
  movingId?: string
}

const iso = (d: Date | number) => new Date(d).toISOString()

/**
 * Checks that need no lock: the resource's state, who may book it, the time rules, the
 * habilitation and the référent. Throws the rule's own 422 code.
 */
export async function checkPlacement(deps: AppDeps, p: Placement, isMember: boolean) {
  const { ctx } = p
  if (ctx.archived) throw new AppError('resource_archived', `${ctx.name} is archived`)
  if (ctx.outOfService) throw new AppError('out_of_service', `${ctx.name} is out of service for now`)
  if (ctx.dedicatedToId && ctx.dedicatedToId !== p.userId) {
    throw new AppError('not_bookable', `${ctx.name} is dedicated to another member`)
  }
  if (!isMember && ctx.rules.whoMayBook !== 'public') {
    throw new AppError('not_bookable', `${ctx.name} is for members of the lieu`)
  }
  if (ctx.exclusive ? p.seats !== 1 : p.seats > ctx.capacity) {
    throw new AppError('capacity_exceeded', `${ctx.name} has ${ctx.exclusive ? 1 : ctx.capacity} seat(s)`, {
      errors: [{ field: 'seats', message: `at most ${ctx.exclusive ? 1 : ctx.capacity}` }],
    })
  }
  // Before the time rules: without the training, no slot of this machine will do.
  if (ctx.kind === 'machine' && ctx.habilitationId && !(await holdsHabilitation(deps.db, p.userId, ctx.habilitationId, p.start))) {
    throw new AppError('habilitation_missing', `${ctx.name} needs a valid habilitation: ask the lieu for a training`)
  }
  const windows =
    ctx.requiresReferent && ctx.habilitationId
      ? await referentWindows(deps.db, ctx.lieuId, ctx.habilitationId, new Date(p.start.getTime() - 86400_000), new Date(p.end.getTime() + 86400_000))
      : null
  const violation = checkBookingRequest({
    zone: ctx.zone,
    now: deps.clock.now(),
    start: p.start,
    end: p.end,
    openingHours: ctx.openingHours,
    closures: ctx.closures,
    rules: ctx.rules,
    referentWindows: windows,
    asManager: p.asManager,
  })
  if (violation) throw new AppError(violation.code, violation.detail)
}

/** `placeInTransaction` with `lock: 'try'` found the resource's lock taken: nothing was checked or written. */
export class ResourceBusy extends Error {
  constructor(resourceId: string) {
    super(`resource ${resourceId} is being written by another transaction`)
  }
}

/**
 * Inside the caller's transaction: locks the resource, checks quotas, waitlist offers and
 * conflicts, then writes the booking (returned as stored, without relations). The exclusion
 * constraint stays the last word. With `lock: 'try'`, a lock held by another transaction throws
 * `ResourceBusy` at once instead of queueing for it (the caller rolls back and decides).
 */
export async function placeInTransaction(deps: AppDeps, tx: Tx, p: Placement, lock: 'wait' | 'try' = 'wait'): Promise<Booking> {
  const { ctx } = p
  const repo = bookingRepo(tx)
  if (lock === 'try') {
    if (!(await repo.tryLockResource(ctx.id))) throw new ResourceBusy(ctx.id)
  } else await repo.lockResource(ctx.id)
  const block = blockOf(p)

  await checkQuotas(tx, p)
  const conflict = await findConflict(deps, tx, p)
  if (conflict) throw conflict

  const status = ctx.rules.approvalRequired && !p.asManager ? 'pending' : 'confirmed'
  const now = deps.clock.now()
  const slot = { userId: p.userId, start: p.start, end: p.end, seats: p.seats, paidBy: p.paidBy, employerId: p.employerId }
  try {
    if (p.movingId) {
      // A move is a new slot: what the old one took is given back and the new one paid for, at
      // today's rates (keys of their own, so the booking's final refund keeps `refund:<id>`).
      const old = await tx.booking.findUniqueOrThrow({ where: { id: p.movingId }, include: { resource: { select: { kind: true } } } })
      const move = randomUUID()
      await releasePayment(tx, old, old.resource.kind, now, `refund:${old.id}:move:${move}`)
      const { stored } = await payInTransaction(tx, ctx, slot, old.id, now, `debit:${old.id}:move:${move}`)
      return await tx.booking.update({
        where: { id: p.movingId },
        data: { resourceId: ctx.id, lieuId: ctx.lieuId, startsAt: p.start, endsAt: p.end, blockStartsAt: block.start, blockEndsAt: block.end, exclusive: ctx.exclusive, ...stored },
      })
    }
    // Paid before it is written (the ledger's booking_id needs no row), stored with it: later rate
    // changes never alter it.
    const id = randomUUID()
    const { stored } = await payInTransaction(tx, ctx, slot, id, now)
    return await tx.booking.create({
      data: {
        id,
        lieuId: ctx.lieuId,
        resourceId: ctx.id,
        userId: p.userId,
        bookedById: p.actorId,
        startsAt: p.start,
        endsAt: p.end,
        blockStartsAt: block.start,
        blockEndsAt: block.end,
        seats: p.seats,
        exclusive: ctx.exclusive,
        status,
        note: p.note,
        seriesId: p.seriesId ?? null,
        ...stored,
      },
    })
  } catch (e) {
    // The lock makes this unreachable; if it ever happens, the constraint has said no.
    if (String(e).includes('23P01')) {
      throw new AppError('booking_conflict', `${ctx.name} is already booked at that time`, { conflict: { startsAt: iso(p.start), endsAt: iso(p.end) } })
    }
    throw e
  }
}

/**
 * The conflict this placement would meet, or null: a slot offered to someone on the waitlist is
 * theirs until the offer expires; an exclusive resource takes no overlap; a zone no more seats
 * than it has. Run under the resource's lock for the decision, or before it as a cheap early
 * answer for the losers of a race.
 */
export async function findConflict(deps: AppDeps, db: Tx | AppDeps['db'], p: Placement): Promise<AppError | null> {
  const block = blockOf(p)
  // The waitlist offer and the overlapping holds in one statement (one round trip under the lock).
  const rows = await bookingRepo(db).obstacles(obstacleQuery(deps, p, block, p.ctx.exclusive))
  return conflictAmong(p, rows)
}

/** The held range of a placement (buffers included). */
function blockOf(p: Placement) {
  const held = heldRange(p.start, p.end, p.ctx.rules)
  return { start: new Date(held.start), end: new Date(held.end) }
}

function obstacleQuery(deps: AppDeps, p: Placement, range: { start: Date; end: Date }, firstHoldOnly: boolean): ObstacleQuery {
  return {
    resourceId: p.ctx.id,
    userId: p.userId,
    start: p.start,
    end: p.end,
    from: range.start,
    to: range.end,
    now: deps.clock.now(),
    exceptId: p.movingId,
    firstHoldOnly,
  }
}

/** Buffers never exceed this (shared/src/resources/rules.ts), so holds this far around a slot are all that can be in its way. */
const MAX_BUFFER_MS = 240 * 60_000

/**
 * For the early answer before a booking's transaction: the obstacles of a slot, as a column of the
 * statement that reads the resource (its rules, hence its buffers, are not known yet: the holds are
 * read over the widest range buffers allow, and `conflictAmong` keeps those in the held range).
 */
export function earlyObstaclesColumn(deps: AppDeps, q: { resourceId: string; userId: string; start: Date; end: Date }) {
  const range = { start: new Date(q.start.getTime() - MAX_BUFFER_MS), end: new Date(q.end.getTime() + MAX_BUFFER_MS) }
  return obstaclesColumn({ ...q, from: range.start, to: range.end, now: deps.clock.now(), firstHoldOnly: false })
}

/** `findConflict`'s decision over obstacles already read (holds outside the held range are ignored). */
export function conflictAmong(p: Placement, rows: Obstacle[]): AppError | null {
  const { ctx } = p
  const block = blockOf(p)
  const offer = rows.find((r) => r.src === 'offer')
  if (offer) {
    return new AppError('booking_conflict', `this slot is offered to the waitlist until ${iso(offer.offerExpiresAt!)}`, {
      conflict: { startsAt: iso(offer.startsAt), endsAt: iso(offer.endsAt) },
    })
  }
  const holds = rows
    .filter((r) => r.src === 'hold' && r.blockStartsAt! < block.end && r.blockEndsAt! > block.start)
    .map((r) => ({ startsAt: r.startsAt, endsAt: r.endsAt, blockStartsAt: r.blockStartsAt!, blockEndsAt: r.blockEndsAt!, seats: r.seats }))
    .sort((a, b) => a.blockStartsAt.getTime() - b.blockStartsAt.getTime())
  if (ctx.exclusive) {
    const first = holds[0]
    if (!first) return null
    return new AppError('booking_conflict', `${ctx.name} is already booked from ${iso(first.startsAt)} to ${iso(first.endsAt)}`, {
      conflict: { startsAt: iso(first.startsAt), endsAt: iso(first.endsAt) },
    })
  }
  const full = fullInterval(holds, block, ctx.capacity - p.seats)
  if (!full) return null
  return new AppError('booking_conflict', `${ctx.name} has no ${p.seats} seat(s) free from ${iso(full.start)} to ${iso(full.end)}`, {
    conflict: { startsAt: iso(full.start), endsAt: iso(full.end) },
  })
}

/**
 * First interval inside `range` where the seats in use exceed `maxUsed` (a sweep over the
 * overlapping holds), or null when the zone has room throughout.
 */
export function fullInterval(holds: { blockStartsAt: Date; blockEndsAt: Date; seats: number }[], range: { start: Date; end: Date }, maxUsed: number) {
  const events: [number, number][] = []
  for (const h of holds) {
    events.push([Math.max(h.blockStartsAt.getTime(), range.start.getTime()), h.seats])
    events.push([Math.min(h.blockEndsAt.getTime(), range.end.getTime()), -h.seats])
  }
  events.sort((a, b) => a[0] - b[0] || a[1] - b[1])
  let used = 0
  for (let i = 0; i < events.length; i++) {
    used += events[i]![1]
    const next = events[i + 1]?.[0]
    if (used > maxUsed && next !== undefined && next > events[i]![0]) return { start: events[i]![0], end: next }
  }
  return null
}

/** Per member, per resource: booked minutes per local day and ISO week (this booking included). */
async function checkQuotas(tx: Tx, p: Placement) {
  const { rules, zone, id } = p.ctx
  if (rules.quotaMinutesPerDay === null && rules.quotaMinutesPerWeek === null) return
  if (p.asManager && p.userId === p.actorId) return
  const local = DateTime.fromJSDate(p.start, { zone })
  const minutes = (p.end.getTime() - p.start.getTime()) / 60_000
  const check = async (unit: 'day' | 'week', quota: number | null, code: 'quota_day_reached' | 'quota_week_reached') => {
    if (quota === null) return
    const from = local.startOf(unit)
    const to = from.plus({ [unit === 'day' ? 'days' : 'weeks']: 1 })
    const mine = await bookingRepo(tx).memberBookings(p.userId, id, from.toJSDate(), to.toJSDate(), p.movingId)
    const used = mine.reduce((sum, b) => sum + (b.endsAt.getTime() - b.startsAt.getTime()) / 60_000, 0)
    if (used + minutes > quota) {
      throw new AppError(code, `quota of ${quota} min per ${unit} on this resource; ${Math.round(used)} min already booked`)
    }
  }
  await check('day', rules.quotaMinutesPerDay, 'quota_day_reached')
  await check('week', rules.quotaMinutesPerWeek, 'quota_week_reached')
}
