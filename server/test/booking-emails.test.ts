import { randomBytes, randomUUID } from 'node:crypto'
import nodemailer from 'nodemailer'
import { pino } from 'pino'
import { beforeAll, describe, expect, it } from 'vitest'
import type { BookingStatus } from '@fabrique/prisma/client'
import { formatSlot } from '../src/mail/format.ts'
import { createMailer } from '../src/mail/mailer.ts'
import type { MailAttachment } from '../src/mail/templates.ts'
import { ORIGIN, useTestApp } from './support/test-app.ts'
import { parseIcs, prop, propFull } from './support/ics.ts'

// Booking e-mails sent by jobs: the member's language, local times in the lieu's zone (DST days
// included), the .ics invitation, the reminder's rule, idempotency.

const t = useTestApp({ now: '2026-10-01T08:00:00Z' })

const w = {} as { lieuId: string; roomId: string; deskId: string; fr: { id: string; email: string }; en: { id: string; email: string } }

beforeAll(async () => {
  const db = t.deps.db
  const lieu = await db.lieu.create({
    data: { slug: `mails-${randomBytes(3).toString('hex')}`, name: 'La Fabrique du Lac', timeZone: 'Europe/Paris', street: '1 rue de la Paix', postalCode: '12100', city: 'Millau', contactEmail: 'contact@lac.test' },
  })
  w.lieuId = lieu.id
  w.roomId = (await db.resource.create({ data: { lieuId: lieu.id, kind: 'room', name: 'Salle Tilleul' } })).id
  w.deskId = (await db.resource.create({ data: { lieuId: lieu.id, kind: 'desk', name: 'Bureau 3' } })).id
  w.fr = await t.createUser({ name: 'Camille Martin' })
  const en = await t.createUser({ name: 'Jane Doe' })
  await db.user.update({ where: { id: en.id }, data: { locale: 'en' } })
  w.en = en
})

let slot = 0
async function booking(o: { userId: string; start: string; end: string; status?: BookingStatus; resourceId?: string; cancelReason?: string }) {
  slot++
  const b = await t.deps.db.booking.create({
    data: {
      lieuId: w.lieuId,
      resourceId: o.resourceId ?? w.roomId,
      userId: o.userId,
      startsAt: new Date(o.start),
      endsAt: new Date(o.end),
      blockStartsAt: new Date(o.start),
      blockEndsAt: new Date(o.end),
      exclusive: true,
      status: o.status ?? 'confirmed',
      cancelReason: o.cancelReason ?? null,
      note: `slot ${slot}`,
    },
  })
  return b
}

async function emailsTo(email: string) {
  return t.deps.db.outboxEmail.findMany({ where: { to: email }, orderBy: { createdAt: 'asc' } })
}
async function newEmails(email: string, run: () => Promise<unknown>) {
  const before = new Set((await emailsTo(email)).map((m) => m.id))
  await run()
  return (await emailsTo(email)).filter((m) => !before.has(m.id))
}
const ics = (m: { attachments: unknown }) => {
  const list = m.attachments as MailAttachment[] | null
  expect(list).toHaveLength(1)
  expect(list![0]!.contentType).toMatch(/^text\/calendar; charset=utf-8; method=/)
  return parseIcs(list![0]!.content)
}

