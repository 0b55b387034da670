// Stripe webhook acknowledgement under a burst (QUALITY.md: "answer 2xx fast"; R3: every event stored
// once and applied). The real app (production mode, Stripe keys set) receives N signed deliveries
// from C concurrent senders — a mix of event types Stripe sends, with duplicated deliveries, some of
// them concurrent with their original — and the time to acknowledge each is measured. Baseline in
// the same run: GET /healthz with the same burst shape, before and after. Then the bench waits for
// the job queue to apply every event and checks: each event stored exactly once, every event
// applied, each effect once (one pass per Checkout Session, one invoice per Stripe invoice).
//   pnpm bench:webhooks [--quick] [--deliveries=N] [--concurrency=C] [--duplicates=0.15]
import { createHmac, randomUUID } from 'node:crypto'
import pg from 'pg'
import {
  args,
  latencyStats,
  percentile,
  printTable,
  procCpuMs,
  record,
  round,
  sleep,
  startApp,
  withBenchDb,
} from './lib/common.ts'
import { createLieu, createUsers, openDb, request } from './lib/world.ts'

const a = args()
const N = a.num('deliveries', 2000, 400)
const C = a.num('concurrency', 50, 20)
const DUP = a.num('duplicates', 0.15, 0.15)
const SUBS = a.num('subscriptions', 100, 30)
const SECRET = `whsec_bench_${randomUUID()}`

type StripeEvent = {
  id: string
  object: 'event'
  type: string
  created: number
  data: { object: Record<string, unknown> }
}

const sign = (payload: string) => {
  const t = Math.floor(Date.now() / 1000)
  return `t=${t},v1=${createHmac('sha256', SECRET).update(`${t}.${payload}`).digest('hex')}`
}

/** Runs `n` tasks with at most `c` in flight; each task's latency (ms) and the wall time. */
async function burst<T>(n: number, c: number, task: (i: number) => Promise<T>) {
  let next = 0
  const ms: number[] = []
  const results: T[] = []
  const t0 = performance.now()
  await Promise.all(
    Array.from({ length: c }, async () => {
      while (next < n) {
        const i = next++
        const s = performance.now()
        results[i] = await task(i)
        ms.push(performance.now() - s)
      }
    }),
  )
  return { ms, results, seconds: (performance.now() - t0) / 1000 }
}

const stats = (ms: number[]) => {
  const s = [...ms].sort((x, y) => x - y)
  const l = latencyStats(ms)
  return { p50: l.p50, p95: round(percentile(s, 95)), p99: l.p99, max: l.max }
}

