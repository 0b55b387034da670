import type { AppDeps } from '../app-deps.ts'
import type { Tx } from '../db/prisma.ts'
import type { JobRequest } from '../jobs/types.ts'
import type { ResourceContext } from './context.ts'

export type BookingEvent = 'created' | 'confirmed' | 'moved' | 'cancelled'

/** What the follow-up jobs depend on: the booking as written in this transaction. */
export interface WrittenBooking {
  id: string
  startsAt: Date
  status: string
}

/**
 * Queues what follows a booking change, inside its transaction (no e-mail for a rolled-back
 * booking, none lost for a committed one): the e-mail, the reminder the day before, and the
 * no-show check after the start, in one statement. Given the booking as just written, nothing is
 * read again; given its id, it is read in the transaction (a caller that changed it afterwards).
 */
export async function afterBookingWrite(deps: AppDeps, tx: Tx, event: BookingEvent, booking: string | WrittenBooking, ctx: ResourceContext) {
  const b = typeof booking === 'string' ? await tx.booking.findUniqueOrThrow({ where: { id: booking }, select: { id: true, startsAt: true, status: true } }) : booking
  const bookingId = b.id
  if (event === 'cancelled') {
    await deps.jobs.enqueue('email.booking_cancelled', { bookingId }, {}, tx)
    return
  }
  const jobs: JobRequest[] = [{ name: 'email.booking_confirmed', payload: { bookingId } }]
  if (b.status === 'confirmed') {
    const start = b.startsAt.getTime()
    jobs.push(
      { name: 'email.booking_reminder', payload: { bookingId }, opts: { startAfter: new Date(start - 24 * 3600_000), singletonKey: `reminder:${bookingId}:${start}` } },
      { name: 'bookings.no_show', payload: { bookingId }, opts: { startAfter: new Date(start + ctx.rules.noShowAfterMinutes * 60_000), singletonKey: `no-show:${bookingId}:${start}` } },
    )
  }
  await deps.jobs.enqueueAll(jobs, tx)
}
