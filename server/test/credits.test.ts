import { beforeAll, describe, expect, it } from 'vitest'
import { transaction } from '../src/bookings/transaction.ts'
import { adjust, balance, debit, expire, grant, refund } from '../src/credits/ledger.ts'
import { AppError } from '../src/http/problem.ts'
import { lieuBody, useTestApp } from './support/test-app.ts'
import { expectProblem } from './support/route-table.ts'

// The credit ledger: never negative under concurrency (the database's CHECK), exactly-once keyed
// entries under retries and races, append-only, and the routes around it.

const t = useTestApp({ now: '2026-11-27T09:00:00Z' })

const w = {} as {
  owner: Awaited<ReturnType<typeof t.login>>
  member: Awaited<ReturnType<typeof t.login>>
  lieuId: string
}
const now = () => t.clock.now()
const target = (kind = 'room') => ({ userId: w.member.id, lieuId: w.lieuId, resourceKind: kind })
const tx = <T>(fn: Parameters<typeof transaction<T>>[1]) => transaction(t.deps, fn)

beforeAll(async () => {
  w.owner = await t.login({ name: 'Olga Owner' })
  w.member = await t.login({ name: 'Marc Member' })
  const lieu = await w.owner.agent.post('/api/v1/lieux').send(lieuBody('credits-lieu'))
  expect(lieu.status, lieu.text).toBe(201)
  w.lieuId = lieu.body.id
  await t.deps.db.lieuMembership.create({ data: { lieuId: w.lieuId, userId: w.member.id, role: 'member' } })
})

describe('the ledger', () => {
  it('20 concurrent debits of 60 min on 300 min: exactly 5 succeed, the balance ends at 0, never below', async () => {
    const k = target('desk')
    await tx((x) => grant(x, { ...k, minutes: 300, uniqueKey: 'test-grant-300' }, now()))
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) =>
        tx((x) => debit(x, { ...k, minutes: 60, uniqueKey: `debit:race:${i}` }, now())),
      ),
    )
    const ok = results.filter((r) => r.status === 'fulfilled')
    const refused = results.filter((r) => r.status === 'rejected') as PromiseRejectedResult[]
    expect(ok).toHaveLength(5)
    expect(refused).toHaveLength(15)
    for (const r of refused) {
      expect(r.reason).toBeInstanceOf(AppError)
      expect((r.reason as AppError).code).toBe('insufficient_credits')
    }
    expect(await tx((x) => balance(x, k))).toBe(0)
    const sum = await t.deps.db.creditEntry.aggregate({ _sum: { minutes: true }, where: k })
    expect(sum._sum.minutes).toBe(0)
  })

  it('the database refuses an overdraft on its own (CHECK, SQLSTATE 23514), and refuses UPDATE and DELETE', async () => {
    const k = target('machine')
    await tx((x) => grant(x, { ...k, minutes: 30 }, now()))
    const raw = (sql: string) => t.deps.pool.query(sql)
    await expect(
      raw(
        `INSERT INTO credit_entries (id, user_id, lieu_id, resource_kind, minutes, reason) VALUES (gen_random_uuid(), '${k.userId}', '${k.lieuId}', 'machine', -31, 'booking_debit')`,
      ),
    ).rejects.toMatchObject({ code: '23514' })
    await expect(
      raw(`UPDATE credit_entries SET minutes = 1000 WHERE user_id = '${k.userId}'`),
    ).rejects.toMatchObject({ code: 'P0001' })
    await expect(raw(`DELETE FROM credit_entries WHERE user_id = '${k.userId}'`)).rejects.toMatchObject({
      code: 'P0001',
    })
    await expect(
      t.deps.db.creditEntry.updateMany({ where: { userId: k.userId }, data: { note: 'tampered' } }),
    ).rejects.toThrow()
    expect(await tx((x) => balance(x, k))).toBe(30)
  })

  it('a keyed grant is written once, under retries and under concurrency', async () => {
    const k = target('zone')
    const key = 'grant:test:2026-11-27T09:00:00.000Z:zone'
    const first = await tx((x) => grant(x, { ...k, minutes: 120, uniqueKey: key }, now()))
    const retry = await tx((x) => grant(x, { ...k, minutes: 120, uniqueKey: key }, now()))
    expect(first.created).toBe(true)
    expect(retry.created).toBe(false)
    expect(retry.entry.id).toBe(first.entry.id)
    const key2 = 'grant:test:race'
    const racing = await Promise.all(
      Array.from({ length: 12 }, () => tx((x) => grant(x, { ...k, minutes: 45, uniqueKey: key2 }, now()))),
    )
    expect(racing.filter((r) => r.created)).toHaveLength(1)
    expect(new Set(racing.map((r) => r.entry.id)).size).toBe(1)
    expect(await t.deps.db.creditEntry.count({ where: { uniqueKey: { in: [key, key2] } } })).toBe(2)
    expect(await tx((x) => balance(x, k))).toBe(165)
  })

  it('a keyed debit retried after success returns the same entry even when the balance is now short', async () => {
    const k = target('room')
    await tx((x) => grant(x, { ...k, minutes: 60 }, now()))
    const d1 = await tx((x) => debit(x, { ...k, minutes: 60, uniqueKey: 'debit:booking-1' }, now()))
    const d2 = await tx((x) => debit(x, { ...k, minutes: 60, uniqueKey: 'debit:booking-1' }, now()))
    expect(d2).toMatchObject({ created: false, entry: { id: d1.entry.id } })
    const r1 = await tx((x) => refund(x, { ...k, minutes: 60, uniqueKey: 'refund:booking-1' }, now()))
    const r2 = await tx((x) => refund(x, { ...k, minutes: 60, uniqueKey: 'refund:booking-1' }, now()))
    expect(r2.entry.id).toBe(r1.entry.id)
    expect(await tx((x) => balance(x, k))).toBe(60)
    // A key reused for another kind of operation is a conflict, not a silent success.
    await expect(
      tx((x) => refund(x, { ...k, minutes: 60, uniqueKey: 'debit:booking-1' }, now())),
    ).rejects.toMatchObject({ code: 'conflict' })
  })

  it('an insufficient debit leaves the caller’s transaction usable', async () => {
    const k = target('room')
    const r = await tx(async (x) => {
      const e = await debit(x, { ...k, minutes: 10_000 }, now()).catch((e: unknown) => e)
      expect(e).toMatchObject({ code: 'insufficient_credits' })
      return balance(x, k)
    })
    expect(r).toBe(60)
  })

  it('expiry takes the unused part of a grant: the grant minus the bookings debited in its month', async () => {
    t.clock.set('2026-11-28T09:00:00Z') // after the other tests' entries
    const k = { ...target('desk') }
    const g = await tx((x) =>
      grant(
        x,
        { ...k, minutes: 600, uniqueKey: 'grant:exp-test', expiresAt: new Date('2026-12-27T09:00:00Z') },
        now(),
      ),
    )
    await tx((x) => debit(x, { ...k, minutes: 120 }, now()))
    await tx((x) =>
      adjust(x, { ...k, minutes: 30, reason: 'geste commercial', createdById: w.owner.id }, now()),
    )
    const e = await tx((x) => expire(x, g.entry.id, new Date('2026-12-27T09:00:00Z')))
    expect(e.entry.minutes).toBe(-480)
    expect(await tx((x) => balance(x, k))).toBe(30) // the manager's 30 min outlive the grant
    const again = await tx((x) => expire(x, g.entry.id, new Date('2026-12-28T09:00:00Z')))
    expect(again.created).toBe(false)
  })
})