describe('confirmation', () => {
  it('in French, with the local time across the end of summer time, and an .ics REQUEST in the lieu’s zone', async () => {
    // 25 October 2026: Paris leaves summer time at 03:00. 09:00–12:00 local is 08:00–11:00 UTC.
    const b = await booking({ userId: w.fr.id, start: '2026-10-25T08:00:00Z', end: '2026-10-25T11:00:00Z' })
    const mails = await newEmails(w.fr.email, async () => {
      await t.deps.jobs.enqueue('email.booking_confirmed', { bookingId: b.id })
      await t.runJobs()
    })
    expect(mails).toHaveLength(1)
    const m = mails[0]!
    expect(m.kind).toBe('booking_confirmed')
    expect(m.subject).toBe('Réservation confirmée : Salle Tilleul, dimanche 25 octobre 2026, 09:00–12:00')
    expect(m.text).toContain('Bonjour Camille Martin')
    expect(m.text).toContain('Votre réservation à La Fabrique du Lac est confirmée.')
    expect(m.text).toContain('Quand : dimanche 25 octobre 2026, 09:00–12:00 (heure de Europe/Paris)')
    expect(m.text).toContain('Lieu : La Fabrique du Lac — 1 rue de la Paix, 12100 Millau')
    expect(m.text).toContain(`${ORIGIN}/reservations`)

    const cal = ics(m)
    expect(prop(cal.calendar, 'METHOD')).toBe('REQUEST')
    expect(cal.timezones).toEqual(['Europe/Paris'])
    expect(cal.events).toHaveLength(1)
    const e = cal.events[0]!
    expect(propFull(e, 'DTSTART')).toEqual({ name: 'DTSTART', params: { TZID: 'Europe/Paris' }, value: '20261025T090000' })
    expect(propFull(e, 'DTEND')).toEqual({ name: 'DTEND', params: { TZID: 'Europe/Paris' }, value: '20261025T120000' })
    expect(cal.text).toContain('DTSTART;TZID=Europe/Paris:20261025T090000')
    expect(prop(e, 'UID')).toBe(`${b.id}@fabrique`)
    expect(prop(e, 'STATUS')).toBe('CONFIRMED')
    expect(prop(e, 'SUMMARY')).toBe('Salle Tilleul — La Fabrique du Lac')
    expect(prop(e, 'LOCATION')).toBe('La Fabrique du Lac, 1 rue de la Paix, 12100 Millau')
    expect(prop(e, 'SEQUENCE')).toBe(String(Math.floor(b.updatedAt.getTime() / 1000)))
    expect(prop(e, 'DTSTAMP')).toMatch(/^\d{8}T\d{6}Z$/)
    expect(prop(e, 'ORGANIZER')).toBe('mailto:contact@lac.test')
    // The VTIMEZONE says when the offset changes: 03:00 summer time → +01:00.
    expect(cal.text).toMatch(/TZOFFSETFROM:\+0200\r\nTZOFFSETTO:\+0100\r\nTZNAME:[^\r]*\r\nDTSTART:20261025T030000/)
  })

  it('in English, on the day summer time starts, a slot over the missing hour keeps its wall-clock times', async () => {
    // 29 March 2026: 02:00 → 03:00 in Paris. 01:30–04:00 local is 00:30–02:00 UTC (1 h 30 of real time).
    const b = await booking({ userId: w.en.id, start: '2026-03-29T00:30:00Z', end: '2026-03-29T02:00:00Z', resourceId: w.deskId })
    const mails = await newEmails(w.en.email, async () => {
      await t.deps.jobs.enqueue('email.booking_confirmed', { bookingId: b.id })
      await t.runJobs()
    })
    expect(mails).toHaveLength(1)
    const m = mails[0]!
    expect(m.subject).toBe('Booking confirmed: Bureau 3, Sunday 29 March 2026, 01:30–04:00')
    expect(m.text).toContain('Hello Jane Doe')
    expect(m.text).toContain('When: Sunday 29 March 2026, 01:30–04:00 (Europe/Paris time)')
    const e = ics(m).events[0]!
    expect(propFull(e, 'DTSTART')!.value).toBe('20260329T013000')
    expect(propFull(e, 'DTEND')!.value).toBe('20260329T040000')
  })

  it('a pending booking gets the "awaiting approval" variant and a TENTATIVE invitation', async () => {
    const b = await booking({ userId: w.fr.id, start: '2026-11-06T13:00:00Z', end: '2026-11-06T15:30:00Z', status: 'pending' })
    const mails = await newEmails(w.fr.email, async () => {
      await t.deps.jobs.enqueue('email.booking_confirmed', { bookingId: b.id })
      await t.runJobs()
    })
    expect(mails).toHaveLength(1)
    expect(mails[0]!.kind).toBe('booking_pending')
    expect(mails[0]!.subject).toBe('Réservation en attente de validation : Salle Tilleul, vendredi 6 novembre 2026, 14:00–16:30')
    expect(mails[0]!.text).toContain("attend la validation de l'équipe du lieu")
    expect(prop(ics(mails[0]!).events[0]!, 'STATUS')).toBe('TENTATIVE')

    // Approved later: a new confirmation (a different fact), not a replay.
    await t.deps.db.booking.update({ where: { id: b.id }, data: { status: 'confirmed' } })
    const again = await newEmails(w.fr.email, async () => {
      await t.deps.jobs.enqueue('email.booking_confirmed', { bookingId: b.id })
      await t.runJobs()
    })
    expect(again.map((m) => m.kind)).toEqual(['booking_confirmed'])
  })

  it('is written once although the job runs twice', async () => {
    const b = await booking({ userId: w.fr.id, start: '2026-11-10T08:00:00Z', end: '2026-11-10T09:00:00Z' })
    const mails = await newEmails(w.fr.email, async () => {
      await t.deps.jobs.enqueue('email.booking_confirmed', { bookingId: b.id })
      await t.deps.jobs.enqueue('email.booking_confirmed', { bookingId: b.id })
      expect(await t.runJobs()).toMatchObject({ completed: 2, failed: 0 })
    })
    expect(mails).toHaveLength(1)
  })

  it('a booking cancelled before the job runs gets no confirmation', async () => {
    const b = await booking({ userId: w.fr.id, start: '2026-11-11T08:00:00Z', end: '2026-11-11T09:00:00Z', status: 'cancelled' })
    const mails = await newEmails(w.fr.email, async () => {
      await t.deps.jobs.enqueue('email.booking_confirmed', { bookingId: b.id })
      await t.runJobs()
    })
    expect(mails).toEqual([])
  })

  it('a job for a booking that no longer exists completes quietly', async () => {
    await t.deps.jobs.enqueue('email.booking_confirmed', { bookingId: randomUUID() })
    expect(await t.runJobs()).toEqual({ completed: 1, failed: 0 })
  })
})

