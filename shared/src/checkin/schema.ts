import { z } from 'zod'
import { ZResourceKind } from '../resources/schema.ts'
import { ZBookingStatus } from '../bookings/schema.ts'
import { ZOccupancy } from '../live/schema.ts'

// Check-in at the door: QR codes (a booking's, a member's card), kiosk and lobby devices, the
// kiosk API and the lobby screen's data. Devices authenticate with `Authorization: Device <token>`.

// ─── Codes ───────────────────────────────────────────────────────────────────

/**
 * A check-in code: the token string the QR code holds (scan it, or type it, and send it to
 * `POST /kiosk/scan`). `qrSvg` is a complete `<svg>` element (black on white, scalable).
 */
export const ZCheckInCodeDto = z.object({
  code: z.string(),
  /** The code stops working at this instant (ISO): the end of the booking. */
  expiresAt: z.string(),
  /** The code is accepted from this instant (ISO): 30 minutes before the start. */
  validFrom: z.string(),
  qrSvg: z.string(),
})
export type CheckInCodeDto = z.infer<typeof ZCheckInCodeDto>

/** A member card: identifies the member at a kiosk (walk-ins, today's bookings); valid 12 hours. */
export const ZMemberCodeDto = z.object({
  code: z.string(),
  expiresAt: z.string(),
  qrSvg: z.string(),
})
export type MemberCodeDto = z.infer<typeof ZMemberCodeDto>

// ─── Devices ─────────────────────────────────────────────────────────────────

export const ZDeviceKind = z.enum(['kiosk', 'lobby'])
export type DeviceKind = z.infer<typeof ZDeviceKind>

export const ZCreateDeviceRequest = z.strictObject({
  kind: ZDeviceKind,
  name: z.string().trim().min(1).max(80),
})
export type CreateDeviceRequest = z.input<typeof ZCreateDeviceRequest>

export const ZDeviceDto = z.object({
  id: z.uuid(),
  lieuId: z.uuid(),
  kind: ZDeviceKind,
  name: z.string(),
  createdAt: z.string(),
  /** Updated at most once a minute. */
  lastSeenAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
})
export type DeviceDto = z.infer<typeof ZDeviceDto>

/** The token is shown once, here; only its hash is kept. Send it as `Authorization: Device <token>`. */
export const ZCreatedDeviceDto = z.object({ device: ZDeviceDto, token: z.string() })
export type CreatedDeviceDto = z.infer<typeof ZCreatedDeviceDto>

/** `GET /device/me`: what the token is (kiosk and lobby pages call it first). */
export const ZDeviceSelfDto = z.object({
  id: z.uuid(),
  kind: ZDeviceKind,
  name: z.string(),
  lieu: z.object({ id: z.uuid(), slug: z.string(), name: z.string(), timeZone: z.string() }),
})
export type DeviceSelfDto = z.infer<typeof ZDeviceSelfDto>

// ─── Kiosk ───────────────────────────────────────────────────────────────────

/** A scanned or typed code: a booking's check-in code or a member card. */
export const ZKioskScanRequest = z.strictObject({ code: z.string().trim().min(1).max(512) })
export type KioskScanRequest = z.input<typeof ZKioskScanRequest>

/** Check in one of the bookings a member card listed. */
export const ZKioskCheckInRequest = z.strictObject({ memberCode: z.string().trim().min(1).max(512), bookingId: z.uuid() })
export type KioskCheckInRequest = z.input<typeof ZKioskCheckInRequest>

/** A walk-in: a booking on a zone (or a free desk) from now, checked in at once. */
export const ZKioskWalkInRequest = z.strictObject({ memberCode: z.string().trim().min(1).max(512), resourceId: z.uuid() })
export type KioskWalkInRequest = z.input<typeof ZKioskWalkInRequest>

/** What a kiosk shows of a booking: the member's first name only. */
export const ZKioskBookingDto = z.object({
  id: z.uuid(),
  firstName: z.string(),
  resource: z.object({ id: z.uuid(), name: z.string(), kind: ZResourceKind }),
  startsAt: z.string(),
  endsAt: z.string(),
  seats: z.number().int(),
  status: ZBookingStatus,
})
export type KioskBookingDto = z.infer<typeof ZKioskBookingDto>

/** A booking code scanned, a listed booking checked in, or a walk-in made. */
export const ZKioskBookingResult = z.object({
  kind: z.literal('booking'),
  action: z.enum(['checked_in', 'checked_out']),
  booking: ZKioskBookingDto,
})
export type KioskBookingResult = z.infer<typeof ZKioskBookingResult>

/** A zone with seats free now, or a free desk: where a walk-in can sit, and until when. */
export const ZWalkInOptionDto = z.object({
  resourceId: z.uuid(),
  name: z.string(),
  kind: z.enum(['zone', 'desk']),
  seatsFree: z.number().int(),
  /** The walk-in booking would start now (on the grid) and end here. */
  startsAt: z.string(),
  endsAt: z.string(),
})
export type WalkInOptionDto = z.infer<typeof ZWalkInOptionDto>

/** A member card scanned: who, their bookings of today in this lieu, and walk-in choices. */
export const ZKioskMemberResult = z.object({
  kind: z.literal('member'),
  member: z.object({ firstName: z.string() }),
  /** Today's bookings of the member here that can be checked in (or out) now or later today. */
  bookings: z.array(ZKioskBookingDto),
  walkIn: z.array(ZWalkInOptionDto),
})
export type KioskMemberResult = z.infer<typeof ZKioskMemberResult>

export const ZKioskScanResult = z.discriminatedUnion('kind', [ZKioskBookingResult, ZKioskMemberResult])
export type KioskScanResult = z.infer<typeof ZKioskScanResult>

// ─── Lobby ───────────────────────────────────────────────────────────────────

export const ZLobbyRoomDto = z.object({
  id: z.uuid(),
  name: z.string(),
  capacity: z.number().int(),
  outOfService: z.boolean(),
  busyNow: z.boolean(),
  /** End of the booking in progress (ISO), when busy. */
  currentEndsAt: z.string().nullable(),
  /** The next booking today after now (or after the current one). */
  next: z.object({ startsAt: z.string(), endsAt: z.string() }).nullable(),
})
export type LobbyRoomDto = z.infer<typeof ZLobbyRoomDto>

export const ZLobbyMachineDto = z.object({
  id: z.uuid(),
  name: z.string(),
  outOfService: z.boolean(),
  /** Today's active bookings (local day of the lieu), in order; no names. */
  bookings: z.array(z.object({ startsAt: z.string(), endsAt: z.string() })),
})
export type LobbyMachineDto = z.infer<typeof ZLobbyMachineDto>

/**
 * `GET /lobby` (a lobby or kiosk device): everything the entrance screen shows, no personal data.
 * `occupancy` is the live occupancy snapshot in its public audience (ZOccupancy of
 * shared/src/live/schema.ts); live updates then come over Socket.IO.
 */
export const ZLobbyDto = z.object({
  lieu: z.object({ id: z.uuid(), name: z.string(), timeZone: z.string() }),
  now: z.string(),
  occupancy: ZOccupancy,
  rooms: z.array(ZLobbyRoomDto),
  machines: z.array(ZLobbyMachineDto),
})
export type LobbyDto = z.infer<typeof ZLobbyDto>
