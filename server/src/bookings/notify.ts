import type { AppDeps } from '../app-deps.ts'
import type { Tx } from '../db/prisma.ts'
import type { ResourceContext } from './context.ts'

export type BookingEvent = 'created' | 'confirmed' | 'moved' | 'cancelled'

/**
 * Queues what follows a booking change, inside its transaction (no e-mail for a rolled-back
 * booking, none lost for a committed one): the e-mail, the reminder the day before, and the
 * no-show check after the start.
 */
export async function afterBookingWrite(deps: AppDeps, tx: Tx, event: BookingEvent, bookingId: string, ctx: ResourceContext) {
  const b = await tx.booking.findUniqueOrThrow({ where: { id: bookingId }, select: { startsAt: true, status: true } })
  if (event === 'cancelled') {
    await deps.jobs.enqueue('email.booking_cancelled', { bookingId }, {}, tx)
    return
  }
  await deps.jobs.enqueue('email.booking_confirmed', { bookingId }, {}, tx)
  if (b.status !== 'confirmed') return
  const start = b.startsAt.getTime()
  await deps.jobs.enqueue('email.booking_reminder', { bookingId }, { startAfter: new Date(start - 24 * 3600_000), singletonKey: `reminder:${bookingId}:${start}` }, tx)
  await deps.jobs.enqueue(
    'bookings.no_show',
    { bookingId },
    { startAfter: new Date(start + ctx.rules.noShowAfterMinutes * 60_000), singletonKey: `no-show:${bookingId}:${start}` },
    tx,
  )
}
