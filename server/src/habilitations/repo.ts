import type { Prisma } from '@fabrique/prisma/client'
import type { Tx } from '../db/prisma.ts'
import { isGrantValid } from './validity.ts'

export const grantInclude = { user: { select: { name: true } } } satisfies Prisma.HabilitationGrantInclude
export type GrantRow = Prisma.HabilitationGrantGetPayload<{ include: typeof grantInclude }>

export const shiftInclude = { user: { select: { name: true } } } satisfies Prisma.ReferentShiftInclude
export type ShiftRow = Prisma.ReferentShiftGetPayload<{ include: typeof shiftInclude }>

/** Accepts the client or an interactive transaction's client. */
export function habilitationRepo(db: Tx) {
  return {
    list: (lieuId: string) =>
      db.habilitation.findMany({ where: { lieuId }, orderBy: [{ name: 'asc' }, { createdAt: 'asc' }] }),
    /** A habilitation of this lieu, or null (another lieu's is no different from none). */
    inLieu: (lieuId: string, id: string) => db.habilitation.findFirst({ where: { id, lieuId } }),
    create: (data: Prisma.HabilitationUncheckedCreateInput) => db.habilitation.create({ data }),
    update: (id: string, data: Prisma.HabilitationUncheckedUpdateInput) =>
      db.habilitation.update({ where: { id }, data }),
    /** Serialises grant changes of one habilitation (inside a transaction). */
    lock: (id: string) => db.$queryRaw`SELECT 1 FROM habilitations WHERE id = ${id}::uuid FOR UPDATE`,

    isMember: async (lieuId: string, userId: string) =>
      (await db.lieuMembership.findUnique({
        where: { lieuId_userId: { lieuId, userId } },
        select: { userId: true },
      })) !== null,

    grants: (habilitationId: string) =>
      db.habilitationGrant.findMany({
        where: { habilitationId },
        include: grantInclude,
        orderBy: [{ grantedAt: 'desc' }, { id: 'asc' }],
      }),
    grantIn: (habilitationId: string, id: string) =>
      db.habilitationGrant.findFirst({ where: { id, habilitationId }, include: grantInclude }),
    /** Ends the user's grants of the habilitation that are still valid at `now`. */
    revokeActive: (habilitationId: string, userId: string, now: Date) =>
      db.habilitationGrant.updateMany({
        where: {
          habilitationId,
          userId,
          revokedAt: null,
          OR: [{ expiresAt: null }, { expiresAt: { gt: now } }],
        },
        data: { revokedAt: now },
      }),
    createGrant: (data: Prisma.HabilitationGrantUncheckedCreateInput) =>
      db.habilitationGrant.create({ data, include: grantInclude }),
    revoke: (id: string, now: Date) =>
      db.habilitationGrant.update({ where: { id }, data: { revokedAt: now }, include: grantInclude }),
    grantsOf: (userId: string) =>
      db.habilitationGrant.findMany({
        where: { userId },
        include: {
          ...grantInclude,
          habilitation: { select: { name: true, lieu: { select: { id: true, name: true } } } },
        },
        orderBy: [{ grantedAt: 'desc' }, { id: 'asc' }],
      }),

    /** Whether the user holds a grant of the habilitation valid at `at`. */
    async hasValidGrant(userId: string, habilitationId: string, at: Date) {
      const grants = await db.habilitationGrant.findMany({
        where: { userId, habilitationId },
        select: { expiresAt: true, revokedAt: true },
      })
      return grants.some((g) => isGrantValid(g, at))
    },

    shifts: (lieuId: string, from: Date, to: Date) =>
      db.referentShift.findMany({
        where: { lieuId, startsAt: { lt: to }, endsAt: { gt: from } },
        include: shiftInclude,
        orderBy: [{ startsAt: 'asc' }, { id: 'asc' }],
      }),
    createShift: (data: Prisma.ReferentShiftUncheckedCreateInput) =>
      db.referentShift.create({ data, include: shiftInclude }),
    deleteShift: (lieuId: string, id: string) => db.referentShift.deleteMany({ where: { id, lieuId } }),
  }
}
