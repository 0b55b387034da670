import { randomUUID } from 'node:crypto'
import type { CreditEntry, CreditReason } from '@fabrique/prisma/client'
import type { Tx } from '../db/prisma.ts'
import { AppError } from '../http/problem.ts'

/**
 * The credit ledger: minutes of a resource kind, per member and lieu. Append-only (a trigger
 * refuses UPDATE and DELETE); every entry moves `credit_balances` in the same statement, and the
 * balance's CHECK (≥ 0) is the last word against an overdraft, whatever the concurrency.
 *
 * Every function runs inside the caller's transaction. With a `uniqueKey`, an operation happens at
 * most once: a retry (or a concurrent twin) returns the entry already written, `created: false`.
 * A debit first locks the balance row and answers `insufficient_credits` without failing a
 * statement, so the caller's transaction stays usable (e.g. to pay with a pass instead).
 */

export interface LedgerTarget {
  userId: string
  lieuId: string
  resourceKind: string
}

interface EntryInput extends LedgerTarget {
  minutes: number
  reason: CreditReason
  note?: string
  uniqueKey?: string | null
  bookingId?: string | null
  createdById?: string | null
  expiresAt?: Date | null
}

export interface LedgerResult {
  entry: CreditEntry
  /** False when the uniqueKey had already been used: nothing was written. */
  created: boolean
}

const isCheckViolation = (e: unknown) => {
  const s = `${String(e)} ${JSON.stringify((e as { meta?: unknown })?.meta ?? null)} ${String((e as { cause?: unknown })?.cause ?? '')}`
  return s.includes('23514') || s.includes('credit_balances_non_negative')
}

const insufficient = (t: LedgerTarget, wanted: number, balance: number) =>
  new AppError(
    'insufficient_credits',
    `${wanted} min of ${t.resourceKind} credits needed, ${balance} min available`,
  )

/** The balance in minutes (0 when nothing was ever credited). */
export async function balance(tx: Tx, t: LedgerTarget, opts: { forUpdate?: boolean } = {}): Promise<number> {
  const rows = opts.forUpdate
    ? await tx.$queryRaw<
        { minutes: number }[]
      >`SELECT minutes FROM credit_balances WHERE user_id = ${t.userId}::uuid AND lieu_id = ${t.lieuId}::uuid AND resource_kind = ${t.resourceKind} FOR UPDATE`
    : await tx.$queryRaw<
        { minutes: number }[]
      >`SELECT minutes FROM credit_balances WHERE user_id = ${t.userId}::uuid AND lieu_id = ${t.lieuId}::uuid AND resource_kind = ${t.resourceKind}`
  return rows[0]?.minutes ?? 0
}

async function existing(tx: Tx, e: EntryInput): Promise<LedgerResult | null> {
  if (!e.uniqueKey) return null
  const found = await tx.creditEntry.findUnique({ where: { uniqueKey: e.uniqueKey } })
  if (!found) return null
  if (
    found.userId !== e.userId ||
    found.lieuId !== e.lieuId ||
    found.resourceKind !== e.resourceKind ||
    found.reason !== e.reason
  ) {
    throw new AppError('conflict', `the key ${e.uniqueKey} was already used for another credit entry`)
  }
  return { entry: found, created: false }
}

/** Appends one entry (ON CONFLICT on the unique key: a twin's entry is returned instead). */
async function append(tx: Tx, e: EntryInput, now: Date): Promise<LedgerResult> {
  const id = randomUUID()
  let inserted: { id: string }[]
  try {
    inserted = await tx.$queryRaw<{ id: string }[]>`
      INSERT INTO credit_entries (id, user_id, lieu_id, resource_kind, minutes, reason, note, unique_key, booking_id, created_by_id, expires_at, created_at)
      VALUES (${id}::uuid, ${e.userId}::uuid, ${e.lieuId}::uuid, ${e.resourceKind}, ${e.minutes}, ${e.reason}::"CreditReason", ${e.note ?? ''},
              ${e.uniqueKey ?? null}, ${e.bookingId ?? null}::uuid, ${e.createdById ?? null}::uuid, ${e.expiresAt ?? null}::timestamptz, ${now}::timestamptz)
      ON CONFLICT (unique_key) DO NOTHING
      RETURNING id`
  } catch (err) {
    if (isCheckViolation(err)) throw insufficient(e, -e.minutes, 0)
    throw err
  }
  if (inserted.length === 0) {
    const twin = await existing(tx, e)
    if (!twin) throw new Error('credit entry neither inserted nor found')
    return twin
  }
  return { entry: await tx.creditEntry.findUniqueOrThrow({ where: { id } }), created: true }
}

/** Takes minutes away (a negative entry), refusing an overdraft with `insufficient_credits`. */
async function withdraw(tx: Tx, e: EntryInput, now: Date): Promise<LedgerResult> {
  const before = await existing(tx, e)
  if (before) return before
  // Serialises the debits of this balance; the CHECK stays the guarantee.
  const available = await balance(tx, e, { forUpdate: true })
  // A twin may have committed while this one waited for the lock.
  const twin = await existing(tx, e)
  if (twin) return twin
  if (available + e.minutes < 0) throw insufficient(e, -e.minutes, available)
  return append(tx, e, now)
}

