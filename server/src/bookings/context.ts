import type { BookingRules } from '@fabrique/shared/resources/rules'
import type { ResourceRates } from '@fabrique/shared/pricing/schema'
import type { Prisma } from '@fabrique/prisma/client'
import type { Db } from '../db/prisma.ts'
import type { DateClosure, WeeklyInterval } from '../lieux/opening-hours.ts'
import type { Interval } from '../availability/types.ts'
import { resourceRepo, type ResourceForBooking } from '../resources/repo.ts'
import type { LieuAccess } from '../lieux/access.ts'
import { habilitationRepo } from '../habilitations/repo.ts'

/** What a booking decision needs to know about a resource and its lieu. */
export interface ResourceContext {
  id: string
  lieuId: string
  kind: 'desk' | 'room' | 'machine' | 'zone'
  name: string
  /** Seats a zone offers; exclusive resources hold one booking at a time. */
  capacity: number
  exclusive: boolean
  archived: boolean
  outOfService: boolean
  dedicatedToId: string | null
  habilitationId: string | null
  requiresReferent: boolean
  zone: string
  lieuName: string
  /** The lieu's network: an employer's network-wide pools are valid here. */
  networkId: string | null
  rules: BookingRules
  /** Prices excluding VAT (none: free) and whether the lieu is VAT-exempt. */
  rates: ResourceRates
  vatExempt: boolean
  openingHours: WeeklyInterval[]
  closures: DateClosure[]
}

export async function loadResourceContext(db: Db, resourceId: string): Promise<ResourceContext | null> {
  const r = await resourceRepo(db).forBooking(resourceId)
  return r && toContext(r)
}

/**
 * The resource's context and the caller's standing in its lieu, read by one statement: their
 * role, `coordinator` for a coordinator of the lieu's network, null when they have none (the same
 * answer as `lieuAccess`, without its 404); with `extra`, a column of the caller's in the same
 * statement (`row`). Null when the resource does not exist.
 */
export async function loadResourceContextFor(
  db: Db,
  resourceId: string,
  userId: string,
  extra?: Prisma.Sql,
): Promise<{ ctx: ResourceContext; access: LieuAccess | null; row: Record<string, unknown> } | null> {
  const r = await resourceRepo(db).forBooking(resourceId, userId, extra)
  if (!r) return null
  const access = r.standing?.role ?? (r.standing?.coordinator ? 'coordinator' : null)
  return { ctx: toContext(r), access, row: r.extra ?? {} }
}

function toContext(r: ResourceForBooking): ResourceContext {
  return {
    id: r.id,
    lieuId: r.lieuId,
    kind: r.kind,
    name: r.name,
    capacity: r.kind === 'zone' ? r.capacity : 1,
    exclusive: r.kind !== 'zone',
    archived: r.archivedAt !== null,
    outOfService: r.outOfService,
    dedicatedToId: r.dedicatedToId,
    habilitationId: r.habilitationId,
    requiresReferent: r.requiresReferent,
    zone: r.lieu.timeZone,
    lieuName: r.lieu.name,
    networkId: r.lieu.networkId,
    rules: r.effectiveRules,
    rates: r.rates,
    vatExempt: r.lieu.vatExempt,
    openingHours: r.lieu.openingHours,
    closures: r.lieu.closures,
  }
}

export const referentWindows = (db: Db, lieuId: string, habilitationId: string, from: Date, to: Date): Promise<Interval[]> =>
  resourceRepo(db).referentWindows(lieuId, habilitationId, from, to)

/** Does the member hold a valid grant of the habilitation at `at`? */
export const holdsHabilitation = (db: Db, userId: string, habilitationId: string, at: Date) =>
  habilitationRepo(db).hasValidGrant(userId, habilitationId, at)
