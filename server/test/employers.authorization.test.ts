import { randomUUID } from 'node:crypto'
import { beforeAll, describe, expect, it } from 'vitest'
import type { Method } from '../src/http/route.ts'
import { coveredElsewhere } from './support/covered-elsewhere.ts'
import { lastEmail, useTestApp } from './support/test-app.ts'
import { snapshotWith } from './support/snapshots.ts'
import {
  cast,
  codeOf,
  ids,
  leakCheck,
  logInAll,
  ok,
  splitRoute,
  type Denial,
} from './support/authorization.ts'
import { expectProblem, fillPath, registeredRoutes, send, type Agent } from './support/route-table.ts'

// The authorization table of the employers routes (see authorization.test.ts for the rules): an
// employer the caller does not belong to answers like one that does not exist (404, nothing of it in
// the answer), whoever they are (another employer's admin, the lieu selling it its pools…); its
// employees see it but get 403 on what only its admins may do. An employer never sees its employees'
// bookings nor their personal invoices: only totals per employee, lieu and month. A network's
// settlement is its coordinators' (403 for the people of its lieux, who see the network; 404 for
// anyone else). Nothing refused writes anything.

// Monday 2026-11-30, 11:00 in Paris (the clock moves to 1 December, 00:30 in Paris, once the
// bookings are made, so that November can be invoiced).
const t = useTestApp({ now: '2026-11-30T10:00:00Z' })
const SUITE = 'employers.authorization.test.ts'

const people = {
  ...cast,
  /** Employer E (« Echo Hidden Corp »): its admin, two employees (Emile is a member of B and B2). */
  adminE: ['Edith Adminecho', 'admin@echo-corp.test'],
  employeeE: ['Emile Employeeecho', 'emile@echo-corp.test'],
  leaverE: ['Elsa Leaverecho', 'elsa@echo-corp.test'],
  /** Invited to E, not yet joined. */
  inviteeE: ['Ines Inviteeecho', 'ines@echo-corp.test'],
  /** Employer F (« Foxtrot Visible Corp »), buying its pools at lieu A. */
  adminF: ['Fanny Adminfoxtrot', 'admin@foxtrot.test'],
  employeeF: ['Felix Employeefoxtrot', 'felix@foxtrot.test'],
} as const
type Person = keyof typeof people
type Actor = Person | 'anon'
/** Who legitimately sees employer E or lieu B (their data may appear in what they get). */
const insiders: Actor[] = [
  'adminE',
  'employeeE',
  'leaverE',
  'inviteeE',
  'ownerB',
  'managerB',
  'memberB',
  'coordN2',
]

const E = {
  name: 'Echo Hidden Corp',
  siret: '40483304800022',
  vatNumber: 'FR40404833048',
  billingAddress: '9 quai Secret, 34200 Sète',
  billingEmail: 'compta@echo-corp.test',
}

interface World {
  agent: Record<Actor, Agent>
  user: Record<Person, string>
  networkA: string
  networkB: string
  lieuA: string
  lieuB: string
  /** Lieu B's sister in network two, where E's network pool is used too. */
  lieuB2: string
  deskA: string
  deskB: string
  deskB2: string
  passA: string
  passB: string
  employerE: string
  employerF: string
  poolE: string
  poolF: string
  /** E's pending invitations: one to revoke, one for Ines to accept (its token). */
  pendingInvE: string
  inviteeInvE: string
  tokenInviteeE: string
  /** Emile's accepted invitation (a used token) and a revoked one. */
  usedTokenE: string
  revokedTokenE: string
  /** F's pending invitation. */
  pendingInvF: string
  /** Emile's bookings: two paid by E (at B2 and B), one personal (with a note). */
  bookingE1: string
  bookingE2: string
  personalE: string
  bookingF: string
  /** Emile's personal invoice from B (a coffee). */
  personalInvoiceE: string
  /** The monthly invoices of November: B to E, A to F. */
  invoiceE: string
  invoiceENumber: string
  invoiceF: string
  /** Strings naming employer E, lieu B, their people and network: none may reach an outsider. */
  secrets: string[]
  /** Where and when Emile was: none may reach his employer. */
  whereabouts: string[]
}
const w = {} as World

const snapshot = () =>
  snapshotWith(
    t,
    [
      'employer_invitations',
      'employer_allocations',
      'employer_pools',
      'employer_usages',
      'bookings',
      'invoices',
      'invoice_counters',
    ],
    { jobs: true },
  )

/** The booking slots (UTC): December 1st at B2, 2nd at B, and the personal one, 3rd at B. */
const slots = {
  e1: { startsAt: '2026-12-01T08:00:00.000Z', endsAt: '2026-12-01T16:00:00.000Z' },
  e2: { startsAt: '2026-12-02T08:00:00.000Z', endsAt: '2026-12-02T12:00:00.000Z' },
  personal: { startsAt: '2026-12-03T08:00:00.000Z', endsAt: '2026-12-03T10:00:00.000Z' },
  f: { startsAt: '2026-12-01T09:00:00.000Z', endsAt: '2026-12-01T12:00:00.000Z' },
}

