import type { Plan } from '@fabrique/prisma/client'
import { priceInclCents } from '@fabrique/shared/billing/entitlements'
import { ZEntitlements, type Entitlements, type PlanDto } from '@fabrique/shared/billing/schema'

/** Stored entitlements, read with the schema's defaults (a key added later reads as its default). */
export function entitlementsOf(json: unknown): Entitlements {
  const r = ZEntitlements.safeParse(json ?? {})
  return r.success ? r.data : ZEntitlements.parse({})
}

export function toPlanDto(p: Plan, vatExempt: boolean): PlanDto {
  return {
    id: p.id,
    lieuId: p.lieuId,
    kind: p.kind,
    name: p.name,
    description: p.description,
    priceCents: p.priceCents,
    vatRateBp: p.vatRateBp,
    priceInclCents: priceInclCents(p.priceCents, p.vatRateBp, vatExempt),
    interval: p.interval,
    entitlements: entitlementsOf(p.entitlements),
    requiresMembership: p.requiresMembership,
    archived: p.archivedAt !== null,
  }
}
