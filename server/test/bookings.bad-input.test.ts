import { beforeAll, describe, expect, it } from 'vitest'
import type { z } from 'zod'
import type { ErrorCode } from '@fabrique/shared/errors'
import { coveredElsewhere } from './support/covered-elsewhere.ts'
import { useTestApp } from './support/test-app.ts'
import { bookingsSnapshot } from './support/snapshots.ts'
import { bookingWorld } from './support/booking-world.ts'
import { casesFor, junkFor, rng, run, verdict, type Case, type Semantic } from './support/bad-input-cases.ts'
import {
  fillPath,
  pathParams,
  registeredRoutes,
  send,
  type Agent,
} from './support/route-table.ts'

// QUALITY R5 for the booking routes (bookings, series, availability, waitlist): no input, however
// bad, gets a 5xx or writes anything; every refusal is problem+json with a stable code, and a
// validation failure names the offending field. The case generator is bad-input.test.ts's.

// Friday 2026-11-27, 10:00 in Paris.
const t = useTestApp({ now: '2026-11-27T09:00:00Z' })
const SUITE = 'bookings.bad-input.test.ts'
const UNKNOWN = '00000000-0000-4000-8000-000000000000'

interface World {
  /**
   * The lieu's manager: every request is theirs (they may act on any booking of the lieu, book for a
   * member, and are exempt from the booking window: a valid slot in 9999 is theirs to book).
   */
  owner: Agent
  lieuId: string
  memberId: string
  outsiderId: string
  deskId: string
  roomId: string
  zoneId: string
  foreignDeskId: string
  /** The member's bookings: a pending room, and confirmed desks to cancel, move and look at. */
  pendingId: string
  cancelId: string
  moveId: string
  confirmedId: string
  seriesId: string
  occurrenceId: string
  otherSeriesOccurrenceId: string
  entryId: string
  /** The member's employer (no pool: it pays nothing) and one she does not belong to. */
  employerId: string
  /** A desk with a price (the others are free: nobody has to pay them, so any payer will do). */
  pricedDeskId: string
  foreignEmployerId: string
}
const w = {} as World

beforeAll(async () => {
  const world = await bookingWorld(t)
  const other = await bookingWorld(t)
  w.owner = world.manager.agent
  w.lieuId = world.lieu.id
  w.memberId = world.alice.id
  w.outsiderId = (await t.createUser({ name: 'Oscar Outsider' })).id
  w.deskId = world.desk.id
  w.roomId = world.room.id
  w.zoneId = world.zone.id
  w.foreignDeskId = other.desk.id
  const employer = await t.deps.db.employer.create({
    data: { name: 'Coop Alice', memberships: { create: { userId: world.alice.id, role: 'employee' } } },
  })
  await t.deps.db.employerAllocation.create({ data: { employerId: employer.id, userId: world.alice.id } })
  w.employerId = employer.id
  w.foreignEmployerId = (await t.deps.db.employer.create({ data: { name: 'Coop Voisine' } })).id
  w.pricedDeskId = (
    await t.deps.db.resource.create({
      data: { lieuId: w.lieuId, kind: 'desk', name: 'Bureau payant', rates: { dayCents: 2000, hourCents: 500, vatRateBp: 2000 } },
    })
  ).id
  const book = async (body: object) => {
    const res = await world.alice.agent.post('/api/v1/bookings').send(body)
    expect(res.status, res.text).toBe(201)
    return res.body.id as string
  }
  const at = (day: string, from: string, to: string) => ({
    startsAt: `2026-12-${day}T${from}:00+01:00`,
    endsAt: `2026-12-${day}T${to}:00+01:00`,
  })
  w.pendingId = await book({ resourceId: w.roomId, ...at('01', '14:00', '16:00') })
  w.cancelId = await book({ resourceId: w.deskId, ...at('02', '14:00', '15:00') })
  w.moveId = await book({ resourceId: w.deskId, ...at('02', '09:00', '10:00') })
  w.confirmedId = await book({ resourceId: w.deskId, ...at('03', '09:00', '10:00') })
  const series = async (agent: Agent, localStart: string) => {
    const res = await agent
      .post('/api/v1/bookings/series')
      .send({ resourceId: w.zoneId, localStart, durationMinutes: 60, frequency: 'daily', count: 2 })
    expect(res.status, res.text).toBe(201)
    return res.body as { id: string; occurrences: { bookingId: string }[] }
  }
  const s = await series(world.alice.agent, '2026-12-07T09:00')
  w.seriesId = s.id
  w.occurrenceId = s.occurrences[0]!.bookingId
  w.otherSeriesOccurrenceId = (await series(world.bob.agent, '2026-12-07T11:00')).occurrences[0]!.bookingId
  w.entryId = (
    await t.deps.db.waitlistEntry.create({
      data: {
        resourceId: w.deskId,
        userId: world.bob.id,
        startsAt: new Date('2026-12-03T08:00:00Z'),
        endsAt: new Date('2026-12-03T09:00:00Z'),
      },
    })
  ).id
})