beforeAll(async () => {
  const db = t.deps.db
  const logged = await logInAll(t, people)
  w.agent = logged.agent
  w.user = logged.user
  const n1 = await db.network.create({
    data: { slug: 'network-one', name: 'Network One', coordinators: { create: { userId: w.user.coordN1 } } },
  })
  const n2 = await db.network.create({
    data: {
      slug: 'reseau-cache',
      name: 'Reseau Cache',
      coordinators: { create: { userId: w.user.coordN2 } },
    },
  })
  w.networkA = n1.id
  w.networkB = n2.id
  const lieu = async (
    slug: string,
    name: string,
    networkId: string,
    team: [Person, 'owner' | 'manager' | 'member'][],
  ) =>
    (
      await db.lieu.create({
        data: {
          slug,
          name,
          timeZone: 'Europe/Paris',
          networkId,
          legalName: `${name} SAS`,
          siret: '73282932000074',
          vatNumber: 'FR44732829320',
          street: '1 rue de la Paix',
          postalCode: '12100',
          city: 'Millau',
          bookingRules: { bookingWindowDays: 400 },
          openingHours: {
            create: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({
              weekday,
              startMinute: 8 * 60,
              endMinute: 20 * 60,
            })),
          },
          memberships: { create: team.map(([p, role]) => ({ userId: w.user[p], role })) },
        },
      })
    ).id
  w.lieuA = await lieu('alpha-place', 'Alpha Place', n1.id, [
    ['ownerA', 'owner'],
    ['managerA', 'manager'],
    ['memberA', 'member'],
    ['employeeF', 'member'],
  ])
  w.lieuB = await lieu('bravo-cache', 'Bravo Hidden Place', n2.id, [
    ['ownerB', 'owner'],
    ['managerB', 'manager'],
    ['memberB', 'member'],
    ['employeeE', 'member'],
  ])
  w.lieuB2 = await lieu('bravo-annexe', 'Bravo Annex Place', n2.id, [
    ['ownerB', 'owner'],
    ['employeeE', 'member'],
  ])
  const rates = { dayCents: 2000, hourCents: 500, vatRateBp: 2000 }
  const desk = async (lieuId: string, name: string) =>
    (await db.resource.create({ data: { lieuId, kind: 'desk', name, rates } })).id
  w.deskA = await desk(w.lieuA, 'Alpha desk')
  w.deskB = await desk(w.lieuB, 'Bravo secret desk')
  w.deskB2 = await desk(w.lieuB2, 'Bravo annex desk')
  const dayPass = async (lieuId: string, name: string, priceCents: number) =>
    (
      await db.passProduct.create({
        data: { lieuId, kind: 'day_pass', name, priceCents, vatRateBp: 2000, quantity: 1, validityDays: 30 },
      })
    ).id
  w.passA = await dayPass(w.lieuA, 'Pass journée Alpha', 1500)
  w.passB = await dayPass(w.lieuB, 'Pass journée Bravo', 1800)

  // The employers, their people (invited by e-mail), their pools.
  const created = async (who: Person, body: object) => {
    const res = await w.agent[who].post('/api/v1/employers').send(body)
    ok(res, 201, `create employer as ${who}`)
    return res.body.id as string
  }
  w.employerE = await created('adminE', E)
  w.employerF = await created('adminF', { name: 'Foxtrot Visible Corp' })
  const invite = async (admin: Person, employerId: string, email: string) => {
    const res = await w.agent[admin].post(`/api/v1/employers/${employerId}/invitations`).send({ email })
    ok(res, 201, `invite ${email}`)
    return { id: res.body.id as string, token: (await lastEmail(t, email)).token! }
  }
  const join = async (admin: Person, employerId: string, who: Person) => {
    const { token } = await invite(admin, employerId, people[who][1])
    ok(await w.agent[who].post('/api/v1/employer-invitations/accept').send({ token }), 200, `${who} joins`)
    return token
  }
  w.usedTokenE = await join('adminE', w.employerE, 'employeeE')
  await join('adminE', w.employerE, 'leaverE')
  await join('adminF', w.employerF, 'employeeF')
  const revoked = await invite('adminE', w.employerE, 'revoked@echo-corp.test')
  ok(await w.agent.adminE.delete(`/api/v1/employers/${w.employerE}/invitations/${revoked.id}`), 204, 'revoke')
  w.revokedTokenE = revoked.token
  w.pendingInvE = (await invite('adminE', w.employerE, 'pending@echo-corp.test')).id
  const inv = await invite('adminE', w.employerE, people.inviteeE[1])
  w.inviteeInvE = inv.id
  w.tokenInviteeE = inv.token
  w.pendingInvF = (await invite('adminF', w.employerF, 'pending@foxtrot.test')).id
  const buy = async (admin: Person, employerId: string, body: object) => {
    const res = await w.agent[admin].post(`/api/v1/employers/${employerId}/pools`).send(body)
    ok(res, 201, `pool of ${admin}`)
    return res.body.pool.id as string
  }
  w.poolE = await buy('adminE', w.employerE, { productId: w.passB, count: 10, scope: 'network' })
  w.poolF = await buy('adminF', w.employerF, { productId: w.passA, count: 5 })

  // Emile's bookings: two paid by E, one his own; Felix's, paid by F.
  const book = async (who: Person, body: object, means: string) => {
    const res = await w.agent[who].post('/api/v1/bookings').send(body)
    ok(res, 201, `book as ${who}`)
    expect(res.body.price.means, who).toBe(means)
    return res.body.id as string
  }
  w.bookingE1 = await book('employeeE', { resourceId: w.deskB2, ...slots.e1, paidBy: 'employer' }, 'employer')
  w.bookingE2 = await book('employeeE', { resourceId: w.deskB, ...slots.e2 }, 'employer')
  w.personalE = await book(
    'employeeE',
    { resourceId: w.deskB, ...slots.personal, paidBy: 'personal', note: 'Echo private note' },
    'on_site',
  )
  w.bookingF = await book('employeeF', { resourceId: w.deskA, ...slots.f, paidBy: 'employer' }, 'employer')
  const personal = await w.agent.ownerB.post(`/api/v1/lieux/${w.lieuB}/invoices`).send({
    buyer: { userId: w.user.employeeE },
    lines: [{ label: 'Bravo personal coffee', quantity: 1, unitPriceExclCents: 250, vatRateBp: 2000 }],
    payment: { method: 'cash' },
  })
  ok(personal, 201, 'personal invoice')
  w.personalInvoiceE = personal.body.id

  // 1 December, 00:30 in Paris: November is over; B and A invoice it to their employers.
  t.clock.set('2026-11-30T23:30:00Z')
  const run = async (who: Person, lieuId: string) => {
    const res = await w.agent[who]
      .post(`/api/v1/lieux/${lieuId}/employer-invoices`)
      .send({ month: '2026-11' })
    ok(res, 200, `invoice run as ${who}`)
    expect(res.body).toHaveLength(1)
    return res.body[0].invoice as { id: string; number: string }
  }
  const invoiceE = await run('managerB', w.lieuB)
  w.invoiceE = invoiceE.id
  w.invoiceENumber = invoiceE.number
  w.invoiceF = (await run('managerA', w.lieuA)).id
  // Every session seen at the new time (a request refreshes its last-seen time once).
  for (const who of Object.keys(people) as Person[])
    ok(await w.agent[who].get('/api/v1/me'), 200, `${who} again`)

  const person = (p: Person) => [w.user[p], ...people[p]]
  w.secrets = [
    w.employerE,
    ...Object.values(E),
    'pending@echo-corp.test',
    'revoked@echo-corp.test',
    w.pendingInvE,
    w.inviteeInvE,
    w.poolE,
    w.invoiceE,
    w.invoiceENumber,
    w.lieuB,
    w.lieuB2,
    'bravo-cache',
    'bravo-annexe',
    'Bravo Hidden Place',
    'Bravo Annex Place',
    'Reseau Cache',
    w.networkB,
    'Bravo secret desk',
    'Bravo annex desk',
    'Pass journée Bravo',
    w.bookingE1,
    w.bookingE2,
    w.personalE,
    'Echo private note',
    w.personalInvoiceE,
    'Bravo personal coffee',
    ...(
      ['adminE', 'employeeE', 'leaverE', 'inviteeE', 'ownerB', 'managerB', 'memberB', 'coordN2'] as const
    ).flatMap(person),
  ]
  // The instants of Emile's bookings, as stored and as Paris wall-clock times.
  const instants = Object.values(slots)
    .filter((s) => s !== slots.f)
    .flatMap((s) => [s.startsAt, s.endsAt])
    .flatMap((iso) => [
      iso,
      iso.slice(0, 16),
      `${iso.slice(0, 11)}${String(Number(iso.slice(11, 13)) + 1).padStart(2, '0')}:00`,
    ])
  w.whereabouts = [
    'Bravo secret desk',
    'Bravo annex desk',
    w.deskB,
    w.deskB2,
    w.bookingE1,
    w.bookingE2,
    w.personalE,
    'Echo private note',
    w.personalInvoiceE,
    'Bravo personal coffee',
    ...instants,
  ]
})