await withBenchDb(async (bench) => {
  const db = openDb(bench.url)
  // The world the events talk about: card subscriptions (linked to sub_…) and a pass on sale.
  const [manager] = await createUsers(db, 1, 'wh-manager-')
  const members = await createUsers(db, SUBS, 'wh-member-')
  const lieu = await createLieu(db, { managerId: manager!.id, memberIds: members.map((m) => m.id) })
  const plan = await db.plan.create({
    data: {
      lieuId: lieu.id,
      name: 'Coworking',
      priceCents: 10000,
      vatRateBp: 2000,
      interval: 'month',
      entitlements: { monthlyCreditMinutes: { room: 120 } },
    },
  })
  const product = await db.passProduct.create({
    data: {
      lieuId: lieu.id,
      kind: 'day_pass',
      name: 'Journée',
      priceCents: 1500,
      vatRateBp: 2000,
      quantity: 1,
      validityDays: 30,
    },
  })
  const now = Math.floor(Date.now() / 1000)
  const DAY = 86_400
  const subs = await Promise.all(
    members.map((m, i) =>
      db.subscription.create({
        data: {
          userId: m.id,
          planId: plan.id,
          status: 'active',
          provider: 'stripe',
          providerRef: `sub_bench_${i}`,
          currentPeriodStart: new Date((now - 10 * DAY) * 1000),
          currentPeriodEnd: new Date((now + 20 * DAY) * 1000),
        },
      }),
    ),
  )

  // The unique events, in a mix like Stripe's traffic: most of it events Fabrique stores and
  // marks as not used, subscription updates, renewals paid, passes bought through Checkout.
  const unique = Math.round(N * (1 - DUP))
  const events: StripeEvent[] = []
  const renewals = new Map<number, number>()
  for (let i = 0; i < unique; i++) {
    const k = i % SUBS
    const sub = `sub_bench_${k}`
    const created = now - 3600 + i
    const r = i % 10
    let type: string
    let object: Record<string, unknown>
    if (r < 4) {
      type = 'customer.subscription.updated'
      object = {
        id: sub,
        object: 'subscription',
        status: 'active',
        cancel_at_period_end: i % 20 < 10,
        metadata: { subscriptionId: subs[k]!.id },
      }
    } else if (r < 6) {
      const n = (renewals.get(k) ?? 0) + 1
      renewals.set(k, n)
      const start = now + 20 * DAY + (n - 1) * 30 * DAY
      type = 'invoice.paid'
      object = {
        id: `in_bench_${k}_${n}`,
        object: 'invoice',
        status: 'paid',
        parent: {
          type: 'subscription_details',
          subscription_details: { subscription: sub, metadata: { subscriptionId: subs[k]!.id } },
        },
        lines: {
          object: 'list',
          data: [{ id: `il_bench_${k}_${n}`, amount: 12000, period: { start, end: start + 30 * DAY } }],
        },
        status_transitions: { paid_at: created },
      }
    } else if (r < 7) {
      type = 'checkout.session.completed'
      object = {
        id: `cs_bench_${i}`,
        object: 'checkout.session',
        mode: 'payment',
        created,
        metadata: { lieuId: lieu.id, productId: product.id, email: `visiteur${i}@bench.example.org` },
      }
    } else {
      type = ['payment_intent.succeeded', 'charge.succeeded', 'invoice.finalized'][i % 3]!
      object = { id: `obj_bench_${i}`, object: type.split('.')[0]! }
    }
    events.push({
      id: `evt_bench_${i}_${randomUUID().slice(0, 8)}`,
      object: 'event',
      type,
      created,
      data: { object },
    })
  }
  // The deliveries: every event once, plus duplicates of random events, shuffled (seeded), so
  // some duplicates race their original.
  let seed = 42
  const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31
  const deliveries = [
    ...events,
    ...Array.from({ length: N - unique }, () => events[Math.floor(random() * unique)]!),
  ]
  for (let i = deliveries.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1))
    ;[deliveries[i], deliveries[j]] = [deliveries[j]!, deliveries[i]!]
  }

  const app = await startApp(bench.url, {
    env: { STRIPE_SECRET_KEY: 'sk_test_bench', STRIPE_WEBHOOK_SECRET: SECRET },
  })
  const check = new pg.Client({ connectionString: bench.url })
  await check.connect()
  try {
    console.log(
      `Webhooks: ${N} deliveries (${unique} events, ${N - unique} duplicates), ${C} concurrent senders; app pid ${app.pid} (NODE_ENV=production)`,
    )
    const hook = `${app.origin}/api/v1/stripe/webhook`
    const deliver = (e: StripeEvent) => {
      const payload = JSON.stringify(e)
      return request(hook, { method: 'POST', headers: { 'Stripe-Signature': sign(payload) }, body: e })
    }
    const health = () => request(`${app.origin}/healthz`)
    // Warm-up (not counted): a few unused events and health checks.
    await burst(100, 10, (i) =>
      deliver({
        id: `evt_warm_${i}_${randomUUID()}`,
        object: 'event',
        type: 'product.created',
        created: now,
        data: { object: { id: 'prod_w' } },
      }),
    )
    await burst(200, 10, () => health())

    const codes = (rs: { status: number }[]) => {
      const out: Record<string, number> = {}
      for (const r of rs) out[r.status] = (out[r.status] ?? 0) + 1
      return out
    }
    const base1 = await burst(N, C, () => health())
    const cpu0 = procCpuMs(app.pid)
    const firstDelivery = performance.now()
    const hooks = await burst(N, C, (i) => deliver(deliveries[i]!))
    const ackCpuMs = round((procCpuMs(app.pid) - cpu0) / N)
    const base2 = await burst(N, C, () => health())

    // Every event applied by the job queue (pg-boss workers of the app process).
    const ids = events.map((e) => e.id)
    let pending = unique
    const deadline = Date.now() + 600_000
    while (Date.now() < deadline) {
      const r = await check.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM payment_events WHERE id = ANY($1) AND processed_at IS NULL`,
        [ids],
      )
      pending = r.rows[0]!.n
      if (pending === 0) break
      await sleep(250)
    }
    const appliedAfterS = round((performance.now() - firstDelivery) / 1000, 1)

    // Exactly once: stored once each, nothing else stored, each effect once.
    const stored = await check.query<{ n: number; d: number }>(
      `SELECT count(*)::int AS n, count(DISTINCT id)::int AS d FROM payment_events WHERE provider = 'stripe' AND id LIKE 'evt_bench_%'`,
    )
    const errors = await check.query<{ error: string; n: number }>(
      `SELECT coalesce(error, '') AS error, count(*)::int AS n FROM payment_events WHERE id = ANY($1) GROUP BY 1 ORDER BY 2 DESC`,
      [ids],
    )
    const sessions = events.filter((e) => e.type === 'checkout.session.completed').length
    const invoicesPaid = events.filter((e) => e.type === 'invoice.paid').length
    const passes = await db.pass.count({ where: { productId: product.id } })
    const invoices = await db.invoice.count({ where: { lieuId: lieu.id } })
    const markers = await check.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM payment_events WHERE provider = 'fabrique' AND id LIKE 'stripe-invoice:in_bench_%'`,
    )
    const spans = await db.subscription.findMany({
      where: { id: { in: subs.map((s) => s.id) } },
      select: { providerRef: true, currentPeriodEnd: true },
    })
    const spanOk = spans.every((s) => {
      const k = Number(s.providerRef!.split('_').at(-1))
      const n = renewals.get(k) ?? 0
      return s.currentPeriodEnd.getTime() === (now + 20 * DAY + n * 30 * DAY) * 1000
    })

    const row = (run: string, r: { ms: number[]; seconds: number; results: { status: number }[] }) => ({
      run,
      requests: r.results.length,
      'req/s': round(r.results.length / r.seconds),
      ...stats(r.ms),
      outcomes: JSON.stringify(codes(r.results)),
    })
    const rows = [
      row('baseline GET /healthz (before)', base1),
      row('signed webhook deliveries', hooks),
      row('baseline GET /healthz (after)', base2),
    ]
    printTable(`Stripe webhook acknowledgement — ${N} deliveries, ${C} concurrent`, rows)
    const baseP99 = Math.max(rows[0]!.p99, rows[2]!.p99)
    const baseRps = (rows[0]!['req/s'] + rows[2]!['req/s']) / 2
    const ratio = {
      p99OverBaseline: round(rows[1]!.p99 / baseP99),
      throughputOverBaseline: round(rows[1]!['req/s'] / baseRps),
    }
    const correct = {
      allAcknowledged: codes(hooks.results)[200] === N,
      storedOnce: stored.rows[0]!.n === unique && stored.rows[0]!.d === unique,
      allApplied: pending === 0,
      passOncePerSession: passes === sessions,
      invoiceOncePerStripeInvoice:
        markers.rows[0]!.n === invoicesPaid && invoices === invoicesPaid + sessions,
      spansAsPaid: spanOk,
    }
    console.log(
      `  ratios: webhook p99 / baseline p99 ×${ratio.p99OverBaseline}; webhook req/s / baseline ×${ratio.throughputOverBaseline}`,
    )
    console.log(
      `  app CPU per delivery during the burst: ${ackCpuMs} ms (the job workers applying events meanwhile included)`,
    )
    console.log(
      `  all ${unique} events applied ${appliedAfterS} s after the first delivery (${round(unique / appliedAfterS)} events/s); pending: ${pending}`,
    )
    console.log(
      `  notes kept on applied events: ${errors.rows.map((r) => `${r.n} × ${JSON.stringify(r.error || '(none)')}`).join(', ')}`,
    )
    console.log(`  checks: ${JSON.stringify(correct)}`)
    if (app.output.length)
      console.log(`  server said (first lines):\n    ${app.output.slice(0, 10).join('\n    ')}`)
    const ok = Object.values(correct).every(Boolean)
    console.log(`  every event stored once and applied once: ${ok ? 'YES' : 'NO'}`)
    record('p-webhooks', {
      deliveries: N,
      events: unique,
      duplicates: N - unique,
      concurrency: C,
      rows,
      ratio,
      ackCpuMs,
      appliedAfterS,
      notes: errors.rows,
      correct,
    })
    if (!ok) process.exitCode = 1
  } finally {
    await check.end()
    await app.stop()
    await db.$disconnect()
  }
})