const params = (key = ''): Record<string, string> => ({
  lieuId: w.lieuId,
  resourceId: w.deskId,
  bookingId: key.includes('/decline')
    ? w.pendingId
    : key.includes('/cancel')
      ? w.cancelId
      : key.includes('/move')
        ? w.moveId
        : w.confirmedId,
  seriesId: w.seriesId,
  entryId: w.entryId,
})

/** A well-formed body for every route of this domain taking one (checked against its schema below). */
const validBody: Record<string, () => Record<string, unknown>> = {
  'POST /bookings': () => ({
    resourceId: w.deskId,
    startsAt: '2026-12-01T09:00:00+01:00',
    endsAt: '2026-12-01T10:00:00+01:00',
    seats: 1,
    note: 'Réunion',
    forUserId: w.memberId,
    paidBy: 'auto',
    employerId: w.employerId,
  }),
  'POST /bookings/:bookingId/decline': () => ({ reason: 'Salle en travaux' }),
  'POST /bookings/:bookingId/cancel': () => ({ reason: 'Fermeture imprévue' }),
  'POST /bookings/:bookingId/move': () => ({
    startsAt: '2026-12-02T11:00:00+01:00',
    endsAt: '2026-12-02T12:00:00+01:00',
    resourceId: w.deskId,
  }),
  'POST /bookings/series': () => ({
    resourceId: w.deskId,
    localStart: '2026-12-14T14:00',
    durationMinutes: 60,
    frequency: 'weekly',
    interval: 1,
    byWeekday: [1, 3],
    count: 4,
    seats: 1,
    note: 'Hebdo',
    forUserId: w.memberId,
  }),
  'POST /bookings/series/:seriesId/cancel': () => ({
    scope: 'one',
    bookingId: w.occurrenceId,
    reason: 'Empêchement',
  }),
  // The member holds this slot; the manager queues for it.
  'POST /waitlist': () => ({
    resourceId: w.deskId,
    startsAt: '2026-12-03T09:00:00+01:00',
    endsAt: '2026-12-03T10:00:00+01:00',
    seats: 1,
  }),
}
/** A well-formed query for every route of this domain taking one. */
const validQuery: Record<string, () => Record<string, string>> = {
  'GET /me/bookings': () => ({
    from: '2026-11-01T00:00:00Z',
    to: '2027-01-01T00:00:00+01:00',
    status: 'confirmed',
    resourceId: w.deskId,
  }),
  'GET /lieux/:lieuId/bookings': () => ({
    from: '2026-11-01T00:00:00Z',
    to: '2027-01-01T00:00:00+01:00',
    status: 'pending',
    resourceId: w.roomId,
  }),
  'GET /lieux/:lieuId/availability': () => ({ from: '2026-12-01', to: '2026-12-07', kind: 'desk' }),
  'GET /lieux/:lieuId/resources/:resourceId/availability': () => ({ from: '2026-12-01', to: '2026-12-07' }),
  'GET /lieux/:lieuId/resources/:resourceId/price': () => ({
    startsAt: '2026-12-01T09:00:00+01:00',
    endsAt: '2026-12-01T11:00:00Z',
    forUserId: w.memberId,
    paidBy: 'auto',
    employerId: w.employerId,
  }),
}
/** Top-level fields that accept null (none here). */
const nullable: Record<string, string[]> = {}

/** Instants that are not one: no offset, a date, a space, impossible fields… */
const notInstants: string[] = [
  '2026-12-01T09:00:00',
  '2026-12-01T09:00',
  '2026-12-01',
  '2026-12-01 09:00:00Z',
  '2026-12-01T09:00Z',
  '2026-02-30T09:00:00Z',
  '2026-12-01T25:00:00Z',
  '2026-12-01T09:00:00+25:00',
  '2026-12-01T09:00:00+0100',
  '01/12/2026 09:00',
  '1796115600000',
  'tomorrow',
  '',
]
const instants = (field: string): Semantic => notInstants.map((v) => [field, v, field])
const seatCases = (field = 'seats'): Semantic =>
  [0, 101, -1, 1.5, 1e9].map((v) => [field, v, field])