describe('cancellation', () => {
  it('says so with the reason, and the .ics CANCELs the same event with a higher SEQUENCE', async () => {
    const b = await booking({ userId: w.fr.id, start: '2026-11-12T08:00:00Z', end: '2026-11-12T10:00:00Z' })
    await t.deps.jobs.enqueue('email.booking_confirmed', { bookingId: b.id })
    await t.runJobs()
    const first = (await emailsTo(w.fr.email)).find((m) => m.subject.includes('jeudi 12 novembre 2026'))!
    const firstSeq = Number(prop(ics(first).events[0]!, 'SEQUENCE'))

    await new Promise((r) => setTimeout(r, 1100)) // updatedAt moves by at least a second
    await t.deps.db.booking.update({ where: { id: b.id }, data: { status: 'cancelled', cancelReason: 'Salle inondée', cancelledAt: new Date() } })
    const mails = await newEmails(w.fr.email, async () => {
      await t.deps.jobs.enqueue('email.booking_cancelled', { bookingId: b.id })
      await t.deps.jobs.enqueue('email.booking_cancelled', { bookingId: b.id })
      await t.runJobs()
    })
    expect(mails).toHaveLength(1)
    const m = mails[0]!
    expect(m.kind).toBe('booking_cancelled')
    expect(m.subject).toBe('Réservation annulée : Salle Tilleul, jeudi 12 novembre 2026, 09:00–11:00')
    expect(m.text).toContain('Votre réservation à La Fabrique du Lac est annulée.')
    expect(m.text).toContain('Motif : Salle inondée')
    const cal = ics(m)
    expect(prop(cal.calendar, 'METHOD')).toBe('CANCEL')
    const e = cal.events[0]!
    expect(prop(e, 'STATUS')).toBe('CANCELLED')
    expect(prop(e, 'UID')).toBe(`${b.id}@fabrique`)
    expect(Number(prop(e, 'SEQUENCE'))).toBeGreaterThan(firstSeq)
  })

  it('a declined request says it was declined, in English', async () => {
    const b = await booking({ userId: w.en.id, start: '2026-11-13T08:00:00Z', end: '2026-11-13T10:00:00Z', status: 'declined', cancelReason: 'Closed for an event' })
    const mails = await newEmails(w.en.email, async () => {
      await t.deps.jobs.enqueue('email.booking_cancelled', { bookingId: b.id })
      await t.runJobs()
    })
    expect(mails).toHaveLength(1)
    expect(mails[0]!.kind).toBe('booking_declined')
    expect(mails[0]!.subject).toBe('Booking declined: Salle Tilleul, Friday 13 November 2026, 09:00–11:00')
    expect(mails[0]!.text).toContain('was declined by the lieu')
    expect(mails[0]!.text).toContain('Reason: Closed for an event')
    expect(prop(ics(mails[0]!).calendar, 'METHOD')).toBe('CANCEL')
  })

  it('nothing is sent when the booking is not cancelled', async () => {
    const b = await booking({ userId: w.fr.id, start: '2026-11-14T08:00:00Z', end: '2026-11-14T10:00:00Z' })
    const mails = await newEmails(w.fr.email, async () => {
      await t.deps.jobs.enqueue('email.booking_cancelled', { bookingId: b.id })
      await t.runJobs()
    })
    expect(mails).toEqual([])
  })
})

