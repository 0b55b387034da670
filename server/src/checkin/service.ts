import { DateTime } from 'luxon'
import type { KioskBookingDto, KioskBookingResult, KioskMemberResult, LobbyDto, WalkInOptionDto } from '@fabrique/shared/checkin/schema'
import type { AppDeps } from '../app-deps.ts'
import { AppError, notFound } from '../http/problem.ts'
import { managesLieu } from '../lieux/access.ts'
import { openingsOn } from '../lieux/opening-hours.ts'
import { bookingService } from '../bookings/service.ts'
import { loadResourceContext, type ResourceContext } from '../bookings/context.ts'
import { checkPlacement, placeInTransaction, type Placement } from '../bookings/engine.ts'
import { afterBookingWrite } from '../bookings/notify.ts'
import { transaction } from '../bookings/transaction.ts'
import { bookingRepo } from '../bookings/repo.ts'
import { computeOccupancy } from '../live/occupancy.ts'
import type { AuthedDevice } from '../devices/auth.ts'
import { qrSvg, signCode, verifyCode } from './codes.ts'

const MIN = 60_000
/** A booking's code is accepted from this long before its start until its end. */
export const CODE_OPENS_BEFORE_MS = 30 * MIN
/** A member card lasts this long. */
export const MEMBER_CODE_TTL_MS = 12 * 3600_000
/** A walk-in lasts until the end of the current opening interval, at most this long. */
export const WALK_IN_MAX_MS = 4 * 3600_000

const firstName = (name: string) => name.trim().split(/\s+/)[0] ?? ''
const iso = (d: Date | number) => new Date(d).toISOString()

type SummaryRow = {
  id: string
  startsAt: Date
  endsAt: Date
  seats: number
  status: KioskBookingDto['status']
  user: { name: string }
  resource: { id: string; name: string; kind: KioskBookingDto['resource']['kind'] }
}
const summaryInclude = { user: { select: { name: true } }, resource: { select: { id: true, name: true, kind: true } } } as const

function summary(b: SummaryRow): KioskBookingDto {
  return {
    id: b.id,
    firstName: firstName(b.user.name),
    resource: b.resource,
    startsAt: iso(b.startsAt),
    endsAt: iso(b.endsAt),
    seats: b.seats,
    status: b.status,
  }
}

/** A wall-clock instant of `zone` floored to the local grid of `g` minutes from midnight. */
function floorToGrid(t: number, zone: string, g: number): number {
  const local = DateTime.fromMillis(t, { zone })
  const m = Math.floor((local.hour * 60 + local.minute) / g) * g
  return local.set({ hour: Math.floor(m / 60), minute: m % 60, second: 0, millisecond: 0 }).toMillis()
}

/**
 * The walk-in slot on a resource at `now`: from now floored to the grid, to the end of the
 * current opening interval or 4 h (or the longest booking allowed) later, whichever comes first.
 */
export function walkInSlot(ctx: Pick<ResourceContext, 'zone' | 'rules' | 'openingHours' | 'closures'>, now: Date): { start: number; end: number } | null {
  const t = now.getTime()
  const g = ctx.rules.granularityMinutes
  const date = DateTime.fromMillis(t, { zone: ctx.zone }).toISODate()!
  const open = openingsOn(date, ctx.zone, ctx.openingHours, ctx.closures).find((o) => o.start.toMillis() <= t && t < o.end.toMillis())
  if (!open) return null
  const start = Math.max(floorToGrid(t, ctx.zone, g), open.start.toMillis())
  const end = floorToGrid(Math.min(open.end.toMillis(), start + WALK_IN_MAX_MS, start + ctx.rules.maxDurationMinutes * MIN), ctx.zone, g)
  return end > start ? { start, end } : null
}

