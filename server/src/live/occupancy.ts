// The live occupancy of a lieu at an instant: one query for the resources, one for the bookings
// of the rest of the local day, then pure projection (occupancyFrom) and per-audience redaction.
import { DateTime } from 'luxon'
import type { LiveAudience, Occupancy, PersonIn, ResourceLive } from '@fabrique/shared/live/schema'
import type { ResourceKind } from '@fabrique/shared/resources/schema'
import type { Db } from '../db/prisma.ts'
import { notFound } from '../http/problem.ts'
import { isoDate } from '../lieux/dto.ts'
import { openState, type DateClosure, type WeeklyInterval } from '../lieux/opening-hours.ts'

/** Statuses that hold a resource now: `completed` (checked out) has left, so it does not count. */
const OCCUPYING = ['pending', 'confirmed', 'checked_in'] as const

export interface OccupancyResourceRow {
  id: string
  name: string
  kind: ResourceKind
  capacity: number
  dedicatedToId: string | null
  outOfService: boolean
  outOfServiceReason: string | null
}
export interface OccupancyBookingRow {
  id: string
  resourceId: string
  userId: string
  userName: string
  visibleToCommunity: boolean
  startsAt: Date
  endsAt: Date
  seats: number
  status: (typeof OCCUPYING)[number]
  checkedInAt: Date | null
}
export interface OccupancyInput {
  lieuId: string
  seq: number
  now: Date
  zone: string
  week: WeeklyInterval[]
  closures: DateClosure[]
  resources: OccupancyResourceRow[]
  /** Occupying bookings ending after `now` and starting before the end of the local day. */
  bookings: OccupancyBookingRow[]
}

/** A person in, with the flag that decides whether members may see them. */
export type FullOccupancy = Omit<Occupancy, 'peopleIn'> & { peopleIn: (PersonIn & { visibleToCommunity: boolean })[] }

/** Whether a booking holds its resource at `now`: covering now, or checked in early (up to 15 min before). */
const coversNow = (b: OccupancyBookingRow, t: number) => b.endsAt.getTime() > t && (b.startsAt.getTime() <= t || b.status === 'checked_in')

/** Pure: the managers' view of the lieu at `now` from its rows. */
export function occupancyFrom(input: OccupancyInput): FullOccupancy {
  const t = input.now.getTime()
  const byResource = new Map<string, OccupancyBookingRow[]>()
  for (const b of input.bookings) {
    const list = byResource.get(b.resourceId) ?? []
    list.push(b)
    byResource.set(b.resourceId, list)
  }
  let seatsTotal = 0
  let seatsBookedTotal = 0
  const peopleIn: FullOccupancy['peopleIn'] = []
  const resources: ResourceLive[] = input.resources.map((r) => {
    const all = (byResource.get(r.id) ?? []).sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime())
    const current = all.filter((b) => coversNow(b, t))
    const exclusive = r.kind !== 'zone'
    const seatsOf = (list: OccupancyBookingRow[]) => (exclusive ? Math.min(list.length, 1) : list.reduce((n, b) => n + b.seats, 0))
    const checkedIn = current.filter((b) => b.status === 'checked_in')
    const seatsBooked = seatsOf(current)
    const seatsCheckedIn = seatsOf(checkedIn)
    const next = all.find((b) => b.startsAt.getTime() > t && !current.includes(b))
    const nextStartsAt = next ? next.startsAt.toISOString() : null
    for (const b of checkedIn) {
      peopleIn.push({ bookingId: b.id, userId: b.userId, name: b.userName, resourceId: r.id, since: (b.checkedInAt ?? b.startsAt).toISOString(), visibleToCommunity: b.visibleToCommunity })
    }
    const isSeat = r.kind === 'zone' || (r.kind === 'desk' && r.dedicatedToId === null)
    if (isSeat && !r.outOfService) {
      seatsTotal += exclusive ? 1 : r.capacity
      seatsBookedTotal += Math.min(seatsBooked, exclusive ? 1 : r.capacity)
    }
    let state: ResourceLive['state'] = 'free'
    if (r.outOfService) state = 'out_of_service'
    else if (checkedIn.length) state = 'in_use'
    else if (current.length) state = 'booked'
    let busyUntil: string | null = null
    if (state === 'booked' || state === 'in_use') {
      // The occupation lasts while bookings follow each other without a gap.
      let end = Math.max(...current.map((b) => b.endsAt.getTime()))
      for (const b of all) if (b.startsAt.getTime() <= end && b.endsAt.getTime() > end) end = b.endsAt.getTime()
      busyUntil = new Date(end).toISOString()
    }
    return {
      resourceId: r.id,
      name: r.name,
      kind: r.kind,
      capacity: r.capacity,
      state,
      outOfServiceReason: r.outOfService ? r.outOfServiceReason : null,
      seatsBooked,
      seatsCheckedIn,
      nextStartsAt,
      freeUntil: state === 'free' ? nextStartsAt : null,
      busyUntil,
    }
  })
  peopleIn.sort((a, b) => a.since.localeCompare(b.since) || a.name.localeCompare(b.name))
  return {
    lieuId: input.lieuId,
    seq: input.seq,
    at: input.now.toISOString(),
    ...openState(input.now, input.zone, input.week, input.closures),
    seatsTotal,
    seatsFreeNow: Math.max(0, seatsTotal - seatsBookedTotal),
    resources,
    peopleIn,
  }
}

