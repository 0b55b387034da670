import { effectiveRules, storedRules } from '@fabrique/shared/resources/rules'
import { storedRates } from '@fabrique/shared/pricing/rates'
import type { ResourceDto } from '@fabrique/shared/resources/schema'
import type { ResourceRow } from './repo.ts'

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
    outOfService: row.outOfService,
    outOfServiceReason: row.outOfServiceReason,
    rules: storedRules(row.rules),
    effectiveRules: effectiveRules(row.lieu.bookingRules, row.rules),
    rates: storedRates(row.rates),
  }
}
