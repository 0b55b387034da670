import { beforeAll, describe, expect, it } from 'vitest'
import { useTestApp } from './support/test-app.ts'
import { ensureInvoiceRuns } from '../src/employers/invoicing.ts'
import { expectProblem } from './support/route-table.ts'

// Employers: an account, employees invited by e-mail, a pool of day passes valid across a network,
// bookings paid from it at another lieu of the network, budgets and limits, the usage report, the
// network settlement, the monthly invoice and the credit note of a cancellation in time.

const t = useTestApp({ now: '2026-11-27T10:00:00Z' })
type Login = Awaited<ReturnType<typeof t.login>>
const api = (p: string) => `/api/v1${p}`
const w = {} as {
  admin: Login
  ana: Login
  ben: Login
  stranger: Login
  coordinator: Login
  seller: string
  other: string
  networkId: string
  deskA: string
  deskB: string
  deskB2: string
  roomB: string
  dayPass: string
  employerId: string
  poolId: string
}

/** The token of the last employer invitation e-mailed to `email`. */
async function invitationToken(email: string) {
  const mail = await t.deps.db.outboxEmail.findFirst({ where: { to: email, kind: 'employer_invitation' }, orderBy: { createdAt: 'desc' } })
  return /token=([A-Za-z0-9_-]+)/.exec(mail!.text)![1]!
}

async function join(employee: Login) {
  ok(await w.admin.agent.post(api(`/employers/${w.employerId}/invitations`)).send({ email: employee.email }), 201)
  const res = await employee.agent.post(api('/employer-invitations/accept')).send({ token: await invitationToken(employee.email) })
  ok(res, 200)
  return res
}

/** After the clock jumped past the sessions' idle limit: log in again. */
async function relogin(...who: Login[]) {
  for (const u of who) ok(await u.agent.post(api('/auth/login')).send({ email: u.email, password: 'correct horse battery' }), 200)
}

function ok<R extends { status: number; text: string }>(res: R, status: number): R {
  expect(res.status, res.text).toBe(status)
  return res
}

const book = (who: Login, resourceId: string, startsAt: string, endsAt: string, extra: object = {}) =>
  who.agent.post(api('/bookings')).send({ resourceId, startsAt, endsAt, ...extra })

beforeAll(async () => {
  const db = t.deps.db
  w.admin = await t.login({ name: 'Karim Admin' })
  w.ana = await t.login({ name: 'Ana Salariée' })
  w.ben = await t.login({ name: 'Ben Salarié' })
  w.stranger = await t.login({ name: 'Sam Autre' })
  w.coordinator = await t.login({ name: 'Coline Coord' })
  const network = await db.network.create({ data: { slug: 'reseau-sud', name: 'Réseau Sud', coordinators: { create: { userId: w.coordinator.id } } } })
  w.networkId = network.id
  const lieu = async (slug: string, name: string) =>
    db.lieu.create({
      data: {
        slug,
        name,
        timeZone: 'Europe/Paris',
        networkId: network.id,
        siret: '73282932000074',
        vatNumber: 'FR44732829320',
        bookingRules: { bookingWindowDays: 400, cancellationDeadlineMinutes: 60 },
        openingHours: { create: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, startMinute: 8 * 60, endMinute: 20 * 60 })) },
      },
    })
  const seller = await lieu('le-quai-test', 'Le Quai')
  const other = await lieu('la-grange-test', 'La Grange')
  w.seller = seller.id
  w.other = other.id
  // Everyone may book at both (the employees are members of the lieux).
  for (const l of [seller, other]) {
    await db.lieuMembership.createMany({ data: [w.ana, w.ben].map((u) => ({ lieuId: l.id, userId: u.id, role: 'member' as const })) })
  }
  const rates = { dayCents: 2000, hourCents: 500, vatRateBp: 2000 }
  w.deskA = (await db.resource.create({ data: { lieuId: seller.id, kind: 'desk', name: 'Bureau A', rates } })).id
  w.deskB = (await db.resource.create({ data: { lieuId: other.id, kind: 'desk', name: 'Bureau B1', rates } })).id
  w.deskB2 = (await db.resource.create({ data: { lieuId: other.id, kind: 'desk', name: 'Bureau B2', rates } })).id
  w.roomB = (await db.resource.create({ data: { lieuId: other.id, kind: 'room', name: 'Salle B', rates } })).id
  w.dayPass = (
    await db.passProduct.create({ data: { lieuId: seller.id, kind: 'day_pass', name: 'Pass journée', priceCents: 1800, vatRateBp: 2000, quantity: 1, validityDays: 30 } })
  ).id
})

