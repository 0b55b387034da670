// The consolidated monthly invoice: for each employer and seller, once a month, one invoice of what
// its monthly-billed pools paid for (usages recorded in the month, not reversed), and one credit
// note per earlier invoice for usages reversed since (bookings cancelled in time). Run by the job
// `employers.invoice_run`, scheduled at the seller's next month boundary; idempotent (a usage is
// billed once: its invoice id is set in the issuing transaction). See docs/employers.md.
import { DateTime } from 'luxon'
import type { AppDeps } from '../app-deps.ts'
import type { Tx } from '../db/prisma.ts'
import { AppError } from '../http/problem.ts'
import { transaction } from '../bookings/transaction.ts'
import { issueInvoice } from '../invoices/issue.ts'
import { issueCreditNote } from '../invoices/credit.ts'
import type { InvoiceBuyer } from '../invoices/types.ts'
import { formatMinutes } from '../pricing/price.ts'
import { unitsValue } from './cover.ts'

/** The employer as an invoice's buyer (B2B: its SIRET and VAT number when known). */
export function employerBuyer(e: { id: string; name: string; billingEmail: string; billingAddress: string; siret: string | null; vatNumber: string | null }): InvoiceBuyer {
  return {
    userId: null,
    name: e.name,
    email: e.billingEmail,
    ...(e.billingAddress ? { address: e.billingAddress } : {}),
    employerId: e.id,
    ...(e.siret ? { siret: e.siret } : {}),
    ...(e.vatNumber ? { vatNumber: e.vatNumber } : {}),
  }
}

/** The month (YYYY-MM) containing `at` in `zone`, and its bounds. */
export function monthOf(at: Date, zone: string) {
  const start = DateTime.fromJSDate(at, { zone }).startOf('month')
  return { month: start.toFormat('yyyy-LL'), start: start.toJSDate(), end: start.plus({ months: 1 }).toJSDate() }
}

export function monthBounds(month: string, zone: string) {
  const start = DateTime.fromISO(`${month}-01`, { zone })
  return { start: start.toJSDate(), end: start.plus({ months: 1 }).toJSDate() }
}

const MONTHS_FR = ['janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août', 'septembre', 'octobre', 'novembre', 'décembre']
const monthLabel = (month: string) => `${MONTHS_FR[Number(month.slice(5, 7)) - 1]} ${month.slice(0, 4)}`

/** Queues the run of the month containing `at`, due when that month ends at the seller. */
export async function scheduleInvoiceRun(deps: AppDeps, tx: Tx, employerId: string, sellerLieuId: string, at: Date, zone: string) {
  const { month, end } = monthOf(at, zone)
  await deps.jobs.enqueue(
    'employers.invoice_run',
    { employerId, sellerLieuId, month },
    { startAfter: end, singletonKey: `${employerId}:${sellerLieuId}:${month}` },
    tx,
  )
}

function groupBy<T, K>(items: readonly T[], key: (t: T) => K): Map<K, T[]> {
  const m = new Map<K, T[]>()
  for (const t of items) {
    const k = key(t)
    const list = m.get(k)
    if (list) list.push(t)
    else m.set(k, [t])
  }
  return m
}

/**
 * At start: makes sure this month's run is queued for every employer and seller with an active
 * monthly pool (rows written without the queue, e.g. the demo data). Queued ones are kept (same key).
 */
export async function ensureInvoiceRuns(deps: AppDeps) {
  const now = deps.clock.now()
  const pairs = await deps.db.employerPool.findMany({
    where: { billing: 'monthly', status: 'active', validUntil: { gt: now } },
    distinct: ['employerId', 'sellerLieuId'],
    select: { employerId: true, sellerLieuId: true, sellerLieu: { select: { timeZone: true } } },
  })
  for (const p of pairs) {
    await deps.db.$transaction((tx) => scheduleInvoiceRun(deps, tx, p.employerId, p.sellerLieuId, now, p.sellerLieu.timeZone))
  }
}

interface RunResult {
  invoice: { id: string; number: string } | null
  creditNotes: { id: string; number: string }[]
}

/**
 * Bills the month for one employer and seller, in one transaction. Refuses a month not over yet.
 * Afterwards, schedules the next month's run while something may still be billed or credited.
 */
