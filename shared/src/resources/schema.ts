import { z } from 'zod'
import { ZInstant } from '../time/schema.ts'
import { ZBookingRules, ZBookingRulesPatch } from './rules.ts'
import { ZResourceRates } from '../pricing/schema.ts'

export const ZResourceKind = z.enum(['desk', 'room', 'machine', 'zone'])
export type ResourceKind = z.infer<typeof ZResourceKind>

// Fields without defaults: a PATCH built on them leaves absent keys absent.
const ZResourceFields = z.strictObject({
  kind: ZResourceKind,
  name: z.string().trim().min(1).max(120),
  description: z.string().max(4000),
  photoUrl: z.url({ protocol: /^https?$/ }).max(500).nullable(),
  amenities: z.array(z.string().trim().min(1).max(60)).max(30),
  /** People for a room, seats for a zone; must be 1 for a desk or a machine. */
  capacity: z.number().int().min(1).max(1000),
  dedicatedToId: z.uuid().nullable(),
  habilitationId: z.uuid().nullable(),
  requiresReferent: z.boolean(),
  rules: ZBookingRulesPatch,
  /** Prices excluding VAT; `{}`: free to book. Replaced as a whole by an update. */
  rates: ZResourceRates,
})

const kindRules = (r: { kind?: ResourceKind; capacity?: number; dedicatedToId?: string | null; habilitationId?: string | null; requiresReferent?: boolean }, ctx: z.RefinementCtx) => {
  if ((r.kind === 'desk' || r.kind === 'machine') && r.capacity !== undefined && r.capacity !== 1) {
    ctx.addIssue({ code: 'custom', path: ['capacity'], message: 'a desk or a machine has a capacity of 1' })
  }
  if (r.dedicatedToId && r.kind !== undefined && r.kind !== 'desk') {
    ctx.addIssue({ code: 'custom', path: ['dedicatedToId'], message: 'only a desk can be dedicated' })
  }
  if (r.requiresReferent && r.habilitationId === null) {
    ctx.addIssue({ code: 'custom', path: ['requiresReferent'], message: 'a référent is tied to a habilitation: set habilitationId' })
  }
}

export const ZCreateResourceRequest = ZResourceFields.extend({
  description: ZResourceFields.shape.description.default(''),
  photoUrl: ZResourceFields.shape.photoUrl.default(null),
  amenities: ZResourceFields.shape.amenities.default([]),
  capacity: ZResourceFields.shape.capacity.default(1),
  dedicatedToId: ZResourceFields.shape.dedicatedToId.default(null),
  habilitationId: ZResourceFields.shape.habilitationId.default(null),
  requiresReferent: ZResourceFields.shape.requiresReferent.default(false),
  rules: ZBookingRulesPatch.default({}),
  rates: ZResourceRates.default({}),
}).superRefine(kindRules)
export type CreateResourceRequest = z.input<typeof ZCreateResourceRequest>

/** The kind never changes; every other field may. */
export const ZUpdateResourceRequest = ZResourceFields.omit({ kind: true })
  .extend({
    archived: z.boolean(),
    /** Temporarily unusable (broken machine, room in works): shown live, not bookable. Back in service clears the reason. */
    outOfService: z.boolean(),
    /** Shown to members and on the lobby screen while out of service. */
    outOfServiceReason: z.string().trim().max(300).nullable(),
  })
  .partial()
  .strict()
export type UpdateResourceRequest = z.input<typeof ZUpdateResourceRequest>

export const ZResourceDto = z.object({
  id: z.uuid(),
  lieuId: z.uuid(),
  kind: ZResourceKind,
  name: z.string(),
  description: z.string(),
  photoUrl: z.string().nullable(),
  amenities: z.array(z.string()),
  capacity: z.number().int(),
  dedicatedToId: z.uuid().nullable(),
  habilitation: z.object({ id: z.uuid(), name: z.string() }).nullable(),
  requiresReferent: z.boolean(),
  archived: z.boolean(),
  outOfService: z.boolean(),
  outOfServiceReason: z.string().nullable(),
  /** The resource's own overrides. */
  rules: ZBookingRulesPatch,
  /** What applies: defaults, then the lieu's, then the overrides. */
  effectiveRules: ZBookingRules,
  /** Prices excluding VAT (`{}`: free); what a booking costs is GET …/price. */
  rates: ZResourceRates,
})
export type ResourceDto = z.infer<typeof ZResourceDto>

export const ZResourceListQuery = z.strictObject({
  kind: ZResourceKind.optional(),
  includeArchived: z.enum(['true', 'false']).optional(),
})

// ─── Habilitations and référents ─────────────────────────────────────────────

const ZHabilitationFields = z.strictObject({
  name: z.string().trim().min(1).max(120),
  description: z.string().max(2000),
})
export const ZHabilitationRequest = ZHabilitationFields.extend({ description: ZHabilitationFields.shape.description.default('') })
export const ZUpdateHabilitationRequest = ZHabilitationFields.partial()
export const ZHabilitationDto = z.object({ id: z.uuid(), name: z.string(), description: z.string() })
export type HabilitationDto = z.infer<typeof ZHabilitationDto>

export const ZGrantRequest = z.strictObject({
  userId: z.uuid(),
  /** Optional expiry (an instant). */
  expiresAt: ZInstant.nullable().default(null),
})
export const ZGrantDto = z.object({
  id: z.uuid(),
  habilitationId: z.uuid(),
  userId: z.uuid(),
  userName: z.string(),
  grantedAt: z.string(),
  expiresAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
  valid: z.boolean(),
})
export type GrantDto = z.infer<typeof ZGrantDto>

/** One of my grants, across lieux (GET /me/habilitations). */
export const ZMyGrantDto = ZGrantDto.extend({ habilitationName: z.string(), lieuId: z.uuid(), lieuName: z.string() })
export type MyGrantDto = z.infer<typeof ZMyGrantDto>

export const ZReferentShiftRequest = z
  .strictObject({
    userId: z.uuid(),
    habilitationId: z.uuid(),
    startsAt: ZInstant,
    endsAt: ZInstant,
  })
  .refine((s) => new Date(s.startsAt) < new Date(s.endsAt), { message: 'end must be after start', path: ['endsAt'], when: (p) => p.issues.length === 0 })
export const ZReferentShiftDto = z.object({
  id: z.uuid(),
  userId: z.uuid(),
  userName: z.string(),
  habilitationId: z.uuid(),
  startsAt: z.string(),
  endsAt: z.string(),
})
export type ReferentShiftDto = z.infer<typeof ZReferentShiftDto>

export const ZLieuRulesRequest = ZBookingRulesPatch