const expectNoSecrets = leakCheck(() => w.secrets)
const expectNoWhereabouts = leakCheck(() => w.whereabouts)

// ─── The route table ────────────────────────────────────────────────────────────────────────────

interface RouteCase {
  route: string
  params?: (w: World) => Record<string, string>
  /** Sent on every request of the case (refusals included), e.g. a required month. */
  query?: string
  body?: (w: World) => unknown
  deny: Partial<Record<Actor, Denial>>
  allow: {
    as: Actor
    status: number
    body?: (w: World) => unknown
    check?: (body: unknown, text: string, w: World) => void
  }
  /** Strings a caller may read back (the token is the capability: whoever holds it sees its address). */
  mayEcho?: (w: World) => string[]
}

const onE = (w: World) => ({ employerId: w.employerE })
/** Not in employer E: its 404, whoever they are (F's admin, the lieu selling E its pools, B's coordinator…). */
const notInE = {
  anon: 401,
  stranger: 404,
  ownerA: 404,
  managerA: 404,
  memberA: 404,
  coordN1: 404,
  ownerB: 404,
  managerB: 404,
  memberB: 404,
  coordN2: 404,
  adminF: 404,
  employeeF: 404,
} as const
/** E's admins only: its employee sees E but may not do this. */
const adminsOfE = { ...notInE, employeeE: 403 } as const
/** The people of the network's lieux see the network (their lieu shows it): 403; anyone else 404. */
const coordinatorsOfN2 = {
  anon: 401,
  stranger: 404,
  ownerA: 404,
  managerA: 404,
  memberA: 404,
  coordN1: 404,
  adminE: 404,
  adminF: 404,
  employeeF: 404,
  ownerB: 403,
  managerB: 403,
  memberB: 403,
  employeeE: 403,
} as const
/** B's managers only: its members and coordinator see B (403); nobody else does, E's admin included. */
const managersOfB = {
  anon: 401,
  stranger: 404,
  ownerA: 404,
  managerA: 404,
  memberA: 404,
  coordN1: 404,
  adminE: 404,
  adminF: 404,
  employeeF: 404,
  memberB: 403,
  employeeE: 403,
  coordN2: 403,
} as const

