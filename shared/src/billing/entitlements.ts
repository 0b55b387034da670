import type { ResourceKind } from '../resources/schema.ts'
import type { Entitlements } from './schema.ts'

/** What a member holds in a lieu at an instant: the merge of their active plans' entitlements. */
export interface ActiveEntitlements {
  /** Active subscriptions counted (usage plans and the adhésion). */
  subscriptionIds: string[]
  planIds: string[]
  /** Holds an active adhésion (membership plan). */
  member: boolean
  /** Kinds included without charge during opening hours: the union. */
  includedKinds: ResourceKind[]
  /** Monthly credit minutes per kind: the sum (what the plans grant; the ledger holds the balance). */
  monthlyCreditMinutes: Partial<Record<ResourceKind, number>>
  /** The best discount of the plans. */
  memberDiscountBp: number
  /** The most generous limit among the plans that set one; null: the lieu's rules. */
  maxConcurrentBookings: number | null
  /** The longest window among the plans that set one; null: the lieu's rules. */
  bookingWindowDays: number | null
  /** Plan-only resources this member may book: the union. */
  planOnlyResourceIds: string[]
}

export const noEntitlements: ActiveEntitlements = {
  subscriptionIds: [],
  planIds: [],
  member: false,
  includedKinds: [],
  monthlyCreditMinutes: {},
  memberDiscountBp: 0,
  maxConcurrentBookings: null,
  bookingWindowDays: null,
  planOnlyResourceIds: [],
}

const kindOrder: ResourceKind[] = ['desk', 'room', 'machine', 'zone']
const maxOrNull = (xs: (number | null)[]) => {
  const set = xs.filter((x): x is number => x !== null)
  return set.length ? Math.max(...set) : null
}

/**
 * Pure merge of the entitlements of several active plans: the most favourable of each (union of
 * included kinds and plan-only resources, sum of monthly credits, best discount, highest limits).
 */
export function mergeEntitlements(
  plans: {
    subscriptionId: string
    planId: string
    kind: 'usage' | 'membership'
    entitlements: Entitlements
  }[],
): ActiveEntitlements {
  if (plans.length === 0) return { ...noEntitlements }
  const credits: Partial<Record<ResourceKind, number>> = {}
  for (const p of plans) {
    for (const k of kindOrder) {
      const m = p.entitlements.monthlyCreditMinutes[k]
      if (m) credits[k] = (credits[k] ?? 0) + m
    }
  }
  const included = new Set(plans.flatMap((p) => p.entitlements.includedKinds))
  return {
    subscriptionIds: plans.map((p) => p.subscriptionId),
    planIds: [...new Set(plans.map((p) => p.planId))],
    member: plans.some((p) => p.kind === 'membership'),
    includedKinds: kindOrder.filter((k) => included.has(k)),
    monthlyCreditMinutes: credits,
    memberDiscountBp: Math.max(0, ...plans.map((p) => p.entitlements.memberDiscountBp)),
    maxConcurrentBookings: maxOrNull(plans.map((p) => p.entitlements.maxConcurrentBookings)),
    bookingWindowDays: maxOrNull(plans.map((p) => p.entitlements.bookingWindowDays)),
    planOnlyResourceIds: [...new Set(plans.flatMap((p) => p.entitlements.planOnlyResourceIds))].sort(),
  }
}

/** Price including VAT of a price excluding VAT (VAT rounded half-up to the cent; none when exempt). */
export function priceInclCents(priceCents: number, vatRateBp: number, vatExempt: boolean): number {
  if (vatExempt) return priceCents
  return priceCents + Math.floor((priceCents * vatRateBp * 2 + 10_000) / 20_000)
}