/**
 * What an audience may see: managers every person in; members only those who chose to be visible
 * to the community; public (lobby/kiosk devices, open data) no names at all.
 */
export function forAudience(full: FullOccupancy, audience: LiveAudience): Occupancy {
  const strip = (p: FullOccupancy['peopleIn'][number]): PersonIn => ({ bookingId: p.bookingId, userId: p.userId, name: p.name, resourceId: p.resourceId, since: p.since })
  const peopleIn = audience === 'managers' ? full.peopleIn.map(strip) : audience === 'members' ? full.peopleIn.filter((p) => p.visibleToCommunity).map(strip) : null
  return { ...full, peopleIn }
}

/** Reads the rows and computes the managers' view; `seq` defaults to the lieu's current live_seq. Throws 404 for an unknown lieu. */
export async function loadOccupancy(db: Db, lieuId: string, now: Date, seq?: number): Promise<FullOccupancy> {
  const lieu = await db.lieu.findUnique({
    where: { id: lieuId },
    select: {
      timeZone: true,
      liveSeq: true,
      openingHours: { select: { weekday: true, startMinute: true, endMinute: true } },
      closures: { select: { startDate: true, endDate: true } },
      resources: {
        where: { archivedAt: null },
        select: { id: true, name: true, kind: true, capacity: true, dedicatedToId: true, outOfService: true, outOfServiceReason: true },
        orderBy: [{ kind: 'asc' }, { name: 'asc' }],
      },
    },
  })
  if (!lieu) throw notFound('lieu')
  const endOfDay = DateTime.fromJSDate(now, { zone: lieu.timeZone }).plus({ days: 1 }).startOf('day').toJSDate()
  const rows = await db.booking.findMany({
    where: { lieuId, status: { in: [...OCCUPYING] }, endsAt: { gt: now }, startsAt: { lt: endOfDay }, resource: { archivedAt: null } },
    select: {
      id: true,
      resourceId: true,
      startsAt: true,
      endsAt: true,
      seats: true,
      status: true,
      checkedInAt: true,
      user: { select: { id: true, name: true, visibleToCommunity: true } },
    },
    orderBy: { startsAt: 'asc' },
  })
  return occupancyFrom({
    lieuId,
    seq: seq ?? Number(lieu.liveSeq),
    now,
    zone: lieu.timeZone,
    week: lieu.openingHours,
    closures: lieu.closures.map((c) => ({ startDate: isoDate(c.startDate), endDate: isoDate(c.endDate) })),
    resources: lieu.resources,
    bookings: rows.map((b) => ({
      id: b.id,
      resourceId: b.resourceId,
      userId: b.user.id,
      userName: b.user.name,
      visibleToCommunity: b.user.visibleToCommunity,
      startsAt: b.startsAt,
      endsAt: b.endsAt,
      seats: b.seats,
      status: b.status as OccupancyBookingRow['status'],
      checkedInAt: b.checkedInAt,
    })),
  })
}

/**
 * The lieu's occupancy at `now` as `audience` may see it (a snapshot; seq = the lieu's current
 * live_seq). For the socket server, the kiosk/lobby pages and open data. 404 for an unknown lieu;
 * the caller checks access.
 */
export async function computeOccupancy(db: Db, lieuId: string, now: Date, audience: LiveAudience): Promise<Occupancy> {
  return forAudience(await loadOccupancy(db, lieuId, now), audience)
}
