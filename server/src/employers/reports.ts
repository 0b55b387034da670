// Reports: an employer's usage per employee and lieu for a month (totals only: data minimisation),
// the employee's own view of exactly that, and a network's settlement between its lieux.
// Months are French (Europe/Paris): employers and networks account in French months.
import type { SettlementDto, UsageReportDto } from '@fabrique/shared/employers/schema'
import type { AppDeps } from '../app-deps.ts'
import type { Db } from '../db/prisma.ts'
import { forbidden, notFound } from '../http/problem.ts'
import { csvField } from '../invoices/export.ts'
import { formatDecimal } from '../invoices/money.ts'
import { requireEmployerAdmin } from './access.ts'
import { invoiceRepo } from '../invoices/repo.ts'
import { allocationOf } from './pool-ledger.ts'
import { monthBounds, monthOf } from './invoicing.ts'
import { poolDtos, poolInclude } from './pools.ts'
import { usedThisMonth } from './service.ts'

export const REPORT_ZONE = 'Europe/Paris'

const sumOf = <T>(rows: T[], f: (r: T) => number) => rows.reduce((s, r) => s + f(r), 0)

/** The employer's usage totals for `month`, per employee and lieu (optionally one employee's). */
async function usageReport(db: Db, employerId: string, month: string, userId?: string): Promise<UsageReportDto> {
  const { start, end } = monthBounds(month, REPORT_ZONE)
  const groups = await db.employerUsage.groupBy({
    by: ['userId', 'lieuId'],
    where: { employerId, reversedAt: null, startsAt: { gte: start, lt: end }, ...(userId && { userId }) },
    _sum: { days: true, minutes: true, valueExclCents: true },
  })
  const [users, lieux] = await Promise.all([
    db.user.findMany({ where: { id: { in: groups.flatMap((g) => (g.userId ? [g.userId] : [])) } }, select: { id: true, name: true } }),
    db.lieu.findMany({ where: { id: { in: groups.map((g) => g.lieuId) } }, select: { id: true, name: true } }),
  ])
  const rows = groups
    .map((g) => ({
      userId: g.userId,
      name: users.find((u) => u.id === g.userId)?.name ?? 'Compte supprimé',
      lieu: lieux.find((l) => l.id === g.lieuId) ?? { id: g.lieuId, name: '?' },
      days: g._sum.days ?? 0,
      minutes: g._sum.minutes ?? 0,
      valueExclCents: g._sum.valueExclCents ?? 0,
    }))
    .sort((a, b) => a.name.localeCompare(b.name, 'fr') || a.lieu.name.localeCompare(b.lieu.name, 'fr'))
  return {
    month,
    rows,
    totals: { days: sumOf(rows, (r) => r.days), minutes: sumOf(rows, (r) => r.minutes), valueExclCents: sumOf(rows, (r) => r.valueExclCents) },
  }
}

/** The report as CSV (`;`-separated, French decimals: a spreadsheet in France opens it as is). */
export function usageCsv(r: UsageReportDto): string {
  const head = ['mois', 'salarie', 'lieu', 'jours', 'heures', 'valeur_ht_eur']
  const lines = r.rows.map((x) => [r.month, x.name, x.lieu.name, String(x.days), formatDecimal(Math.round((x.minutes * 100) / 60), false), formatDecimal(x.valueExclCents, false)])
  return [head, ...lines].map((l) => l.map(csvField).join(';')).join('\r\n') + '\r\n'
}

export function settlementCsv(s: SettlementDto): string {
  const head = ['mois', 'vendeur', 'lieu_utilise', 'jours', 'heures', 'du_ht_eur']
  const lines = s.rows.map((x) => [s.month, x.seller.name, x.usedAt.name, String(x.days), formatDecimal(Math.round((x.minutes * 100) / 60), false), formatDecimal(x.owedExclCents, false)])
  return [head, ...lines].map((l) => l.map(csvField).join(';')).join('\r\n') + '\r\n'
}

