import { z } from 'zod'
import { ZLocalDate, ZLocalTime, ZTimeZone, timeToMinutes } from '../time/schema.ts'
import { ZEmail, ZLieuRole, ZPhone } from '../auth/schema.ts'

export const ZSlug = z
  .string()
  .min(2)
  .max(60)
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, { message: 'lowercase letters, digits and dashes' })

/** French SIRET: 14 digits with a valid Luhn checksum (La Poste's exception included). */
export const ZSiret = z
  .string()
  .transform((s) => s.replace(/\s/g, ''))
  .refine((s) => /^\d{14}$/.test(s) && (luhn(s) || (s.startsWith('356000000') && digitSum(s) % 5 === 0)), {
    message: 'invalid SIRET (14 digits)',
  })
function digitSum(s: string) {
  return [...s].reduce((a, c) => a + Number(c), 0)
}
function luhn(s: string) {
  let sum = 0
  for (let i = 0; i < s.length; i++) {
    let d = Number(s[s.length - 1 - i])
    if (i % 2 === 1) d = d * 2 > 9 ? d * 2 - 9 : d * 2
    sum += d
  }
  return sum % 10 === 0
}

/** Intra-community VAT number (FR: FR + 2 key characters + SIREN). */
export const ZVatNumber = z
  .string()
  .transform((s) => s.replace(/\s/g, '').toUpperCase())
  .refine((s) => /^[A-Z]{2}[0-9A-Z]{2,13}$/.test(s), { message: 'invalid VAT number' })

export const ZAddress = z.strictObject({
  street: z.string().trim().max(200),
  postalCode: z.string().trim().max(12),
  city: z.string().trim().max(100),
  country: z.string().regex(/^[A-Z]{2}$/, { message: 'ISO 3166 country code, e.g. FR' }),
})

export const ZLegalIdentity = z
  .strictObject({
    legalName: z.string().trim().max(200),
    siret: ZSiret.nullable(),
    vatNumber: ZVatNumber.nullable(),
    vatExempt: z.boolean(),
  })
  .refine((l) => !(l.vatExempt && l.vatNumber), {
    message: 'a VAT-exempt lieu (franchise en base) has no VAT number to show',
    path: ['vatNumber'],
    when: (p) => p.issues.length === 0,
  })

export const ZContact = z.strictObject({
  email: ZEmail.nullable(),
  phone: ZPhone.nullable(),
  website: z.url({ protocol: /^https?$/ }).max(300).nullable(),
})

export const ZLieuIdentity = z.strictObject({
  name: z.string().trim().min(1).max(120),
  description: z.string().max(4000),
  timeZone: ZTimeZone,
  address: ZAddress,
  contact: ZContact,
  legal: ZLegalIdentity,
})

export const ZCreateLieuRequest = ZLieuIdentity.extend({
  slug: ZSlug,
  networkId: z.uuid().nullable().default(null),
})
export type CreateLieuRequest = z.input<typeof ZCreateLieuRequest>

export const ZUpdateLieuRequest = ZLieuIdentity.partial()
export type UpdateLieuRequest = z.input<typeof ZUpdateLieuRequest>

export const ZWeekday = z.number().int().min(1).max(7)

export const ZOpeningInterval = z
  .strictObject({ weekday: ZWeekday, start: ZLocalTime, end: ZLocalTime })
  .refine((i) => timeToMinutes(i.start) < timeToMinutes(i.end), {
    message: 'end must be after start',
    path: ['end'],
    when: (p) => p.issues.length === 0,
  })
export type OpeningInterval = z.infer<typeof ZOpeningInterval>

/** The whole week, replaced at once; intervals of one day must not overlap. */
export const ZOpeningHoursRequest = z
  .strictObject({ intervals: z.array(ZOpeningInterval).max(70) })
  .superRefine((v, ctx) => {
    // Overlaps only mean something once every interval is itself valid.
    if (!v.intervals.every((i) => ZOpeningInterval.safeParse(i).success)) return
    const sorted = v.intervals
      .map((iv, index) => ({ ...iv, index, s: timeToMinutes(iv.start), e: timeToMinutes(iv.end) }))
      .sort((a, b) => a.weekday - b.weekday || a.s - b.s)
    for (let k = 1; k < sorted.length; k++) {
      const prev = sorted[k - 1]!
      const cur = sorted[k]!
      if (prev.weekday === cur.weekday && cur.s < prev.e) {
        ctx.addIssue({ code: 'custom', message: 'overlaps another interval of the same day', path: ['intervals', cur.index, 'start'] })
      }
    }
  })