/** Per route, values that are well-typed but wrong, and the field that must be named. */
const semantic: Record<string, Semantic> = {
  'POST /bookings': [
    ...instants('startsAt'),
    ...instants('endsAt'),
    ['endsAt', '2026-12-01T08:00:00+01:00', 'endsAt'], // before the start
    ['endsAt', '2026-12-01T09:00:00+01:00', 'endsAt'], // empty
    ['endsAt', '2026-12-01T08:00:00Z', 'endsAt'], // same instant, another offset
    ...seatCases(),
    ['resourceId', 'not-a-uuid', 'resourceId'],
    ['resourceId', `${UNKNOWN}0`, 'resourceId'],
    ['forUserId', 'me', 'forUserId'],
    ['note', 'x'.repeat(501), 'note'],
    ['paidBy', 'company', 'paidBy'],
    ['paidBy', 'EMPLOYER', 'paidBy'],
    ['paidBy', '', 'paidBy'],
    ['employerId', 'not-a-uuid', 'employerId'],
    ['employerId', `${UNKNOWN}0`, 'employerId'],
  ],
  'POST /bookings/:bookingId/decline': [['reason', 'x'.repeat(501), 'reason']],
  'POST /bookings/:bookingId/cancel': [['reason', 'x'.repeat(501), 'reason']],
  'POST /bookings/:bookingId/move': [
    ...instants('startsAt'),
    ...instants('endsAt'),
    ['endsAt', '2026-12-02T10:00:00+01:00', 'endsAt'],
    ['endsAt', '2026-12-02T11:00:00+01:00', 'endsAt'],
    ['resourceId', 'desk', 'resourceId'],
  ],
  'POST /bookings/series': [
    ['localStart', '2026-12-14T14:00+01:00', 'localStart'],
    ['localStart', '2026-12-14T14:00Z', 'localStart'],
    ['localStart', '2026-12-14T14:00:00-05:00', 'localStart'],
    ['localStart', '2026-12-14', 'localStart'],
    ['localStart', '2026-12-14 14:00', 'localStart'],
    ['localStart', '2026-02-30T14:00', 'localStart'],
    ['localStart', '2026-12-14T24:00', 'localStart'],
    ['localStart', '14/12/2026 14h', 'localStart'],
    ['localStart', 'every monday', 'localStart'],
    ['localStart', '', 'localStart'],
    ['durationMinutes', 0, 'durationMinutes'],
    ['durationMinutes', 4, 'durationMinutes'],
    ['durationMinutes', 24 * 60 + 1, 'durationMinutes'],
    ['durationMinutes', 60.5, 'durationMinutes'],
    ['frequency', 'monthly', 'frequency'],
    ['frequency', 'WEEKLY', 'frequency'],
    ['interval', 0, 'interval'],
    ['interval', -1, 'interval'],
    ['interval', 53, 'interval'],
    ['interval', 1.5, 'interval'],
    ['byWeekday', [0], 'byWeekday.0'],
    ['byWeekday', [8], 'byWeekday.0'],
    ['byWeekday', [1, 2.5], 'byWeekday.1'],
    ['byWeekday', [], 'byWeekday'],
    ['byWeekday', [1, 2, 3, 4, 5, 6, 7, 1], 'byWeekday'],
    ['byWeekday', ['MO'], 'byWeekday.0'],
    ['count', 0, 'count'],
    ['count', 201, 'count'],
    ['count', 2.5, 'count'],
    ['until', '2027-01-31', 'count'], // count and until both
    ['until', '2026-13-01', 'until'],
    ...seatCases(),
    ['resourceId', 'not-a-uuid', 'resourceId'],
    ['forUserId', 'x', 'forUserId'],
    ['note', 'x'.repeat(501), 'note'],
  ],
  'POST /bookings/series/:seriesId/cancel': [
    ['scope', 'some', 'scope'],
    ['scope', 'ALL', 'scope'],
    ['scope', '', 'scope'],
    ['bookingId', 'first', 'bookingId'],
    ['reason', 'x'.repeat(501), 'reason'],
  ],
  'POST /waitlist': [
    ...instants('startsAt'),
    ...instants('endsAt'),
    ['endsAt', '2026-12-03T08:00:00+01:00', 'endsAt'],
    ...seatCases(),
    ['resourceId', 'x', 'resourceId'],
  ],
}

