// Invoice issuing under contention (issue 5, item 10): many concurrent issuers on ONE lieu (every
// document of a lieu is serialised by its chain lock and its counter row), with the gap-free and
// chain checks afterwards. Runs in one go:
//   1. API, one lieu: POST /lieux/:id/invoices from C concurrent clients through the whole stack;
//   2. API, C lieux: the same load spread over C lieux (no contention), to price the serialisation;
//   3. issueInvoice in-process (Prisma, pool 10) on one lieu, 10% of the transactions rolled back
//      after taking their number (gap-free with failures);
//   4. baseline, raw pg (pool 10), one lieu: the same SQL by hand (advisory lock, tip, counter
//      upsert, insert), no HTTP, no Prisma.
//   pnpm bench:invoices [--quick] [--invoices=N] [--concurrency=C]
import { createHash, randomUUID } from 'node:crypto'
import pg from 'pg'
import {
  args,
  latencyStats,
  printTable,
  procCpuMs,
  record,
  round,
  startApp,
  withBenchDb,
} from './lib/common.ts'
import { createLieu, createUsers, loginAll, openDb, request } from './lib/world.ts'
import { issueInvoice } from '../../server/src/invoices/issue.ts'
import { verifyChain } from '../../server/src/invoices/chain.ts'
import { createPrisma } from '../../server/src/db/prisma.ts'

const a = args()
const N = a.num('invoices', 2000, 300)
const C = a.num('concurrency', 50, 20)
const LEGAL = {
  legalName: 'SAS Banc d’essai',
  siret: '73282932000074',
  vatNumber: 'FR44732829320',
  vatExempt: false,
}
const LINES = [
  { label: 'Abonnement résident', quantity: 1, unitPriceExclCents: 25000, vatRateBp: 2000 },
  { label: 'Salle de réunion (heures)', quantity: 2.5, unitPriceExclCents: 1500, vatRateBp: 2000 },
]

