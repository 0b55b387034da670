import type { BookingDto } from '@fabrique/shared/bookings/schema'
import type { Prisma } from '@fabrique/prisma/client'
import type { PaymentMeans } from '@fabrique/shared/pricing/schema'
import { lineAmounts } from '../invoices/money.ts'

export const bookingInclude = {
  resource: { select: { id: true, name: true, kind: true } },
  user: { select: { id: true, name: true } },
} satisfies Prisma.BookingInclude

export type BookingRow = Prisma.BookingGetPayload<{ include: typeof bookingInclude }>

export function toBookingDto(
  b: Pick<BookingRow, 'id' | 'lieuId' | 'bookedById' | 'startsAt' | 'endsAt' | 'seats' | 'status' | 'note' | 'seriesId' | 'cancelReason' | 'checkedInAt' | 'checkedOutAt' | 'createdAt' | 'priceExclCents' | 'vatRateBp' | 'paymentMeans' | 'resource' | 'user'>,
  cancellationDeadlineMinutes: number,
): BookingDto {
  return {
    id: b.id,
    lieuId: b.lieuId,
    resource: b.resource,
    user: b.user,
    bookedById: b.bookedById,
    startsAt: b.startsAt.toISOString(),
    endsAt: b.endsAt.toISOString(),
    seats: b.seats,
    status: b.status,
    note: b.note,
    seriesId: b.seriesId,
    cancelReason: b.cancelReason,
    checkedInAt: b.checkedInAt?.toISOString() ?? null,
    checkedOutAt: b.checkedOutAt?.toISOString() ?? null,
    cancellableUntil: new Date(b.startsAt.getTime() - cancellationDeadlineMinutes * 60_000).toISOString(),
    createdAt: b.createdAt.toISOString(),
    price: bookingPrice(b),
  }
}

/** The price stored when booked (what is due in money) and its means; null before pricing existed. */
export function bookingPrice(b: { priceExclCents: number | null; vatRateBp: number | null; paymentMeans: string | null }) {
  if (b.paymentMeans === null || b.priceExclCents === null) return null
  const { totalInclCents } = lineAmounts({ quantity: 1, unitPriceExclCents: b.priceExclCents, vatRateBp: b.vatRateBp ?? 0 })
  return { priceInclCents: totalInclCents, means: b.paymentMeans as PaymentMeans }
}