export function reportService(deps: AppDeps) {
  const { db, clock } = deps

  return {
    async usage(actorId: string, employerId: string, month: string) {
      await requireEmployerAdmin(db, actorId, employerId)
      return usageReport(db, employerId, month)
    },

    /** The employee's employers: allocation, usable pools, and the employer's report rows about them. */
    async mine(userId: string) {
      const now = clock.now()
      const memberships = await db.employerMembership.findMany({
        where: { userId },
        include: { employer: { select: { id: true, name: true } } },
        orderBy: { createdAt: 'asc' },
      })
      const thisMonth = monthOf(now, REPORT_ZONE).month
      const lastMonth = monthOf(new Date(monthBounds(thisMonth, REPORT_ZONE).start.getTime() - 1), REPORT_ZONE).month
      return Promise.all(
        memberships.map(async (m) => {
          const [alloc, pools] = await Promise.all([
            db.employerAllocation.findUnique({ where: { employerId_userId: { employerId: m.employerId, userId } } }),
            db.employerPool.findMany({
              where: { employerId: m.employerId, status: 'active', remaining: { gt: 0 }, validUntil: { gt: now } },
              include: poolInclude,
              orderBy: { validUntil: 'asc' },
            }),
          ])
          const allocation = allocationOf(alloc ?? { budgetKind: 'none', budgetPeriod: 'month', budgetAmount: 0, lieuIds: [], resourceKinds: [], weekdays: [] })
          return {
            employer: m.employer,
            role: m.role,
            allocation,
            usedThisMonth: await usedThisMonth(db, m.employerId, userId, now),
            pools: alloc
              ? (await poolDtos(db, pools)).map((p) => ({ id: p.id, label: p.label, validAt: p.validAt, unit: p.unit, resourceKind: p.resourceKind, remaining: p.remaining, validUntil: p.validUntil }))
              : [],
            whatTheEmployerSees: [await usageReport(db, m.employerId, thisMonth, userId), await usageReport(db, m.employerId, lastMonth, userId)],
          }
        }),
      )
    },

    /** What each lieu of the network is owed for passes another lieu sold (coordinators). */
    async settlement(userId: string, networkId: string, month: string): Promise<SettlementDto> {
      const network = await db.network.findUnique({ where: { id: networkId }, select: { id: true, name: true, coordinators: { where: { userId }, select: { userId: true } } } })
      if (!network) throw notFound('network')
      if (network.coordinators.length === 0) {
        // The people of its lieux know the network exists (their lieu shows it): 403; anyone else gets a 404.
        const member = await db.lieuMembership.findFirst({ where: { userId, lieu: { networkId } } })
        if (!member) throw notFound('network')
        throw forbidden('only the network’s coordinators see its settlement')
      }
      const { start, end } = monthBounds(month, REPORT_ZONE)
      const lieux = await db.lieu.findMany({ where: { networkId }, select: { id: true, name: true } })
      const ids = lieux.map((l) => l.id)
      const groups = await db.employerUsage.groupBy({
        by: ['sellerLieuId', 'lieuId'],
        where: { reversedAt: null, startsAt: { gte: start, lt: end }, lieuId: { in: ids }, sellerLieuId: { in: ids } },
        _sum: { days: true, minutes: true, valueExclCents: true },
      })
      const name = (id: string) => lieux.find((l) => l.id === id) ?? { id, name: '?' }
      const rows = groups
        .filter((g) => g.lieuId !== g.sellerLieuId)
        .map((g) => ({ seller: name(g.sellerLieuId), usedAt: name(g.lieuId), days: g._sum.days ?? 0, minutes: g._sum.minutes ?? 0, owedExclCents: g._sum.valueExclCents ?? 0 }))
        .sort((a, b) => a.seller.name.localeCompare(b.seller.name, 'fr') || a.usedAt.name.localeCompare(b.usedAt.name, 'fr'))
      const balances = lieux.map((l) => ({
        lieu: l,
        netExclCents: sumOf(rows.filter((r) => r.usedAt.id === l.id), (r) => r.owedExclCents) - sumOf(rows.filter((r) => r.seller.id === l.id), (r) => r.owedExclCents),
      }))
      return { network: { id: network.id, name: network.name }, month, rows, balances }
    },

    /** The employer's invoices and credit notes (admins). */
    async invoices(userId: string, employerId: string) {
      await requireEmployerAdmin(db, userId, employerId)
      return invoiceRepo(db).list({ buyerEmployerId: employerId })
    },
  }
}