const table: RouteCase[] = [
  {
    route: 'POST /employers',
    body: () => ({ name: 'Stranger Startup' }),
    deny: { anon: 401 },
    allow: { as: 'stranger', status: 201, check: (b) => expect(b).toMatchObject({ role: 'admin' }) },
  },
  {
    route: 'GET /employers',
    deny: { anon: 401 },
    allow: { as: 'adminF', status: 200, check: (b, _t, w) => expect(ids(b)).toEqual([w.employerF]) },
  },
  {
    route: 'GET /me/employers',
    deny: { anon: 401 },
    allow: {
      as: 'adminF',
      status: 200,
      check: (b, _t, w) =>
        expect((b as { employer: { id: string } }[]).map((x) => x.employer.id)).toEqual([w.employerF]),
    },
  },
  {
    route: 'GET /employers/:employerId',
    params: onE,
    deny: notInE,
    allow: {
      as: 'employeeE',
      status: 200,
      check: (b) => expect(b).toMatchObject({ name: E.name, role: 'employee' }),
    },
  },
  {
    route: 'PATCH /employers/:employerId',
    params: onE,
    body: () => ({ billingEmail: 'intruder@evil.test', name: 'Hijacked' }),
    deny: adminsOfE,
    allow: {
      as: 'adminE',
      status: 200,
      body: () => ({ billingAddress: E.billingAddress }),
      check: (b) => expect(b).toMatchObject({ ...E, role: 'admin' }),
    },
  },
  {
    route: 'GET /employers/:employerId/employees',
    params: onE,
    deny: adminsOfE,
    allow: {
      as: 'adminE',
      status: 200,
      check: (b) =>
        expect((b as { employees: { name: string }[] }).employees.map((e) => e.name).sort()).toEqual(
          [people.adminE[0], people.employeeE[0], people.leaverE[0]].sort(),
        ),
    },
  },
  {
    route: 'POST /employers/:employerId/invitations',
    params: onE,
    body: () => ({ email: 'newhire@echo-corp.test', role: 'admin' }),
    deny: adminsOfE,
    allow: { as: 'adminE', status: 201 },
  },
  {
    route: 'DELETE /employers/:employerId/invitations/:invitationId',
    params: (w) => ({ employerId: w.employerE, invitationId: w.pendingInvE }),
    deny: adminsOfE,
    allow: { as: 'adminE', status: 204 },
  },
  {
    // No login: the token is the capability (an unusable token is a 410 for everyone: see below).
    route: 'GET /employer-invitations/:token',
    params: (w) => ({ token: w.tokenInviteeE }),
    deny: {},
    allow: {
      as: 'anon',
      status: 200,
      check: (b, _t, w) =>
        expect(b).toEqual({
          employer: { id: w.employerE, name: E.name },
          email: people.inviteeE[1],
          role: 'employee',
          expiresAt: expect.any(String),
        }),
    },
    mayEcho: (w) => [w.employerE, E.name, people.inviteeE[1]],
  },
  {
    route: 'POST /employer-invitations/accept',
    body: (w) => ({ token: w.tokenInviteeE }),
    deny: { anon: 401, stranger: 403, adminF: 403, employeeF: 403, adminE: 403, employeeE: 403, ownerB: 403 },
    allow: {
      as: 'inviteeE',
      status: 200,
      check: (b) => expect(b).toMatchObject({ name: E.name, role: 'employee' }),
    },
    mayEcho: () => [people.inviteeE[1]],
  },
  {
    // Emile making himself an admin.
    route: 'PUT /employers/:employerId/employees/:userId/role',
    params: (w) => ({ employerId: w.employerE, userId: w.user.employeeE }),
    body: () => ({ role: 'admin' }),
    deny: adminsOfE,
    allow: { as: 'adminE', status: 204, body: () => ({ role: 'employee' }) },
  },
  {
    // Emile lifting his own limits.
    route: 'PUT /employers/:employerId/employees/:userId/allocation',
    params: (w) => ({ employerId: w.employerE, userId: w.user.employeeE }),
    body: () => ({ budgetKind: 'none' }),
    deny: adminsOfE,
    allow: {
      as: 'adminE',
      status: 200,
      body: () => ({ budgetKind: 'days', budgetAmount: 20 }),
      check: (b) => expect(b).toMatchObject({ budgetKind: 'days', budgetAmount: 20 }),
    },
  },
  {
    // Emile removing Elsa (he may only leave himself).
    route: 'DELETE /employers/:employerId/employees/:userId',
    params: (w) => ({ employerId: w.employerE, userId: w.user.leaverE }),
    deny: adminsOfE,
    allow: { as: 'adminE', status: 204 },
  },
  {
    route: 'GET /employers/:employerId/offers',
    params: onE,
    deny: adminsOfE,
    allow: {
      as: 'adminE',
      status: 200,
      check: (b) =>
        expect((b as { lieu: { name: string } }[]).map((o) => o.lieu.name)).toEqual([
          'Alpha Place',
          'Bravo Hidden Place',
        ]),
    },
  },
  {
    route: 'GET /employers/:employerId/pools',
    params: onE,
    deny: adminsOfE,
    allow: { as: 'adminE', status: 200, check: (b, _t, w) => expect(ids(b)).toEqual([w.poolE]) },
  },
  {
    route: 'GET /lieux/:lieuId/employer-pools',
    params: (w) => ({ lieuId: w.lieuB }),
    deny: managersOfB,
    allow: {
      as: 'managerB',
      status: 200,
      check: (b, _t, w) => {
        const sold = b as { id: string; employer: { id: string } }[]
        expect(sold.map((p) => p.id)).toContain(w.poolE)
        expect(sold.find((p) => p.id === w.poolE)!.employer.id).toBe(w.employerE)
      },
    },
  },
  {
    route: 'POST /employers/:employerId/pools',
    params: onE,
    body: (w) => ({ productId: w.passB, count: 1 }),
    deny: adminsOfE,
    allow: {
      as: 'adminE',
      status: 201,
      check: (b) => expect(b).toMatchObject({ pool: { quantity: 1 }, payment: null }),
    },
  },
  {
    route: 'GET /employers/:employerId/usage',
    params: onE,
    query: '?month=2026-12',
    deny: adminsOfE,
    allow: {
      as: 'adminE',
      status: 200,
      check: (b, _t, w) =>
        expect((b as { rows: unknown[] }).rows).toEqual([
          {
            userId: w.user.employeeE,
            name: people.employeeE[0],
            lieu: { id: w.lieuB2, name: 'Bravo Annex Place' },
            days: 1,
            minutes: 480,
            valueExclCents: 1800,
          },
          {
            userId: w.user.employeeE,
            name: people.employeeE[0],
            lieu: { id: w.lieuB, name: 'Bravo Hidden Place' },
            days: 1,
            minutes: 240,
            valueExclCents: 1800,
          },
        ]),
    },
  },
  {
    route: 'GET /employers/:employerId/invoices',
    params: onE,
    deny: adminsOfE,
    allow: { as: 'adminE', status: 200, check: (b, _t, w) => expect(ids(b)).toEqual([w.invoiceE]) },
  },
  {
    route: 'GET /networks/:networkId/settlement',
    params: (w) => ({ networkId: w.networkB }),
    query: '?month=2026-12',
    deny: coordinatorsOfN2,
    allow: {
      as: 'coordN2',
      status: 200,
      check: (b, _t, w) =>
        expect((b as { rows: unknown[] }).rows).toEqual([
          {
            seller: { id: w.lieuB, name: 'Bravo Hidden Place' },
            usedAt: { id: w.lieuB2, name: 'Bravo Annex Place' },
            days: 1,
            minutes: 480,
            owedExclCents: 1800,
          },
        ]),
    },
  },
  {
    route: 'POST /lieux/:lieuId/employer-invoices',
    params: (w) => ({ lieuId: w.lieuB }),
    body: () => ({ month: '2026-11' }),
    deny: managersOfB,
    allow: {
      as: 'managerB',
      status: 200,
      // November is billed already: nothing twice.
      check: (b, _t, w) => expect(b).toEqual([{ employerId: w.employerE, invoice: null, creditNotes: [] }]),
    },
  },
]

