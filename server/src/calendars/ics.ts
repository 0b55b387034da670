import ical, { ICalCalendarMethod, ICalEventStatus } from 'ical-generator'
import { DateTime } from 'luxon'

// iCalendar documents (RFC 5545) for booking e-mails and calendar feeds. Events are written in
// the lieu's zone (DTSTART;TZID=Europe/Paris:…) with a VTIMEZONE built from the IANA rules, so a
// booking at 09:00 local stays 09:00 in every calendar, DST days included.

export type IcsStatus = 'CONFIRMED' | 'TENTATIVE' | 'CANCELLED'

export interface IcsEvent {
  /** The booking's id: UID is `<id>@fabrique`, stable across updates. */
  id: string
  start: Date
  end: Date
  summary: string
  description?: string
  location?: string
  status: IcsStatus
  /** Revision number; higher wins in calendar clients. */
  sequence: number
  /** Last change (DTSTAMP). */
  stamp: Date
  url?: string
  organizer?: { name: string; email: string }
  attendee?: { name: string; email: string }
  /** The event's zone when it differs from the document's (a member's feed spans lieux). */
  timeZone?: string
}

export interface IcsDocument {
  name: string
  timeZone: string
  /** REQUEST / CANCEL for invitations sent by e-mail; a feed has no method. */
  method?: 'REQUEST' | 'CANCEL'
  events: IcsEvent[]
  /** Suggested refresh interval of a feed, in seconds. */
  ttlSeconds?: number
}

const statusOf: Record<IcsStatus, ICalEventStatus> = {
  CONFIRMED: ICalEventStatus.CONFIRMED,
  TENTATIVE: ICalEventStatus.TENTATIVE,
  CANCELLED: ICalEventStatus.CANCELLED,
}

export const bookingUid = (bookingId: string) => `${bookingId}@fabrique`

/** SEQUENCE of a booking: its last change, in epoch seconds (grows with every change). */
export const bookingSequence = (updatedAt: Date) => Math.floor(updatedAt.getTime() / 1000)

export function buildIcs(doc: IcsDocument): string {
  const cal = ical({
    prodId: { company: 'Fabrique', product: 'Fabrique', language: 'FR' },
    name: doc.name,
    // No calendar-level timezone: ical-generator would then write DTSTAMP in local time without Z.
    // The VTIMEZONE is inserted below; each event names its TZID.
    x: { 'X-WR-TIMEZONE': doc.timeZone },
    ...(doc.method ? { method: doc.method === 'CANCEL' ? ICalCalendarMethod.CANCEL : ICalCalendarMethod.REQUEST } : {}),
    ...(doc.ttlSeconds ? { ttl: doc.ttlSeconds } : {}),
  })
  for (const e of doc.events) {
    cal.createEvent({
      id: bookingUid(e.id),
      // Luxon dates: ical-generator converts them in the zone itself (a native Date would be
      // written in the process's local time).
      start: DateTime.fromJSDate(e.start).setZone(e.timeZone ?? doc.timeZone),
      end: DateTime.fromJSDate(e.end).setZone(e.timeZone ?? doc.timeZone),
      timezone: e.timeZone ?? doc.timeZone,
      stamp: e.stamp,
      summary: e.summary,
      description: e.description ?? null,
      location: e.location || null,
      status: statusOf[e.status],
      sequence: e.sequence,
      url: e.url ?? null,
      organizer: e.organizer ?? null,
      attendees: e.attendee ? [{ name: e.attendee.name, email: e.attendee.email }] : [],
    })
  }
  const text = cal.toString()
  const zones = [...new Set([doc.timeZone, ...doc.events.map((e) => e.timeZone ?? doc.timeZone)])]
  const tz = zones.map((z) => vtimezone(z, yearsOf(doc.events))).filter((v): v is string => v !== null).join('\r\n')
  if (!tz) return text
  const at = text.includes('BEGIN:VEVENT') ? text.indexOf('BEGIN:VEVENT') : text.indexOf('END:VCALENDAR')
  return `${text.slice(0, at)}${tz}\r\n${text.slice(at)}`
}