export async function runEmployerInvoicing(deps: AppDeps, employerId: string, sellerLieuId: string, month: string): Promise<RunResult> {
  const now = deps.clock.now()
  const seller = await deps.db.lieu.findUnique({ where: { id: sellerLieuId }, select: { timeZone: true } })
  if (!seller) throw new AppError('not_found', 'lieu not found')
  const { end } = monthBounds(month, seller.timeZone)
  if (now < end) {
    throw new AppError('validation_failed', 'this month is not over', { errors: [{ field: 'month', message: 'a month that is over at the lieu' }] })
  }
  return transaction(deps, async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`employer-invoicing:${employerId}:${sellerLieuId}`}, 0))`
    const employer = await tx.employer.findUniqueOrThrow({ where: { id: employerId } })
    const result: RunResult = { invoice: null, creditNotes: [] }

    // 1. What monthly pools paid for, recorded before the month's end and still standing.
    const toBill = await tx.employerUsage.findMany({
      where: { employerId, sellerLieuId, invoiceId: null, reversedAt: null, createdAt: { lt: end }, pool: { billing: 'monthly' } },
      include: { pool: { include: { product: { select: { name: true } } } } },
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    })
    if (toBill.length > 0) {
      const lieux = new Map((await tx.lieu.findMany({ where: { id: { in: [...new Set(toBill.map((u) => u.lieuId))] } }, select: { id: true, name: true } })).map((l) => [l.id, l.name]))
      // One line per pool, lieu of use and size of use (a day; or so many minutes): a usage is 1 of its line.
      const lines: { key: string; label: string; quantity: number; unitPriceExclCents: number; vatRateBp: number }[] = []
      const lineOf = new Map<string, number>()
      for (const u of toBill) {
        const key = `${u.poolId}|${u.lieuId}|${u.units}`
        let i = lineOf.get(key)
        if (i === undefined) {
          i = lines.length
          lineOf.set(key, i)
          const size = u.pool.unit === 'day' ? 'journée' : formatMinutes(u.units)
          lines.push({
            key,
            label: `${u.pool.product.name}${u.pool.scope === 'network' ? ' (réseau)' : ''} — ${size} à ${lieux.get(u.lieuId) ?? 'un lieu du réseau'} (${monthLabel(month)})`,
            quantity: 0,
            unitPriceExclCents: unitsValue(u.pool, u.units),
            vatRateBp: u.pool.vatRateBp,
          })
        }
        lines[i]!.quantity += 1
      }
      const invoice = await issueInvoice(
        tx,
        { lieuId: sellerLieuId, buyer: employerBuyer(employer), lines: lines.map(({ key: _k, ...l }) => l), dueDays: 30 },
        now,
      )
      for (const [key, line] of lineOf) {
        const [poolId, lieuId, units] = key.split('|')
        await tx.employerUsage.updateMany({
          where: { id: { in: toBill.filter((u) => u.poolId === poolId && u.lieuId === lieuId && u.units === Number(units)).map((u) => u.id) } },
          data: { invoiceId: invoice.id, invoiceLine: line },
        })
      }
      result.invoice = invoice
    }

    // 2. Billed usages reversed since: one credit note per invoice they were billed on.
    const toCredit = await tx.employerUsage.findMany({
      where: { employerId, sellerLieuId, invoiceId: { not: null }, creditNoteId: null, reversedAt: { not: null, lt: end } },
      orderBy: [{ invoiceId: 'asc' }, { invoiceLine: 'asc' }],
    })
    const byInvoice = groupBy(toCredit, (u) => u.invoiceId!)
    for (const [invoiceId, usages] of byInvoice) {
      const perLine = groupBy(usages, (u) => u.invoiceLine!)
      const note = await issueCreditNote(
        tx,
        invoiceId,
        [...perLine].map(([line, us]) => ({ line, quantity: us.length })),
        `Réservations annulées dans les délais (${monthLabel(month)})`,
        now,
      )
      await tx.employerUsage.updateMany({ where: { id: { in: usages.map((u) => u.id) } }, data: { creditNoteId: note.id } })
      result.creditNotes.push(note)
    }

    // 3. Next month, while a monthly pool is valid or a billed booking may still be cancelled in time.
    const [livePools, openUsages] = await Promise.all([
      tx.employerPool.count({ where: { employerId, sellerLieuId, billing: 'monthly', status: 'active', validUntil: { gt: end } } }),
      tx.employerUsage.count({ where: { employerId, sellerLieuId, reversedAt: null, startsAt: { gt: now }, pool: { billing: 'monthly' } } }),
    ])
    if (livePools + openUsages > 0) await scheduleInvoiceRun(deps, tx, employerId, sellerLieuId, end, seller.timeZone)
    return result
  })
}