export function checkinService(deps: AppDeps) {
  const { db, clock } = deps
  const bookings = bookingService(deps)

  /** A member card presented at a kiosk of `lieuId`: the member, or 404 (unknown, tampered, other lieu) / 410 (expired). */
  async function memberFromCode(lieuId: string, code: string) {
    const v = await verifyCode(db, code)
    if (!v || v.kind !== 'member') throw new AppError('not_found', 'member card not recognised')
    const m = await db.lieuMembership.findUnique({ where: { lieuId_userId: { lieuId, userId: v.id } }, select: { user: { select: { id: true, name: true } } } })
    if (!m) throw new AppError('not_found', 'member card not recognised')
    if (clock.now() >= v.expiresAt) throw new AppError('token_invalid', 'this member card has expired: show a fresh one')
    return m.user
  }

  /** Checks a booking in, or out when it is already in. */
  async function toggle(b: { id: string; userId: string; status: string }): Promise<KioskBookingResult> {
    const actor = { id: b.userId }
    if (b.status === 'confirmed') {
      await bookings.checkIn(actor, b.id)
      return { kind: 'booking', action: 'checked_in', booking: summary(await db.booking.findUniqueOrThrow({ where: { id: b.id }, include: summaryInclude })) }
    }
    if (b.status === 'checked_in') {
      await bookings.checkOut(actor, b.id)
      return { kind: 'booking', action: 'checked_out', booking: summary(await db.booking.findUniqueOrThrow({ where: { id: b.id }, include: summaryInclude })) }
    }
    throw new AppError('invalid_transition', `a ${b.status} booking cannot be checked in or out`)
  }

  /** Walk-in choices now: zones with free seats and free desks the member may take. */
  async function walkInOptions(lieuId: string, userId: string): Promise<WalkInOptionDto[]> {
    const now = clock.now()
    const occ = await computeOccupancy(db, lieuId, now, 'public')
    if (!occ.openNow) return []
    const candidates = occ.resources.filter((r) => (r.kind === 'zone' && r.state !== 'out_of_service' && r.capacity - r.seatsBooked > 0) || (r.kind === 'desk' && r.state === 'free'))
    const out: WalkInOptionDto[] = []
    for (const r of candidates) {
      const ctx = await loadResourceContext(db, r.resourceId)
      if (!ctx || ctx.archived || ctx.outOfService || ctx.rules.approvalRequired) continue
      if (ctx.dedicatedToId && ctx.dedicatedToId !== userId) continue
      const slot = walkInSlot(ctx, now)
      if (!slot) continue
      out.push({ resourceId: r.resourceId, name: r.name, kind: r.kind as 'zone' | 'desk', seatsFree: Math.max(0, r.capacity - r.seatsBooked), startsAt: iso(slot.start), endsAt: iso(slot.end) })
    }
    return out.sort((a, b) => (a.kind === b.kind ? a.name.localeCompare(b.name) : a.kind === 'zone' ? -1 : 1))
  }

  /** A member's bookings of today here that are not over and can still be checked in or out. */
  async function todayOf(lieuId: string, userId: string) {
    const now = clock.now()
    const lieu = await db.lieu.findUniqueOrThrow({ where: { id: lieuId }, select: { timeZone: true } })
    const endOfDay = DateTime.fromJSDate(now, { zone: lieu.timeZone }).plus({ days: 1 }).startOf('day').toJSDate()
    const rows = await db.booking.findMany({
      where: { lieuId, userId, status: { in: ['confirmed', 'checked_in'] }, endsAt: { gt: now }, startsAt: { lt: endOfDay } },
      include: summaryInclude,
      orderBy: { startsAt: 'asc' },
    })
    return rows.map(summary)
  }

  return {
    /** The QR code of a booking (its member or a manager of its lieu; anyone else: 404). */
    async bookingCode(actorId: string, bookingId: string) {
      const b = await db.booking.findUnique({ where: { id: bookingId }, select: { id: true, userId: true, lieuId: true, status: true, startsAt: true, endsAt: true } })
      if (!b || (b.userId !== actorId && !(await managesLieu(db, actorId, b.lieuId)))) throw notFound('booking')
      if (b.status !== 'confirmed' && b.status !== 'checked_in') throw new AppError('invalid_transition', `a ${b.status} booking has no check-in code`)
      if (clock.now() >= b.endsAt) throw new AppError('invalid_transition', 'this booking is over')
      const code = await signCode(db, 'booking', b.id, b.endsAt)
      return { code, validFrom: iso(b.startsAt.getTime() - CODE_OPENS_BEFORE_MS), expiresAt: iso(Math.floor(b.endsAt.getTime() / 1000) * 1000), qrSvg: await qrSvg(code) }
    },

    /** The caller's member card, valid 12 hours. */
    async memberCode(userId: string) {
      const expires = new Date(Math.floor((clock.now().getTime() + MEMBER_CODE_TTL_MS) / 1000) * 1000)
      const code = await signCode(db, 'member', userId, expires)
      return { code, expiresAt: iso(expires), qrSvg: await qrSvg(code) }
    },

    /** A code scanned at a kiosk: a booking's (check in / out) or a member card (choices). */
    async scan(device: AuthedDevice, code: string): Promise<KioskBookingResult | KioskMemberResult> {
      const v = await verifyCode(db, code)
      if (!v) throw new AppError('not_found', 'code not recognised')
      if (v.kind === 'member') {
        const user = await memberFromCode(device.lieuId, code)
        return { kind: 'member', member: { firstName: firstName(user.name) }, bookings: await todayOf(device.lieuId, user.id), walkIn: await walkInOptions(device.lieuId, user.id) }
      }
      const b = await db.booking.findUnique({ where: { id: v.id }, select: { id: true, userId: true, lieuId: true, status: true, startsAt: true, endsAt: true } })
      if (!b || b.lieuId !== device.lieuId) throw new AppError('not_found', 'code not recognised')
      const now = clock.now().getTime()
      if (now >= v.expiresAt.getTime() || now >= b.endsAt.getTime()) throw new AppError('token_invalid', 'this code has expired')
      if (now < b.startsAt.getTime() - CODE_OPENS_BEFORE_MS) {
        throw new AppError('invalid_transition', `too early: this code works from ${iso(b.startsAt.getTime() - CODE_OPENS_BEFORE_MS)}`)
      }
      return toggle(b)
    },

    /** One of the bookings a member card listed: checked in, or out when already in. */
    async checkInListed(device: AuthedDevice, memberCode: string, bookingId: string) {
      const user = await memberFromCode(device.lieuId, memberCode)
      const b = await db.booking.findUnique({ where: { id: bookingId }, select: { id: true, userId: true, lieuId: true, status: true } })
      if (!b || b.lieuId !== device.lieuId || b.userId !== user.id) throw notFound('booking')
      return toggle(b)
    },

    /**
     * A walk-in on a zone or a free desk: booked from now (floored to the grid) to the end of the
     * opening interval or +4 h, under every rule but the minimum notice, and checked in at once.
     * When a later booking leaves no room for that long, the walk-in ends where room runs out.
     */
    async walkIn(device: AuthedDevice, memberCode: string, resourceId: string): Promise<KioskBookingResult> {
      const user = await memberFromCode(device.lieuId, memberCode)
      const ctx = await loadResourceContext(db, resourceId)
      if (!ctx || ctx.lieuId !== device.lieuId) throw new AppError('not_found', 'resource not found', { errors: [{ field: 'resourceId', message: 'no such resource' }] })
      if (ctx.kind !== 'zone' && ctx.kind !== 'desk') throw new AppError('not_bookable', 'walk-ins are for zones and desks; book rooms and machines ahead')
      if (ctx.rules.approvalRequired) throw new AppError('not_bookable', `${ctx.name} needs a manager’s approval: book it ahead`)
      const now = clock.now()
      const slot = walkInSlot(ctx, now)
      if (!slot) throw new AppError('outside_opening_hours', 'the lieu is closed now')
      const rules = { ...ctx.rules, minNoticeMinutes: 0 }
      let end = slot.end
      for (let attempt = 0; ; attempt++) {
        const placement: Placement = {
          ctx: { ...ctx, rules },
          userId: user.id,
          actorId: user.id,
          asManager: false,
          start: new Date(slot.start),
          end: new Date(end),
          seats: 1,
          note: `Walk-in (${device.name})`.slice(0, 500),
        }
        // The slot starts on the grid just before now: judge the rules as of its start.
        await checkPlacement({ ...deps, clock: { now: () => placement.start } }, placement, true)
        try {
          const result = await transaction(deps, async (tx) => {
            await bookingRepo(tx).lockResource(ctx.id)
            // A second tap on the kiosk: the walk-in already made.
            const already = await tx.booking.findFirst({
              where: { userId: user.id, resourceId: ctx.id, status: 'checked_in', startsAt: { lte: now }, endsAt: { gt: now } },
              include: summaryInclude,
            })
            if (already) return { created: false, booking: already }
            const b = await placeInTransaction(deps, tx, placement)
            await tx.booking.update({ where: { id: b.id }, data: { status: 'checked_in', checkedInAt: now } })
            await afterBookingWrite(deps, tx, 'created', b.id, ctx)
            return { created: true, booking: await tx.booking.findUniqueOrThrow({ where: { id: b.id }, include: summaryInclude }) }
          })
          if (result.created) deps.live.lieuChanged(ctx.lieuId)
          return { kind: 'booking', action: 'checked_in', booking: summary(result.booking) }
        } catch (e) {
          // Room runs out later on: end the walk-in where it does, if that still makes a booking.
          const conflictStart = e instanceof AppError && e.code === 'booking_conflict' && e.conflict ? Date.parse(e.conflict.startsAt) - ctx.rules.bufferAfterMinutes * MIN : NaN
          const shorter = Number.isFinite(conflictStart) ? floorToGrid(Math.min(conflictStart, end - 1), ctx.zone, ctx.rules.granularityMinutes) : NaN
          if (attempt < 3 && shorter > slot.start && shorter - slot.start >= ctx.rules.minDurationMinutes * MIN && shorter < end) {
            end = shorter
            continue
          }
          throw e
        }
      }
    },

    /** What the lobby screen shows: no names, no e-mails. */
    async lobby(device: AuthedDevice): Promise<LobbyDto> {
      const now = clock.now()
      const lieu = await db.lieu.findUniqueOrThrow({ where: { id: device.lieuId }, select: { id: true, name: true, timeZone: true } })
      const occupancy = await computeOccupancy(db, lieu.id, now, 'public')
      const local = DateTime.fromJSDate(now, { zone: lieu.timeZone })
      const dayStart = local.startOf('day').toJSDate()
      const dayEnd = local.plus({ days: 1 }).startOf('day').toJSDate()
      const today = await db.booking.findMany({
        where: { lieuId: lieu.id, resource: { kind: { in: ['room', 'machine'] }, archivedAt: null }, status: { in: ['pending', 'confirmed', 'checked_in', 'completed'] }, startsAt: { lt: dayEnd }, endsAt: { gt: dayStart } },
        select: { resourceId: true, startsAt: true, endsAt: true, status: true },
        orderBy: { startsAt: 'asc' },
      })
      const of = (id: string) => today.filter((b) => b.resourceId === id)
      const t = now.getTime()
      const rooms = occupancy.resources
        .filter((r) => r.kind === 'room')
        .map((r) => {
          const busyNow = r.state === 'booked' || r.state === 'in_use'
          const after = busyNow && r.busyUntil ? Date.parse(r.busyUntil) : t
          const next = of(r.resourceId).find((b) => b.status !== 'completed' && b.startsAt.getTime() >= after && b.startsAt.getTime() > t)
          return {
            id: r.resourceId,
            name: r.name,
            capacity: r.capacity,
            outOfService: r.state === 'out_of_service',
            busyNow,
            currentEndsAt: busyNow ? r.busyUntil : null,
            next: next ? { startsAt: iso(next.startsAt), endsAt: iso(next.endsAt) } : null,
          }
        })
      const machines = occupancy.resources
        .filter((r) => r.kind === 'machine')
        .map((r) => ({
          id: r.resourceId,
          name: r.name,
          outOfService: r.state === 'out_of_service',
          bookings: of(r.resourceId).map((b) => ({ startsAt: iso(b.startsAt), endsAt: iso(b.endsAt) })),
        }))
      return { lieu: { id: lieu.id, name: lieu.name, timeZone: lieu.timeZone }, now: iso(now), occupancy, rooms, machines }
    },
  }
}