/** Whole bodies refused for what they mean (status, code, and the field named, if any). */
type Extra = {
  name: string
  body: () => Record<string, unknown>
  status: number
  code: ErrorCode
  field?: string
  /** Sent as the Idempotency-Key header. */
  key?: string
}
const extra: Record<string, Extra[]> = {
  'POST /bookings': [
    ...(
      [
        ['too short', 'short'],
        ['non-ASCII', 'clé-idempotence-2026'],
        ['a space inside', 'my key with spaces'],
        ['a tab inside', 'key\twith-a-tab'],
        ['empty', ''],
        ['129 characters', 'k'.repeat(129)],
        ['8 KB', 'k'.repeat(8000)],
      ] as const
    ).map(([name, key]): Extra => ({
      name: `Idempotency-Key ${name}`,
      body: validBody['POST /bookings']!,
      key,
      status: 400,
      code: 'validation_failed',
      field: 'Idempotency-Key',
    })),
    {
      name: 'an unknown resource',
      body: () => ({ ...validBody['POST /bookings']!(), resourceId: UNKNOWN }),
      status: 404,
      code: 'not_found',
      field: 'resourceId',
    },
    {
      name: 'for someone outside the lieu',
      body: () => ({ ...validBody['POST /bookings']!(), forUserId: w.outsiderId }),
      status: 400,
      code: 'validation_failed',
      field: 'forUserId',
    },
    {
      name: 'for nobody',
      body: () => ({ ...validBody['POST /bookings']!(), forUserId: UNKNOWN }),
      status: 400,
      code: 'validation_failed',
      field: 'forUserId',
    },
    {
      name: 'two seats of a desk',
      body: () => ({ ...validBody['POST /bookings']!(), seats: 2 }),
      status: 422,
      code: 'capacity_exceeded',
      field: 'seats',
    },
    {
      name: 'four seats of a zone of three',
      body: () => ({ ...validBody['POST /bookings']!(), resourceId: w.zoneId, seats: 4 }),
      status: 422,
      code: 'capacity_exceeded',
      field: 'seats',
    },
    {
      name: 'the year 0000',
      body: () => ({
        ...validBody['POST /bookings']!(),
        startsAt: '0000-01-01T09:00:00Z',
        endsAt: '2026-12-01T10:00:00Z',
      }),
      status: 400,
      code: 'validation_failed',
      field: 'startsAt',
    },
    // paidBy employer: refused with the reason when no employer pays a priced slot (naming paidBy).
    {
      name: 'paid by an employer without a pool',
      body: () => ({ ...validBody['POST /bookings']!(), resourceId: w.pricedDeskId, paidBy: 'employer' }),
      status: 422,
      code: 'employer_not_allowed',
      field: 'paidBy',
    },
    {
      name: 'paid by an unknown employer',
      body: () => ({ ...validBody['POST /bookings']!(), resourceId: w.pricedDeskId, paidBy: 'employer', employerId: UNKNOWN }),
      status: 422,
      code: 'employer_not_allowed',
      field: 'paidBy',
    },
    {
      name: 'paid by an employer she does not belong to',
      body: () => ({ ...validBody['POST /bookings']!(), resourceId: w.pricedDeskId, paidBy: 'employer', employerId: w.foreignEmployerId }),
      status: 422,
      code: 'employer_not_allowed',
      field: 'paidBy',
    },
    {
      name: 'half a second off the grid',
      body: () => ({ ...validBody['POST /bookings']!(), startsAt: '2026-12-01T09:00:00.5+01:00' }),
      status: 422,
      code: 'not_on_granularity',
    },
  ],
  'POST /bookings/:bookingId/move': [
    {
      name: 'onto an unknown resource',
      body: () => ({ ...validBody['POST /bookings/:bookingId/move']!(), resourceId: UNKNOWN }),
      status: 404,
      code: 'not_found',
      field: 'resourceId',
    },
    {
      name: 'onto another lieu’s resource (like an unknown one)',
      body: () => ({ ...validBody['POST /bookings/:bookingId/move']!(), resourceId: w.foreignDeskId }),
      status: 404,
      code: 'not_found',
      field: 'resourceId',
    },
    {
      name: 'the year 0000',
      body: () => ({ startsAt: '0000-01-01T09:00:00Z', endsAt: '2026-12-01T10:00:00Z' }),
      status: 400,
      code: 'validation_failed',
      field: 'startsAt',
    },
  ],
  'POST /bookings/series': [
    {
      name: 'neither count nor until',
      body: () => {
        const { count: _count, ...rest } = validBody['POST /bookings/series']!()
        return rest
      },
      status: 400,
      code: 'validation_failed',
      field: 'count',
    },
    {
      name: 'until instead of count is fine but an unknown resource is not',
      body: () => {
        const { count: _count, ...rest } = validBody['POST /bookings/series']!()
        return { ...rest, until: '2026-12-31', resourceId: UNKNOWN }
      },
      status: 404,
      code: 'not_found',
      field: 'resourceId',
    },
    {
      name: 'for someone outside the lieu',
      body: () => ({ ...validBody['POST /bookings/series']!(), forUserId: w.outsiderId }),
      status: 400,
      code: 'validation_failed',
      field: 'forUserId',
    },
  ],
  'POST /bookings/series/:seriesId/cancel': [
    {
      name: 'one occurrence, not named',
      body: () => ({ scope: 'one' }),
      status: 400,
      code: 'validation_failed',
      field: 'bookingId',
    },
    {
      name: 'the following ones, not named',
      body: () => ({ scope: 'following' }),
      status: 400,
      code: 'validation_failed',
      field: 'bookingId',
    },
    {
      name: 'an occurrence of another series',
      body: () => ({ scope: 'one', bookingId: w.otherSeriesOccurrenceId }),
      status: 400,
      code: 'validation_failed',
      field: 'bookingId',
    },
    {
      name: 'a booking outside any series',
      body: () => ({ scope: 'following', bookingId: w.confirmedId }),
      status: 400,
      code: 'validation_failed',
      field: 'bookingId',
    },
    {
      name: 'an unknown booking',
      body: () => ({ scope: 'one', bookingId: UNKNOWN }),
      status: 400,
      code: 'validation_failed',
      field: 'bookingId',
    },
  ],
  'POST /waitlist': [
    {
      name: 'an unknown resource',
      body: () => ({ ...validBody['POST /waitlist']!(), resourceId: UNKNOWN }),
      status: 404,
      code: 'not_found',
      field: 'resourceId',
    },
    {
      name: 'a free slot',
      body: () => ({
        ...validBody['POST /waitlist']!(),
        startsAt: '2026-12-03T11:00:00+01:00',
        endsAt: '2026-12-03T12:00:00+01:00',
      }),
      status: 422,
      code: 'rule_violation',
    },
    {
      name: 'a slot already started',
      body: () => ({ ...validBody['POST /waitlist']!(), startsAt: '2026-11-27T09:00:00+01:00' }),
      status: 422,
      code: 'in_the_past',
    },
  ],
}

