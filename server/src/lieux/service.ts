import type { z } from 'zod'
import type { ZCreateLieuRequest, ZUpdateLieuRequest, OpeningHoursRequest, ClosureRequest } from '@fabrique/shared/lieux/schema'
import { timeToMinutes } from '@fabrique/shared/time/schema'
import type { Prisma } from '@fabrique/prisma/client'
import type { AppDeps } from '../app-deps.ts'
import { prismaCode } from '../db/prisma.ts'
import { AppError, forbidden, notFound } from '../http/problem.ts'
import { lieuAccess, requireManager } from './access.ts'
import { toLieuDto, toPublicLieuDto } from './dto.ts'
import { lieuRepo } from './repo.ts'

type Identity = z.output<typeof ZUpdateLieuRequest>

function identityData(i: Identity): Prisma.LieuUncheckedUpdateInput {
  return {
    ...(i.name !== undefined && { name: i.name }),
    ...(i.description !== undefined && { description: i.description }),
    ...(i.timeZone !== undefined && { timeZone: i.timeZone }),
    ...(i.address && { street: i.address.street, postalCode: i.address.postalCode, city: i.address.city, country: i.address.country }),
    ...(i.contact && { contactEmail: i.contact.email, contactPhone: i.contact.phone, website: i.contact.website }),
    ...(i.legal && { legalName: i.legal.legalName, siret: i.legal.siret, vatNumber: i.legal.vatNumber, vatExempt: i.legal.vatExempt }),
  }
}

export function lieuService(deps: AppDeps) {
  const { db, clock } = deps
  const repo = lieuRepo(db)

  return {
    /** A verified account creates a lieu and becomes its owner; in a network only its coordinators may. */
    async create(userId: string, input: z.output<typeof ZCreateLieuRequest>, emailVerified: boolean) {
      if (!emailVerified) throw new AppError('email_not_verified', 'confirm your e-mail address before creating a lieu')
      if (input.networkId && !(await repo.isCoordinator(userId, input.networkId))) throw notFound('network')
      try {
        const row = await repo.create(
          { ...(identityData(input) as Prisma.LieuUncheckedCreateInput), slug: input.slug, networkId: input.networkId },
          userId,
        )
        return toLieuDto(row, 'owner')
      } catch (e) {
        // The unique index on slug settles two lieux racing for the same address.
        if (prismaCode(e) === 'P2002') {
          throw new AppError('slug_taken', 'this address is taken', { errors: [{ field: 'slug', message: 'already in use' }] })
        }
        throw e
      }
    },

    async get(userId: string, lieuId: string) {
      const access = await lieuAccess(db, userId, lieuId)
      const row = await repo.byId(lieuId)
      if (!row) throw notFound('lieu')
      return toLieuDto(row, access)
    },

    async update(userId: string, lieuId: string, input: Identity) {
      const access = await requireManager(db, userId, lieuId)
      // The legal identity appears on invoices: only owners change it.
      if (input.legal && access !== 'owner') throw forbidden('only an owner may change the legal identity')
      return toLieuDto(await repo.update(lieuId, identityData(input)), access)
    },

    async setOpeningHours(userId: string, lieuId: string, input: OpeningHoursRequest) {
      const access = await requireManager(db, userId, lieuId)
      await repo.replaceOpeningHours(
        lieuId,
        input.intervals.map((i) => ({ weekday: i.weekday, startMinute: timeToMinutes(i.start), endMinute: timeToMinutes(i.end) })),
      )
      return toLieuDto((await repo.byId(lieuId))!, access)
    },

    async addClosure(userId: string, lieuId: string, input: ClosureRequest) {
      await requireManager(db, userId, lieuId)
      const c = await repo.addClosure(lieuId, {
        startDate: new Date(`${input.startDate}T00:00:00Z`),
        endDate: new Date(`${input.endDate}T00:00:00Z`),
        reason: input.reason,
      })
      return { id: c.id, startDate: input.startDate, endDate: input.endDate, reason: c.reason }
    },

    async deleteClosure(userId: string, lieuId: string, closureId: string) {
      await requireManager(db, userId, lieuId)
      const r = await repo.deleteClosure(lieuId, closureId)
      if (r.count === 0) throw notFound('closure')
    },

    async publicPage(slug: string) {
      const row = await repo.bySlug(slug)
      if (!row) throw notFound('lieu')
      return toPublicLieuDto(row, clock.now())
    },
  }
}