describe('an employer account and its people', () => {
  it('someone creates an employer and becomes its admin; another user cannot see it (404)', async () => {
    const res = ok(
      await w.admin.agent.post(api('/employers')).send({ name: 'Coop Sud Numérique', siret: '404 833 048 00022', vatNumber: 'fr 40 404833048', billingEmail: 'compta@coop.example', billingAddress: '3 rue du Port, 34200 Sète' }),
      201,
    )
    expect(res.body).toMatchObject({ role: 'admin', siret: '40483304800022', vatNumber: 'FR40404833048' })
    w.employerId = res.body.id
    expectProblem(await w.stranger.agent.get(api(`/employers/${w.employerId}`)), 404, 'not_found')
    expectProblem(await w.admin.agent.post(api('/employers')).send({ name: 'X', siret: '12345678901234' }), 400, 'validation_failed')
  })

  it('admins invite by e-mail; the invitation is for that address only; accepting joins with an unlimited allocation', async () => {
    ok(await w.admin.agent.post(api(`/employers/${w.employerId}/invitations`)).send({ email: w.ana.email }), 201)
    const token = await invitationToken(w.ana.email)
    const preview = ok(await t.agent().get(api(`/employer-invitations/${token}`)), 200)
    expect(preview.body).toMatchObject({ employer: { name: 'Coop Sud Numérique' }, email: w.ana.email, role: 'employee' })
    expectProblem(await w.ben.agent.post(api('/employer-invitations/accept')).send({ token }), 403, 'forbidden')
    const joined = ok(await w.ana.agent.post(api('/employer-invitations/accept')).send({ token }), 200)
    expect(joined.body.role).toBe('employee')
    expectProblem(await w.ana.agent.post(api('/employer-invitations/accept')).send({ token }), 410, 'token_invalid')
    await join(w.ben)
    const people = ok(await w.admin.agent.get(api(`/employers/${w.employerId}/employees`)), 200)
    expect(people.body.employees.map((e: { name: string }) => e.name).sort()).toEqual(['Ana Salariée', 'Ben Salarié', 'Karim Admin'])
    expect(people.body.employees.find((e: { userId: string }) => e.userId === w.ana.id).allocation).toMatchObject({ budgetKind: 'none', lieuIds: [] })
    // An employee sees the employer but not its people.
    ok(await w.ana.agent.get(api(`/employers/${w.employerId}`)), 200)
    expectProblem(await w.ana.agent.get(api(`/employers/${w.employerId}/employees`)), 403, 'forbidden')
  })
})

