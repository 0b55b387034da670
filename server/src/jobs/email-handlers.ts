import type { Locale } from '@fabrique/shared/auth/schema'
import type { AppDeps } from '../app-deps.ts'
import { bookingSequence, buildIcs, type IcsStatus } from '../calendars/ics.ts'
import { formatAddress, formatInstant, formatSlot } from '../mail/format.ts'
import { messageId } from '../mail/mailer.ts'
import { bookingMailTemplates, type BookingMailFacts, type MailContent } from '../mail/templates.ts'
import type { JobHandlers } from './queue.ts'

/**
 * A reminder is sent when it runs between REMINDER_MAX_AHEAD_MS and 0 before the booking starts.
 * The booking service enqueues it for start − 24 h; the window tolerates a late queue, and a
 * reminder for a booking moved far away (or cancelled) does nothing — the move enqueues its own.
 */
export const REMINDER_LEAD_MS = 24 * 3600_000
export const REMINDER_MAX_AHEAD_MS = 28 * 3600_000

type Deps = Pick<AppDeps, 'db' | 'mailer' | 'clock' | 'config' | 'logger'>

const bookingInclude = {
  lieu: true,
  resource: { select: { name: true } },
  user: { select: { name: true, email: true, locale: true } },
} as const

async function loadBooking(deps: Deps, id: string) {
  return deps.db.booking.findUnique({ where: { id }, include: bookingInclude })
}
type LoadedBooking = NonNullable<Awaited<ReturnType<typeof loadBooking>>>

function facts(deps: Deps, b: LoadedBooking, locale: Locale): BookingMailFacts {
  return {
    name: b.user.name,
    lieu: b.lieu.name,
    resource: b.resource.name,
    when: formatSlot(b.startsAt, b.endsAt, b.lieu.timeZone, locale),
    timeZone: b.lieu.timeZone,
    address: formatAddress(b.lieu),
    link: `${deps.config.appOrigin}/reservations`,
  }
}

/** The booking as an iTIP invitation (REQUEST) or its withdrawal (CANCEL). */
export function bookingInvitation(deps: Pick<Deps, 'config'>, b: LoadedBooking, method: 'REQUEST' | 'CANCEL'): MailContent['attachments'] {
  const status: IcsStatus = method === 'CANCEL' ? 'CANCELLED' : b.status === 'pending' ? 'TENTATIVE' : 'CONFIRMED'
  const organizerEmail = b.lieu.contactEmail ?? `no-reply@${new URL(deps.config.appOrigin).hostname}`
  const content = buildIcs({
    name: b.lieu.name,
    timeZone: b.lieu.timeZone,
    method,
    events: [
      {
        id: b.id,
        start: b.startsAt,
        end: b.endsAt,
        summary: `${b.resource.name} — ${b.lieu.name}`,
        description: b.note || undefined,
        location: [b.lieu.name, formatAddress(b.lieu)].filter(Boolean).join(', '),
        status,
        sequence: bookingSequence(b.updatedAt),
        stamp: b.updatedAt,
        url: `${deps.config.appOrigin}/reservations`,
        organizer: { name: b.lieu.name, email: organizerEmail },
        attendee: { name: b.user.name, email: b.user.email },
      },
    ],
  })
  return [
    {
      filename: method === 'CANCEL' ? 'annulation.ics' : 'reservation.ics',
      contentType: `text/calendar; charset=utf-8; method=${method}`,
      content,
    },
  ]
}

/**
 * The e-mail jobs. Each is idempotent: the outbox row's id is derived from what the message is
 * about (booking, status, slot), so a job that runs twice — or two jobs for the same fact — write
 * one e-mail. Each re-reads the booking when it runs and does nothing when the fact no longer holds.
 */
export function emailJobHandlers(deps: Deps): JobHandlers {
  async function send(key: string, to: string, kind: string, content: MailContent) {
    const written = await deps.mailer.enqueueOnce(messageId(key), to, kind, content)
    if (!written) deps.logger.debug({ key }, 'e-mail already written; job ran again')
  }

  return {
    async 'email.booking_confirmed'({ data }) {
      const b = await loadBooking(deps, data.bookingId)
      // Decided or cancelled meanwhile: the message that matters is the later one.
      if (!b || (b.status !== 'confirmed' && b.status !== 'pending')) return
      const locale = b.user.locale
      const f = facts(deps, b, locale)
      const content = b.status === 'pending' ? bookingMailTemplates.pending(locale, f) : bookingMailTemplates.confirmed(locale, f)
      // A move or an approval changes the key, so it is announced again; a replay is not.
      const key = `booking_confirmed:${b.id}:${b.status}:${b.resourceId}:${b.startsAt.toISOString()}:${b.endsAt.toISOString()}`
      await send(key, b.user.email, b.status === 'pending' ? 'booking_pending' : 'booking_confirmed', {
        ...content,
        attachments: bookingInvitation(deps, b, 'REQUEST'),
      })
    },

    async 'email.booking_cancelled'({ data }) {
      const b = await loadBooking(deps, data.bookingId)
      if (!b || (b.status !== 'cancelled' && b.status !== 'declined')) return
      const locale = b.user.locale
      const content = bookingMailTemplates.cancelled(locale, { ...facts(deps, b, locale), reason: b.cancelReason ?? '', declined: b.status === 'declined' })
      await send(`booking_cancelled:${b.id}`, b.user.email, b.status === 'declined' ? 'booking_declined' : 'booking_cancelled', {
        ...content,
        attachments: bookingInvitation(deps, b, 'CANCEL'),
      })
    },

    async 'email.booking_reminder'({ data }) {
      const b = await loadBooking(deps, data.bookingId)
      if (!b || b.status !== 'confirmed') return
      const ahead = b.startsAt.getTime() - deps.clock.now().getTime()
      if (ahead <= 0 || ahead > REMINDER_MAX_AHEAD_MS) return
      const locale = b.user.locale
      // One reminder per booking and start, however many reminder jobs a series of moves left behind.
      await send(`booking_reminder:${b.id}:${b.startsAt.toISOString()}`, b.user.email, 'booking_reminder', bookingMailTemplates.reminder(locale, facts(deps, b, locale)))
    },

    async 'email.waitlist_offer'({ data }) {
      const entry = await deps.db.waitlistEntry.findUnique({
        where: { id: data.entryId },
        include: { user: { select: { name: true, email: true, locale: true } }, resource: { select: { name: true, lieu: true } } },
      })
      if (!entry || entry.status !== 'offered' || !entry.offerExpiresAt) return
      if (entry.offerExpiresAt.getTime() <= deps.clock.now().getTime()) return
      const locale = entry.user.locale
      const lieu = entry.resource.lieu
      const content = bookingMailTemplates.waitlistOffer(locale, {
        name: entry.user.name,
        lieu: lieu.name,
        resource: entry.resource.name,
        when: formatSlot(entry.startsAt, entry.endsAt, lieu.timeZone, locale),
        timeZone: lieu.timeZone,
        address: formatAddress(lieu),
        link: `${deps.config.appOrigin}/reservations/liste-attente`,
        expires: formatInstant(entry.offerExpiresAt, lieu.timeZone, locale),
      })
      await send(`waitlist_offer:${entry.id}:${entry.offeredAt?.toISOString() ?? ''}`, entry.user.email, 'waitlist_offer', content)
    },
  }
}
