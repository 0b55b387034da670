import { createHash } from 'node:crypto'
import { Prisma } from '@fabrique/prisma/client'
import type { AppDeps } from '../app-deps.ts'
import type { Tx } from '../db/prisma.ts'
import { AppError } from '../http/problem.ts'
import { transaction } from './transaction.ts'

export const ZIdempotencyKey = /^[\x21-\x7e]{8,128}$/

export function requestHash(parts: unknown): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex')
}

export function assertIdempotencyKey(key: string | undefined) {
  if (key !== undefined && !ZIdempotencyKey.test(key)) {
    throw new AppError('validation_failed', 'Idempotency-Key must be 8–128 printable characters', {
      errors: [{ field: 'Idempotency-Key', message: '8–128 printable ASCII characters' }],
    })
  }
}

/** `isReplay` as a column (`replay`) of another statement: the read before a booking brings it along. */
export const replayColumn = (userId: string, key: string) =>
  Prisma.sql`EXISTS (SELECT 1 FROM idempotency_keys k WHERE k.user_id = ${userId}::uuid AND k.key = ${key}) AS replay`

/** Has this key already been used (a replay, answered from what was stored)? */
export async function isReplay(deps: AppDeps, userId: string, key: string | undefined) {
  if (key === undefined) return false
  return (await deps.db.idempotencyKey.findUnique({ where: { userId_key: { userId, key } }, select: { key: true } })) !== null
}

/**
 * Runs `work` once per (user, Idempotency-Key). The key's row is inserted first in the same
 * transaction: a concurrent replay waits on the primary key until the first commits, then reads
 * its stored answer; if the first rolled back, the replay runs the work itself. A different request
 * under a used key is refused.
 */
export async function idempotent<T>(
  deps: AppDeps,
  userId: string,
  key: string | undefined,
  hash: string,
  work: (tx: Tx) => Promise<{ status: number; body: T }>,
): Promise<{ status: number; body: T }> {
  assertIdempotencyKey(key)
  return transaction(deps, async (tx) => {
    if (key !== undefined) {
      const claimed = await tx.$queryRaw<{ key: string }[]>`
        INSERT INTO idempotency_keys (user_id, key, request_hash, status, response)
        VALUES (${userId}::uuid, ${key}, ${hash}, 0, '{}'::jsonb)
        ON CONFLICT DO NOTHING RETURNING key`
      if (claimed.length === 0) {
        const prior = await tx.idempotencyKey.findUniqueOrThrow({ where: { userId_key: { userId, key } } })
        if (prior.requestHash !== hash) {
          throw new AppError('idempotency_key_reused', 'this Idempotency-Key was used for a different request')
        }
        // Stored as the JSON text itself: jsonb would reorder keys, and a replay must answer byte for byte.
        return { status: prior.status, body: JSON.parse(prior.response as string) as T }
      }
    }
    const result = await work(tx)
    if (key !== undefined) {
      await tx.idempotencyKey.update({
        where: { userId_key: { userId, key } },
        data: { status: result.status, response: JSON.stringify(result.body) },
      })
    }
    return result
  })
}
