import { beforeAll, describe, expect, it } from 'vitest'
import { transaction } from '../src/bookings/transaction.ts'
import { balance } from '../src/credits/ledger.ts'
import { activeEntitlements } from '../src/subscriptions/entitlements.ts'
import { lieuBody, useTestApp } from './support/test-app.ts'
import { expectProblem } from './support/route-table.ts'

// Plans, the adhésion and subscriptions with the manual provider: a member asks, a manager records
// the payment (the invoice is issued in the same transaction), renewals, cancel, pause, the month's
// credits granted exactly once and expired at the month's end, entitlements only while active.

const t = useTestApp({ now: '2026-11-27T09:00:00Z' })
type Login = Awaited<ReturnType<typeof t.login>>
const w = {} as {
  owner: Login
  member: Login
  other: Login
  lieuId: string
  adhesion: string
  coworking: string
  desk: string
}
const api = (p: string) => `/api/v1${p}`

/** Sessions do not survive the test clock's jumps of a month: log the same people in again. */
async function relogin() {
  for (const who of ['owner', 'member'] as const) {
    const agent = t.agent()
    const res = await agent
      .post(api('/auth/login'))
      .send({ email: w[who].email, password: 'correct horse battery' })
    expect(res.status, res.text).toBe(200)
    w[who] = { ...w[who], agent }
  }
}

beforeAll(async () => {
  w.owner = await t.login({ name: 'Olivia Owner' })
  w.member = await t.login({ name: 'Mia Member' })
  w.other = await t.login({ name: 'Otto Other' })
  const lieu = await w.owner.agent
    .post(api('/lieux'))
    .send(
      lieuBody('abo-lieu', {
        legal: {
          legalName: 'SCIC Abo',
          siret: '73282932000074',
          vatNumber: 'FR44732829320',
          vatExempt: false,
        },
      }),
    )
  expect(lieu.status, lieu.text).toBe(201)
  w.lieuId = lieu.body.id
  await t.deps.db.lieuMembership.createMany({
    data: [
      { lieuId: w.lieuId, userId: w.member.id, role: 'member' },
      { lieuId: w.lieuId, userId: w.other.id, role: 'member' },
    ],
  })
  w.desk = (
    await w.owner.agent
      .post(api(`/lieux/${w.lieuId}/resources`))
      .send({ kind: 'desk', name: 'Poste réservé' })
  ).body.id
})

describe('plans', () => {
  it('managers create a plan and the adhésion; members list the active ones; the public page too', async () => {
    const adh = await w.owner.agent
      .post(api(`/lieux/${w.lieuId}/plans`))
      .send({ kind: 'membership', name: 'Adhésion', priceCents: 2000, vatRateBp: 0, interval: 'year' })
    expect(adh.status, adh.text).toBe(201)
    w.adhesion = adh.body.id
    const plan = await w.owner.agent.post(api(`/lieux/${w.lieuId}/plans`)).send({
      name: 'Coworking mensuel',
      priceCents: 10000,
      vatRateBp: 2000,
      interval: 'month',
      requiresMembership: true,
      entitlements: {
        includedKinds: ['desk'],
        monthlyCreditMinutes: { room: 240 },
        memberDiscountBp: 1000,
        bookingWindowDays: 60,
        planOnlyResourceIds: [w.desk],
      },
    })
    expect(plan.status, plan.text).toBe(201)
    expect(plan.body).toMatchObject({
      priceCents: 10000,
      priceInclCents: 12000,
      kind: 'usage',
      requiresMembership: true,
    })
    w.coworking = plan.body.id
    const old = await w.owner.agent
      .post(api(`/lieux/${w.lieuId}/plans`))
      .send({ name: 'Ancienne formule', priceCents: 5000, vatRateBp: 2000, interval: 'month' })
    expect(
      (await w.owner.agent.patch(api(`/lieux/${w.lieuId}/plans/${old.body.id}`)).send({ archived: true }))
        .body.archived,
    ).toBe(true)

    const list = await w.member.agent.get(api(`/lieux/${w.lieuId}/plans?includeArchived=true`))
    expect(list.body.map((p: { name: string }) => p.name).sort()).toEqual(['Adhésion', 'Coworking mensuel'])
    const managerList = await w.owner.agent.get(api(`/lieux/${w.lieuId}/plans?includeArchived=true`))
    expect(managerList.body).toHaveLength(3)
    const pub = await t.agent().get(api('/public/lieux/abo-lieu/plans'))
    expect(pub.status).toBe(200)
    expect(pub.body).toHaveLength(2)
    expectProblem(await t.agent().get(api('/public/lieux/no-such-lieu/plans')), 404, 'not_found')
  })

  it('an adhésion is yearly and requires nothing; plan-only resources are the lieu’s own', async () => {
    const res = await w.owner.agent
      .post(api(`/lieux/${w.lieuId}/plans`))
      .send({ kind: 'membership', name: 'X', priceCents: 1, vatRateBp: 0, interval: 'month' })
    expect(expectProblem(res, 400, 'validation_failed').errors).toEqual([
      { field: 'interval', message: 'an adhésion is yearly' },
    ])
    const foreign = await w.owner.agent
      .post(api(`/lieux/${w.lieuId}/plans`))
      .send({
        name: 'Y',
        priceCents: 1,
        vatRateBp: 0,
        interval: 'month',
        entitlements: { planOnlyResourceIds: ['00000000-0000-4000-8000-000000000001'] },
      })
    expect(expectProblem(foreign, 400, 'validation_failed').errors![0]!.field).toBe(
      'entitlements.planOnlyResourceIds.0',
    )
  })
})

