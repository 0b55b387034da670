import { DateTime } from 'luxon'
import rrulePkg from 'rrule'
import type { z } from 'zod'
import type { SeriesDto, ZCancelSeriesRequest, ZCreateSeriesRequest } from '@fabrique/shared/bookings/schema'
import type { AppDeps } from '../app-deps.ts'
import { AppError, notFound } from '../http/problem.ts'
import { canManage, managesLieu } from '../lieux/access.ts'
import { checkPlacement, placeInTransaction, type Placement } from './engine.ts'
import { afterBookingWrite } from './notify.ts'
import { accessFor, resourceOrNotFound } from './service.ts'
import { transaction } from './transaction.ts'
import { offerFreedSlot } from './waitlist.ts'
import { releasePayment } from '../pricing/booking-payment.ts'

const { RRule } = rrulePkg

type SeriesInput = z.output<typeof ZCreateSeriesRequest>

/**
 * Local wall-clock starts of a daily or weekly series. The RRULE is evaluated on "floating" dates
 * (wall-clock fields carried in UTC) and each occurrence is then placed in the lieu's zone, so
 * 9:00 stays 9:00 across DST. A wall-clock time that does not exist that day (spring forward)
 * moves forward with the clock, as luxon does.
 */
export function expandSeries(input: Pick<SeriesInput, 'localStart' | 'frequency' | 'interval' | 'byWeekday' | 'count' | 'until'>, zone: string) {
  const first = DateTime.fromISO(input.localStart, { zone })
  // The same wall-clock fields in UTC (Date.UTC would map years 0–99 to 1900–1999).
  const floating = first.setZone('utc', { keepLocalTime: true }).toJSDate()
  const weekdays = [RRule.MO, RRule.TU, RRule.WE, RRule.TH, RRule.FR, RRule.SA, RRule.SU]
  const rule = new RRule({
    freq: input.frequency === 'daily' ? RRule.DAILY : RRule.WEEKLY,
    interval: input.interval,
    dtstart: floating,
    ...(input.frequency === 'weekly' && { byweekday: (input.byWeekday ?? [first.weekday]).map((d) => weekdays[d - 1]!) }),
    ...(input.count !== undefined && { count: input.count }),
    ...(input.until !== undefined && { until: new Date(`${input.until}T23:59:59Z`) }),
  })
  const dates = rule.all((_d, i) => i < 200)
  return {
    rrule: rule.toString(),
    starts: dates.map((d) =>
      DateTime.fromObject(
        { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), hour: d.getUTCHours(), minute: d.getUTCMinutes() },
        { zone },
      ),
    ),
  }
}