/** Bad queries, per route, and the field that must be named. */
const listQueries: [string, string][] = [
  ['from=2026-12-01T09:00:00', 'from'],
  ['from=2026-12-01', 'from'],
  ['from=tomorrow', 'from'],
  ['to=2026-12-01T09:00', 'to'],
  ['to=2026-12-01T09:00:00%2B25:00', 'to'],
  ['from=2026-12-01T00:00:00Z&from=2026-12-02T00:00:00Z', 'from'],
  [`from=${'9'.repeat(400)}`, 'from'],
  ['from=2026-12-01T00:00:00Z%00', 'from'],
  ['status=CONFIRMED', 'status'],
  ['status=deleted', 'status'],
  ['status=', 'status'],
  ['resourceId=not-a-uuid', 'resourceId'],
  ['resourceId=x&resourceId=y', 'resourceId'],
  ['userId=00000000-0000-4000-8000-000000000000', 'userId'],
  ['from[$ne]=x', 'from[$ne]'],
  ['foo=1', 'foo'],
]
const availabilityQueries: [string, string][] = [
  ['from=2026-13-01&to=2026-12-02', 'from'],
  ['from=2026-12-01&to=2026-13-01', 'to'],
  ['from=2026-02-30&to=2026-03-01', 'from'],
  ['from=2026-12-02&to=2026-12-01', 'to'], // to before from
  ['from=2026-12-01&to=2027-03-01', 'to'], // over 62 days
  ['from=2026-12-01', 'to'],
  ['to=2026-12-01', 'from'],
  ['from=2026-12-01T00:00:00Z&to=2026-12-02', 'from'],
  ['from=01/12/2026&to=2026-12-02', 'from'],
  ['from=2026-12-01&to=2026-12-02&kind=spaceship', 'kind'],
  ['from=2026-12-01&to=2026-12-02&kind=desk&kind=room', 'kind'],
  ['from=2026-12-01&to=2026-12-02&kind=DESK', 'kind'],
  ['from=2026-12-01&from=2026-12-02&to=2026-12-03', 'from'],
  ['from=2026-12-01%00&to=2026-12-02', 'from'],
  [`from=${'2'.repeat(400)}&to=2026-12-02`, 'from'],
  ['from=2026-12-01&to=2026-12-02&resourceId=00000000-0000-4000-8000-000000000000', 'resourceId'],
  ['from=2026-12-01&to=2026-12-02&from[$gt]=', 'from[$gt]'],
]
const priceQueries: [string, string][] = [
  ['startsAt=2026-12-01T09:00:00&endsAt=2026-12-01T10:00:00Z', 'startsAt'],
  ['startsAt=2026-12-01T09:00:00Z&endsAt=2026-12-01', 'endsAt'],
  ['startsAt=2026-12-01T09:00:00Z&endsAt=2026-12-01T08:00:00Z', 'endsAt'], // before the start
  ['startsAt=2026-12-01T09:00:00Z&endsAt=2026-12-01T09:00:00Z', 'endsAt'], // empty
  ['endsAt=2026-12-01T10:00:00Z', 'startsAt'],
  ['startsAt=2026-12-01T09:00:00Z', 'endsAt'],
  ['startsAt=0000-01-01T09:00:00Z&endsAt=2026-12-01T10:00:00Z', 'startsAt'],
  ['startsAt=2026-12-01T09:00:00Z&startsAt=2026-12-01T09:30:00Z&endsAt=2026-12-01T10:00:00Z', 'startsAt'],
  ['startsAt=2026-12-01T09:00:00Z&endsAt=2026-12-01T10:00:00Z&forUserId=nobody', 'forUserId'],
  ['startsAt=2026-12-01T09:00:00Z&endsAt=2026-12-01T10:00:00Z&forUserId=00000000-0000-4000-8000-000000000000', 'forUserId'],
  ['startsAt=2026-12-01T09:00:00Z&endsAt=2026-12-01T10:00:00Z&seats=2', 'seats'],
  ['startsAt=2026-12-01T09:00:00Z&endsAt=2026-12-01T10:00:00Z&startsAt[$gt]=', 'startsAt[$gt]'],
  ['startsAt=2026-12-01T09:00:00Z&endsAt=2026-12-01T10:00:00Z&paidBy=company', 'paidBy'],
  ['startsAt=2026-12-01T09:00:00Z&endsAt=2026-12-01T10:00:00Z&paidBy=', 'paidBy'],
  ['startsAt=2026-12-01T09:00:00Z&endsAt=2026-12-01T10:00:00Z&paidBy=auto&paidBy=employer', 'paidBy'],
  ['startsAt=2026-12-01T09:00:00Z&endsAt=2026-12-01T10:00:00Z&employerId=not-a-uuid', 'employerId'],
  [`startsAt=2026-12-01T09:00:00Z&endsAt=2026-12-01T10:00:00Z&employerId=${UNKNOWN}&employerId=${UNKNOWN}`, 'employerId'],
]
const badQueries: Record<string, [string, string][]> = {
  'GET /lieux/:lieuId/resources/:resourceId/price': priceQueries,
  'GET /me/bookings': listQueries,
  'GET /lieux/:lieuId/bookings': listQueries,
  'GET /lieux/:lieuId/availability': availabilityQueries,
  'GET /lieux/:lieuId/resources/:resourceId/availability': availabilityQueries,
}

