import { effectiveRules } from '@fabrique/shared/resources/rules'
import { storedRates } from '@fabrique/shared/pricing/rates'
import type { ResourceRates } from '@fabrique/shared/pricing/schema'
import { Prisma } from '@fabrique/prisma/client'
import type { BookingRules } from '@fabrique/shared/resources/rules'
import { isUuid, type Tx } from '../db/prisma.ts'
import type { Interval } from '../availability/types.ts'
import type { DateClosure, WeeklyInterval } from '../lieux/opening-hours.ts'
import { grantValidUntil } from '../habilitations/validity.ts'

export const resourceInclude = {
  habilitation: { select: { id: true, name: true } },
  lieu: { select: { bookingRules: true } },
} satisfies Prisma.ResourceInclude

export type ResourceRow = Prisma.ResourceGetPayload<{ include: typeof resourceInclude }>

/** A row of `forBooking`'s statement. */
interface ForBookingRow extends Record<string, unknown> {
  id: string
  lieu_id: string
  kind: ResourceRow['kind']
  name: string
  capacity: number
  dedicated_to_id: string | null
  habilitation_id: string | null
  requires_referent: boolean
  archived_at: Date | null
  out_of_service: boolean
  rules: Prisma.JsonValue
  rates: Prisma.JsonValue
  lieu_name: string
  network_id: string | null
  time_zone: string
  vat_exempt: boolean
  booking_rules: Prisma.JsonValue
  /** [weekday, startMinute, endMinute], ordered. */
  opening_hours: [number, number, number][]
  /** [startDate, endDate] as YYYY-MM-DD, ordered. */
  closures: [string, string][]
  role?: 'owner' | 'manager' | 'member' | null
  coordinator?: boolean
}

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
  /** With `extra` (a column the caller adds to the statement): the statement's row, to read it from. */
  extra?: Record<string, unknown>
  /** With `standingOf`: that user's role in the lieu, and whether they coordinate its network. */
  standing?: { role: 'owner' | 'manager' | 'member' | null; coordinator: boolean }
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

    /**
     * The resource with its lieu, for the booking engine; null when it does not exist. With
     * `standingOf`, the same statement also reads that user's standing in the lieu (lieux/access.ts);
     * `extra` adds a column of the caller's (returned in `extra`).
     * Read before every booking decision: one plain statement (hours and closures aggregated in it)
     * rather than Prisma's relation query, about half the CPU on both sides.
     */
    async forBooking(resourceId: string, standingOf?: string, extra?: Prisma.Sql): Promise<ResourceForBooking | null> {
      if (!isUuid(resourceId)) return null
      const rows = await db.$queryRaw<ForBookingRow[]>`
        SELECT r.id, r.lieu_id, r.kind::text AS kind, r.name, r.capacity, r.dedicated_to_id, r.habilitation_id, r.requires_referent,
               r.archived_at, r.out_of_service, r.rules, r.rates,
               l.name AS lieu_name, l.network_id, l.time_zone, l.vat_exempt, l.booking_rules,
               (SELECT coalesce(json_agg(json_build_array(o.weekday, o.start_minute, o.end_minute) ORDER BY o.weekday, o.start_minute), '[]')
                  FROM opening_intervals o WHERE o.lieu_id = l.id) AS opening_hours,
               (SELECT coalesce(json_agg(json_build_array(c.start_date, c.end_date) ORDER BY c.start_date), '[]')
                  FROM closures c WHERE c.lieu_id = l.id) AS closures
               ${
                 standingOf === undefined
                   ? Prisma.empty
                   : Prisma.sql`, (SELECT m.role::text FROM lieu_memberships m WHERE m.lieu_id = l.id AND m.user_id = ${standingOf}::uuid) AS role,
                   EXISTS (SELECT 1 FROM network_coordinators n WHERE n.network_id = l.network_id AND n.user_id = ${standingOf}::uuid) AS coordinator`
               }
               ${extra ? Prisma.sql`, ${extra}` : Prisma.empty}
        FROM resources r JOIN lieux l ON l.id = r.lieu_id
        WHERE r.id = ${resourceId}::uuid`
      const r = rows[0]
      if (!r) return null
      return {
        ...(standingOf !== undefined && { standing: { role: r.role ?? null, coordinator: r.coordinator === true } }),
        ...(extra && { extra: r }),
        id: r.id,
        lieuId: r.lieu_id,
        kind: r.kind,
        name: r.name,
        capacity: r.capacity,
        dedicatedToId: r.dedicated_to_id,
        habilitationId: r.habilitation_id,
        requiresReferent: r.requires_referent,
        archivedAt: r.archived_at,
        outOfService: r.out_of_service,
        rules: r.rules,
        effectiveRules: effectiveRules(r.booking_rules, r.rules),
        rates: storedRates(r.rates),
        lieu: {
          id: r.lieu_id,
          name: r.lieu_name,
          networkId: r.network_id,
          timeZone: r.time_zone,
          vatExempt: r.vat_exempt,
          bookingRules: r.booking_rules,
          openingHours: r.opening_hours.map(([weekday, startMinute, endMinute]) => ({ weekday, startMinute, endMinute })),
          closures: r.closures.map(([startDate, endDate]) => ({ startDate, endDate })),
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