describe('a pool valid across the network, used at another lieu', () => {
  it('the admin buys 20 day passes of Le Quai for the network, on the monthly invoice', async () => {
    const offers = ok(await w.admin.agent.get(api(`/employers/${w.employerId}/offers`)), 200)
    expect(offers.body.map((o: { lieu: { name: string } }) => o.lieu.name)).toEqual(['Le Quai'])
    const res = ok(await w.admin.agent.post(api(`/employers/${w.employerId}/pools`)).send({ productId: w.dayPass, count: 20, scope: 'network' }), 201)
    expect(res.body.payment).toBeNull()
    expect(res.body.pool).toMatchObject({ quantity: 20, remaining: 20, unit: 'day', billing: 'monthly', status: 'active', unitValueExclCents: 1800 })
    expect(res.body.pool.validAt.map((l: { name: string }) => l.name)).toEqual(['La Grange', 'Le Quai'])
    w.poolId = res.body.pool.id
    // Without Stripe keys there is no card option.
    expectProblem(await w.admin.agent.post(api(`/employers/${w.employerId}/pools`)).send({ productId: w.dayPass, count: 1, billing: 'card' }), 422, 'card_payments_unavailable')
    expectProblem(await w.ana.agent.post(api(`/employers/${w.employerId}/pools`)).send({ productId: w.dayPass, count: 1 }), 403, 'forbidden')
  })

  it('the price preview and the booking at La Grange are paid by the employer; the pool loses a day', async () => {
    const q = new URLSearchParams({ startsAt: '2026-12-01T08:00:00Z', endsAt: '2026-12-01T16:00:00Z' })
    const preview = ok(await w.ana.agent.get(api(`/lieux/${w.other}/resources/${w.deskB}/price?${q}`)), 200)
    expect(preview.body).toMatchObject({ means: 'employer', priceInclCents: 0, employer: { name: 'Coop Sud Numérique' } })
    const res = ok(await book(w.ana, w.deskB, '2026-12-01T08:00:00Z', '2026-12-01T16:00:00Z'), 201)
    expect(res.body.price).toMatchObject({ means: 'employer', priceInclCents: 0 })
    expect((await t.deps.db.employerPool.findUniqueOrThrow({ where: { id: w.poolId } })).remaining).toBe(19)
    // Personal on request: paid at the counter, the pool untouched.
    const personal = ok(await book(w.ana, w.deskB, '2026-12-02T08:00:00Z', '2026-12-02T16:00:00Z', { paidBy: 'personal' }), 201)
    expect(personal.body.price.means).toBe('on_site')
    expect((await t.deps.db.employerPool.findUniqueOrThrow({ where: { id: w.poolId } })).remaining).toBe(19)
  })

  it('someone who joins the employer may book at every lieu where its pools are valid, as a member', async () => {
    const chloe = await t.login({ name: 'Chloé Nouvelle' })
    expect((await chloe.agent.get(api(`/lieux/${w.other}`))).status).toBe(404)
    await join(chloe)
    const roles = await t.deps.db.lieuMembership.findMany({ where: { userId: chloe.id }, select: { lieuId: true, role: true } })
    expect(roles.sort((a, b) => a.lieuId.localeCompare(b.lieuId))).toEqual([w.seller, w.other].sort().map((lieuId) => ({ lieuId, role: 'member' })))
    const res = ok(await book(chloe, w.deskB2, '2026-12-03T08:00:00Z', '2026-12-03T16:00:00Z'), 201)
    expect(res.body.price.means).toBe('employer')
    ok(await chloe.agent.post(api(`/bookings/${res.body.id}/cancel`)).send({}), 200)
    ok(await chloe.agent.delete(api(`/employers/${w.employerId}/employees/${chloe.id}`)), 204)
  })

  it('the usage report shows totals per employee and lieu, never the bookings; the employee sees the same', async () => {
    const report = ok(await w.admin.agent.get(api(`/employers/${w.employerId}/usage?month=2026-12`)), 200)
    expect(report.body.rows).toEqual([{ userId: w.ana.id, name: 'Ana Salariée', lieu: { id: w.other, name: 'La Grange' }, days: 1, minutes: 480, valueExclCents: 1800 }])
    expect(JSON.stringify(report.body)).not.toMatch(/2026-12-01T|Bureau/)
    const csv = ok(await w.admin.agent.get(api(`/employers/${w.employerId}/usage?month=2026-12&format=csv`)), 200)
    expect(csv.headers['content-type']).toMatch(/text\/csv/)
    expect(csv.text).toContain('2026-12;Ana Salariée;La Grange;1;8,00;18,00')
    const mine = ok(await w.ana.agent.get(api('/me/employers')), 200)
    expect(mine.body[0].pools[0]).toMatchObject({ id: w.poolId, remaining: 19 })
    // The employee's own view: this month (November, nothing yet) and the employer's rows about them.
    expect(mine.body[0].whatTheEmployerSees.map((r: { month: string }) => r.month)).toEqual(['2026-11', '2026-10'])
    expectProblem(await w.stranger.agent.get(api(`/employers/${w.employerId}/usage?month=2026-12`)), 404, 'not_found')
    expectProblem(await w.ana.agent.get(api(`/employers/${w.employerId}/usage?month=2026-12`)), 403, 'forbidden')
  })

  it('the network settlement says La Grange is owed by Le Quai; only coordinators see it', async () => {
    const s = ok(await w.coordinator.agent.get(api(`/networks/${w.networkId}/settlement?month=2026-12`)), 200)
    expect(s.body.rows).toEqual([{ seller: { id: w.seller, name: 'Le Quai' }, usedAt: { id: w.other, name: 'La Grange' }, days: 1, minutes: 480, owedExclCents: 1800 }])
    expect(s.body.balances).toEqual(
      expect.arrayContaining([
        { lieu: { id: w.other, name: 'La Grange' }, netExclCents: 1800 },
        { lieu: { id: w.seller, name: 'Le Quai' }, netExclCents: -1800 },
      ]),
    )
    const csv = ok(await w.coordinator.agent.get(api(`/networks/${w.networkId}/settlement?month=2026-12&format=csv`)), 200)
    expect(csv.text).toContain('2026-12;Le Quai;La Grange;1;8,00;18,00')
    expectProblem(await w.admin.agent.get(api(`/networks/${w.networkId}/settlement?month=2026-12`)), 404, 'not_found')
    expectProblem(await w.ana.agent.get(api(`/networks/${w.networkId}/settlement?month=2026-12`)), 403, 'forbidden')
  })
})