const positive = (m: number, what: string) => {
  if (!Number.isInteger(m) || m <= 0)
    throw new RangeError(`${what}: minutes must be a positive integer, got ${m}`)
}

export type GrantInput = LedgerTarget & {
  minutes: number
  reason?: 'plan_grant' | 'pack_purchase'
  note?: string
  uniqueKey?: string
  expiresAt?: Date | null
  createdById?: string | null
}
/** Credits minutes (a plan's monthly grant, a pack). */
export async function grant(tx: Tx, g: GrantInput, now: Date): Promise<LedgerResult> {
  positive(g.minutes, 'grant')
  return (
    (await existing(tx, { ...g, reason: g.reason ?? 'plan_grant' })) ??
    append(tx, { ...g, reason: g.reason ?? 'plan_grant' }, now)
  )
}

export type DebitInput = LedgerTarget & {
  minutes: number
  bookingId?: string | null
  uniqueKey?: string
  note?: string
  createdById?: string | null
}
/** Spends minutes for a booking (`uniqueKey` e.g. `debit:<bookingId>`); `insufficient_credits` when short. */
export async function debit(tx: Tx, d: DebitInput, now: Date): Promise<LedgerResult> {
  positive(d.minutes, 'debit')
  return withdraw(tx, { ...d, minutes: -d.minutes, reason: 'booking_debit' }, now)
}

/** Gives minutes back (a booking cancelled before its deadline; `uniqueKey` e.g. `refund:<bookingId>`). */
export async function refund(tx: Tx, r: DebitInput, now: Date): Promise<LedgerResult> {
  positive(r.minutes, 'refund')
  const e = { ...r, reason: 'booking_refund' as const }
  return (await existing(tx, e)) ?? append(tx, e, now)
}

export type AdjustInput = LedgerTarget & {
  minutes: number
  reason: string
  createdById: string
  uniqueKey?: string
}
/** A manager's correction, positive or negative, with a mandatory reason (kept as the entry's note). */
export async function adjust(tx: Tx, a: AdjustInput, now: Date): Promise<LedgerResult> {
  if (!Number.isInteger(a.minutes) || a.minutes === 0)
    throw new RangeError('adjust: minutes must be a non-zero integer')
  if (!a.reason.trim()) throw new RangeError('adjust: a reason is required')
  const e: EntryInput = { ...a, note: a.reason.trim(), reason: 'adjustment' }
  return a.minutes < 0 ? withdraw(tx, e, now) : ((await existing(tx, e)) ?? append(tx, e, now))
}

/**
 * Expires what is left of a grant at its expiry (key `expire:<grantId>`; once). The rule: plan
 * credits are spent first, so the part left is the grant minus the bookings debited (net of
 * refunds) between the grant and its expiry, never more than the balance and never below zero.
 * When nothing is left, a 0-minute expiry is still written: it marks the grant as settled (a later
 * credit is never taken for it); histories leave these out.
 */
export async function expire(tx: Tx, grantId: string, now: Date): Promise<LedgerResult> {
  const g = await tx.creditEntry.findUniqueOrThrow({ where: { id: grantId } })
  if (g.minutes <= 0 || !g.expiresAt) throw new RangeError('expire: not an expiring credit')
  const key = `expire:${g.id}`
  const target = { userId: g.userId, lieuId: g.lieuId, resourceKind: g.resourceKind }
  const done = await tx.creditEntry.findUnique({ where: { uniqueKey: key } })
  if (done) return { entry: done, created: false }
  const available = await balance(tx, target, { forUpdate: true })
  const spent = await tx.creditEntry.aggregate({
    _sum: { minutes: true },
    where: {
      ...target,
      reason: { in: ['booking_debit', 'booking_refund'] },
      createdAt: { gte: g.createdAt, lt: g.expiresAt },
    },
  })
  const used = Math.max(0, -(spent._sum.minutes ?? 0))
  const left = Math.min(available, Math.max(0, g.minutes - used))
  return append(
    tx,
    {
      ...target,
      minutes: -left,
      reason: 'expiry',
      note: `unused part of the grant of ${g.createdAt.toISOString()}`,
      uniqueKey: key,
    },
    now,
  )
}

/** Every expiring credit of a member at a lieu (or of a subscription's grants) that is due and not yet expired. */
export async function dueExpiries(
  tx: Tx,
  where: { uniqueKeyPrefix: string },
  now: Date,
): Promise<CreditEntry[]> {
  const grants = await tx.creditEntry.findMany({
    where: { uniqueKey: { startsWith: where.uniqueKeyPrefix }, minutes: { gt: 0 }, expiresAt: { lte: now } },
    orderBy: { createdAt: 'asc' },
  })
  if (grants.length === 0) return []
  const expired = await tx.creditEntry.findMany({
    where: { uniqueKey: { in: grants.map((g) => `expire:${g.id}`) } },
    select: { uniqueKey: true },
  })
  const done = new Set(expired.map((e) => e.uniqueKey))
  return grants.filter((g) => !done.has(`expire:${g.id}`))
}