export type OpeningHoursRequest = z.input<typeof ZOpeningHoursRequest>

export const ZClosureRequest = z
  .strictObject({ startDate: ZLocalDate, endDate: ZLocalDate, reason: z.string().trim().min(1).max(200) })
  .refine((c) => c.endDate >= c.startDate, {
    message: 'end date must not be before start date',
    path: ['endDate'],
    when: (p) => p.issues.length === 0,
  })
export type ClosureRequest = z.input<typeof ZClosureRequest>

export const ZClosureDto = z.object({ id: z.uuid(), startDate: z.string(), endDate: z.string(), reason: z.string() })
export type ClosureDto = z.infer<typeof ZClosureDto>

export const ZLieuDto = z.object({
  id: z.uuid(),
  slug: z.string(),
  name: z.string(),
  description: z.string(),
  timeZone: z.string(),
  network: z.object({ id: z.uuid(), slug: z.string(), name: z.string() }).nullable(),
  address: ZAddress,
  contact: z.object({ email: z.string().nullable(), phone: z.string().nullable(), website: z.string().nullable() }),
  legal: z.object({
    legalName: z.string(),
    siret: z.string().nullable(),
    vatNumber: z.string().nullable(),
    vatExempt: z.boolean(),
  }),
  openingHours: z.array(z.object({ weekday: z.number(), start: z.string(), end: z.string() })),
  closures: z.array(ZClosureDto),
  /** The caller's role here, when logged in and a member (coordinators see `coordinator`). */
  myRole: z.enum(['owner', 'manager', 'member', 'coordinator']).nullable(),
})
export type LieuDto = z.infer<typeof ZLieuDto>

/** What anyone may see, without logging in. */
export const ZPublicLieuDto = ZLieuDto.pick({
  slug: true,
  name: true,
  description: true,
  timeZone: true,
  address: true,
  contact: true,
  openingHours: true,
}).extend({
  network: z.object({ slug: z.string(), name: z.string() }).nullable(),
  upcomingClosures: z.array(ZClosureDto.omit({ id: true })),
  openNow: z.boolean(),
  /** Next opening instant (ISO, with the lieu's offset) when closed now, within two weeks. */
  nextOpening: z.string().nullable(),
})
export type PublicLieuDto = z.infer<typeof ZPublicLieuDto>

export const ZTeamMemberDto = z.object({
  userId: z.uuid(),
  name: z.string(),
  email: z.string(),
  role: ZLieuRole,
  since: z.string(),
})
export type TeamMemberDto = z.infer<typeof ZTeamMemberDto>

export const ZInvitationDto = z.object({
  id: z.uuid(),
  email: z.string(),
  role: ZLieuRole,
  expiresAt: z.string(),
  createdAt: z.string(),
})
export type InvitationDto = z.infer<typeof ZInvitationDto>

export const ZTeamDto = z.object({ members: z.array(ZTeamMemberDto), invitations: z.array(ZInvitationDto) })
export type TeamDto = z.infer<typeof ZTeamDto>

export const ZInviteRequest = z.strictObject({ email: ZEmail, role: ZLieuRole.default('member') })
export type InviteRequest = z.input<typeof ZInviteRequest>

export const ZChangeRoleRequest = z.strictObject({ role: ZLieuRole })

export const ZInvitationPreviewDto = z.object({
  lieu: z.object({ slug: z.string(), name: z.string() }),
  email: z.string(),
  role: ZLieuRole,
  expiresAt: z.string(),
})

export const ZNetworkDto = z.object({
  id: z.uuid(),
  slug: z.string(),
  name: z.string(),
  description: z.string(),
  lieux: z.array(z.object({ id: z.uuid(), slug: z.string(), name: z.string(), city: z.string() })),
})
export type NetworkDto = z.infer<typeof ZNetworkDto>