describe('allocations: budgets and limits', () => {
  it('a monthly budget of 2 days: the third day is refused with the reason, or paid personally in auto', async () => {
    ok(await w.admin.agent.put(api(`/employers/${w.employerId}/employees/${w.ben.id}/allocation`)).send({ budgetKind: 'days', budgetAmount: 2 }), 200)
    ok(await book(w.ben, w.deskB, '2026-12-07T08:00:00Z', '2026-12-07T12:00:00Z'), 201)
    ok(await book(w.ben, w.deskB, '2026-12-08T08:00:00Z', '2026-12-08T12:00:00Z'), 201)
    const refused = expectProblem(await book(w.ben, w.deskB, '2026-12-09T08:00:00Z', '2026-12-09T12:00:00Z', { paidBy: 'employer' }), 422, 'employer_not_allowed')
    expect(refused.detail).toMatch(/budget de 2 jour\(s\) ce mois-ci atteint/)
    expect(refused.errors![0]!.field).toBe('paidBy')
    const auto = ok(await book(w.ben, w.deskB, '2026-12-09T08:00:00Z', '2026-12-09T12:00:00Z'), 201)
    expect(auto.body.price.means).toBe('on_site')
    // January is another month: the budget starts again.
    expect(ok(await book(w.ben, w.deskB, '2027-01-04T08:00:00Z', '2027-01-04T12:00:00Z'), 201).body.price.means).toBe('employer')
  })

  it('limits on lieux, kinds and weekdays; a euro budget', async () => {
    ok(
      await w.admin.agent.put(api(`/employers/${w.employerId}/employees/${w.ben.id}/allocation`)).send({ lieuIds: [w.seller], weekdays: [1, 2, 3, 4, 5] }),
      200,
    )
    const q = (r: string, s: string, e: string) => w.ben.agent.get(api(`/lieux/${w.other}/resources/${r}/price?${new URLSearchParams({ startsAt: s, endsAt: e })}`))
    const elsewhere = ok(await q(w.deskB, '2026-12-10T08:00:00Z', '2026-12-10T10:00:00Z'), 200)
    expect(elsewhere.body.means).toBe('on_site')
    expect(elsewhere.body.employerRefusals[0]).toMatchObject({ reason: 'lieu', message: 'Coop Sud Numérique ne prend pas en charge ce lieu' })
    ok(await w.admin.agent.put(api(`/employers/${w.employerId}/employees/${w.ben.id}/allocation`)).send({ weekdays: [1, 2, 3, 4, 5], resourceKinds: ['desk'] }), 200)
    // 2026-12-12 is a Saturday.
    expect(ok(await q(w.deskB, '2026-12-12T08:00:00Z', '2026-12-12T10:00:00Z'), 200).body.employerRefusals[0].reason).toBe('weekday')
    expect(ok(await q(w.roomB, '2026-12-10T08:00:00Z', '2026-12-10T10:00:00Z'), 200).body.employerRefusals[0].reason).toBe('resource_kind')
    ok(await w.admin.agent.put(api(`/employers/${w.employerId}/employees/${w.ben.id}/allocation`)).send({ budgetKind: 'euros', budgetPeriod: 'total', budgetAmount: 1800 * 4 }), 200)
    // Three days used in total (7, 8 December and 4 January) + this one = 4 × 18 € fits; a fifth would not.
    expect(ok(await q(w.deskB, '2026-12-10T08:00:00Z', '2026-12-10T10:00:00Z'), 200).body.means).toBe('employer')
    ok(await book(w.ben, w.deskB, '2026-12-10T08:00:00Z', '2026-12-10T10:00:00Z'), 201)
    expect(ok(await q(w.deskB, '2026-12-11T08:00:00Z', '2026-12-11T10:00:00Z'), 200).body.employerRefusals[0].reason).toBe('budget')
    const bad = expectProblem(await w.admin.agent.put(api(`/employers/${w.employerId}/employees/${w.ben.id}/allocation`)).send({ weekdays: [8] }), 400, 'validation_failed')
    expect(bad.errors![0]!.field).toBe('weekdays.0')
  })
})

