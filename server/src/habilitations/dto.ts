import {
  type GrantDto,
  type MyGrantDto,
  type HabilitationDto,
  type ReferentShiftDto,
} from '@fabrique/shared/resources/schema'
import type { GrantRow, ShiftRow } from './repo.ts'
import { isGrantValid } from './validity.ts'

const iso = (d: Date | null) => (d ? d.toISOString() : null)

export const toHabilitationDto = (h: { id: string; name: string; description: string }): HabilitationDto => ({
  id: h.id,
  name: h.name,
  description: h.description,
})

export function toGrantDto(g: GrantRow, now: Date): GrantDto {
  return {
    id: g.id,
    habilitationId: g.habilitationId,
    userId: g.userId,
    userName: g.user.name,
    grantedAt: g.grantedAt.toISOString(),
    expiresAt: iso(g.expiresAt),
    revokedAt: iso(g.revokedAt),
    valid: isGrantValid(g, now),
  }
}

/** One of my grants, with the habilitation and lieu it belongs to (GET /me/habilitations). */

export function toMyGrantDto(
  g: GrantRow & { habilitation: { name: string; lieu: { id: string; name: string } } },
  now: Date,
): MyGrantDto {
  return {
    ...toGrantDto(g, now),
    habilitationName: g.habilitation.name,
    lieuId: g.habilitation.lieu.id,
    lieuName: g.habilitation.lieu.name,
  }
}

export const toShiftDto = (s: ShiftRow): ReferentShiftDto => ({
  id: s.id,
  userId: s.userId,
  userName: s.user.name,
  habilitationId: s.habilitationId,
  startsAt: s.startsAt.toISOString(),
  endsAt: s.endsAt.toISOString(),
})
