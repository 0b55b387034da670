import type { OpenDataLieu, SeatsFreeByKind } from '@fabrique/shared/opendata/schema'
import type { AppDeps } from '../app-deps.ts'
import { notFound } from '../http/problem.ts'
import { isoDate } from '../lieux/dto.ts'
import { openState } from '../lieux/opening-hours.ts'
import { computeOccupancy } from '../live/occupancy.ts'

const lieuSelect = {
  id: true,
  name: true,
  slug: true,
  city: true,
  timeZone: true,
  openingHours: { select: { weekday: true, startMinute: true, endMinute: true } },
  closures: { select: { startDate: true, endDate: true } },
} as const

type LieuRow = { id: string; name: string; slug: string; city: string; timeZone: string; openingHours: { weekday: number; startMinute: number; endMinute: number }[]; closures: { startDate: Date; endDate: Date }[] }

/** Public numbers only: names of lieux and counts. Never a person, never a booking. */
export function openDataService(deps: AppDeps) {
  const { db, clock } = deps

  async function lieuData(l: LieuRow, now: Date): Promise<OpenDataLieu> {
    const closures = l.closures.map((c) => ({ startDate: isoDate(c.startDate), endDate: isoDate(c.endDate) }))
    const { openNow, nextOpening } = openState(now, l.timeZone, l.openingHours, closures)
    const seats: SeatsFreeByKind = { desk: 0, zone: 0, room: 0, machine: 0 }
    if (openNow) {
      const occ = await computeOccupancy(db, l.id, now, 'public')
      for (const r of occ.resources) {
        if (r.state === 'out_of_service') continue
        if (r.kind === 'zone') seats.zone += Math.max(0, r.capacity - r.seatsBooked)
        else if ((r.kind === 'room' || r.kind === 'machine') && r.state === 'free') seats[r.kind] += 1
      }
      // Hot desks free: the free seats to work at, minus the zones' (dedicated desks are not counted).
      seats.desk = Math.max(0, occ.seatsFreeNow - seats.zone)
    }
    return { name: l.name, slug: l.slug, city: l.city, timeZone: l.timeZone, openNow, nextOpening, seatsFreeByKind: seats, updatedAt: now.toISOString() }
  }

  return {
    async lieu(slug: string) {
      const l = await db.lieu.findUnique({ where: { slug }, select: lieuSelect })
      if (!l) throw notFound('lieu')
      return lieuData(l, clock.now())
    },
    async network(slug: string) {
      const n = await db.network.findUnique({ where: { slug }, select: { name: true, slug: true, lieux: { select: lieuSelect, orderBy: { name: 'asc' } } } })
      if (!n) throw notFound('network')
      const now = clock.now()
      const lieux = []
      for (const l of n.lieux) lieux.push(await lieuData(l, now))
      return { network: { name: n.name, slug: n.slug }, lieux, updatedAt: now.toISOString() }
    },
  }
}