/** Random junk in a query (only values the schema refuses), as `k=v` pairs. */
function junkQueries(key: string, schema: z.ZodType, seed: number): [string, string][] {
  const r = rng(seed)
  const valid = validQuery[key]!()
  const fields = [...new Set([...Object.keys(valid), 'from', 'to', 'status', 'resourceId', 'kind'])].filter(
    (f) => schema.safeParse({ ...valid, [f]: valid[f] ?? 'x' }).success || f in valid,
  )
  const out: [string, string][] = []
  for (let tries = 0; out.length < 10 && tries < 300; tries++) {
    const f = r.pick(fields)
    const junk = junkFor(r)
    const values = Array.isArray(junk)
      ? junk.map(String)
      : [typeof junk === 'string' ? junk : JSON.stringify(junk)]
    if (values.length === 0) continue
    const parsed = values.length === 1 ? values[0] : values
    if (schema.safeParse({ ...valid, [f]: parsed }).success) continue
    const q = new URLSearchParams(Object.entries(valid).filter(([k]) => k !== f))
    for (const v of values) q.append(f, v)
    out.push([q.toString(), f])
  }
  return out
}

// ─── The suites ───────────────────────────────────────────────────────────────────────────────────

let total = 0
const ours = (what: 'authorization' | 'badInput') =>
  Object.entries(coveredElsewhere)
    .filter(([, v]) =>
      what === 'badInput' ? v.badInput === SUITE : v.authorization === 'bookings.authorization.test.ts',
    )
    .map(([k]) => k)

