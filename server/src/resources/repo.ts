import { effectiveRules } from '@fabrique/shared/resources/rules'
import { storedRates } from '@fabrique/shared/pricing/rates'
import type { ResourceRates } from '@fabrique/shared/pricing/schema'
import type { Prisma } from '@fabrique/prisma/client'
import type { BookingRules } from '@fabrique/shared/resources/rules'
import type { Tx } from '../db/prisma.ts'
import type { Interval } from '../availability/types.ts'
import type { DateClosure, WeeklyInterval } from '../lieux/opening-hours.ts'
import { isoDate } from '../lieux/dto.ts'
import { grantValidUntil } from '../habilitations/validity.ts'

export const resourceInclude = {
  habilitation: { select: { id: true, name: true } },
  lieu: { select: { bookingRules: true } },
} satisfies Prisma.ResourceInclude

export type ResourceRow = Prisma.ResourceGetPayload<{ include: typeof resourceInclude }>

/** A resource as the booking engine needs it: its lieu's zone, rules, hours and closures. */
export interface ResourceForBooking {
  id: string
  lieuId: string
  kind: ResourceRow['kind']
  name: string
  capacity: number
  dedicatedToId: string | null
  habilitationId: string | null
  requiresReferent: boolean
  archivedAt: Date | null
  outOfService: boolean
  /** The resource's own overrides (stored JSON, as is). */
  rules: Prisma.JsonValue
  /** Defaults, then the lieu's rules, then the resource's overrides. */
  effectiveRules: BookingRules
  /** Prices excluding VAT (none: free to book). */
  rates: ResourceRates
  lieu: {
    id: string
    name: string
    networkId: string | null
    timeZone: string
    /** Franchise en base: no VAT on anything the lieu sells. */
    vatExempt: boolean
    /** The lieu's own rules (stored JSON, as is). */
    bookingRules: Prisma.JsonValue
    openingHours: WeeklyInterval[]
    /** Local dates, inclusive. */
    closures: DateClosure[]
  }
}

/** Merges touching or overlapping intervals (input in any order). */
function mergeIntervals(xs: Interval[]): Interval[] {
  const sorted = [...xs].sort((a, b) => a.start - b.start || a.end - b.end)
  const out: Interval[] = []
  for (const x of sorted) {
    const last = out.at(-1)
    if (last && x.start <= last.end) last.end = Math.max(last.end, x.end)
    else out.push({ ...x })
  }
  return out
}

/** Accepts the client or an interactive transaction's client. */
export function resourceRepo(db: Tx) {
  return {
    list: (lieuId: string, opts: { kind?: ResourceRow['kind']; includeArchived: boolean }) =>
      db.resource.findMany({
        where: {
          lieuId,
          ...(opts.kind && { kind: opts.kind }),
          ...(!opts.includeArchived && { archivedAt: null }),
        },
        include: resourceInclude,
        orderBy: [{ kind: 'asc' }, { name: 'asc' }, { createdAt: 'asc' }],
      }),
    /** A resource of this lieu, or null (another lieu's resource is no different from none). */
    inLieu: (lieuId: string, id: string) =>
      db.resource.findFirst({ where: { id, lieuId }, include: resourceInclude }),
    create: (data: Prisma.ResourceUncheckedCreateInput) =>
      db.resource.create({ data, include: resourceInclude }),
    update: (id: string, data: Prisma.ResourceUncheckedUpdateInput) =>
      db.resource.update({ where: { id }, data, include: resourceInclude }),

    lieuRules: async (lieuId: string) =>
      (await db.lieu.findUnique({ where: { id: lieuId }, select: { bookingRules: true } }))?.bookingRules ??
      {},
    setLieuRules: (lieuId: string, rules: Prisma.InputJsonValue) =>
      db.lieu.update({
        where: { id: lieuId },
        data: { bookingRules: rules },
        select: { bookingRules: true },
      }),

    isMember: async (lieuId: string, userId: string) =>
      (await db.lieuMembership.findUnique({
        where: { lieuId_userId: { lieuId, userId } },
        select: { userId: true },
      })) !== null,
    habilitationInLieu: (lieuId: string, id: string) =>
      db.habilitation.findFirst({ where: { id, lieuId }, select: { id: true } }),

    /** The resource with its lieu, for the booking engine; null when it does not exist. */
    async forBooking(resourceId: string): Promise<ResourceForBooking | null> {
      const r = await db.resource.findUnique({
        where: { id: resourceId },
        include: {
          lieu: {
            select: {
              id: true,
              name: true,
              networkId: true,
              timeZone: true,
              vatExempt: true,
              bookingRules: true,
              openingHours: {
                select: { weekday: true, startMinute: true, endMinute: true },
                orderBy: [{ weekday: 'asc' }, { startMinute: 'asc' }],
              },
              closures: { select: { startDate: true, endDate: true }, orderBy: { startDate: 'asc' } },
            },
          },
        },
      })
      if (!r) return null
      return {
        id: r.id,
        lieuId: r.lieuId,
        kind: r.kind,
        name: r.name,
        capacity: r.capacity,
        dedicatedToId: r.dedicatedToId,
        habilitationId: r.habilitationId,
        requiresReferent: r.requiresReferent,
        archivedAt: r.archivedAt,
        outOfService: r.outOfService,
        rules: r.rules,
        effectiveRules: effectiveRules(r.lieu.bookingRules, r.rules),
        rates: storedRates(r.rates),
        lieu: {
          ...r.lieu,
          closures: r.lieu.closures.map((c) => ({
            startDate: isoDate(c.startDate),
            endDate: isoDate(c.endDate),
          })),
        },
      }
    },

    /**
     * When a référent of `habilitationId` is on site in [from, to): the lieu's shifts of that
     * habilitation overlapping the period, each cut where its référent's grant stops being valid
     * (expiry or revocation), for référents still members of the lieu; merged, sorted, epoch ms.
     * A shift whose référent holds no valid grant at its start counts for nothing.
     */
    async referentWindows(lieuId: string, habilitationId: string, from: Date, to: Date): Promise<Interval[]> {
      const shifts = await db.referentShift.findMany({
        where: {
          lieuId,
          habilitationId,
          startsAt: { lt: to },
          endsAt: { gt: from },
          user: { lieuMemberships: { some: { lieuId } } },
        },
        select: {
          startsAt: true,
          endsAt: true,
          user: {
            select: {
              habilitations: { where: { habilitationId }, select: { expiresAt: true, revokedAt: true } },
            },
          },
        },
      })
      const windows: Interval[] = []
      for (const s of shifts) {
        const start = s.startsAt.getTime()
        let end = -Infinity
        for (const g of s.user.habilitations) {
          const until = grantValidUntil(g)
          const validUntil = until === null ? Infinity : until.getTime()
          if (validUntil > start) end = Math.max(end, Math.min(s.endsAt.getTime(), validUntil))
        }
        if (end > start) windows.push({ start, end })
      }
      return mergeIntervals(windows)
    },
  }
}
