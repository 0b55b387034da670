import type { BookingStatus } from '@fabrique/prisma/client'
import type { AppDeps } from '../app-deps.ts'
import { canManage, lieuAccess, requireManager } from '../lieux/access.ts'
import { notFound } from '../http/problem.ts'
import { formatAddress } from '../mail/format.ts'
import { bookingSequence, buildIcs, type IcsEvent, type IcsStatus } from './ics.ts'
import { calendarRepo, FEED_TOKEN, type FeedScope } from './repo.ts'

/** A feed shows bookings from 30 days ago to 180 days ahead. */
export const FEED_PAST_DAYS = 30
export const FEED_FUTURE_DAYS = 180
const DAY = 86400_000

export function feedStatus(s: BookingStatus): IcsStatus {
  if (s === 'pending') return 'TENTATIVE'
  if (s === 'cancelled' || s === 'declined' || s === 'no_show') return 'CANCELLED'
  return 'CONFIRMED'
}

export function calendarService(deps: Pick<AppDeps, 'db' | 'clock' | 'config'>) {
  const { db } = deps
  const url = (token: string) => `${deps.config.appOrigin}/api/v1/calendar/${token}.ics`

  /** The caller manages the lieu (else 404 / 403); for a resource feed, the resource is the lieu's. */
  async function managerScope(userId: string, lieuId: string, resourceId?: string): Promise<FeedScope> {
    await requireManager(db, userId, lieuId)
    if (resourceId === undefined) return { scope: 'lieu', userId, lieuId }
    const r = await db.resource.findUnique({ where: { id: resourceId }, select: { lieuId: true } })
    if (!r || r.lieuId !== lieuId) throw notFound('resource')
    return { scope: 'resource', userId, lieuId, resourceId }
  }

  return {
    async memberFeed(userId: string, regenerate = false) {
      const s: FeedScope = { scope: 'member', userId }
      return { url: url(regenerate ? await calendarRepo.regenerate(db, s) : await calendarRepo.getOrCreate(db, s)) }
    },
    async managerFeed(userId: string, lieuId: string, resourceId: string | undefined, regenerate = false) {
      const s = await managerScope(userId, lieuId, resourceId)
      return { url: url(regenerate ? await calendarRepo.regenerate(db, s) : await calendarRepo.getOrCreate(db, s)) }
    },

    /** The .ics behind a token; null when the token names no feed (or its holder lost the right). */
    async render(token: string): Promise<string | null> {
      if (!FEED_TOKEN.test(token)) return null
      const feed = await calendarRepo.byToken(db, token)
      if (!feed) return null
      const now = deps.clock.now().getTime()
      const from = new Date(now - FEED_PAST_DAYS * DAY)
      const to = new Date(now + FEED_FUTURE_DAYS * DAY)

      if (feed.scope === 'member') {
        const bookings = await calendarRepo.bookings(db, { userId: feed.userId }, from, to)
        const user = await db.user.findUnique({ where: { id: feed.userId }, select: { locale: true } })
        const en = user?.locale === 'en'
        return buildIcs({
          name: en ? 'My bookings — Fabrique' : 'Mes réservations — Fabrique',
          timeZone: bookings[0]?.lieu.timeZone ?? 'Europe/Paris',
          ttlSeconds: 900,
          events: bookings.map((b) => event(b, `${en ? 'Booking:' : 'Réservation :'} ${b.resource.name} — ${b.lieu.name}`)),
        })
      }

      // Manager feeds: only while their holder still manages the lieu.
      const lieuId = feed.lieuId
      if (!lieuId) return null
      const access = await lieuAccess(db, feed.userId, lieuId).catch(() => null)
      if (!access || !canManage(access)) return null
      const lieu = await db.lieu.findUnique({ where: { id: lieuId }, select: { name: true, timeZone: true } })
      if (!lieu) return null
      let name = lieu.name
      const where: { lieuId: string; resourceId?: string } = { lieuId }
      if (feed.scope === 'resource') {
        if (!feed.resourceId) return null
        const r = await db.resource.findUnique({ where: { id: feed.resourceId }, select: { name: true, lieuId: true } })
        if (!r || r.lieuId !== lieuId) return null
        where.resourceId = feed.resourceId
        name = `${r.name} — ${lieu.name}`
      }
      const bookings = await calendarRepo.bookings(db, where, from, to)
      return buildIcs({
        name,
        timeZone: lieu.timeZone,
        ttlSeconds: 900,
        events: bookings.map((b) => event(b, `${b.resource.name} — ${b.user.name}`)),
      })
    },
  }
}

type FeedBooking = Awaited<ReturnType<typeof calendarRepo.bookings>>[number]

function event(b: FeedBooking, summary: string): IcsEvent {
  return {
    id: b.id,
    start: b.startsAt,
    end: b.endsAt,
    timeZone: b.lieu.timeZone,
    summary,
    description: b.note || undefined,
    location: [b.lieu.name, formatAddress(b.lieu)].filter(Boolean).join(', '),
    status: feedStatus(b.status),
    sequence: bookingSequence(b.updatedAt),
    stamp: b.updatedAt,
  }
}
