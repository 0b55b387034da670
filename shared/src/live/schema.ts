// Live occupancy over Socket.IO: the event payloads shared by the server and the clients.
//
// Protocol (see docs/live.md):
//  - connect to path /socket.io with the session cookie (browsers) or `auth: { deviceToken }`
//    (a lobby or kiosk Device: read-only, public audience, its own lieu only);
//  - emit `lieu:join` { lieuId } with an ack → { ok: true, snapshot } or { ok: false, code };
//  - receive `occupancy` (the lieu's whole state, with its sequence number `seq`) after each
//    committed change; a client whose last seq is S and receives S' > S + 1 (or that reconnects
//    without recovery) emits `lieu:join` again to reload the snapshot; S' <= S is stale: ignore it;
//  - emit `lieu:leave` { lieuId } to stop receiving a lieu.
import { z } from 'zod'
import { ZResourceKind } from '../resources/schema.ts'

/** free: nothing now; booked: an active booking covers now, nobody checked in; in_use: checked in. */
export const ZResourceLiveState = z.enum(['free', 'booked', 'in_use', 'out_of_service'])
export type ResourceLiveState = z.infer<typeof ZResourceLiveState>

export const ZResourceLive = z.object({
  resourceId: z.uuid(),
  name: z.string(),
  kind: ZResourceKind,
  /** People for a room, seats for a zone, 1 for a desk or a machine. */
  capacity: z.number().int(),
  state: ZResourceLiveState,
  /** Present only when state is out_of_service (may be null then too). */
  outOfServiceReason: z.string().nullable(),
  /** Seats taken now by active bookings (a zone: sum of seats; elsewhere 0 or 1). */
  seatsBooked: z.number().int().min(0),
  /** Of those, seats whose booking is checked in. */
  seatsCheckedIn: z.number().int().min(0),
  /** Start (ISO) of the next booking later today (lieu's time zone), or null. */
  nextStartsAt: z.string().nullable(),
  /** State free: until when (ISO) it stays free — the next booking's start today; null when free for the rest of the day (or not free). */
  freeUntil: z.string().nullable(),
  /** State booked / in_use: when the current occupation ends (ISO; back-to-back bookings chained); null otherwise. */
  busyUntil: z.string().nullable(),
})
export type ResourceLive = z.infer<typeof ZResourceLive>

/** Someone checked in now. */
export const ZPersonIn = z.object({
  /** The booking they are checked in on (to check them out). */
  bookingId: z.uuid(),
  userId: z.uuid(),
  name: z.string(),
  resourceId: z.uuid(),
  /** Check-in time (ISO). */
  since: z.string(),
})
export type PersonIn = z.infer<typeof ZPersonIn>

/** Who is looking: decides whether names are included. */
export const ZLiveAudience = z.enum(['managers', 'members', 'public'])
export type LiveAudience = z.infer<typeof ZLiveAudience>

export const ZOccupancy = z.object({
  lieuId: z.uuid(),
  /** The lieu's live sequence number: +1 per announced change. */
  seq: z.number().int().min(0),
  /** When it was computed (ISO). */
  at: z.string(),
  /** The lieu is open now (opening hours minus closures). */
  openNow: z.boolean(),
  /** When closed: the next opening (ISO with the lieu's offset) within two weeks, else null. */
  nextOpening: z.string().nullable(),
  /**
   * Seats to work at, in service: zone seats (capacity) plus hot desks (1 each; a desk dedicated
   * to a member is not counted). Rooms and machines are not seats: read their own state.
   */
  seatsTotal: z.number().int().min(0),
  /** seatsTotal minus the seats booked now (checked in or not). Not forced to 0 when closed: read openNow. */
  seatsFreeNow: z.number().int().min(0),
  resources: z.array(ZResourceLive),
  /**
   * People checked in now. managers: everyone; members: only people who chose to be visible to the
   * community; public (lobby/kiosk devices): null.
   */
  peopleIn: z.array(ZPersonIn).nullable(),
})
export type Occupancy = z.infer<typeof ZOccupancy>

// ─── Socket events ───────────────────────────────────────────────────────────

export const ZLieuJoinRequest = z.strictObject({ lieuId: z.uuid() })
export type LieuJoinRequest = z.infer<typeof ZLieuJoinRequest>
export const ZLieuLeaveRequest = ZLieuJoinRequest
export type LieuLeaveRequest = LieuJoinRequest

/** Why a join is refused: bad_request (payload), not_found (no such lieu, or not yours), unauthenticated. */
export const ZLiveErrorCode = z.enum(['bad_request', 'not_found', 'unauthenticated', 'internal'])
export type LiveErrorCode = z.infer<typeof ZLiveErrorCode>

export const ZLieuJoinAck = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), audience: ZLiveAudience, snapshot: ZOccupancy }),
  z.object({ ok: z.literal(false), code: ZLiveErrorCode }),
])
export type LieuJoinAck = z.infer<typeof ZLieuJoinAck>

export const ZLieuLeaveAck = z.object({ ok: z.boolean() })
export type LieuLeaveAck = z.infer<typeof ZLieuLeaveAck>

/** Event names, shared so nobody misspells one. */
export const liveEvents = {
  join: 'lieu:join',
  leave: 'lieu:leave',
  occupancy: 'occupancy',
} as const

/** Socket.IO typings (`new Server<ClientToServerEvents, ServerToClientEvents>()`, `io<ServerToClientEvents, ClientToServerEvents>()`). */
export interface ServerToClientEvents {
  occupancy: (o: Occupancy) => void
}
export interface ClientToServerEvents {
  'lieu:join': (req: LieuJoinRequest, ack: (a: LieuJoinAck) => void) => void
  'lieu:leave': (req: LieuLeaveRequest, ack?: (a: LieuLeaveAck) => void) => void
}

/** Connect-time refusal messages (`socket.on('connect_error', e => e.message)`). */
export const liveConnectErrors = { unauthenticated: 'unauthenticated' } as const

/** The socket.io path on the server. */
export const livePath = '/socket.io'
