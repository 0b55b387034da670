import type { z } from 'zod'
import type { Prisma } from '@fabrique/prisma/client'
import type { FieldIssue } from '@fabrique/shared/errors'
import type { BookingRules, BookingRulesPatch } from '@fabrique/shared/resources/rules'
import type {
  ZCreateResourceRequest,
  ZResourceListQuery,
  ZUpdateResourceRequest,
} from '@fabrique/shared/resources/schema'
import type { AppDeps } from '../app-deps.ts'
import { AppError, notFound } from '../http/problem.ts'
import { canManage, lieuAccess, requireManager } from '../lieux/access.ts'
import { effectiveRules, storedRules } from '@fabrique/shared/resources/rules'
import { toResourceDto } from './dto.ts'
import { resourceRepo } from './repo.ts'

type CreateInput = z.output<typeof ZCreateResourceRequest>
/** Only the keys the caller sent (the parsed PATCH body carries defaults for the others). */
export type UpdateInput = Partial<z.output<typeof ZUpdateResourceRequest>>
type ListQuery = z.output<typeof ZResourceListQuery>

const invalid = (errors: FieldIssue[]) =>
  new AppError('validation_failed', `invalid body: ${[...new Set(errors.map((e) => e.field))].join(', ')}`, {
    errors,
  })

/** Minimum ≤ maximum duration once defaults, lieu and resource are merged. */
function durationIssue(rules: BookingRules, field: string): FieldIssue[] {
  return rules.minDurationMinutes > rules.maxDurationMinutes
    ? [
        {
          field,
          message: `minimum duration (${rules.minDurationMinutes} min) must not exceed the maximum (${rules.maxDurationMinutes} min)`,
        },
      ]
    : []
}

/** The field to name for an inconsistent duration: the one the caller sent. */
const durationField = (patch: BookingRulesPatch, prefix = '') =>
  `${prefix}${patch.minDurationMinutes === undefined && patch.maxDurationMinutes !== undefined ? 'maxDurationMinutes' : 'minDurationMinutes'}`

