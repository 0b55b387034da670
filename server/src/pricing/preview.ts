import type { z } from 'zod'
import type { PricePreviewDto, ZPricePreviewQuery } from '@fabrique/shared/pricing/schema'
import type { AppDeps } from '../app-deps.ts'
import { AppError, forbidden, notFound } from '../http/problem.ts'
import { canManage, lieuAccess } from '../lieux/access.ts'
import { loadResourceContext } from '../bookings/context.ts'
import { decideEmployer, pricingInput } from './booking-payment.ts'
import { priceBooking } from './price.ts'

/**
 * What a slot would cost the caller (or, for a manager, a member of the lieu) and how it would be
 * paid, by the rules a booking made now would follow. Seen by whoever may see the availability.
 * Nothing is reserved: a concurrent booking may spend the credits or the pass first.
 */
export async function pricePreview(
  deps: AppDeps,
  actor: { id: string },
  lieuId: string,
  resourceId: string,
  q: z.output<typeof ZPricePreviewQuery>,
): Promise<PricePreviewDto> {
  const { db } = deps
  const access = await lieuAccess(db, actor.id, lieuId)
  const ctx = await loadResourceContext(db, resourceId)
  if (!ctx || ctx.lieuId !== lieuId || ctx.archived) throw notFound('resource')
  let userId = actor.id
  if (q.forUserId && q.forUserId !== actor.id) {
    if (!canManage(access)) throw forbidden('only managers see the price for a member')
    const m = await db.lieuMembership.findUnique({ where: { lieuId_userId: { lieuId, userId: q.forUserId } } })
    if (!m) throw new AppError('validation_failed', 'this person is not a member of the lieu', { errors: [{ field: 'forUserId', message: 'not a member of the lieu' }] })
    userId = q.forUserId
  }
  const slot = { userId, start: new Date(q.startsAt), end: new Date(q.endsAt), seats: 1, paidBy: q.paidBy, employerId: q.employerId }
  const employer = await decideEmployer(db, ctx, slot)
  const plan = priceBooking(await pricingInput(db, ctx, slot, employer))
  return {
    priceExclCents: plan.priceExclCents,
    vatCents: plan.vatCents,
    priceInclCents: plan.priceInclCents,
    vatRateBp: plan.vatRateBp,
    means: plan.means,
    ...(plan.creditMinutes !== undefined && { creditMinutes: plan.creditMinutes }),
    ...(plan.pass && { passId: plan.pass.id }),
    ...(plan.employer && { employer: { id: plan.employer.employerId, name: plan.employer.employerName } }),
    employerRefusals: employer.refusals.map((r) => ({ employerId: r.employerId, reason: r.reason, message: r.message })),
    label: plan.label,
  }
}
