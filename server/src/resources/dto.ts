import { ZBookingRules, effectiveRules, type BookingRules, type BookingRulesPatch } from '@fabrique/shared/resources/rules'
import type { ResourceDto } from '@fabrique/shared/resources/schema'
import type { ResourceRow } from './repo.ts'

/**
 * Stored rules (lieu defaults or resource overrides, JSON) as a patch: each key today's rules know
 * and whose value is valid is kept, anything else dropped, one key at a time (the shared
 * `effectiveRules` alone drops every key when a single one is unknown or out of range).
 */
export function storedRules(v: unknown): BookingRulesPatch {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return {}
  const out: Record<string, unknown> = {}
  for (const [k, schema] of Object.entries(ZBookingRules.shape)) {
    if (!(k in v)) continue
    const r = schema.safeParse((v as Record<string, unknown>)[k])
    if (r.success) out[k] = r.data
  }
  return out as BookingRulesPatch
}

/** Defaults, then the lieu's stored rules, then the resource's stored overrides. */
export const mergedRules = (lieu: unknown, resource: unknown): BookingRules => effectiveRules(storedRules(lieu), storedRules(resource))

export function toResourceDto(row: ResourceRow): ResourceDto {
  return {
    id: row.id,
    lieuId: row.lieuId,
    kind: row.kind,
    name: row.name,
    description: row.description,
    photoUrl: row.photoUrl,
    amenities: row.amenities,
    capacity: row.capacity,
    dedicatedToId: row.dedicatedToId,
    habilitation: row.habilitation,
    requiresReferent: row.requiresReferent,
    archived: row.archivedAt !== null,
    rules: storedRules(row.rules),
    effectiveRules: mergedRules(row.lieu.bookingRules, row.rules),
  }
}