export function seriesService(deps: AppDeps) {
  const { db, clock } = deps
  return {
    /** Books every occurrence it can; each one's outcome is reported instead of failing the whole series. */
    async create(actor: { id: string }, input: SeriesInput): Promise<SeriesDto> {
      const ctx = await resourceOrNotFound(deps, input.resourceId)
      const access = await accessFor(deps, actor, ctx).catch(() => {
        throw new AppError('not_found', 'resource not found', { errors: [{ field: 'resourceId', message: 'no such resource' }] })
      })
      const asManager = access !== 'public' && canManage(access)
      let userId = actor.id
      if (input.forUserId && input.forUserId !== actor.id) {
        if (!asManager) throw new AppError('forbidden', 'only managers book on behalf of a member')
        const m = await db.lieuMembership.findUnique({ where: { lieuId_userId: { lieuId: ctx.lieuId, userId: input.forUserId } } })
        if (!m) throw new AppError('validation_failed', 'not a member of the lieu', { errors: [{ field: 'forUserId', message: 'not a member of the lieu' }] })
        userId = input.forUserId
      }
      const first = DateTime.fromISO(input.localStart, { zone: ctx.zone })
      if (!first.isValid) throw new AppError('validation_failed', 'invalid start', { errors: [{ field: 'localStart', message: 'invalid local date-time' }] })
      const { rrule, starts } = expandSeries(input, ctx.zone)
      if (starts.length === 0) throw new AppError('validation_failed', 'no occurrence before until', { errors: [{ field: 'until', message: 'before the first occurrence' }] })
      const series = await db.bookingSeries.create({
        data: { resourceId: ctx.id, userId, rrule, localStart: input.localStart.slice(0, 16), durationMinutes: input.durationMinutes, timeZone: ctx.zone },
      })
      const isMember = access === 'owner' || access === 'manager' || access === 'member'
      const occurrences: SeriesDto['occurrences'] = []
      for (const s of starts) {
        const start = s.toJSDate()
        // Wall-clock duration: 9:00–12:00 stays 9:00–12:00 whatever the day's length.
        const end = s.plus({ minutes: input.durationMinutes }).toJSDate()
        const placement: Placement = { ctx, userId, actorId: actor.id, asManager, start, end, seats: input.seats, note: input.note, seriesId: series.id, paidBy: input.paidBy, employerId: input.employerId }
        try {
          await checkPlacement(deps, placement, isMember)
          const b = await transaction(deps, async (tx) => {
            const row = await placeInTransaction(deps, tx, placement)
            await afterBookingWrite(deps, tx, 'created', row, ctx)
            return row
          })
          occurrences.push({ startsAt: start.toISOString(), endsAt: end.toISOString(), outcome: 'booked', bookingId: b.id, code: null, detail: null })
        } catch (e) {
          if (!(e instanceof AppError) || e.status >= 500) throw e
          occurrences.push({
            startsAt: start.toISOString(),
            endsAt: end.toISOString(),
            outcome: e.code === 'booking_conflict' ? 'conflict' : 'refused',
            bookingId: null,
            code: e.code,
            detail: e.message,
          })
        }
      }
      deps.live.lieuChanged(ctx.lieuId)
      return { id: series.id, rrule, occurrences }
    },

    /** Cancels one occurrence, it and the following ones, or every one still to come. */
    async cancel(actor: { id: string }, seriesId: string, input: z.output<typeof ZCancelSeriesRequest>) {
      const series = await db.bookingSeries.findUnique({ where: { id: seriesId }, include: { resource: { select: { lieuId: true } } } })
      if (!series) throw notFound('series')
      const manager = await managesLieu(db, actor.id, series.resource.lieuId)
      if (series.userId !== actor.id && !manager) throw notFound('series')
      const now = clock.now()
      let from = now
      let only: string | undefined
      if (input.scope !== 'all') {
        if (!input.bookingId) throw new AppError('validation_failed', 'name the occurrence', { errors: [{ field: 'bookingId', message: 'required for this scope' }] })
        const pivot = await db.booking.findFirst({ where: { id: input.bookingId, seriesId } })
        if (!pivot) throw new AppError('validation_failed', 'not an occurrence of this series', { errors: [{ field: 'bookingId', message: 'not in this series' }] })
        if (input.scope === 'one') only = pivot.id
        else from = pivot.startsAt > now ? pivot.startsAt : now
      }
      const targets = await db.booking.findMany({
        where: { seriesId, status: { in: ['pending', 'confirmed'] }, ...(only ? { id: only } : { startsAt: { gte: from } }) },
        orderBy: { startsAt: 'asc' },
      })
      const ctx = (await resourceOrNotFound(deps, series.resourceId))
      const cancelled: string[] = []
      const refused: { bookingId: string; code: string }[] = []
      for (const b of targets) {
        if (!manager && now.getTime() > b.startsAt.getTime() - ctx.rules.cancellationDeadlineMinutes * 60_000) {
          refused.push({ bookingId: b.id, code: 'too_late_to_cancel' })
          continue
        }
        await transaction(deps, async (tx) => {
          await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`resource:${b.resourceId}`}, 0))`
          const r = await tx.booking.updateMany({
            where: { id: b.id, status: { in: ['pending', 'confirmed'] } },
            data: { status: 'cancelled', cancelledAt: now, cancelledById: actor.id, cancelReason: input.reason || null },
          })
          if (r.count === 1) {
            // Members only cancel in time, managers any time: the payment comes back either way.
            await releasePayment(tx, await tx.booking.findUniqueOrThrow({ where: { id: b.id } }), ctx.kind, now)
            await offerFreedSlot(deps, tx, ctx, b.startsAt, b.endsAt)
            await afterBookingWrite(deps, tx, 'cancelled', b.id, ctx)
            cancelled.push(b.id)
          }
        })
      }
      if (cancelled.length) deps.live.lieuChanged(ctx.lieuId)
      return { cancelled, refused }
    },
  }
}