describe('routes', () => {
  const base = () => `/api/v1/lieux/${w.lieuId}/members/${w.member.id}/credits`

  it('a manager adjusts with a reason; the member sees balances and history', async () => {
    const res = await w.owner.agent
      .post(`${base()}/adjustments`)
      .send({ resourceKind: 'room', minutes: 90, reason: 'Bienvenue' })
    expect(res.status, res.text).toBe(201)
    expect(res.body).toMatchObject({
      minutes: 90,
      reason: 'adjustment',
      note: 'Bienvenue',
      resourceKind: 'room',
    })
    const mine = await w.member.agent.get('/api/v1/me/credits')
    expect(mine.status).toBe(200)
    expect(mine.body.balances).toContainEqual({
      lieuId: w.lieuId,
      lieuName: 'Lieu credits-lieu',
      resourceKind: 'room',
      minutes: 150,
    })
    expect(mine.body.history).toContainEqual(
      expect.objectContaining({ minutes: 90, note: 'Bienvenue', reason: 'adjustment' }),
    )
    // Expiries that settled nothing are left out of the history.
    expect(mine.body.history.every((e: { minutes: number }) => e.minutes !== 0)).toBe(true)
    const filtered = await w.member.agent.get(`/api/v1/me/credits?lieuId=${w.lieuId}`)
    expect(filtered.body.balances.length).toBe(mine.body.balances.length)
    const asManager = await w.owner.agent.get(base())
    expect(asManager.status).toBe(200)
    expect(
      asManager.body.balances.find((b: { resourceKind: string }) => b.resourceKind === 'room').minutes,
    ).toBe(150)
  })

  it('a removal beyond the balance is 422 insufficient_credits, and nothing is written', async () => {
    const before = await t.deps.db.creditEntry.count()
    const res = await w.owner.agent
      .post(`${base()}/adjustments`)
      .send({ resourceKind: 'room', minutes: -151, reason: 'Erreur' })
    expectProblem(res, 422, 'insufficient_credits')
    expect(await t.deps.db.creditEntry.count()).toBe(before)
    const ok = await w.owner.agent
      .post(`${base()}/adjustments`)
      .send({ resourceKind: 'room', minutes: -150, reason: 'Erreur de saisie' })
    expect(ok.status).toBe(201)
  })
})
