import type { AppDeps } from '../app-deps.ts'
import type { Tx } from '../db/prisma.ts'
import { prismaCode } from '../db/prisma.ts'
import { AppError } from '../http/problem.ts'

/**
 * An interactive transaction sized for contention: many requests for one resource queue on its
 * lock, so waiting for a connection and the transaction itself get generous limits. Running out
 * of them is a 503 (retry), never a 500.
 */
export async function transaction<T>(deps: AppDeps, work: (tx: Tx) => Promise<T>): Promise<T> {
  try {
    return await deps.db.$transaction(work, { maxWait: 15_000, timeout: 20_000 })
  } catch (e) {
    if (prismaCode(e) === 'P2028' || prismaCode(e) === 'P2024') {
      throw new AppError('service_unavailable', 'the server is busy; retry shortly', { headers: { 'Retry-After': '1' } })
    }
    throw e
  }
}
