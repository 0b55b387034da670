import type { Pass, PassProduct } from '@fabrique/prisma/client'
import { priceInclCents } from '@fabrique/shared/billing/entitlements'
import type { PassDto, PassProductDto } from '@fabrique/shared/billing/schema'
import type { ResourceKind } from '@fabrique/shared/resources/schema'

export const kindOf = (k: string | null) => (k as ResourceKind | null) ?? null

export function toPassProductDto(p: PassProduct, vatExempt: boolean): PassProductDto {
  return {
    id: p.id,
    lieuId: p.lieuId,
    kind: p.kind,
    name: p.name,
    priceCents: p.priceCents,
    vatRateBp: p.vatRateBp,
    priceInclCents: priceInclCents(p.priceCents, p.vatRateBp, vatExempt),
    quantity: p.quantity,
    resourceKind: kindOf(p.resourceKind),
    validityDays: p.validityDays,
    archived: p.archivedAt !== null,
  }
}

export type PassRow = Pass & { product: PassProduct & { lieu: { name: string } } }
export const passInclude = { product: { include: { lieu: { select: { name: true } } } } } as const

export function toPassDto(p: PassRow, now: Date): PassDto {
  return {
    id: p.id,
    lieuId: p.product.lieuId,
    lieuName: p.product.lieu.name,
    product: {
      id: p.product.id,
      name: p.product.name,
      kind: p.product.kind,
      resourceKind: kindOf(p.product.resourceKind),
      quantity: p.product.quantity,
    },
    userId: p.userId,
    email: p.email,
    remaining: p.remaining,
    validUntil: p.validUntil.toISOString(),
    usable: p.remaining > 0 && p.validUntil > now,
    createdAt: p.createdAt.toISOString(),
  }
}