function yearsOf(events: IcsEvent[]): [number, number] {
  const now = new Date().getUTCFullYear()
  if (events.length === 0) return [now, now]
  let min = Infinity
  let max = -Infinity
  for (const e of events) {
    min = Math.min(min, e.start.getUTCFullYear())
    max = Math.max(max, e.end.getUTCFullYear())
  }
  return [min, max]
}

const fmtOffset = (minutes: number) => {
  const sign = minutes < 0 ? '-' : '+'
  const a = Math.abs(minutes)
  return `${sign}${String(Math.floor(a / 60)).padStart(2, '0')}${String(a % 60).padStart(2, '0')}`
}

/**
 * A VTIMEZONE for `zone` covering the given years: each offset change found in the IANA rules
 * becomes a STANDARD or DAYLIGHT observance with its exact local onset (no RRULE to get wrong).
 */
export function vtimezone(zone: string, [fromYear, toYear]: [number, number]): string | null {
  const probe = DateTime.fromObject({ year: fromYear }, { zone })
  if (!probe.isValid) return null
  const transitions: { at: DateTime; from: number; to: number }[] = []
  let cursor = DateTime.fromObject({ year: fromYear - 1, month: 12, day: 1 }, { zone })
  const end = DateTime.fromObject({ year: toYear + 1, month: 1, day: 31 }, { zone })
  let offset = cursor.offset
  // Day steps, then a binary search to the minute of each change.
  while (cursor < end) {
    const next = cursor.plus({ days: 1 })
    if (next.offset !== offset) {
      let lo = cursor.toMillis()
      let hi = next.toMillis()
      while (hi - lo > 60_000) {
        const mid = Math.floor((lo + hi) / 2 / 60_000) * 60_000
        if (DateTime.fromMillis(mid, { zone }).offset === offset) lo = mid
        else hi = mid
      }
      const at = DateTime.fromMillis(hi, { zone })
      transitions.push({ at, from: offset, to: at.offset })
      offset = at.offset
    }
    cursor = next
  }
  const lines = ['BEGIN:VTIMEZONE', `TZID:${zone}`, `X-LIC-LOCATION:${zone}`]
  const local = (ms: number, offsetMinutes: number) => DateTime.fromMillis(ms + offsetMinutes * 60_000, { zone: 'UTC' }).toFormat("yyyyLLdd'T'HHmmss")
  const observance = (kind: 'STANDARD' | 'DAYLIGHT', from: number, to: number, name: string, start: string) =>
    lines.push(`BEGIN:${kind}`, `TZOFFSETFROM:${fmtOffset(from)}`, `TZOFFSETTO:${fmtOffset(to)}`, `TZNAME:${name}`, `DTSTART:${start}`, `END:${kind}`)
  const first = DateTime.fromObject({ year: fromYear - 1, month: 12, day: 1 }, { zone })
  // The offset in force at the start of the window, then every change (DTSTART of each is its onset
  // in the local time in force *before* it, RFC 5545 §3.6.5).
  const firstIsDaylight = transitions.length > 0 && transitions[0]!.to < transitions[0]!.from
  observance(firstIsDaylight ? 'DAYLIGHT' : 'STANDARD', first.offset, first.offset, first.offsetNameShort ?? fmtOffset(first.offset), local(first.toMillis(), first.offset))
  for (const tr of transitions) {
    observance(tr.to > tr.from ? 'DAYLIGHT' : 'STANDARD', tr.from, tr.to, tr.at.offsetNameShort ?? fmtOffset(tr.to), local(tr.at.toMillis(), tr.from))
  }
  lines.push('END:VTIMEZONE')
  return lines.join('\r\n')
}