/** Runs `n` tasks with at most `c` in flight; returns each task's latency and the wall time. */
async function pool<T>(n: number, c: number, task: (i: number) => Promise<T>) {
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

/** Per (lieu, kind, year): count, distinct sequences, min, max → gap-free when count = distinct = max and min = 1. */
async function gapCheck(c: pg.Client, lieuIds: string[]) {
  const r = await c.query<{ lieu_id: string; n: number; d: number; lo: number; hi: number }>(
    `SELECT lieu_id, count(*)::int AS n, count(DISTINCT sequence)::int AS d, min(sequence) AS lo, max(sequence) AS hi
       FROM invoices WHERE lieu_id = ANY($1::uuid[]) GROUP BY lieu_id, kind, year`,
    [lieuIds],
  )
  const gapFree = r.rows.every((x) => x.n === x.d && x.lo === 1 && x.hi === x.n)
  return { gapFree, documents: r.rows.reduce((s, x) => s + x.n, 0) }
}

await withBenchDb(async (bench) => {
  const db = openDb(bench.url)
  const [manager] = await createUsers(db, 1, 'inv-')
  const mkLieu = async () => {
    const l = await createLieu(db, { managerId: manager!.id, memberIds: [] })
    await db.lieu.update({ where: { id: l.id }, data: LEGAL })
    return l.id
  }
  const hot = await mkLieu()
  const spread = await Promise.all(Array.from({ length: C }, mkLieu))
  const inproc = await mkLieu()
  const raw = await mkLieu()
  const warm = await mkLieu()

  const app = await startApp(bench.url)
  const check = new pg.Client({ connectionString: bench.url })
  await check.connect()
  try {
    const [cookie] = await loginAll(app.origin, [manager!])
    console.log(
      `Invoices: ${N} invoices, ${C} concurrent issuers; app pid ${app.pid} (Prisma pool 10, NODE_ENV=production)`,
    )
    const post = (lieuId: string, i: number) =>
      request(`${app.origin}/api/v1/lieux/${lieuId}/invoices`, {
        method: 'POST',
        headers: { Origin: app.origin, Cookie: cookie! },
        body: {
          buyer: { name: `Client ${i}`, email: `client${i}@bench.example.org` },
          lines: LINES,
          ...(i % 2 ? { payment: { method: 'card' } } : {}),
        },
      })
    await pool(100, 10, (i) => post(warm, i)) // warm-up, not counted

    const apiRun = async (lieuOf: (i: number) => string) => {
      const cpu0 = procCpuMs(app.pid)
      const r = await pool(N, C, (i) => post(lieuOf(i), i))
      const codes: Record<string, number> = {}
      for (const x of r.results) codes[x.status] = (codes[x.status] ?? 0) + 1
      return { ...r, codes, cpuMsPerInvoice: round((procCpuMs(app.pid) - cpu0) / N) }
    }
    // 1. One lieu.
    const one = await apiRun(() => hot)
    const oneGaps = await gapCheck(check, [hot])
    const verify = await request(`${app.origin}/api/v1/lieux/${hot}/invoices/verify`, {
      headers: { Cookie: cookie! },
    })
    const oneChain = JSON.parse(verify.body) as { ok: boolean; checked: number }
    // 2. Spread over C lieux.
    const many = await apiRun((i) => spread[i % C]!)
    const manyGaps = await gapCheck(check, spread)

    // 3. In-process issueInvoice, 10% rolled back after taking their number.
    const ipPrisma = createPrisma(bench.url, 10)
    let rolledBack = 0
    const ip = await pool(N, C, async (i) => {
      try {
        await ipPrisma.$transaction(
          async (tx) => {
            await issueInvoice(
              tx,
              {
                lieuId: inproc,
                buyer: { userId: null, name: `Client ${i}`, email: 'c@bench.example.org' },
                lines: LINES,
              },
              new Date(),
            )
            if (i % 10 === 9) throw new Error('rollback')
          },
          { maxWait: 60_000, timeout: 60_000 },
        )
      } catch (e) {
        if ((e as Error).message !== 'rollback') throw e
        rolledBack++
      }
    })
    const ipGaps = await gapCheck(check, [inproc])
    const ipChain = verifyChain(
      await ipPrisma.invoice.findMany({
        where: { lieuId: inproc },
        orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
      }),
    )
    await ipPrisma.$disconnect()

    // 4. Baseline: the same statements by hand on raw pg.
    const rawPool = new pg.Pool({ connectionString: bench.url, max: 10 })
    const base = await pool(N, C, async (i) => {
      const c = await rawPool.connect()
      try {
        await c.query('BEGIN')
        await c.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [`invoices:${raw}`])
        const tip = await c.query<{ hash: string }>(
          `SELECT hash FROM invoices WHERE lieu_id = $1 AND kind = 'invoice' ORDER BY year DESC, sequence DESC LIMIT 1`,
          [raw],
        )
        const seq = await c.query<{ seq: number }>(
          `INSERT INTO invoice_counters (lieu_id, year, kind, next) VALUES ($1, 2026, 'invoice', 2)
           ON CONFLICT (lieu_id, year, kind) DO UPDATE SET next = invoice_counters.next + 1 RETURNING next - 1 AS seq`,
          [raw],
        )
        const previous = tip.rows[0]?.hash ?? '0'.repeat(64)
        const s = seq.rows[0]!.seq
        const hash = createHash('sha256').update(`${previous}${s}${i}`).digest('hex')
        await c.query(
          `INSERT INTO invoices (id, lieu_id, kind, number, year, sequence, issued_at, due_at, seller, buyer, lines,
             total_excl_cents, total_vat_cents, total_incl_cents, previous_hash, hash, created_at)
           VALUES ($1, $2, 'invoice', $3, 2026, $4, now(), now() + interval '30 days', $5, $6, $7, 28750, 5750, 34500, $8, $9, clock_timestamp())`,
          [
            randomUUID(),
            raw,
            `F-2026-${String(s).padStart(6, '0')}`,
            s,
            JSON.stringify(LEGAL),
            JSON.stringify({ name: `Client ${i}` }),
            JSON.stringify(LINES),
            previous,
            hash,
          ],
        )
        await c.query('COMMIT')
      } catch (e) {
        await c.query('ROLLBACK').catch(() => {})
        throw e
      } finally {
        c.release()
      }
    })
    await rawPool.end()
    const baseGaps = await gapCheck(check, [raw])

    const row = (run: string, r: { ms: number[]; seconds: number }, extra: Record<string, unknown>) => {
      const l = latencyStats(r.ms)
      return { run, 'invoices/s': N / r.seconds, p50: l.p50, p99: l.p99, max: l.max, ...extra }
    }
    const rows = [
      row('API, 1 lieu (contended)', one, {
        outcomes: JSON.stringify(one.codes),
        'gap-free': oneGaps.gapFree,
        chain: oneChain.ok,
      }),
      row(`API, ${C} lieux`, many, {
        outcomes: JSON.stringify(many.codes),
        'gap-free': manyGaps.gapFree,
        chain: '',
      }),
      row('issueInvoice in-process, 1 lieu, 10% rollback', ip, {
        outcomes: JSON.stringify({ committed: N - rolledBack, rolledBack }),
        'gap-free': ipGaps.gapFree && ipGaps.documents === N - rolledBack,
        chain: ipChain.ok,
      }),
      row('raw pg baseline, 1 lieu', base, { outcomes: '', 'gap-free': baseGaps.gapFree, chain: '' }),
    ]
    printTable(`Invoice issuing — ${N} invoices, ${C} concurrent issuers`, rows)
    const ratio = {
      apiOverRaw: round(rows[0]!['invoices/s'] / rows[3]!['invoices/s']),
      contendedOverSpread: round(rows[0]!['invoices/s'] / rows[1]!['invoices/s']),
      inprocOverRaw: round(rows[2]!['invoices/s'] / rows[3]!['invoices/s']),
    }
    const ok =
      oneGaps.gapFree &&
      oneChain.ok &&
      oneChain.checked === N &&
      one.codes[201] === N &&
      manyGaps.gapFree &&
      ipGaps.gapFree &&
      ipChain.ok
    console.log(
      `  ratios: API 1 lieu / raw pg ×${ratio.apiOverRaw}; 1 lieu / ${C} lieux ×${ratio.contendedOverSpread}; in-process / raw pg ×${ratio.inprocOverRaw}`,
    )
    console.log(
      `  API CPU per invoice: ${one.cpuMsPerInvoice} ms (1 lieu), ${many.cpuMsPerInvoice} ms (${C} lieux)`,
    )
    console.log(`  gap-free and chain intact everywhere: ${ok ? 'YES' : 'NO'}`)
    if (app.output.length)
      console.log(`  server said (first lines):\n    ${app.output.slice(0, 10).join('\n    ')}`)
    record('p-invoices', {
      invoices: N,
      concurrency: C,
      rows: rows.map((r) => ({ ...r, 'invoices/s': round(r['invoices/s']) })),
      cpuMsPerInvoice: { oneLieu: one.cpuMsPerInvoice, spread: many.cpuMsPerInvoice },
      ratio,
      correct: ok,
    })
    if (!ok) process.exitCode = 1
  } finally {
    await check.end()
    await app.stop()
    await db.$disconnect()
  }
})