const isOurs = (path: string) => /employer|\/settlement$/.test(path)

describe('route table coverage', () => {
  it('lists every registered route of this domain, only registered routes, and covered-elsewhere points here', () => {
    const routes = registeredRoutes()
    const keys = routes.map((r) => r.key)
    const inTable = table.map((c) => c.route)
    expect(new Set(inTable).size, 'a route appears twice in the table').toBe(inTable.length)
    for (const key of inTable) {
      expect(keys, `${key} is not a registered route`).toContain(key)
      expect(coveredElsewhere[key]?.authorization, `${key} in covered-elsewhere.ts`).toBe(SUITE)
    }
    const ours = routes.filter((r) => isOurs(r.path)).map((r) => r.key)
    expect(
      ours.filter((k) => !inTable.includes(k)),
      'routes missing from this table',
    ).toEqual([])
    for (const c of table) {
      const auth = routes.find((r) => r.key === c.route)!.auth
      // Only the invitation preview needs no login (its token is the capability).
      if (auth === 'none') {
        expect(c.route).toBe('GET /employer-invitations/:token')
        continue
      }
      expect(c.deny.anon, c.route).toBe(401)
      if (c.route.includes(':')) expect(c.deny.stranger, c.route).toBe(404)
      // Another employer's admin never learns anything of E.
      if (c.route.includes(':employerId')) expect(c.deny.adminF, c.route).toBe(404)
    }
  })
})

