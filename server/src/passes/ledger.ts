import { DateTime } from 'luxon'
import type { Tx } from '../db/prisma.ts'
import { AppError, notFound } from '../http/problem.ts'

/**
 * A pass until the end of the local day, `validityDays` days counting the day of purchase (a day
 * pass bought at 15:00 is valid until midnight, lieu time).
 */
export function passValidUntil(soldAt: Date, validityDays: number, zone: string): Date {
  return DateTime.fromJSDate(soldAt, { zone }).startOf('day').plus({ days: validityDays }).toJSDate()
}

/**
 * Uses `amount` of a pass (days of a day pass or carnet, minutes of an hour pack) for a use at
 * `at` (a booking's start), in the caller's transaction. Locks the pass row and answers
 * `pass_expired` / `pass_exhausted` without failing a statement, so the caller's transaction stays
 * usable; the CHECK (remaining ≥ 0) stays the guarantee. Returns what remains.
 */
export async function usePass(
  tx: Tx,
  passId: string,
  amount: number,
  at: Date,
): Promise<{ remaining: number }> {
  if (!Number.isInteger(amount) || amount <= 0)
    throw new RangeError(`usePass: amount must be a positive integer, got ${amount}`)
  const rows = await tx.$queryRaw<
    { remaining: number; valid_until: Date }[]
  >`SELECT remaining, valid_until FROM passes WHERE id = ${passId}::uuid FOR UPDATE`
  const p = rows[0]
  if (!p) throw notFound('pass')
  if (at >= p.valid_until)
    throw new AppError('pass_expired', `this pass was valid until ${p.valid_until.toISOString()}`)
  if (p.remaining < amount)
    throw new AppError('pass_exhausted', `${p.remaining} left on this pass, ${amount} needed`)
  const updated = await tx.$queryRaw<
    { remaining: number }[]
  >`UPDATE passes SET remaining = remaining - ${amount} WHERE id = ${passId}::uuid RETURNING remaining`
  return { remaining: updated[0]!.remaining }
}

/** Gives back what `usePass` took (a booking cancelled in time); never beyond the product's quantity. */
export async function returnToPass(tx: Tx, passId: string, amount: number): Promise<{ remaining: number }> {
  if (!Number.isInteger(amount) || amount <= 0)
    throw new RangeError(`returnToPass: amount must be a positive integer, got ${amount}`)
  const updated = await tx.$queryRaw<{ remaining: number }[]>`
    UPDATE passes p SET remaining = LEAST(p.remaining + ${amount}, pp.quantity)
    FROM pass_products pp WHERE p.id = ${passId}::uuid AND pp.id = p.product_id RETURNING p.remaining`
  if (!updated[0]) throw notFound('pass')
  return { remaining: updated[0].remaining }
}
