import { PrismaPg } from '@prisma/adapter-pg'
import { PrismaClient } from '@fabrique/prisma/client'

export type Db = PrismaClient
export type Tx = Parameters<Parameters<PrismaClient['$transaction']>[0]>[0]

export function createPrisma(connectionString: string, max = 10): PrismaClient {
  return new PrismaClient({ adapter: new PrismaPg({ connectionString, max }) })
}

/** Prisma error code of a known request error (P2002 unique, P2003 FK, P2025 not found …). */
export function prismaCode(e: unknown): string | undefined {
  return typeof e === 'object' && e !== null && 'code' in e && typeof e.code === 'string' ? e.code : undefined
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
/** Can this string name a row by a uuid column? (Raw SQL casts with ::uuid, which fails on anything else.) */
export const isUuid = (s: string) => UUID.test(s)