// ─── Mixed ids: an object of employer E named under employer F ─────────────────────────────────────

describe('ids of employer E under employer F (as F’s admin)', () => {
  const cases: {
    what: string
    method: Method
    path: (w: World, id: string) => string
    id: (w: World) => string
    body?: unknown
  }[] = [
    {
      what: 'E’s invitation (revoke)',
      method: 'delete',
      path: (w, id) => `/api/v1/employers/${w.employerF}/invitations/${id}`,
      id: (w) => w.pendingInvE,
    },
    {
      what: 'E’s employee (role)',
      method: 'put',
      path: (w, id) => `/api/v1/employers/${w.employerF}/employees/${id}/role`,
      id: (w) => w.user.employeeE,
      body: { role: 'admin' },
    },
    {
      what: 'E’s employee (allocation)',
      method: 'put',
      path: (w, id) => `/api/v1/employers/${w.employerF}/employees/${id}/allocation`,
      id: (w) => w.user.employeeE,
      body: { budgetKind: 'none' },
    },
    {
      what: 'E’s employee (removal)',
      method: 'delete',
      path: (w, id) => `/api/v1/employers/${w.employerF}/employees/${id}`,
      id: (w) => w.user.employeeE,
    },
  ]
  it.each(cases)('$what → 404 like an unknown id, nothing written', async (c) => {
    const before = await snapshot()
    const url = c.path(w, c.id(w))
    const res = await send(w.agent.adminF, c.method, url, c.body)
    const p = expectProblem(res, 404, 'not_found', c.what)
    expectNoSecrets(res, url, c.what)
    const ghost = expectProblem(
      await send(w.agent.adminF, c.method, c.path(w, randomUUID()), c.body),
      404,
      'not_found',
      `${c.what} (nonexistent)`,
    )
    expect({ ...p, instance: '', requestId: '' }).toEqual({ ...ghost, instance: '', requestId: '' })
    expect(await snapshot()).toEqual(before)
    const m = await t.deps.db.employerMembership.findMany({ where: { userId: w.user.employeeE } })
    expect(m.map((x) => [x.employerId, x.role])).toEqual([[w.employerE, 'employee']])
  })

  it('E’s pool cannot pay F’s employee (the employer is refused like one that pays nothing)', async () => {
    const before = await snapshot()
    const body = { resourceId: w.deskA, startsAt: '2026-12-04T09:00:00Z', endsAt: '2026-12-04T10:00:00Z' }
    const url = '/api/v1/bookings'
    const res = await send(w.agent.employeeF, 'post', url, {
      ...body,
      paidBy: 'employer',
      employerId: w.employerE,
    })
    const p = expectProblem(res, 422, 'employer_not_allowed')
    expect(p.errors).toEqual([{ field: 'paidBy', message: expect.any(String) }])
    expectNoSecrets(res, url + w.employerE, 'booking paid by E')
    const ghost = await send(w.agent.employeeF, 'post', url, {
      ...body,
      paidBy: 'employer',
      employerId: randomUUID(),
    })
    expect(expectProblem(ghost, 422, 'employer_not_allowed').detail).toBe(p.detail)
    const q = new URLSearchParams({ startsAt: body.startsAt, endsAt: body.endsAt, employerId: w.employerE })
    const preview = await w.agent.employeeF.get(`/api/v1/lieux/${w.lieuA}/resources/${w.deskA}/price?${q}`)
    ok(preview, 200, 'preview')
    expect(preview.body.means).not.toBe('employer')
    expect(preview.body.employerRefusals).toEqual([])
    expectNoSecrets(preview, q.toString(), 'preview paid by E')
    expect(await snapshot()).toEqual(before)
  })
})

// ─── What an employer sees of its employees: totals, never their bookings nor their invoices ─────────

