import { beforeAll, describe, expect, it } from 'vitest'
import { activeEntitlements } from '../src/subscriptions/entitlements.ts'
import { lieuBody, useTestApp } from './support/test-app.ts'
import { expectProblem } from './support/route-table.ts'

// Changing plan with the manual provider (docs/payments.md, plan change): nothing is prorated; the
// current subscription ends at its period end and the new plan's subscription starts there,
// awaiting its payment at the counter. The card path (Stripe proration) is in stripe.test.ts.

const NOW = '2026-11-27T09:00:00Z'
const t = useTestApp({ now: NOW })
type Login = Awaited<ReturnType<typeof t.login>>
const w = {} as {
  owner: Login
  member: Login
  lieuId: string
  coworking: string
  resident: string
  nomade: string
  yearly: string
  adhesion: string
  foreignPlan: string
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

async function plan(body: object) {
  const res = await w.owner.agent.post(api(`/lieux/${w.lieuId}/plans`)).send(body)
  expect(res.status, res.text).toBe(201)
  return res.body.id as string
}

/** A subscription of the member to `planId`, paid at the counter now (active for a month). */
async function paidSubscription(planId: string) {
  const res = await w.owner.agent
    .post(api(`/lieux/${w.lieuId}/subscriptions`))
    .send({ planId, userId: w.member.id, payment: { method: 'on_site' } })
  expect(res.status, res.text).toBe(201)
  return res.body.subscription as { id: string; currentPeriodEnd: string }
}

const change = (agent: Login['agent'], subscriptionId: string, planId: string) =>
  agent.post(api(`/subscriptions/${subscriptionId}/change-plan`)).send({ planId })

beforeAll(async () => {
  w.owner = await t.login({ name: 'Olivia Owner' })
  w.member = await t.login({ name: 'Mia Member' })
  const lieu = await w.owner.agent.post(api('/lieux')).send(lieuBody('change-lieu'))
  expect(lieu.status, lieu.text).toBe(201)
  w.lieuId = lieu.body.id
  await t.deps.db.lieuMembership.create({ data: { lieuId: w.lieuId, userId: w.member.id, role: 'member' } })
  const monthly = (name: string, priceCents: number, entitlements: object) =>
    plan({ name, priceCents, vatRateBp: 0, interval: 'month', entitlements })
  w.coworking = await monthly('Coworking', 9000, { monthlyCreditMinutes: { room: 120 } })
  w.resident = await monthly('Résident', 15000, {
    includedKinds: ['desk'],
    monthlyCreditMinutes: { room: 600 },
  })
  w.nomade = await monthly('Nomade', 5000, {})
  w.yearly = await plan({ name: 'Annuel', priceCents: 90000, vatRateBp: 0, interval: 'year' })
  w.adhesion = await plan({
    kind: 'membership',
    name: 'Adhésion',
    priceCents: 2000,
    vatRateBp: 0,
    interval: 'year',
  })
  const other = await t.login()
  const otherLieu = (await other.agent.post(api('/lieux')).send(lieuBody('change-other'))).body.id
  w.foreignPlan = (
    await other.agent
      .post(api(`/lieux/${otherLieu}/plans`))
      .send({ name: 'Ailleurs', priceCents: 1, vatRateBp: 0, interval: 'month' })
  ).body.id
})

describe('plan change, manual payments: from the next period', () => {
  it('ends the current plan at its period end and schedules the new one there, paid at the counter', async () => {
    const current = await paidSubscription(w.coworking)
    const end = current.currentPeriodEnd
    const res = await change(w.member.agent, current.id, w.resident)
    expect(res.status, res.text).toBe(200)
    expect(res.body.effective).toBe('period_end')
    expect(res.body.effectiveAt).toBe(end)
    expect(res.body.subscription).toMatchObject({
      id: current.id,
      status: 'active',
      cancelAtPeriodEnd: true,
      plan: { id: w.coworking },
    })
    const next = res.body.next
    expect(next).toMatchObject({
      status: 'past_due',
      provider: 'manual',
      plan: { id: w.resident },
      currentPeriodStart: end,
      currentPeriodEnd: end,
      inGoodStanding: false,
    })
    // Until the period ends, the member keeps Coworking's entitlements only.
    const now = t.clock.now()
    const ent = await activeEntitlements(t.deps.db, w.member.id, w.lieuId, now)
    expect(ent.includedKinds).toEqual([])

    // Paid at the counter before the old plan ends: the new span starts where the old one ends.
    const paid = await w.owner.agent
      .post(api(`/subscriptions/${next.id}/payments`))
      .send({ method: 'cheque' })
    expect(paid.status, paid.text).toBe(201)
    expect(paid.body.subscription).toMatchObject({
      status: 'active',
      currentPeriodStart: end,
      inGoodStanding: false,
    })
    const endsAt = new Date(paid.body.subscription.currentPeriodEnd)
    expect(endsAt.toISOString()).toBe('2027-01-27T09:00:00.000Z')
    const invoice = await t.deps.db.invoice.findUniqueOrThrow({ where: { id: paid.body.invoice.id } })
    expect((invoice.lines as { label: string }[])[0]!.label).toBe(
      'Abonnement « Résident » du 27/12/2026 au 27/01/2027',
    )
    expect(
      await t.deps.db.creditEntry.count({
        where: { userId: w.member.id, resourceKind: 'room', minutes: 600 },
      }),
    ).toBe(0)

    // The old plan's period ends: Coworking is over, Résident applies and grants its month.
    t.clock.set(new Date(Date.parse(end) + 60_000))
    await t.runJobs()
    const [old, fresh] = await Promise.all([
      t.deps.db.subscription.findUniqueOrThrow({ where: { id: current.id } }),
      t.deps.db.subscription.findUniqueOrThrow({ where: { id: next.id } }),
    ])
    expect(old.status).toBe('cancelled')
    expect(fresh.status).toBe('active')
    const after = await activeEntitlements(t.deps.db, w.member.id, w.lieuId, t.clock.now())
    expect(after.includedKinds).toEqual(['desk'])
    expect(
      await t.deps.db.creditEntry.count({
        where: { userId: w.member.id, resourceKind: 'room', minutes: 600 },
      }),
    ).toBe(1)
    t.clock.set(NOW)
    await relogin()
    // Back to the test's day: the subscriptions above are over for the next cases.
    await t.deps.db.subscription.updateMany({
      where: { userId: w.member.id },
      data: { status: 'cancelled', cancelledAt: t.clock.now() },
    })
  })

  it('a newer change replaces the one scheduled; undoing the cancellation drops it', async () => {
    const current = await paidSubscription(w.coworking)
    const first = await change(w.member.agent, current.id, w.resident)
    expect(first.status, first.text).toBe(200)
    const second = await change(w.member.agent, current.id, w.nomade)
    expect(second.status, second.text).toBe(200)
    const replaced = await t.deps.db.subscription.findUniqueOrThrow({ where: { id: first.body.next.id } })
    expect(replaced.status).toBe('cancelled')
    expect(second.body.next.plan.id).toBe(w.nomade)
    // The holder goes on with Coworking: the scheduled Nomade is dropped.
    const resumed = await w.member.agent.post(api(`/subscriptions/${current.id}/resume`))
    expect(resumed.status, resumed.text).toBe(200)
    expect(resumed.body.cancelAtPeriodEnd).toBe(false)
    const dropped = await t.deps.db.subscription.findUniqueOrThrow({ where: { id: second.body.next.id } })
    expect(dropped.status).toBe('cancelled')
    const live = await t.deps.db.subscription.findMany({
      where: { userId: w.member.id, status: { not: 'cancelled' } },
    })
    expect(live.map((s) => s.id)).toEqual([current.id])
  })

  it('a manager may change a member’s plan; refusals name the field or the state, and change nothing', async () => {
    const current = (
      await t.deps.db.subscription.findFirstOrThrow({ where: { userId: w.member.id, status: 'active' } })
    ).id
    const before = await t.deps.db.subscription.findMany({ orderBy: { id: 'asc' } })
    const field = async (planId: string, what: string) => {
      const p = expectProblem(await change(w.member.agent, current, planId), 400, 'validation_failed', what)
      expect(p.errors?.[0]?.field, what).toBe('planId')
    }
    await field(w.coworking, 'the same plan')
    await field(w.foreignPlan, 'another lieu’s plan')
    await field('00000000-0000-4000-8000-000000000000', 'an unknown plan')
    await field(w.adhesion, 'a plan for an adhésion')
    // Already subscribed to the target.
    const nomade = await paidSubscription(w.nomade)
    expectProblem(
      await change(w.member.agent, current, w.nomade),
      409,
      'already_subscribed',
      'already holds it',
    )
    await t.deps.db.subscription.update({
      where: { id: nomade.id },
      data: { status: 'cancelled', cancelledAt: t.clock.now() },
    })
    // Awaiting payment: cancel and subscribe instead.
    const pending = await w.member.agent
      .post(api(`/lieux/${w.lieuId}/subscriptions`))
      .send({ planId: w.yearly })
    expect(pending.status, pending.text).toBe(201)
    expectProblem(
      await change(w.member.agent, pending.body.subscription.id, w.resident),
      409,
      'invalid_subscription_state',
      'past due',
    )
    const after = await t.deps.db.subscription.findMany({
      where: { id: { in: before.map((s) => s.id) } },
      orderBy: { id: 'asc' },
    })
    expect(after.filter((s) => s.id !== nomade.id)).toEqual(before)

    // The manager changes it for the member.
    const res = await change(w.owner.agent, current, w.resident)
    expect(res.status, res.text).toBe(200)
    expect(res.body.next.plan.id).toBe(w.resident)
  })
})