describe('a recurring booking', () => {
  it('each occurrence is paid by the employer while the budget lasts; with paidBy employer the rest are refused', async () => {
    ok(await w.admin.agent.put(api(`/employers/${w.employerId}/employees/${w.ana.id}/allocation`)).send({ budgetKind: 'days', budgetAmount: 2, budgetPeriod: 'month' }), 200)
    // Every Monday of February 2027 (four), 09:00–12:00 Paris, at La Grange.
    const res = ok(
      await w.ana.agent.post(api('/bookings/series')).send({ resourceId: w.deskB2, localStart: '2027-02-01T09:00', durationMinutes: 180, frequency: 'weekly', count: 4, paidBy: 'employer' }),
      201,
    )
    expect(res.body.occurrences.map((o: { outcome: string; code: string | null }) => [o.outcome, o.code])).toEqual([
      ['booked', null],
      ['booked', null],
      ['refused', 'employer_not_allowed'],
      ['refused', 'employer_not_allowed'],
    ])
    const paid = await t.deps.db.booking.findMany({ where: { seriesId: res.body.id }, select: { paymentMeans: true } })
    expect(paid.map((b) => b.paymentMeans)).toEqual(['employer', 'employer'])
    ok(await w.admin.agent.put(api(`/employers/${w.employerId}/employees/${w.ana.id}/allocation`)).send({}), 200)
  })
})