describe('reminder the day before', () => {
  // The booking service enqueues it with startAfter = start − 24 h. When it runs, it sends only if
  // the booking is still confirmed and starts within the next 28 hours; one per booking and start.
  const start = '2026-11-20T08:00:00Z'
  const remindAt = '2026-11-19T08:00:00Z'

  it('runs when the test clock reaches start − 24 h, once, in the member’s language', async () => {
    t.clock.set('2026-11-18T12:00:00Z')
    const b = await booking({ userId: w.en.id, start, end: '2026-11-20T10:00:00Z' })
    const enqueue = () => t.deps.jobs.enqueue('email.booking_reminder', { bookingId: b.id }, { startAfter: new Date(remindAt), singletonKey: `reminder:${b.id}:${start}` })
    await enqueue()
    const early = await newEmails(w.en.email, () => t.runJobs())
    expect(early).toEqual([])

    t.clock.set(remindAt)
    const mails = await newEmails(w.en.email, async () => {
      await t.runJobs()
      // Enqueued again (a retry, a replay): still one reminder.
      await t.deps.jobs.enqueue('email.booking_reminder', { bookingId: b.id })
      await t.runJobs()
    })
    expect(mails).toHaveLength(1)
    expect(mails[0]!.kind).toBe('booking_reminder')
    expect(mails[0]!.subject).toBe('Reminder: Salle Tilleul, Friday 20 November 2026, 09:00–11:00')
    expect(mails[0]!.text).toContain('Cancel it so someone else can use the slot')
  })

  it('does nothing for a cancelled booking', async () => {
    t.clock.set('2026-11-21T08:00:00Z')
    const b = await booking({ userId: w.fr.id, start: '2026-11-22T08:00:00Z', end: '2026-11-22T09:00:00Z', status: 'cancelled' })
    const mails = await newEmails(w.fr.email, async () => {
      await t.deps.jobs.enqueue('email.booking_reminder', { bookingId: b.id })
      await t.runJobs()
    })
    expect(mails).toEqual([])
  })

  it('a reminder left by a booking moved two days later does nothing; the move’s own reminder speaks', async () => {
    t.clock.set('2026-11-23T08:00:00Z')
    const b = await booking({ userId: w.fr.id, start: '2026-11-24T08:00:00Z', end: '2026-11-24T09:00:00Z' })
    await t.deps.db.booking.update({
      where: { id: b.id },
      data: { startsAt: new Date('2026-11-26T08:00:00Z'), endsAt: new Date('2026-11-26T09:00:00Z'), blockStartsAt: new Date('2026-11-26T08:00:00Z'), blockEndsAt: new Date('2026-11-26T09:00:00Z') },
    })
    const stale = await newEmails(w.fr.email, async () => {
      await t.deps.jobs.enqueue('email.booking_reminder', { bookingId: b.id })
      await t.runJobs()
    })
    expect(stale).toEqual([])

    t.clock.set('2026-11-25T08:00:00Z')
    const fresh = await newEmails(w.fr.email, async () => {
      await t.deps.jobs.enqueue('email.booking_reminder', { bookingId: b.id })
      await t.runJobs()
    })
    expect(fresh.map((m) => m.subject)).toEqual(['Rappel : Salle Tilleul, jeudi 26 novembre 2026, 09:00–10:00'])
  })

  it('does nothing once the booking has started', async () => {
    t.clock.set('2026-11-27T08:30:00Z')
    const b = await booking({ userId: w.fr.id, start: '2026-11-27T08:00:00Z', end: '2026-11-27T09:00:00Z' })
    const mails = await newEmails(w.fr.email, async () => {
      await t.deps.jobs.enqueue('email.booking_reminder', { bookingId: b.id })
      await t.runJobs()
    })
    expect(mails).toEqual([])
  })
})

