import type { Prisma } from '@fabrique/prisma/client'
import type { FieldIssue } from '@fabrique/shared/errors'
import type { z } from 'zod'
import type { Entitlements, ZCreatePlanRequest, ZUpdatePlanRequest } from '@fabrique/shared/billing/schema'
import type { AppDeps } from '../app-deps.ts'
import { AppError, notFound } from '../http/problem.ts'
import { canManage, lieuAccess, requireManager } from '../lieux/access.ts'
import { toPlanDto } from './dto.ts'
import { planRepo } from './repo.ts'

type CreateInput = z.output<typeof ZCreatePlanRequest>
type UpdateInput = Partial<z.output<typeof ZUpdatePlanRequest>>

export const invalid = (errors: FieldIssue[]) =>
  new AppError('validation_failed', `invalid body: ${[...new Set(errors.map((e) => e.field))].join(', ')}`, {
    errors,
  })

export function planService(deps: AppDeps) {
  const { db, clock } = deps
  const repo = planRepo(db)

  /** Plan-only resources must be the lieu's own. */
  async function checkResources(lieuId: string, e: Entitlements | undefined) {
    if (!e) return
    const found = new Set(await repo.resourcesInLieu(lieuId, e.planOnlyResourceIds))
    const errors = e.planOnlyResourceIds
      .map((id, i) =>
        found.has(id)
          ? null
          : { field: `entitlements.planOnlyResourceIds.${i}`, message: 'no such resource in this lieu' },
      )
      .filter((x): x is FieldIssue => x !== null)
    if (errors.length) throw invalid(errors)
  }

  const vatExemptOf = async (lieuId: string) => (await repo.lieu(lieuId))?.vatExempt ?? false

  return {
    /** Members see the active plans; managers may ask for the archived ones too. */
    async list(userId: string, lieuId: string, includeArchived: boolean) {
      const access = await lieuAccess(db, userId, lieuId)
      const exempt = await vatExemptOf(lieuId)
      return (await repo.list(lieuId, includeArchived && canManage(access))).map((p) => toPlanDto(p, exempt))
    },

    /** The public page's offer: active plans, no login. */
    async listPublic(slug: string) {
      if (!/^[a-z0-9-]{1,60}$/.test(slug)) throw notFound('lieu')
      const lieu = await repo.lieuBySlug(slug)
      if (!lieu) throw notFound('lieu')
      return (await repo.list(lieu.id, false)).map((p) => toPlanDto(p, lieu.vatExempt))
    },

    async create(userId: string, lieuId: string, input: CreateInput) {
      await requireManager(db, userId, lieuId)
      await checkResources(lieuId, input.entitlements)
      const row = await repo.create({
        lieuId,
        kind: input.kind,
        name: input.name,
        description: input.description,
        priceCents: input.priceCents,
        vatRateBp: input.vatRateBp,
        interval: input.interval,
        entitlements: input.entitlements as Prisma.InputJsonValue,
        requiresMembership: input.requiresMembership,
      })
      return toPlanDto(row, await vatExemptOf(lieuId))
    },

    /** Changes the fields sent (`entitlements` as a whole); archiving keeps current subscriptions running. */
    async update(userId: string, lieuId: string, planId: string, input: UpdateInput) {
      await requireManager(db, userId, lieuId)
      const row = await repo.inLieu(lieuId, planId)
      if (!row) throw notFound('plan')
      if (input.requiresMembership && row.kind === 'membership') {
        throw invalid([{ field: 'requiresMembership', message: 'an adhésion cannot require an adhésion' }])
      }
      await checkResources(lieuId, input.entitlements)
      const updated = await repo.update(planId, {
        ...(input.name !== undefined && { name: input.name }),
        ...(input.description !== undefined && { description: input.description }),
        ...(input.priceCents !== undefined && { priceCents: input.priceCents }),
        ...(input.vatRateBp !== undefined && { vatRateBp: input.vatRateBp }),
        ...(input.entitlements !== undefined && {
          entitlements: input.entitlements as Prisma.InputJsonValue,
        }),
        ...(input.requiresMembership !== undefined && { requiresMembership: input.requiresMembership }),
        ...(input.archived === true && row.archivedAt === null && { archivedAt: clock.now() }),
        ...(input.archived === false && { archivedAt: null }),
      })
      return toPlanDto(updated, await vatExemptOf(lieuId))
    },
  }
}
