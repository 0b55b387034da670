import { beforeAll, describe, expect, it } from 'vitest'
import { transaction } from '../src/bookings/transaction.ts'
import { returnToPass, usePass } from '../src/passes/ledger.ts'
import { AppError } from '../src/http/problem.ts'
import { lieuBody, useTestApp } from './support/test-app.ts'
import { expectProblem } from './support/route-table.ts'

// Passes: products, a sale to a member or to a drop-in known by e-mail (pass + invoice in one
// transaction), my passes, using a carnet (never below zero, not after its validity).

const t = useTestApp({ now: '2026-11-27T14:00:00Z' })
type Login = Awaited<ReturnType<typeof t.login>>
const w = {} as { owner: Login; member: Login; lieuId: string; dayPass: string; carnet: string; pack: string }
const api = (p: string) => `/api/v1${p}`

beforeAll(async () => {
  w.owner = await t.login({ name: 'Paula Owner' })
  w.member = await t.login({ name: 'Pierre Member' })
  w.lieuId = (await w.owner.agent.post(api('/lieux')).send(lieuBody('pass-lieu'))).body.id
  await t.deps.db.lieuMembership.create({ data: { lieuId: w.lieuId, userId: w.member.id, role: 'member' } })
})

describe('pass products', () => {
  it('managers create day passes, carnets and hour packs; members and the public list them', async () => {
    const post = (body: object) => w.owner.agent.post(api(`/lieux/${w.lieuId}/pass-products`)).send(body)
    const day = await post({
      kind: 'day_pass',
      name: 'Journée',
      priceCents: 1500,
      vatRateBp: 2000,
      validityDays: 1,
    })
    expect(day.status, day.text).toBe(201)
    expect(day.body).toMatchObject({ quantity: 1, resourceKind: null, priceInclCents: 1500 }) // the lieu is VAT-exempt
    w.dayPass = day.body.id
    const carnet = await post({
      kind: 'carnet',
      name: 'Carnet 10 jours',
      priceCents: 12000,
      vatRateBp: 2000,
      quantity: 10,
      validityDays: 180,
    })
    w.carnet = carnet.body.id
    const pack = await post({
      kind: 'hour_pack',
      name: '10 h de salle',
      priceCents: 15000,
      vatRateBp: 2000,
      quantity: 600,
      resourceKind: 'room',
      validityDays: 365,
    })
    expect(pack.status, pack.text).toBe(201)
    w.pack = pack.body.id
    const bad = await post({
      kind: 'hour_pack',
      name: 'Sans type',
      priceCents: 1,
      vatRateBp: 0,
      quantity: 60,
      validityDays: 1,
    })
    expect(expectProblem(bad, 400, 'validation_failed').errors![0]!.field).toBe('resourceKind')
    expect((await w.member.agent.get(api(`/lieux/${w.lieuId}/pass-products`))).body).toHaveLength(3)
    expect((await t.agent().get(api('/public/lieux/pass-lieu/pass-products'))).body).toHaveLength(3)
    await w.owner.agent.patch(api(`/lieux/${w.lieuId}/pass-products/${w.pack}`)).send({ archived: true })
    expect(
      (await w.member.agent.get(api(`/lieux/${w.lieuId}/pass-products?includeArchived=true`))).body,
    ).toHaveLength(2)
    expect(
      (await w.owner.agent.get(api(`/lieux/${w.lieuId}/pass-products?includeArchived=true`))).body,
    ).toHaveLength(3)
  })
})