export function resourceService(deps: AppDeps) {
  const { db, clock } = deps
  const repo = resourceRepo(db)

  /** Checks what zod cannot: the dedicated member and the habilitation belong to this lieu. */
  async function checkReferences(
    lieuId: string,
    input: { dedicatedToId?: string | null; habilitationId?: string | null },
  ) {
    const errors: FieldIssue[] = []
    if (input.dedicatedToId && !(await repo.isMember(lieuId, input.dedicatedToId))) {
      errors.push({ field: 'dedicatedToId', message: 'not a member of this lieu' })
    }
    // Another lieu's habilitation is reported exactly like one that does not exist.
    if (input.habilitationId && !(await repo.habilitationInLieu(lieuId, input.habilitationId))) {
      errors.push({ field: 'habilitationId', message: 'no such habilitation in this lieu' })
    }
    return errors
  }

  return {
    async list(userId: string, lieuId: string, q: ListQuery) {
      const access = await lieuAccess(db, userId, lieuId)
      // Archived resources are a manager's business; anyone else gets the active ones.
      const includeArchived = q.includeArchived === 'true' && canManage(access)
      return (await repo.list(lieuId, { kind: q.kind, includeArchived })).map(toResourceDto)
    },

    async get(userId: string, lieuId: string, id: string) {
      await lieuAccess(db, userId, lieuId)
      const row = await repo.inLieu(lieuId, id)
      if (!row) throw notFound('resource')
      return toResourceDto(row)
    },

    async create(userId: string, lieuId: string, input: CreateInput) {
      await requireManager(db, userId, lieuId)
      const errors = await checkReferences(lieuId, input)
      errors.push(
        ...durationIssue(
          effectiveRules(await repo.lieuRules(lieuId), input.rules),
          durationField(input.rules, 'rules.'),
        ),
      )
      if (errors.length) throw invalid(errors)
      const row = await repo.create({
        lieuId,
        kind: input.kind,
        name: input.name,
        description: input.description,
        photoUrl: input.photoUrl,
        amenities: input.amenities,
        capacity: input.capacity,
        dedicatedToId: input.dedicatedToId,
        habilitationId: input.habilitationId,
        requiresReferent: input.requiresReferent,
        rules: input.rules as Prisma.InputJsonValue,
        rates: input.rates as Prisma.InputJsonValue,
      })
      deps.live.lieuChanged(lieuId)
      return toResourceDto(row)
    },

    /**
     * Changes the fields sent. `rules` replaces the resource's overrides as a whole (send `{}` to
     * follow the lieu's rules again). Lowering the capacity keeps the bookings already made.
     */
    async update(userId: string, lieuId: string, id: string, input: UpdateInput) {
      await requireManager(db, userId, lieuId)
      const row = await repo.inLieu(lieuId, id)
      if (!row) throw notFound('resource')
      const next = {
        capacity: input.capacity ?? row.capacity,
        dedicatedToId: input.dedicatedToId !== undefined ? input.dedicatedToId : row.dedicatedToId,
        habilitationId: input.habilitationId !== undefined ? input.habilitationId : row.habilitationId,
        requiresReferent: input.requiresReferent ?? row.requiresReferent,
      }
      // The kind's rules (ZCreateResourceRequest's), on the resource as it would become.
      const errors: FieldIssue[] = []
      if ((row.kind === 'desk' || row.kind === 'machine') && next.capacity !== 1) {
        errors.push({ field: 'capacity', message: 'a desk or a machine has a capacity of 1' })
      }
      if (next.dedicatedToId && row.kind !== 'desk')
        errors.push({ field: 'dedicatedToId', message: 'only a desk can be dedicated' })
      if (next.requiresReferent && !next.habilitationId) {
        errors.push({
          field: input.requiresReferent !== undefined ? 'requiresReferent' : 'habilitationId',
          message: 'a référent is tied to a habilitation: set habilitationId',
        })
      }
      errors.push(
        ...(await checkReferences(lieuId, {
          dedicatedToId: input.dedicatedToId,
          habilitationId: input.habilitationId,
        })),
      )
      if (input.rules !== undefined) {
        errors.push(
          ...durationIssue(
            effectiveRules(row.lieu.bookingRules, input.rules),
            durationField(input.rules, 'rules.'),
          ),
        )
      }
      if (errors.length) throw invalid(errors)

      const data: Prisma.ResourceUncheckedUpdateInput = {
        ...(input.name !== undefined && { name: input.name }),
        ...(input.description !== undefined && { description: input.description }),
        ...(input.photoUrl !== undefined && { photoUrl: input.photoUrl }),
        ...(input.amenities !== undefined && { amenities: input.amenities }),
        ...(input.capacity !== undefined && { capacity: input.capacity }),
        ...(input.dedicatedToId !== undefined && { dedicatedToId: input.dedicatedToId }),
        ...(input.habilitationId !== undefined && { habilitationId: input.habilitationId }),
        ...(input.requiresReferent !== undefined && { requiresReferent: input.requiresReferent }),
        ...(input.rules !== undefined && { rules: input.rules as Prisma.InputJsonValue }),
        // Bookings already made keep the price they were made at.
        ...(input.rates !== undefined && { rates: input.rates as Prisma.InputJsonValue }),
        // Archiving keeps the first archiving instant; unarchiving clears it.
        ...(input.archived === true && row.archivedAt === null && { archivedAt: clock.now() }),
        ...(input.archived === false && { archivedAt: null }),
        // Back in service forgets the reason; a reason alone may be corrected while out of service.
        ...(input.outOfService !== undefined && { outOfService: input.outOfService }),
        ...(input.outOfServiceReason !== undefined && { outOfServiceReason: input.outOfServiceReason || null }),
        ...(input.outOfService === false && { outOfServiceReason: null }),
      }
      const updated = toResourceDto(await repo.update(id, data))
      // Live clients see the state (out of service, archived, capacity, name) once it is committed.
      deps.live.lieuChanged(lieuId)
      return updated
    },

    async getLieuRules(userId: string, lieuId: string): Promise<BookingRules> {
      await lieuAccess(db, userId, lieuId)
      return effectiveRules(await repo.lieuRules(lieuId), {})
    },

    /** Merges the keys sent into the lieu's rules; answers the lieu's effective rules. */
    async setLieuRules(userId: string, lieuId: string, patch: BookingRulesPatch): Promise<BookingRules> {
      await requireManager(db, userId, lieuId)
      return db.$transaction(async (tx) => {
        const r = resourceRepo(tx)
        // Two managers saving different keys at once: the second waits and merges into the first's.
        await tx.$queryRaw`SELECT 1 FROM lieux WHERE id = ${lieuId}::uuid FOR UPDATE`
        const merged = { ...storedRules(await r.lieuRules(lieuId)), ...patch }
        const errors = durationIssue(effectiveRules(merged, {}), durationField(patch))
        if (errors.length) throw invalid(errors)
        const saved = await r.setLieuRules(lieuId, merged as Prisma.InputJsonValue)
        return effectiveRules(saved.bookingRules, {})
      })
    },
  }
}
