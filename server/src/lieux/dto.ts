import type { LieuDto, PublicLieuDto } from '@fabrique/shared/lieux/schema'
import { minutesToTime } from '@fabrique/shared/time/schema'
import type { LieuRow } from './repo.ts'
import type { LieuAccess } from './access.ts'
import { DateTime } from 'luxon'
import { openState } from './opening-hours.ts'

export const isoDate = (d: Date) => d.toISOString().slice(0, 10)

const hours = (row: LieuRow) =>
  row.openingHours.map((i) => ({ weekday: i.weekday, start: minutesToTime(i.startMinute), end: minutesToTime(i.endMinute) }))

export function toLieuDto(row: LieuRow, myRole: LieuAccess | null): LieuDto {
  return {
    id: row.id,
    slug: row.slug,
    name: row.name,
    description: row.description,
    timeZone: row.timeZone,
    network: row.network,
    address: { street: row.street, postalCode: row.postalCode, city: row.city, country: row.country },
    contact: { email: row.contactEmail, phone: row.contactPhone, website: row.website },
    legal: { legalName: row.legalName, siret: row.siret, vatNumber: row.vatNumber, vatExempt: row.vatExempt },
    openingHours: hours(row),
    closures: row.closures.map((c) => ({ id: c.id, startDate: isoDate(c.startDate), endDate: isoDate(c.endDate), reason: c.reason })),
    myRole,
  }
}

export function toPublicLieuDto(row: LieuRow, now: Date): PublicLieuDto {
  const closures = row.closures.map((c) => ({ startDate: isoDate(c.startDate), endDate: isoDate(c.endDate), reason: c.reason }))
  const state = openState(now, row.timeZone, row.openingHours, closures)
  const today = DateTime.fromJSDate(now, { zone: row.timeZone }).toISODate()!
  return {
    slug: row.slug,
    name: row.name,
    description: row.description,
    timeZone: row.timeZone,
    network: row.network ? { slug: row.network.slug, name: row.network.name } : null,
    address: { street: row.street, postalCode: row.postalCode, city: row.city, country: row.country },
    contact: { email: row.contactEmail, phone: row.contactPhone, website: row.website },
    openingHours: hours(row),
    upcomingClosures: closures.filter((c) => c.endDate >= today),
    ...state,
  }
}