describe('an employer admin and an employee’s own bookings and invoices', () => {
  const personalRoutes: [string, (w: World) => string][] = [
    ['the booking paid by E at B2', (w) => `/api/v1/bookings/${w.bookingE1}`],
    ['the booking paid by E at B', (w) => `/api/v1/bookings/${w.bookingE2}`],
    ['the personal booking', (w) => `/api/v1/bookings/${w.personalE}`],
    ['the personal booking’s check-in code', (w) => `/api/v1/bookings/${w.personalE}/check-in-code`],
    ['the personal invoice', (w) => `/api/v1/invoices/${w.personalInvoiceE}`],
    ['the personal invoice’s PDF', (w) => `/api/v1/invoices/${w.personalInvoiceE}/pdf`],
  ]
  it.each(personalRoutes)('%s → 404 to E’s admin, like one that does not exist', async (_what, url) => {
    const before = await snapshot()
    const res = await w.agent.adminE.get(url(w))
    const p = expectProblem(res, 404, 'not_found')
    expectNoWhereabouts(res, url(w), 'admin')
    const ghostUrl = url(w).replace(/[0-9a-f-]{36}/, randomUUID())
    const ghost = expectProblem(await w.agent.adminE.get(ghostUrl), 404, 'not_found')
    expect({ ...p, instance: '', requestId: '' }).toEqual({ ...ghost, instance: '', requestId: '' })
    // The employee sees them (they are his).
    const his = await w.agent.employeeE.get(url(w))
    ok({ status: his.status, text: his.text ?? '' }, 200, 'the employee')
    expect(await snapshot()).toEqual(before)
  })

  it('his bookings and invoices are in no list of the admin', async () => {
    for (const url of ['/api/v1/me/bookings', '/api/v1/me/invoices', `/api/v1/lieux/${w.lieuB}/bookings`]) {
      const res = await w.agent.adminE.get(url)
      expect(res.status, url).toBeLessThan(500)
      expectNoWhereabouts(res, url, `admin ${url}`)
    }
  })

  it('every employer answer to its admin has totals only: no desk, booking, instant or personal invoice', async () => {
    const urls = [
      `/employers/${w.employerE}`,
      '/employers',
      `/employers/${w.employerE}/employees`,
      `/employers/${w.employerE}/usage?month=2026-12`,
      `/employers/${w.employerE}/usage?month=2026-12&format=csv`,
      `/employers/${w.employerE}/usage?month=2026-11`,
      `/employers/${w.employerE}/pools`,
      `/employers/${w.employerE}/offers`,
      `/employers/${w.employerE}/invoices`,
      `/invoices/${w.invoiceE}`,
      '/me/employers',
    ]
    for (const u of urls) {
      const res = await w.agent.adminE.get(`/api/v1${u}`)
      ok(res, 200, u)
      expectNoWhereabouts(res, u, `admin ${u}`)
    }
    // The usage report: one line per employee and lieu, with the month's totals.
    const csv = await w.agent.adminE.get(`/api/v1/employers/${w.employerE}/usage?month=2026-12&format=csv`)
    expect(csv.text.trim().split('\r\n')).toEqual([
      'mois;salarie;lieu;jours;heures;valeur_ht_eur',
      `2026-12;${people.employeeE[0]};Bravo Annex Place;1;8,00;18,00`,
      `2026-12;${people.employeeE[0]};Bravo Hidden Place;1;4,00;18,00`,
    ])
    // The admin's own « what my employer sees »: their own rows only, none of Emile's.
    const mine = await w.agent.adminE.get('/api/v1/me/employers')
    expect(mine.text).not.toContain(people.employeeE[0])
    expect(mine.text).not.toContain(w.user.employeeE)
  })

  it('the employee sees exactly what E sees of him, and nothing of the others', async () => {
    const res = await w.agent.employeeE.get('/api/v1/me/employers')
    ok(res, 200, 'mine')
    const [mine] = res.body as {
      employer: { id: string }
      whatTheEmployerSees: { month: string; rows: { userId: string }[] }[]
    }[]
    expect(mine!.employer.id).toBe(w.employerE)
    expect(mine!.whatTheEmployerSees.map((r) => r.month)).toEqual(['2026-12', '2026-11'])
    expect(mine!.whatTheEmployerSees[0]!.rows.map((r) => r.userId)).toEqual([
      w.user.employeeE,
      w.user.employeeE,
    ])
    for (const s of [
      ...people.leaverE,
      ...people.adminE,
      w.user.leaverE,
      w.user.adminE,
      'pending@echo-corp.test',
      w.employerF,
    ])
      expect(res.text).not.toContain(s)
  })

  it('the network settlement names lieux and amounts: no employer, employee or booking', async () => {
    for (const format of ['json', 'csv']) {
      const url = `/api/v1/networks/${w.networkB}/settlement?month=2026-12&format=${format}`
      const res = await w.agent.coordN2.get(url)
      ok(res, 200, url)
      expectNoWhereabouts(res, url, `settlement ${format}`)
      for (const s of [w.employerE, E.name, ...people.employeeE, w.user.employeeE, w.poolE])
        expect(res.text, format).not.toContain(s)
    }
  })
})