describe('waitlist offer', () => {
  it('tells the member the slot is held, until when, with the accept link', async () => {
    t.clock.set('2026-11-28T08:00:00Z')
    const entry = await t.deps.db.waitlistEntry.create({
      data: {
        resourceId: w.roomId,
        userId: w.fr.id,
        startsAt: new Date('2026-11-30T13:00:00Z'),
        endsAt: new Date('2026-11-30T17:00:00Z'),
        status: 'offered',
        offeredAt: new Date('2026-11-28T08:00:00Z'),
        offerExpiresAt: new Date('2026-11-28T10:00:00Z'),
      },
    })
    const mails = await newEmails(w.fr.email, async () => {
      await t.deps.jobs.enqueue('email.waitlist_offer', { entryId: entry.id })
      await t.deps.jobs.enqueue('email.waitlist_offer', { entryId: entry.id })
      await t.runJobs()
    })
    expect(mails).toHaveLength(1)
    const m = mails[0]!
    expect(m.kind).toBe('waitlist_offer')
    expect(m.subject).toBe("Un créneau s'est libéré : Salle Tilleul, lundi 30 novembre 2026, 14:00–18:00")
    expect(m.text).toContain('Acceptez-le avant le samedi 28 novembre 2026 à 11:00')
    expect(m.text).toContain(`${ORIGIN}/reservations/liste-attente`)
  })

  it('nothing when the offer was taken or has expired', async () => {
    const entry = await t.deps.db.waitlistEntry.create({
      data: { resourceId: w.roomId, userId: w.fr.id, startsAt: new Date('2026-12-01T13:00:00Z'), endsAt: new Date('2026-12-01T14:00:00Z'), status: 'accepted' },
    })
    const mails = await newEmails(w.fr.email, async () => {
      await t.deps.jobs.enqueue('email.waitlist_offer', { entryId: entry.id })
      await t.runJobs()
    })
    expect(mails).toEqual([])
  })
})

describe('formatSlot', () => {
  it('names both days for a slot over midnight', () => {
    expect(formatSlot(new Date('2026-12-31T20:00:00Z'), new Date('2027-01-01T02:00:00Z'), 'Europe/Paris', 'fr')).toBe(
      'jeudi 31 décembre 2026, 21:00 – vendredi 1 janvier 2027, 03:00',
    )
  })
})

describe('delivery of the outbox', () => {
  it('sends the .ics as an attachment, and two processes flushing at once send each message once', async () => {
    const sent: string[] = []
    const mailerIn = () => {
      const transport = nodemailer.createTransport({ streamTransport: true, buffer: true })
      const real = transport.sendMail.bind(transport)
      transport.sendMail = (async (mail: Parameters<typeof real>[0]) => {
        const info = await real(mail)
        sent.push((info as unknown as { message: Buffer }).message.toString())
        await new Promise((r) => setTimeout(r, 20))
        return info
      }) as typeof transport.sendMail
      return createMailer({ db: t.deps.db, from: 'Fabrique <no-reply@fabrique.test>', logger: pino({ level: 'silent' }), transport })
    }
    // Everything written so far by the tests above is pending (no SMTP in the test app).
    const pending = await t.deps.db.outboxEmail.count({ where: { sentAt: null } })
    expect(pending).toBeGreaterThan(5)
    await Promise.all([mailerIn().flush(), mailerIn().flush()])
    // Each message went out once: as many sends as rows marked sent, none lost.
    expect(sent.length).toBeGreaterThan(0)
    const withIcs = sent.find((m) => m.includes('Content-Type: text/calendar; charset=utf-8; method=REQUEST'))
    expect(withIcs).toBeDefined()
    expect(withIcs).toContain('filename=reservation.ics')
    const remaining = await t.deps.db.outboxEmail.count({ where: { sentAt: null } })
    expect(sent.length + remaining).toBe(pending)
    expect(await t.deps.db.outboxEmail.count({ where: { sentAt: { not: null } } })).toBe(sent.length)
  })
})