describe('every booking route with a body', () => {
  it('has a well-formed body in this table, and covered-elsewhere points here', () => {
    const routes = registeredRoutes()
    const withBody = routes.filter((r) => r.body && ours('authorization').includes(r.key))
    expect(withBody.map((r) => r.key).sort()).toEqual(Object.keys(validBody).sort())
    for (const r of withBody) {
      const ok = r.body!.safeParse(validBody[r.key]!())
      expect(ok.success, `${r.key}: ${JSON.stringify(ok.error?.issues)}`).toBe(true)
    }
    const withQuery = routes.filter((r) => r.query && ours('authorization').includes(r.key))
    expect(withQuery.map((r) => r.key).sort()).toEqual(Object.keys(validQuery).sort())
    for (const r of withQuery) {
      const ok = r.query!.safeParse(validQuery[r.key]!())
      expect(ok.success, `${r.key}: ${JSON.stringify(ok.error?.issues)}`).toBe(true)
    }
    for (const key of [...Object.keys(semantic), ...Object.keys(extra)])
      expect(validBody, key).toHaveProperty([key])
    for (const key of Object.keys(badQueries)) expect(validQuery, key).toHaveProperty([key])
    // This suite covers exactly the booking routes taking a body or a query.
    expect(ours('badInput').sort()).toEqual([...Object.keys(validBody), ...Object.keys(validQuery)].sort())
  })

  it.each(Object.keys(validBody).map((key, i) => ({ key, seed: 9100 + i })))(
    '$key: junk is refused as a 4xx naming the field, and nothing is written',
    async ({ key, seed }) => {
      const spec = registeredRoutes().find((r) => r.key === key)!
      const url = fillPath(spec.path, params(key))
      const cases = casesFor(validBody[key]!(), spec.body!, seed, {
        nullable: nullable[key],
        semantic: semantic[key],
      })
      const keys = new Map<Case, string>()
      for (const x of extra[key] ?? []) {
        const c: Case = { name: x.name, body: x.body(), status: x.status, code: x.code, field: x.field }
        if (x.key !== undefined) keys.set(c, x.key)
        cases.push(c)
      }
      // The same junk under an Idempotency-Key: refused all the same, and the key is not kept.
      if (key === 'POST /bookings') {
        for (const c of cases.filter((c) => !c.raw).slice(0, 40)) {
          if (keys.has(c)) continue
          const again = { ...c, name: `${c.name} (with an Idempotency-Key)` }
          keys.set(again, `junk-key-${cases.indexOf(c)}-0123456789`)
          cases.push(again)
        }
      }
      const before = await bookingsSnapshot(t)
      const failures: string[] = []
      for (const c of cases) {
        const k = keys.get(c)
        const res =
          k === undefined
            ? await run(w.owner, spec.method, url, c)
            : await w.owner[spec.method](url)
                .set('Idempotency-Key', k)
                .set('Content-Type', 'application/json')
                .send(JSON.stringify(c.body))
        const v = verdict(c, res as never)
        if (v) failures.push(`${c.name}: ${v}`)
      }
      total += cases.length
      expect(failures).toEqual([])
      expect(await bookingsSnapshot(t)).toEqual(before)
    },
  )
})

describe('every booking route with a query', () => {
  it.each(Object.keys(validQuery).map((key, i) => ({ key, seed: 9200 + i })))(
    '$key: bad and random queries are refused as a 400 naming the field, and nothing is written',
    async ({ key, seed }) => {
      const spec = registeredRoutes().find((r) => r.key === key)!
      const url = fillPath(spec.path, params(key))
      const cases = [...badQueries[key]!, ...junkQueries(key, spec.query!, seed)]
      const before = await bookingsSnapshot(t)
      const failures: string[] = []
      for (const [query, field] of cases) {
        const res = await w.owner.get(`${url}?${query}`)
        const v = verdict({ name: query, status: 400, code: 'validation_failed', field }, res as never)
        if (v) failures.push(`?${query.slice(0, 80)}: ${v}`)
      }
      total += cases.length
      expect(failures).toEqual([])
      expect(await bookingsSnapshot(t)).toEqual(before)
    },
  )
})

describe('dates PostgreSQL cannot hold', () => {
  // Year 0000 is a valid ISO 8601 year but no PostgreSQL timestamp: it must be refused up front.
  const cases: { key: string; query: string; field: string }[] = [
    { key: 'GET /me/bookings', query: 'from=0000-01-01T00:00:00Z', field: 'from' },
    { key: 'GET /me/bookings', query: 'to=0000-12-31T23:59:59Z', field: 'to' },
    { key: 'GET /lieux/:lieuId/bookings', query: 'from=0000-06-01T00:00:00%2B02:00', field: 'from' },
    { key: 'GET /lieux/:lieuId/availability', query: 'from=0000-01-01&to=2026-01-02', field: 'from' },
    {
      key: 'GET /lieux/:lieuId/resources/:resourceId/availability',
      query: 'from=0000-03-01&to=2026-03-01',
      field: 'from',
    },
  ]
  it.each(cases)('$key?$query → 400 naming $field, not a 500', async (c) => {
    const spec = registeredRoutes().find((r) => r.key === c.key)!
    const before = await bookingsSnapshot(t)
    const res = await w.owner.get(`${fillPath(spec.path, params(c.key))}?${c.query}`)
    total++
    expect(
      verdict({ name: '', status: 400, code: 'validation_failed', field: c.field }, res as never),
    ).toBeNull()
    expect(await bookingsSnapshot(t)).toEqual(before)
  })
})