describe('sales', () => {
  it('a drop-in known only by e-mail buys a day pass: the pass and its invoice, valid until local midnight', async () => {
    const res = await w.owner.agent
      .post(api(`/lieux/${w.lieuId}/passes`))
      .send({
        productId: w.dayPass,
        email: ' Visiteur@Example.ORG ',
        name: 'Vera Visiteuse',
        method: 'on_site',
      })
    expect(res.status, res.text).toBe(201)
    expect(res.body.pass).toMatchObject({
      userId: null,
      email: 'visiteur@example.org',
      remaining: 1,
      usable: true,
      validUntil: '2026-11-27T23:00:00.000Z',
    })
    const invoice = await t.deps.db.invoice.findUniqueOrThrow({ where: { id: res.body.invoice.id } })
    expect(invoice).toMatchObject({
      number: res.body.invoice.number,
      buyerUserId: null,
      totalInclCents: 1500,
      paymentMethod: 'on_site',
    })
    expect(JSON.stringify(invoice.buyer)).toContain('Vera Visiteuse')
    // The visitor opens an account with that address later and verifies it: the pass is theirs to see.
    const later = await t.login({ email: 'visiteur@example.org', name: 'Vera' })
    const mine = await later.agent.get(api('/me/passes'))
    expect(mine.body.map((p: { id: string }) => p.id)).toEqual([res.body.pass.id])
  })

  it('a carnet sold to a member; it is used day by day, never below zero, never after its validity', async () => {
    const res = await w.owner.agent
      .post(api(`/lieux/${w.lieuId}/passes`))
      .send({ productId: w.carnet, userId: w.member.id, method: 'cheque' })
    expect(res.status, res.text).toBe(201)
    const id = res.body.pass.id as string
    const mine = await w.member.agent.get(api('/me/passes'))
    expect(mine.body).toEqual([expect.objectContaining({ id, remaining: 10, lieuName: 'Lieu pass-lieu' })])
    const at = new Date('2026-12-01T09:00:00Z')
    // Concurrent uses: 10 days, 14 tries.
    const results = await Promise.allSettled(
      Array.from({ length: 14 }, () => transaction(t.deps, (tx) => usePass(tx, id, 1, at))),
    )
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(10)
    for (const r of results.filter((r) => r.status === 'rejected') as PromiseRejectedResult[]) {
      expect(r.reason).toBeInstanceOf(AppError)
      expect(r.reason.code).toBe('pass_exhausted')
    }
    expect((await t.deps.db.pass.findUniqueOrThrow({ where: { id } })).remaining).toBe(0)
    await expect(
      t.deps.pool.query(`UPDATE passes SET remaining = -1 WHERE id = '${id}'`),
    ).rejects.toMatchObject({ code: '23514' })
    expect(await transaction(t.deps, (tx) => returnToPass(tx, id, 3))).toEqual({ remaining: 3 })
    expect(await transaction(t.deps, (tx) => returnToPass(tx, id, 30))).toEqual({ remaining: 10 }) // never beyond the carnet
    await expect(
      transaction(t.deps, (tx) => usePass(tx, id, 1, new Date('2027-06-01T00:00:00Z'))),
    ).rejects.toMatchObject({ code: 'pass_expired' })
  })

  it('refusals: an archived product, someone outside the lieu, a payment dated in the future', async () => {
    const before = await t.deps.db.pass.count()
    const sell = (body: object) =>
      w.owner.agent.post(api(`/lieux/${w.lieuId}/passes`)).send({ method: 'on_site', ...body })
    expect(
      expectProblem(await sell({ productId: w.pack, userId: w.member.id }), 400, 'validation_failed')
        .errors![0]!.field,
    ).toBe('productId')
    const outsider = await t.createUser()
    expect(
      expectProblem(await sell({ productId: w.dayPass, userId: outsider.id }), 400, 'validation_failed')
        .errors![0]!.field,
    ).toBe('userId')
    expect(
      expectProblem(
        await sell({ productId: w.dayPass, email: 'a@b.org', paidAt: '2026-11-28T00:00:00Z' }),
        400,
        'validation_failed',
      ).errors![0]!.field,
    ).toBe('paidAt')
    expect(
      expectProblem(
        await sell({ productId: w.dayPass, email: 'a@b.org', userId: w.member.id }),
        400,
        'validation_failed',
      ).errors![0]!.field,
    ).toBe('email')
    expect(await t.deps.db.pass.count()).toBe(before)
    expectProblem(
      await w.member.agent
        .post(api(`/lieux/${w.lieuId}/passes`))
        .send({ productId: w.dayPass, userId: w.member.id, method: 'on_site' }),
      403,
      'forbidden',
    )
  })

  it('managers list the passes sold; the overview counts usable passes', async () => {
    const res = await w.owner.agent.get(api(`/lieux/${w.lieuId}/passes`))
    expect(res.body).toHaveLength(2)
    const overview = await w.owner.agent.get(api(`/lieux/${w.lieuId}/subscriptions`))
    expect(overview.body.find((m: { user: { id: string } }) => m.user.id === w.member.id).passes).toBe(1)
  })
})