describe('the last pass', () => {
  it('two employees taking the last day at the same moment: exactly one is paid by the employer', async () => {
    const db = t.deps.db
    const pool = await db.employerPool.create({
      data: {
        employerId: w.employerId, sellerLieuId: w.other, productId: w.dayPass, scope: 'lieu', unit: 'day', productCount: 1, quantity: 1, remaining: 1,
        productPriceCents: 1800, productQuantity: 1, vatRateBp: 2000, label: '1 × Pass journée', validFrom: new Date('2026-11-01T00:00:00Z'),
        validUntil: new Date('2027-06-01T00:00:00Z'), billing: 'monthly', status: 'active',
      },
    })
    // Only this pool: the network pool is emptied for the race.
    const before = (await db.employerPool.findUniqueOrThrow({ where: { id: w.poolId } })).remaining
    await db.employerPool.update({ where: { id: w.poolId }, data: { remaining: 0 } })
    await db.employerAllocation.updateMany({ where: { employerId: w.employerId }, data: { budgetKind: 'none', lieuIds: [], weekdays: [], resourceKinds: [] } })
    const [a, b] = await Promise.all([
      book(w.ana, w.deskB, '2026-12-15T08:00:00Z', '2026-12-15T12:00:00Z', { paidBy: 'employer' }),
      book(w.ben, w.deskB2, '2026-12-15T08:00:00Z', '2026-12-15T12:00:00Z', { paidBy: 'employer' }),
    ])
    expect([a.status, b.status].sort()).toEqual([201, 422])
    expect((await db.employerPool.findUniqueOrThrow({ where: { id: pool.id } })).remaining).toBe(0)
    // A pool written without the queue (here, by hand) gets its month's invoice run queued at start, once.
    const runs = () => db.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM pgboss.job WHERE name = 'employers.invoice_run' AND data->>'sellerLieuId' = ${w.other} AND state = 'created'`
    expect(Number((await runs())[0]!.n)).toBe(0)
    await ensureInvoiceRuns(t.deps)
    await ensureInvoiceRuns(t.deps)
    expect(Number((await runs())[0]!.n)).toBe(1)
    expect(await db.employerUsage.count({ where: { poolId: pool.id, reversedAt: null } })).toBe(1)
    // The database refuses a pool below zero whatever the code does.
    await expect(db.$executeRaw`UPDATE employer_pools SET remaining = -1 WHERE id = ${pool.id}::uuid`).rejects.toThrow(/employer_pools_remaining/)
    await db.employerPool.update({ where: { id: w.poolId }, data: { remaining: before } })
  })
})

describe('the monthly invoice', () => {
  it('on 1 December, Le Quai invoices November’s usage to the employer; totals equal the consumption; a cancellation in time becomes a credit note', async () => {
    const db = t.deps.db
    const billed = await db.employerUsage.findMany({ where: { employerId: w.employerId, sellerLieuId: w.seller, reversedAt: null, pool: { billing: 'monthly' } } })
    expect(billed.length).toBeGreaterThan(0)
    t.clock.set('2026-12-01T00:30:00Z') // 01:30 in Paris: November is over at the seller.
    await t.runJobs()
    await relogin(w.admin, w.ana, w.ben)
    const invoices = ok(await w.admin.agent.get(api(`/employers/${w.employerId}/invoices`)), 200)
    const fromQuai = invoices.body.filter((i: { lieuId: string }) => i.lieuId === w.seller)
    expect(fromQuai).toHaveLength(1)
    const inv = fromQuai[0]
    expect(inv).toMatchObject({ kind: 'invoice', buyer: { name: 'Coop Sud Numérique', siret: '40483304800022', vatNumber: 'FR40404833048', employerId: w.employerId } })
    expect(inv.totalExclCents).toBe(billed.reduce((s, u) => s + u.valueExclCents, 0))
    expect(inv.lines.every((l: { label: string }) => /novembre 2026/.test(l.label))).toBe(true)
    // Running again bills nothing twice.
    await t.runJobs()
    expect(await db.invoice.count({ where: { buyerEmployerId: w.employerId, lieuId: w.seller, kind: 'invoice' } })).toBe(1)
    // Usage is billed when recorded: Ben's 4 January day, booked in November, is on it. Cancelled in
    // time, it becomes a credit note of that invoice at the next run.
    const jan = await db.employerUsage.findFirstOrThrow({ where: { employerId: w.employerId, startsAt: new Date('2027-01-04T08:00:00Z'), reversedAt: null } })
    expect(jan.invoiceId).toBe(inv.id)
    ok(await w.ben.agent.post(api(`/bookings/${jan.bookingId}/cancel`)).send({}), 200)
    expect((await db.employerPool.findUniqueOrThrow({ where: { id: jan.poolId } })).remaining).toBeGreaterThan(0)
    t.clock.set('2027-01-01T00:30:00Z')
    await t.runJobs()
    await relogin(w.admin, w.ana)
    const notes = await db.invoice.findMany({ where: { buyerEmployerId: w.employerId, kind: 'credit_note' } })
    expect(notes).toHaveLength(1)
    expect(notes[0]!.creditsInvoiceId).toBe(inv.id)
    expect(notes[0]!.totalExclCents).toBe(-jan.valueExclCents)
    // A day gone by (here marked a no-show) cannot be cancelled: nothing more is credited.
    const started = await db.employerUsage.findFirstOrThrow({ where: { userId: w.ana.id, startsAt: new Date('2026-12-01T08:00:00Z') } })
    expect((await w.ana.agent.post(api(`/bookings/${started.bookingId}/cancel`)).send({})).status).toBeGreaterThanOrEqual(409)
    expect(await db.invoice.count({ where: { buyerEmployerId: w.employerId, kind: 'credit_note' } })).toBe(1)
    // The employer's admin reads the invoice's PDF; the employee does not.
    ok(await w.admin.agent.get(api(`/invoices/${inv.id}/pdf`)), 200)
    expectProblem(await w.ana.agent.get(api(`/invoices/${inv.id}`)), 404, 'not_found')
    t.clock.set('2026-11-27T10:00:00Z')
  })
})