describe('series that cannot book anything', () => {
  const series = () => validBody['POST /bookings/series']!()
  const cases: { name: string; body: () => Record<string, unknown>; field: string }[] = [
    {
      // No occurrence at all: nothing to book, so nothing to write (was: 201, an empty series kept).
      name: 'until before the first occurrence',
      body: () => {
        const { count: _count, ...rest } = series()
        return { ...rest, until: '2026-12-01' }
      },
      field: 'until',
    },
    {
      // Years 0–99 expand as 1900–1999 (Date.UTC): an RRULE from 1900, 201, the series kept.
      name: 'a first occurrence in the year 0000',
      body: () => ({ ...series(), localStart: '0000-01-03T09:00' }),
      field: 'localStart',
    },
  ]
  it.each(cases)('$name → 4xx naming $field, nothing written', async (c) => {
    const before = await bookingsSnapshot(t)
    const res = await send(w.owner, 'post', '/api/v1/bookings/series', c.body())
    total++
    expect(
      verdict({ name: c.name, status: 400, code: 'validation_failed', field: c.field }, res as never),
    ).toBeNull()
    expect(await bookingsSnapshot(t)).toEqual(before)
  })
})

describe('path parameters that cannot name anything', () => {
  const junkIds = [
    'not-a-uuid',
    "'; drop table bookings;--",
    UNKNOWN,
    'a/b',
    '..',
    '\u0000',
    'é',
    '1 OR 1=1',
    'x'.repeat(2000),
  ]
  it('answer 404 problem+json on every booking route with an id, and write nothing', async () => {
    const before = await bookingsSnapshot(t)
    const failures: string[] = []
    const routes = registeredRoutes().filter(
      (r) => r.path.includes(':') && ours('authorization').includes(r.key),
    )
    expect(routes.length).toBeGreaterThanOrEqual(14)
    // An id of another kind of object of the same lieu names nothing either.
    const others = [w.lieuId, w.deskId, w.confirmedId, w.seriesId, w.entryId, w.memberId]
    for (const r of routes) {
      const query = validQuery[r.key] ? `?${new URLSearchParams(validQuery[r.key]!())}` : ''
      for (const name of pathParams(r.path)) {
        const own = params(r.key)[name]
        for (const junk of [...junkIds, ...others.filter((id) => id !== own)]) {
          // A booking id is a booking id whatever the route: only the other kinds are junk there.
          if (name === 'bookingId' && junk === w.confirmedId) continue
          const url = fillPath(r.path, { ...params(r.key), [name]: junk }) + query
          const res = await send(w.owner, r.method, url, validBody[r.key]?.())
          const v = verdict({ name: '', status: 404, code: 'not_found' }, res as never)
          if (v) failures.push(`${r.key} with :${name} = ${JSON.stringify(junk.slice(0, 30))}: ${v}`)
          total++
        }
      }
    }
    expect(failures).toEqual([])
    expect(await bookingsSnapshot(t)).toEqual(before)
  })
})

describe('the refusals above are about the input', () => {
  it('every valid body and query is accepted', async () => {
    for (const key of Object.keys(validQuery)) {
      const spec = registeredRoutes().find((r) => r.key === key)!
      const res = await w.owner.get(
        `${fillPath(spec.path, params(key))}?${new URLSearchParams(validQuery[key]!())}`,
      )
      expect(res.status, `${key}: ${res.text.slice(0, 300)}`).toBe(200)
    }
    for (const key of Object.keys(validBody)) {
      const spec = registeredRoutes().find((r) => r.key === key)!
      const req = w.owner[spec.method](fillPath(spec.path, params(key)))
      if (key === 'POST /bookings') req.set('Idempotency-Key', 'valid-key-0123456789')
      const res = await req.send(validBody[key]!())
      expect(res.status, `${key}: ${res.text.slice(0, 300)}`).toBeLessThan(300)
    }
    const series = await t.deps.db.booking.count({
      where: { userId: w.memberId, startsAt: { gte: new Date('2026-12-14T00:00:00Z') } },
    })
    expect(series).toBe(4)
    expect(await t.deps.db.idempotencyKey.count()).toBe(1)
  })
})

describe('count', () => {
  it('sent a few hundred bad inputs', () => {
    expect(total).toBeGreaterThan(500)
    console.info(`bookings bad-input: ${total} requests`)
  })
})
