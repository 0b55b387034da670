import { DateTime } from 'luxon'
import { effectiveRules } from '@fabrique/shared/resources/rules'
import type { ResourceAvailabilityDto } from '@fabrique/shared/bookings/schema'
import type { AppDeps } from '../app-deps.ts'
import { AppError, notFound } from '../http/problem.ts'
import { lieuAccess } from '../lieux/access.ts'
import { isoDate } from '../lieux/dto.ts'
import { computeAvailability } from '../availability/availability.ts'
import { isoInZone } from '../availability/iso-format.ts'
import { openState } from '../lieux/opening-hours.ts'
import { resourceRepo } from '../resources/repo.ts'

const ACTIVE = ['pending', 'confirmed', 'checked_in', 'completed'] as const
const MAX_DAYS = 62

/** Availability of a lieu's resources over local dates: no names, only free and taken time. */
export function availabilityService(deps: AppDeps) {
  const { db, clock } = deps

  async function forLieu(
    userId: string,
    lieuId: string,
    q: { from: string; to: string; kind?: 'desk' | 'room' | 'machine' | 'zone'; resourceId?: string; detail?: 'slots' | 'free' },
  ) {
    await lieuAccess(db, userId, lieuId)
    const lieu = await db.lieu.findUniqueOrThrow({
      where: { id: lieuId },
      select: { timeZone: true, bookingRules: true, openingHours: { select: { weekday: true, startMinute: true, endMinute: true } }, closures: { select: { startDate: true, endDate: true } } },
    })
    const zone = lieu.timeZone
    const from = DateTime.fromISO(q.from, { zone }).startOf('day')
    const to = DateTime.fromISO(q.to, { zone }).plus({ days: 1 }).startOf('day')
    if (to.diff(from, 'days').days > MAX_DAYS) {
      throw new AppError('validation_failed', `at most ${MAX_DAYS} days at once`, { errors: [{ field: 'to', message: `at most ${MAX_DAYS} days after from` }] })
    }
    const resources = await db.resource.findMany({
      where: { lieuId, archivedAt: null, ...(q.kind && { kind: q.kind }), ...(q.resourceId && { id: q.resourceId }) },
      orderBy: [{ kind: 'asc' }, { name: 'asc' }],
    })
    if (q.resourceId && resources.length === 0) throw notFound('resource')
    const held = await db.booking.findMany({
      where: { lieuId, status: { in: [...ACTIVE] }, blockStartsAt: { lt: to.toJSDate() }, blockEndsAt: { gt: from.toJSDate() }, resourceId: { in: resources.map((r) => r.id) } },
      select: { resourceId: true, blockStartsAt: true, blockEndsAt: true, seats: true },
    })
    const byResource = new Map<string, { start: number; end: number; seats: number }[]>()
    for (const h of held) {
      const list = byResource.get(h.resourceId) ?? []
      list.push({ start: h.blockStartsAt.getTime(), end: h.blockEndsAt.getTime(), seats: h.seats })
      byResource.set(h.resourceId, list)
    }
    const closures = lieu.closures.map((c) => ({ startDate: isoDate(c.startDate), endDate: isoDate(c.endDate) }))
    const now = clock.now()
    const withSlots = (q.detail ?? (to.diff(from, 'days').days <= 7 ? 'slots' : 'free')) === 'slots'
    const out: ResourceAvailabilityDto[] = []
    const iso = isoInZone(zone)
    for (const r of resources) {
      const rules = effectiveRules(lieu.bookingRules, r.rules)
      const capacity = r.kind === 'zone' ? r.capacity : 1
      const windows =
        r.requiresReferent && r.habilitationId
          ? await resourceRepo(db).referentWindows(lieuId, r.habilitationId, from.toJSDate(), to.toJSDate())
          : null
      const a = computeAvailability({
        zone,
        from: q.from,
        to: q.to,
        now,
        openingHours: lieu.openingHours,
        closures,
        rules,
        capacity,
        held: byResource.get(r.id) ?? [],
        // Out of service: no bookable time at all.
        referentWindows: r.outOfService ? [] : windows,
      })
      out.push({
        resourceId: r.id,
        name: r.name,
        kind: r.kind,
        capacity,
        timeZone: zone,
        slots: withSlots ? a.slots.map((s) => ({ start: iso(s.start), end: iso(s.end), seatsFree: s.seatsFree })) : [],
        free: a.free.map((f) => ({ start: iso(f.start), end: iso(f.end) })),
      })
    }
    return out
  }

  return {
    forLieu,

    /** What is free right now: for each resource, its free seats and until when it stays free. */
    async freeNow(userId: string, lieuId: string) {
      await lieuAccess(db, userId, lieuId)
      const lieu = await db.lieu.findUniqueOrThrow({
        where: { id: lieuId },
        select: { timeZone: true, openingHours: { select: { weekday: true, startMinute: true, endMinute: true } }, closures: { select: { startDate: true, endDate: true } } },
      })
      const now = clock.now()
      const closures = lieu.closures.map((c) => ({ startDate: isoDate(c.startDate), endDate: isoDate(c.endDate) }))
      const { openNow } = openState(now, lieu.timeZone, lieu.openingHours, closures)
      const resources = await db.resource.findMany({ where: { lieuId, archivedAt: null }, orderBy: [{ kind: 'asc' }, { name: 'asc' }] })
      const current = await db.booking.findMany({
        where: { lieuId, status: { in: [...ACTIVE] }, startsAt: { lte: now }, endsAt: { gt: now } },
        select: { resourceId: true, seats: true },
      })
      const next = await db.booking.findMany({
        where: { lieuId, status: { in: [...ACTIVE] }, startsAt: { gt: now } },
        select: { resourceId: true, startsAt: true },
        orderBy: { startsAt: 'asc' },
        distinct: ['resourceId'],
      })
      return {
        openNow,
        resources: resources.map((r) => {
          const capacity = r.kind === 'zone' ? r.capacity : 1
          const used = current.filter((b) => b.resourceId === r.id).reduce((s, b) => s + b.seats, 0)
          const seatsFree = openNow ? Math.max(0, capacity - used) : 0
          const until = next.find((b) => b.resourceId === r.id)?.startsAt
          return { resourceId: r.id, name: r.name, kind: r.kind, capacity, seatsFree, freeUntil: seatsFree > 0 && until ? until.toISOString() : null }
        }),
      }
    },
  }
}
