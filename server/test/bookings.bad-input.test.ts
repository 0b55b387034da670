import { gzipSync } from 'node:zlib'
import { beforeAll, describe, expect, it } from 'vitest'
import type { z } from 'zod'
import { ZProblem, type ErrorCode } from '@fabrique/shared/errors'
import type { Method } from '../src/http/route.ts'
import { coveredElsewhere } from './support/covered-elsewhere.ts'
import { useTestApp, type TestApp } from './support/test-app.ts'
import { bookingWorld } from './support/booking-world.ts'
import {
  dbSnapshot,
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

/** Every data table, this domain's included (the shared snapshot predates them), and the job queue. */
async function snapshot(app: TestApp) {
  const out: Record<string, string[]> = await dbSnapshot(app)
  const tables = ['resources', 'bookings', 'booking_series', 'waitlist_entries', 'idempotency_keys']
  for (const table of tables) {
    const r = await app.deps.pool.query<{ row: string }>(`SELECT x::text AS row FROM ${table} x ORDER BY 1`)
    out[table] = r.rows.map((x) => x.row)
  }
  const jobs = await app.deps.pool.query<{ row: string }>(
    `SELECT name || ' ' || state || ' ' || data::text AS row FROM pgboss.job ORDER BY 1`,
  )
  out['pgboss.job'] = jobs.rows.map((x) => x.row)
  return out
}

/** A well-formed body for every route of this domain taking one (checked against its schema below). */
const validBody: Record<string, () => Record<string, unknown>> = {
  'POST /bookings': () => ({
    resourceId: w.deskId,
    startsAt: '2026-12-01T09:00:00+01:00',
    endsAt: '2026-12-01T10:00:00+01:00',
    seats: 1,
    note: 'Réunion',
    forUserId: w.memberId,
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
const instants = (field: string): [string, unknown, string][] => notInstants.map((v) => [field, v, field])
const seatCases = (field = 'seats'): [string, unknown, string][] =>
  [0, 101, -1, 1.5, 1e9].map((v) => [field, v, field])

/** Per route, values that are well-typed but wrong, and the field that must be named. */
const semantic: Record<string, [string, unknown, string][]> = {
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
const badQueries: Record<string, [string, string][]> = {
  'GET /me/bookings': listQueries,
  'GET /lieux/:lieuId/bookings': listQueries,
  'GET /lieux/:lieuId/availability': availabilityQueries,
  'GET /lieux/:lieuId/resources/:resourceId/availability': availabilityQueries,
}

// ─── Helpers (bad-input.test.ts's generator) ─────────────────────────────────────────────────────

type Json = unknown
type Path = (string | number)[]

function leaves(v: Json, path: Path = []): { path: Path; value: Json }[] {
  if (Array.isArray(v)) return v.flatMap((x, i) => leaves(x, [...path, i]))
  if (v !== null && typeof v === 'object')
    return Object.entries(v).flatMap(([k, x]) => leaves(x, [...path, k]))
  return [{ path, value: v }]
}
/** Every object inside `v` (for unknown nested fields), by path. */
function objects(v: Json, path: Path = []): Path[] {
  if (Array.isArray(v)) return v.flatMap((x, i) => objects(x, [...path, i]))
  if (v !== null && typeof v === 'object')
    return [path, ...Object.entries(v).flatMap(([k, x]) => objects(x, [...path, k]))]
  return []
}
function setAt(v: Json, path: Path, value: Json): Json {
  const copy = structuredClone(v) as Record<string | number, Json>
  let cur = copy
  for (const k of path.slice(0, -1)) cur = cur[k] as Record<string | number, Json>
  cur[path.at(-1)!] = value
  return copy
}
const dotted = (p: Path | string) => (typeof p === 'string' ? p : p.join('.'))

/** Deterministic junk (mulberry32), so a failure replays. */
function rng(seed: number) {
  let a = seed >>> 0
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0
    let x = Math.imul(a ^ (a >>> 15), 1 | a)
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296
  }
  const int = (n: number) => Math.floor(next() * n)
  const pick = <T>(xs: readonly T[]) => xs[int(xs.length)]!
  return { next, int, pick }
}
const alphabets = [
  'abcdefghijklmnopqrstuvwxyz0123456789',
  ' \t\n\r\u000b\u000c\u0001\u001f\u007f',
  '\'";--/*%_\\<>&{}[]()$`|',
  '🏡🎉☕👩‍👩‍👧\u200d\ufe0f',
  'مقهىעברית\u202e\u202c\u200f\u200e',
  'e\u0301\u0308\u200b\ufeff\u00a0',
]
function junkFor(r: ReturnType<typeof rng>): Json {
  const str = (max: number) => {
    let s = ''
    const n = r.int(max)
    for (let i = 0; i < n; i++) {
      const chars = [...r.pick(alphabets)]
      s += chars[r.int(chars.length)]
    }
    return s
  }
  const kinds: (() => Json)[] = [
    () => r.int(2_000_000) - 1_000_000,
    () => r.next() * 1e308,
    () => -r.next(),
    () => Number.MAX_SAFE_INTEGER + 2,
    () => r.next() < 0.5,
    () => null,
    () => [],
    () => ({}),
    () => [str(10), r.int(9)],
    () => ({ [str(6) || 'k']: str(6) }),
    () => JSON.parse('['.repeat(64) + ']'.repeat(64)) as Json,
    () => str(40),
    () => str(3),
    () => '9'.repeat(400),
    () => ' '.repeat(r.int(300)),
    () => '2026-' + str(5),
    () => `${25 + r.int(75)}:${r.int(99)}`,
    () => "'; DROP TABLE users;--",
    () => '<script>alert(1)</script>',
  ]
  return r.pick(kinds)()
}

interface Case {
  name: string
  /** A JSON value to send as application/json… */
  body?: Json
  /** …or raw bytes with their own headers. */
  raw?: { data: string | Buffer; headers: Record<string, string> }
  status: number
  code: ErrorCode
  /** Every field issue must name this field (or one inside it). */
  field?: string
  /** The field issues, exactly. */
  errors?: { field: string; message: string }[]
}

function typeSwaps(v: Json, isNullable: boolean): Json[] {
  const common: Json[] = [{ nested: { deeper: true } }]
  if (!isNullable) common.push(null)
  if (typeof v === 'string') return [42, true, [v], ...common]
  if (typeof v === 'number') return [String(v), true, [v], ...common]
  if (typeof v === 'boolean') return [String(v), 1, ...common]
  if (Array.isArray(v)) return ['x', 3, { 0: v[0] }, ...(isNullable ? [] : [null])]
  if (v === null) return [42, true, { nested: 1 }]
  return ['x', 3, [v], ...(isNullable ? [] : [null])]
}

/** The cases for one route with a body. */
function casesFor(key: string, schema: z.ZodType, seed: number): Case[] {
  const valid = validBody[key]!()
  const cases: Case[] = []
  const json = { 'Content-Type': 'application/json' }
  // The envelope.
  cases.push({
    name: 'malformed JSON',
    raw: { data: '{bad', headers: json },
    status: 400,
    code: 'malformed_json',
  })
  cases.push({
    name: 'truncated JSON',
    raw: { data: JSON.stringify(valid).slice(0, -3), headers: json },
    status: 400,
    code: 'malformed_json',
  })
  cases.push({
    name: 'bare string',
    raw: { data: '"text"', headers: json },
    status: 400,
    code: 'malformed_json',
  })
  cases.push({ name: 'bare number', raw: { data: '42', headers: json }, status: 400, code: 'malformed_json' })
  cases.push({
    name: 'text/plain',
    raw: { data: JSON.stringify(valid), headers: { 'Content-Type': 'text/plain' } },
    status: 415,
    code: 'unsupported_media_type',
  })
  cases.push({
    name: 'form-encoded',
    raw: { data: 'a=1&b=2', headers: { 'Content-Type': 'application/x-www-form-urlencoded' } },
    status: 415,
    code: 'unsupported_media_type',
  })
  cases.push({
    name: 'latin1 charset',
    raw: { data: JSON.stringify(valid), headers: { 'Content-Type': 'application/json; charset=latin1' } },
    status: 415,
    code: 'unsupported_media_type',
  })
  cases.push({
    name: 'UTF-8 bytes labelled UTF-16',
    raw: { data: JSON.stringify(valid), headers: { 'Content-Type': 'application/json; charset=utf-16' } },
    status: 400,
    code: 'malformed_json',
  })
  cases.push({
    name: 'unknown content encoding',
    raw: { data: JSON.stringify(valid), headers: { ...json, 'Content-Encoding': 'compress' } },
    status: 415,
    code: 'unsupported_media_type',
  })
  cases.push({
    name: 'gzip header, not gzip',
    raw: { data: JSON.stringify(valid), headers: { ...json, 'Content-Encoding': 'gzip' } },
    status: 400,
    code: 'validation_failed',
  })
  cases.push({
    name: 'gzip bomb-ish (1 MB of spaces inflated)',
    raw: { data: gzipSync(Buffer.alloc(1_000_000, ' ')), headers: { ...json, 'Content-Encoding': 'gzip' } },
    status: 413,
    code: 'payload_too_large',
  })
  cases.push({
    name: 'array body',
    body: [valid],
    status: 400,
    code: 'validation_failed',
    errors: [{ field: '', message: expect.any(String) as unknown as string }],
  })
  cases.push({ name: 'null body', raw: { data: 'null', headers: json }, status: 400, code: 'malformed_json' })
  cases.push({
    name: 'body over 100 KB',
    body: { ...valid, padding: 'x'.repeat(110_000) },
    status: 413,
    code: 'payload_too_large',
  })
  // Unknown fields, at the top and in every nested object.
  for (const extra of ['isAdmin', 'constructor', 'role_override']) {
    if (extra in valid) continue
    cases.push({
      name: `unknown field ${extra}`,
      body: { ...valid, [extra]: true },
      status: 400,
      code: 'validation_failed',
      errors: [{ field: extra, message: 'unknown field' }],
    })
  }
  cases.push({
    name: 'unknown field __proto__',
    raw: { data: JSON.stringify(valid).replace(/^\{/, '{"__proto__":{"isAdmin":true},'), headers: json },
    status: 400,
    code: 'validation_failed',
    errors: [{ field: '__proto__', message: 'unknown field' }],
  })
  for (const p of objects(valid).filter((p) => p.length > 0)) {
    cases.push({
      name: `unknown field ${dotted(p)}.extra`,
      body: setAt(valid, [...p, 'extra'], 1),
      status: 400,
      code: 'validation_failed',
      errors: [{ field: `${dotted(p)}.extra`, message: 'unknown field' }],
    })
  }
  // Wrong types for each top-level field.
  for (const [k, v] of Object.entries(valid)) {
    for (const bad of typeSwaps(v, nullable[key]?.includes(k) ?? false)) {
      cases.push({
        name: `${k} = ${JSON.stringify(bad)}`,
        body: { ...valid, [k]: bad },
        status: 400,
        code: 'validation_failed',
        field: k,
      })
    }
  }
  // A 90 KB string in every string field (under the body limit, far over every field's).
  for (const { path, value } of leaves(valid)) {
    if (typeof value !== 'string') continue
    cases.push({
      name: `90 KB ${dotted(path)}`,
      body: setAt(valid, path, 'x'.repeat(90_000)),
      status: 400,
      code: 'validation_failed',
      field: dotted(path),
    })
    // PostgreSQL text cannot hold NUL. Passwords and tokens are only ever hashed, so any character goes there.
    if (!/password|token/i.test(dotted(path))) {
      cases.push({
        name: `NUL in ${dotted(path)}`,
        body: setAt(valid, path, `${value}\u0000`),
        status: 400,
        code: 'validation_failed',
        field: dotted(path),
      })
    }
  }
  // Well-typed but wrong.
  for (const [p, bad, field] of semantic[key] ?? []) {
    cases.push({
      name: `${p} = ${JSON.stringify(bad).slice(0, 40)}`,
      body: setAt(
        valid,
        p.split('.').map((s) => (/^\d+$/.test(s) ? Number(s) : s)),
        bad,
      ),
      status: 400,
      code: 'validation_failed',
      field,
    })
  }
  // Generated junk in random places (only values the schema refuses: valid ones would be written).
  const r = rng(seed)
  const spots = [...leaves(valid).map((l) => l.path), ...Object.keys(valid).map((k) => [k])]
  let made = 0
  for (let tries = 0; made < 13 && tries < 200; tries++) {
    const p = r.pick(spots)
    const junk = junkFor(r)
    const body = setAt(valid, p, junk)
    if (schema.safeParse(body).success) continue
    made++
    cases.push({
      name: `junk #${tries} at ${dotted(p)}: ${JSON.stringify(junk).slice(0, 40)}`,
      body,
      status: 400,
      code: 'validation_failed',
      field: dotted(p),
    })
  }
  return cases
}

async function run(agent: Agent, method: Method, url: string, c: Case) {
  if (!c.raw) return send(agent, method, url, c.body)
  let req = agent[method](url)
  for (const [h, v] of Object.entries(c.raw.headers)) req = req.set(h, v)
  // As is: superagent would otherwise re-encode a Buffer labelled JSON.
  return req.serialize((x: unknown) => x as string).send(c.raw.data)
}

/** Checks one response against its case; returns a description of what is wrong, or null. */
function verdict(
  c: Case,
  res: { status: number; headers: Record<string, string>; text: string },
): string | null {
  const got = `${res.status} ${res.text.slice(0, 200)}`
  if (res.status >= 500) return `5xx: ${got}`
  if (!/^application\/problem\+json/.test(res.headers['content-type'] ?? ''))
    return `not problem+json: ${got}`
  let body: unknown
  try {
    body = JSON.parse(res.text)
  } catch {
    return `unparseable: ${got}`
  }
  const p = ZProblem.safeParse(body)
  if (!p.success) return `not a problem: ${got}`
  if (res.status !== c.status || p.data.code !== c.code) return `expected ${c.status} ${c.code}, got ${got}`
  const errors = p.data.errors ?? []
  if (c.field !== undefined) {
    if (errors.length === 0) return `no field named (expected ${c.field}): ${got}`
    const off = errors.filter((e) => e.field !== c.field && !e.field.startsWith(`${c.field}.`))
    if (off.length) return `expected issues on ${c.field}, got ${JSON.stringify(errors)}`
  }
  if (c.errors) {
    try {
      expect(errors).toEqual(c.errors)
    } catch {
      return `expected errors ${JSON.stringify(c.errors)}, got ${JSON.stringify(errors)}`
    }
  }
  return null
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
      const cases = casesFor(key, spec.body!, seed)
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
      const before = await snapshot(t)
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
      expect(await snapshot(t)).toEqual(before)
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
      const before = await snapshot(t)
      const failures: string[] = []
      for (const [query, field] of cases) {
        const res = await w.owner.get(`${url}?${query}`)
        const v = verdict({ name: query, status: 400, code: 'validation_failed', field }, res as never)
        if (v) failures.push(`?${query.slice(0, 80)}: ${v}`)
      }
      total += cases.length
      expect(failures).toEqual([])
      expect(await snapshot(t)).toEqual(before)
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
    const before = await snapshot(t)
    const res = await w.owner.get(`${fillPath(spec.path, params(c.key))}?${c.query}`)
    total++
    expect(
      verdict({ name: '', status: 400, code: 'validation_failed', field: c.field }, res as never),
    ).toBeNull()
    expect(await snapshot(t)).toEqual(before)
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
    const before = await snapshot(t)
    const res = await send(w.owner, 'post', '/api/v1/bookings/series', c.body())
    total++
    expect(
      verdict({ name: c.name, status: 400, code: 'validation_failed', field: c.field }, res as never),
    ).toBeNull()
    expect(await snapshot(t)).toEqual(before)
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
    const before = await snapshot(t)
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
    expect(await snapshot(t)).toEqual(before)
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