describe('subscriptions with the manual provider', () => {
  let adhSub: string
  let coworkSub: string

  it('a plan requiring the adhésion is refused without one (membership_required)', async () => {
    const res = await w.member.agent
      .post(api(`/lieux/${w.lieuId}/subscriptions`))
      .send({ planId: w.coworking })
    expectProblem(res, 422, 'membership_required')
    expect(await t.deps.db.subscription.count()).toBe(0)
  })

  it('a member asks for the adhésion: past_due, pay at the counter; no entitlements yet', async () => {
    const res = await w.member.agent
      .post(api(`/lieux/${w.lieuId}/subscriptions`))
      .send({ planId: w.adhesion })
    expect(res.status, res.text).toBe(201)
    expect(res.body.subscription).toMatchObject({
      status: 'past_due',
      inGoodStanding: false,
      plan: { kind: 'membership' },
    })
    expect(res.body.payment).toMatchObject({ kind: 'pay_at_counter' })
    expect(res.body.payment.instructions).toContain('20.00 €')
    expect(res.body.invoice).toBeNull()
    adhSub = res.body.subscription.id
    expectProblem(
      await w.member.agent.post(api(`/lieux/${w.lieuId}/subscriptions`)).send({ planId: w.adhesion }),
      409,
      'already_subscribed',
    )
    expect((await activeEntitlements(t.deps.db, w.member.id, w.lieuId, t.clock.now())).member).toBe(false)
  })

  it('with the adhésion asked for, the plan can be asked for; its payment needs the adhésion paid first', async () => {
    const res = await w.member.agent
      .post(api(`/lieux/${w.lieuId}/subscriptions`))
      .send({ planId: w.coworking })
    expect(res.status, res.text).toBe(201)
    coworkSub = res.body.subscription.id
    const early = await w.owner.agent
      .post(api(`/subscriptions/${coworkSub}/payments`))
      .send({ method: 'on_site' })
    expectProblem(early, 422, 'membership_required')
    expect(await t.deps.db.invoice.count()).toBe(0)
  })

  it('a manager records the payments: active for one period in the lieu’s zone, invoices numbered in order', async () => {
    const members = await w.member.agent
      .post(api(`/subscriptions/${adhSub}/payments`))
      .send({ method: 'cheque' })
    expectProblem(members, 403, 'forbidden')
    const adh = await w.owner.agent.post(api(`/subscriptions/${adhSub}/payments`)).send({ method: 'cheque' })
    expect(adh.status, adh.text).toBe(201)
    expect(adh.body.subscription).toMatchObject({
      status: 'active',
      inGoodStanding: true,
      currentPeriodStart: '2026-11-27T09:00:00.000Z',
      currentPeriodEnd: '2027-11-27T09:00:00.000Z',
    })
    expect(adh.body.invoice.number).toMatch(/2026/)
    const cw = await w.owner.agent
      .post(api(`/subscriptions/${coworkSub}/payments`))
      .send({ method: 'bank_transfer', paidAt: '2026-11-26T10:00:00+01:00' })
    expect(cw.status, cw.text).toBe(201)
    // Paid yesterday: the month runs from the payment, in Paris time.
    expect(cw.body.subscription).toMatchObject({
      status: 'active',
      currentPeriodStart: '2026-11-26T09:00:00.000Z',
      currentPeriodEnd: '2026-12-26T09:00:00.000Z',
    })
    const invoices = await t.deps.db.invoice.findMany({
      where: { lieuId: w.lieuId },
      orderBy: { sequence: 'asc' },
    })
    expect(invoices.map((i) => i.number)).toEqual([adh.body.invoice.number, cw.body.invoice.number])
    expect(invoices.map((i) => i.sequence)).toEqual([1, 2])
    expect(invoices[1]).toMatchObject({
      buyerUserId: w.member.id,
      totalExclCents: 10000,
      totalVatCents: 2000,
      totalInclCents: 12000,
      paymentMethod: 'bank_transfer',
    })
    expect(JSON.stringify(invoices[1]!.lines)).toContain('du 26/11/2026 au 26/12/2026')
  })

  it('entitlements exist while active: the merge of both plans', async () => {
    const e = await activeEntitlements(t.deps.db, w.member.id, w.lieuId, t.clock.now())
    expect(e).toMatchObject({
      member: true,
      includedKinds: ['desk'],
      memberDiscountBp: 1000,
      bookingWindowDays: 60,
      planOnlyResourceIds: [w.desk],
    })
    expect(e.subscriptionIds.sort()).toEqual([adhSub, coworkSub].sort())
    expect(
      (await activeEntitlements(t.deps.db, w.other.id, w.lieuId, t.clock.now())).subscriptionIds,
    ).toEqual([])
  })

  it('the month’s credits are granted once (payment, job replays), and expire unused at the month’s end', async () => {
    const k = { userId: w.member.id, lieuId: w.lieuId, resourceKind: 'room' }
    const bal = () => transaction(t.deps, (x) => balance(x, k))
    expect(await bal()).toBe(240)
    await t.runJobs()
    await t.runJobs()
    expect(await t.deps.db.creditEntry.count({ where: { ...k, reason: 'plan_grant' } })).toBe(1)
    const me = await w.member.agent.get(api('/me/credits'))
    expect(me.body.history[0]).toMatchObject({
      reason: 'plan_grant',
      minutes: 240,
      expiresAt: '2026-12-26T09:00:00.000Z',
    })
    // The month ends with no renewal: the unused 240 min expire, the subscription waits for payment.
    t.clock.set('2026-12-26T09:00:00Z')
    await t.runJobs()
    expect(await bal()).toBe(0)
    const sub = await t.deps.db.subscription.findUniqueOrThrow({ where: { id: coworkSub } })
    expect(sub.status).toBe('past_due')
    expect((await activeEntitlements(t.deps.db, w.member.id, w.lieuId, t.clock.now())).includedKinds).toEqual(
      [],
    )
    expect(await t.deps.db.creditEntry.count({ where: { ...k, reason: 'expiry' } })).toBe(1)
    await t.runJobs()
    expect(await t.deps.db.creditEntry.count({ where: { ...k, reason: 'expiry' } })).toBe(1)
  })

  it('renewal: a payment on an active subscription extends it by one period; the next month is granted at its start', async () => {
    await relogin()
    const owner = w.owner
    const paid = await owner.agent
      .post(api(`/subscriptions/${coworkSub}/payments`))
      .send({ method: 'on_site' })
    expect(paid.status, paid.text).toBe(201)
    expect(paid.body.subscription).toMatchObject({
      status: 'active',
      currentPeriodStart: '2026-12-26T09:00:00.000Z',
      currentPeriodEnd: '2027-01-26T09:00:00.000Z',
    })
    const again = await owner.agent
      .post(api(`/subscriptions/${coworkSub}/payments`))
      .send({ method: 'on_site' })
    expect(again.body.subscription).toMatchObject({
      currentPeriodStart: '2026-12-26T09:00:00.000Z',
      currentPeriodEnd: '2027-02-26T09:00:00.000Z',
    })
    const k = { userId: w.member.id, lieuId: w.lieuId, resourceKind: 'room' }
    expect(await transaction(t.deps, (x) => balance(x, k))).toBe(240)
    t.clock.set('2027-01-26T09:00:00Z')
    await relogin()
    await t.runJobs()
    const grants = await t.deps.db.creditEntry.findMany({
      where: { ...k, reason: 'plan_grant' },
      orderBy: { createdAt: 'asc' },
    })
    expect(grants.map((g) => g.uniqueKey)).toEqual([
      `grant:${coworkSub}:2026-11-26T09:00:00.000Z:room`,
      `grant:${coworkSub}:2026-12-26T09:00:00.000Z:room`,
      `grant:${coworkSub}:2027-01-26T09:00:00.000Z:room`,
    ])
    expect(await transaction(t.deps, (x) => balance(x, k))).toBe(240)
  })

  it('cancel at period end, resume undoes it; pause and resume; immediate cancel by a manager', async () => {
    const member = await t.login({ name: 'Max Member2' })
    await t.deps.db.lieuMembership.create({ data: { lieuId: w.lieuId, userId: member.id, role: 'member' } })
    const created = await w.owner.agent
      .post(api(`/lieux/${w.lieuId}/subscriptions`))
      .send({ planId: w.adhesion, userId: member.id, payment: { method: 'on_site' } })
    expect(created.status, created.text).toBe(201)
    expect(created.body).toMatchObject({
      subscription: { status: 'active' },
      payment: null,
      invoice: { number: expect.any(String) },
    })
    const id = created.body.subscription.id as string
    const end = await member.agent.post(api(`/subscriptions/${id}/cancel`)).send({})
    expect(end.body).toMatchObject({ status: 'active', cancelAtPeriodEnd: true })
    expectProblem(
      await member.agent.post(api(`/subscriptions/${id}/cancel`)).send({ when: 'now' }),
      403,
      'forbidden',
    )
    expect((await member.agent.post(api(`/subscriptions/${id}/resume`))).body).toMatchObject({
      status: 'active',
      cancelAtPeriodEnd: false,
    })
    expectProblem(await member.agent.post(api(`/subscriptions/${id}/pause`)), 403, 'forbidden')
    const paused = await w.owner.agent.post(api(`/subscriptions/${id}/pause`))
    expect(paused.body).toMatchObject({ status: 'paused', inGoodStanding: false })
    expect((await activeEntitlements(t.deps.db, member.id, w.lieuId, t.clock.now())).member).toBe(false)
    expectProblem(
      await w.owner.agent.post(api(`/subscriptions/${id}/pause`)),
      409,
      'invalid_subscription_state',
    )
    expect((await w.owner.agent.post(api(`/subscriptions/${id}/resume`))).body).toMatchObject({
      status: 'active',
      inGoodStanding: true,
    })
    const now = await w.owner.agent.post(api(`/subscriptions/${id}/cancel`)).send({ when: 'now' })
    expect(now.body).toMatchObject({ status: 'cancelled', inGoodStanding: false })
    expectProblem(
      await w.owner.agent.post(api(`/subscriptions/${id}/payments`)).send({ method: 'on_site' }),
      409,
      'invalid_subscription_state',
    )
    expectProblem(
      await w.owner.agent.post(api(`/subscriptions/${id}/resume`)),
      409,
      'invalid_subscription_state',
    )
    // Cancelled: the member may ask again.
    expect(
      (await member.agent.post(api(`/lieux/${w.lieuId}/subscriptions`)).send({ planId: w.adhesion })).status,
    ).toBe(201)
  })

  it('cancel at period end takes effect at the end of the paid-up span (job)', async () => {
    const member = await t.login({ name: 'Pia Periodend' })
    await t.deps.db.lieuMembership.create({ data: { lieuId: w.lieuId, userId: member.id, role: 'member' } })
    const created = await w.owner.agent
      .post(api(`/lieux/${w.lieuId}/subscriptions`))
      .send({ planId: w.adhesion, userId: member.id, payment: { method: 'bank_transfer' } })
    const id = created.body.subscription.id as string
    await member.agent.post(api(`/subscriptions/${id}/cancel`)).send({ when: 'period_end' })
    t.clock.set(created.body.subscription.currentPeriodEnd)
    await relogin()
    await t.runJobs()
    expect(await t.deps.db.subscription.findUniqueOrThrow({ where: { id } })).toMatchObject({
      status: 'cancelled',
      cancelledAt: new Date(created.body.subscription.currentPeriodEnd),
    })
  })

  it('my subscriptions, and the managers’ overview of members', async () => {
    const mine = await w.member.agent.get(api('/me/subscriptions'))
    expect(mine.status).toBe(200)
    expect(mine.body.map((s: { plan: { name: string } }) => s.plan.name).sort()).toEqual([
      'Adhésion',
      'Coworking mensuel',
    ])
    const overview = await w.owner.agent.get(api(`/lieux/${w.lieuId}/subscriptions`))
    expect(overview.status).toBe(200)
    const mia = overview.body.find((m: { user: { id: string } }) => m.user.id === w.member.id)
    expect(mia.subscriptions).toHaveLength(2)
    expect(mia.credits.map((c: { resourceKind: string }) => c.resourceKind)).toEqual(['room'])
  })
})
