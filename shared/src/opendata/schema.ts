import { z } from 'zod'

// Open data: public, cacheable, CORS-enabled. No personal data, ever. See docs/open-data.md.

export const ZSeatsFreeByKind = z.object({
  /** Desks free now (not booked, not out of service). */
  desk: z.number().int(),
  /** Seats free now across the zones. */
  zone: z.number().int(),
  /** Rooms free now. */
  room: z.number().int(),
  /** Machines free now. */
  machine: z.number().int(),
})
export type SeatsFreeByKind = z.infer<typeof ZSeatsFreeByKind>

/** `GET /api/v1/open-data/lieux/:slug` */
export const ZOpenDataLieu = z.object({
  name: z.string(),
  slug: z.string(),
  city: z.string(),
  /** IANA zone of the lieu (to show nextOpening in local time). */
  timeZone: z.string(),
  openNow: z.boolean(),
  /** Next opening (ISO 8601 with the lieu's offset) when closed, within two weeks; else null. */
  nextOpening: z.string().nullable(),
  /** Free now; all zero while the lieu is closed. */
  seatsFreeByKind: ZSeatsFreeByKind,
  /** When these numbers were computed (ISO, UTC). */
  updatedAt: z.string(),
})
export type OpenDataLieu = z.infer<typeof ZOpenDataLieu>

/** `GET /api/v1/open-data/networks/:slug` */
export const ZOpenDataNetwork = z.object({
  network: z.object({ name: z.string(), slug: z.string() }),
  lieux: z.array(ZOpenDataLieu),
  updatedAt: z.string(),
})
export type OpenDataNetwork = z.infer<typeof ZOpenDataNetwork>
