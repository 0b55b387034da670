import { z } from 'zod'

export const ZLocale = z.enum(['fr', 'en'])
export type Locale = z.infer<typeof ZLocale>

export const ZEmail = z
  .string()
  .trim()
  .max(254)
  .pipe(z.email({ message: 'invalid e-mail address' }))
  .transform((e) => e.toLowerCase())

/** ASVS 6.2: at least 8 characters (we ask 10), at most 128, any character allowed. */
export const ZNewPassword = z
  .string()
  .min(10, { message: 'at least 10 characters' })
  .max(128, { message: 'at most 128 characters' })

export const ZPersonName = z.string().trim().min(1, { message: 'required' }).max(120)
export const ZPhone = z
  .string()
  .trim()
  .max(30)
  .regex(/^\+?[0-9 ().-]{6,30}$/, { message: 'invalid phone number' })

export const ZRegisterRequest = z.strictObject({
  email: ZEmail,
  password: ZNewPassword,
  name: ZPersonName,
  locale: ZLocale.default('fr'),
})
export type RegisterRequest = z.input<typeof ZRegisterRequest>

export const ZLoginRequest = z.strictObject({
  email: ZEmail,
  password: z.string().min(1, { message: 'required' }).max(128),
})
export type LoginRequest = z.input<typeof ZLoginRequest>

export const ZTokenRequest = z.strictObject({ token: z.string().min(16).max(128) })

export const ZResendVerificationRequest = z.strictObject({ email: ZEmail })

export const ZPasswordResetRequest = z.strictObject({ email: ZEmail })
export const ZPasswordResetConfirm = z.strictObject({
  token: z.string().min(16).max(128),
  password: ZNewPassword,
})

export const ZChangePasswordRequest = z.strictObject({
  currentPassword: z.string().min(1).max(128),
  newPassword: ZNewPassword,
})

export const ZLieuRole = z.enum(['owner', 'manager', 'member'])
export type LieuRole = z.infer<typeof ZLieuRole>

export const ZMeDto = z.object({
  id: z.uuid(),
  email: z.string(),
  name: z.string(),
  phone: z.string().nullable(),
  locale: ZLocale,
  emailVerified: z.boolean(),
  visibleToCommunity: z.boolean(),
  lieux: z.array(z.object({ id: z.uuid(), slug: z.string(), name: z.string(), role: ZLieuRole })),
  networks: z.array(z.object({ id: z.uuid(), slug: z.string(), name: z.string() })),
  employers: z.array(z.object({ id: z.uuid(), name: z.string(), role: z.enum(['admin', 'employee']) })),
})
export type MeDto = z.infer<typeof ZMeDto>

export const ZUpdateProfileRequest = z
  .strictObject({
    name: ZPersonName,
    phone: ZPhone.nullable(),
    locale: ZLocale,
    visibleToCommunity: z.boolean(),
  })
  .partial()
export type UpdateProfileRequest = z.input<typeof ZUpdateProfileRequest>

export const ZDeleteAccountRequest = z.strictObject({ password: z.string().min(1).max(128) })

export const ZSessionDto = z.object({
  id: z.string(),
  current: z.boolean(),
  createdAt: z.string(),
  lastSeenAt: z.string(),
  userAgent: z.string().nullable(),
})
export type SessionDto = z.infer<typeof ZSessionDto>