describe('an employer’s invoices', () => {
  const docs = (w: World) => [`/api/v1/invoices/${w.invoiceE}`, `/api/v1/invoices/${w.invoiceE}/pdf`]

  it('its admins read them (and the PDF)', async () => {
    const res = await w.agent.adminE.get(`/api/v1/invoices/${w.invoiceE}`)
    ok(res, 200, 'invoice')
    expect(res.body).toMatchObject({
      kind: 'invoice',
      buyer: { name: E.name, employerId: w.employerE, siret: E.siret },
    })
    const pdf = await w.agent.adminE.get(`/api/v1/invoices/${w.invoiceE}/pdf`)
    ok({ status: pdf.status, text: '' }, 200, 'pdf')
    expect(pdf.headers['content-type']).toMatch(/application\/pdf/)
  })

  it.each(['adminF', 'employeeF', 'employeeE', 'leaverE', 'stranger', 'memberB', 'coordN2'] as const)(
    '404 to %s, like one that does not exist',
    async (who) => {
      const before = await snapshot()
      for (const url of docs(w)) {
        const res = await w.agent[who].get(url)
        const p = expectProblem(res, 404, 'not_found', `${url} as ${who}`)
        if (!insiders.includes(who)) expectNoSecrets(res, url, `${url} as ${who}`)
        const ghost = expectProblem(
          await w.agent[who].get(url.replace(w.invoiceE, randomUUID())),
          404,
          'not_found',
        )
        expect({ ...p, instance: '', requestId: '' }).toEqual({ ...ghost, instance: '', requestId: '' })
      }
      expect(await snapshot()).toEqual(before)
    },
  )

  it('another employer’s invoice is a 404 to E’s admin', async () => {
    for (const url of [`/api/v1/invoices/${w.invoiceF}`, `/api/v1/invoices/${w.invoiceF}/pdf`])
      expectProblem(await w.agent.adminE.get(url), 404, 'not_found', url)
    ok(await w.agent.adminF.get(`/api/v1/invoices/${w.invoiceF}`), 200, 'F reads its own')
  })

  it('its admins may not change them: 403 (they see them); 404 to another employer; nothing written', async () => {
    const before = await snapshot()
    const credit = { full: true, reason: 'Remboursez-nous' }
    const pay = { method: 'cash', paidAt: '2026-11-30T22:00:00Z' }
    expectProblem(
      await send(w.agent.adminE, 'post', `/api/v1/invoices/${w.invoiceE}/credit-note`, credit),
      403,
      'forbidden',
    )
    expectProblem(
      await send(w.agent.adminE, 'post', `/api/v1/invoices/${w.invoiceE}/payment`, pay),
      403,
      'forbidden',
    )
    expectProblem(
      await send(w.agent.adminF, 'post', `/api/v1/invoices/${w.invoiceE}/credit-note`, credit),
      404,
      'not_found',
    )
    expectProblem(
      await send(w.agent.employeeE, 'post', `/api/v1/invoices/${w.invoiceE}/payment`, pay),
      404,
      'not_found',
    )
    expect(await snapshot()).toEqual(before)
  })

  it('they are in no one’s personal invoices', async () => {
    for (const who of ['adminE', 'employeeE', 'leaverE'] as const) {
      const res = await w.agent[who].get('/api/v1/me/invoices')
      ok(res, 200, who)
      expect(res.text, who).not.toContain(w.invoiceE)
    }
  })
})

describe('invitation tokens', () => {
  it('a revoked, used or unknown token is a 410 to anyone, naming nothing', async () => {
    const before = await snapshot()
    for (const token of [w.revokedTokenE, w.usedTokenE, 'a'.repeat(43)]) {
      for (const who of ['anon', 'stranger', 'adminE'] as const) {
        const res = await w.agent[who].get(`/api/v1/employer-invitations/${token}`)
        expectProblem(res, 410, 'token_invalid', who)
        expectNoSecrets(res, '', `preview as ${who}`)
        const acc = await send(w.agent[who], 'post', '/api/v1/employer-invitations/accept', { token })
        if (who === 'anon') expectProblem(acc, 401, 'unauthenticated')
        else expectProblem(acc, 410, 'token_invalid', who)
        expectNoSecrets(acc, '', `accept as ${who}`)
      }
    }
    expect(await snapshot()).toEqual(before)
  })
})

// ─── Every route, every caller without rights (last: the positive controls change things) ───────────

describe.each(table)('$route', (c) => {
  it('refuses every caller without rights, leaks nothing, changes nothing; the right caller succeeds', async () => {
    const { method, path } = splitRoute(c.route)
    const q = c.query ?? ''
    for (const [actor, status] of Object.entries(c.deny) as [Actor, Denial][]) {
      const url = fillPath(path, c.params?.(w) ?? {}) + q
      const body = c.body?.(w)
      const what = `${c.route} as ${actor}`
      const before = await snapshot()
      const res = await send(w.agent[actor], method, url, body)
      const problem = expectProblem(res, status, codeOf[status], what)
      expect(await snapshot(), `${what} changed the database`).toEqual(before)
      expectNoSecrets(res, url + JSON.stringify(body ?? null), what, c.mayEcho?.(w))
      if (status === 404) {
        const params = Object.fromEntries(Object.keys(c.params?.(w) ?? {}).map((k) => [k, randomUUID()]))
        const gp = expectProblem(
          await send(w.agent[actor], method, fillPath(path, params) + q, body),
          404,
          'not_found',
          `${what} (nonexistent)`,
        )
        expect({ ...problem, instance: '', requestId: '' }, what).toEqual({
          ...gp,
          instance: '',
          requestId: '',
        })
      }
    }
    const a = c.allow
    const url = fillPath(path, c.params?.(w) ?? {}) + q
    const res = await send(w.agent[a.as], method, url, (a.body ?? c.body)?.(w))
    ok({ status: res.status, text: res.text ?? '' }, a.status, `${c.route} as ${a.as} (positive control)`)
    a.check?.(res.body, res.text, w)
    if (!insiders.includes(a.as)) expectNoSecrets(res, url, `${c.route} as ${a.as}`, c.mayEcho?.(w))
  })
})
