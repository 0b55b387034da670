import { z } from 'zod'
import {
  ZGrantDto,
  ZHabilitationDto,
  ZReferentShiftDto,
  ZResourceDto,
  type CreateResourceRequest,
  type ResourceKind,
  type UpdateResourceRequest,
} from '@fabrique/shared/resources/schema'
import { ZBookingRules, type BookingRulesPatch } from '@fabrique/shared/resources/rules'
import { api } from '../../lib/api.ts'

const id = (s: string) => encodeURIComponent(s)
const lieu = (lieuId: string) => `/lieux/${id(lieuId)}`

export const resourcesApi = {
  list: (lieuId: string, q: { kind?: ResourceKind; includeArchived?: boolean } = {}, signal?: AbortSignal) => {
    const p = new URLSearchParams()
    if (q.kind) p.set('kind', q.kind)
    if (q.includeArchived) p.set('includeArchived', 'true')
    const s = p.toString()
    return api.get(`${lieu(lieuId)}/resources${s ? `?${s}` : ''}`, z.array(ZResourceDto), signal)
  },
  create: (lieuId: string, body: CreateResourceRequest) => api.post(`${lieu(lieuId)}/resources`, body, ZResourceDto),
  update: (lieuId: string, resourceId: string, body: UpdateResourceRequest) =>
    api.patch(`${lieu(lieuId)}/resources/${id(resourceId)}`, body, ZResourceDto),
  rules: (lieuId: string, signal?: AbortSignal) => api.get(`${lieu(lieuId)}/booking-rules`, ZBookingRules, signal),
  putRules: (lieuId: string, body: BookingRulesPatch) => api.put(`${lieu(lieuId)}/booking-rules`, body, ZBookingRules),

  habilitations: (lieuId: string, signal?: AbortSignal) =>
    api.get(`${lieu(lieuId)}/habilitations`, z.array(ZHabilitationDto), signal),
  createHabilitation: (lieuId: string, body: { name: string; description: string }) =>
    api.post(`${lieu(lieuId)}/habilitations`, body, ZHabilitationDto),
  grants: (lieuId: string, habilitationId: string, signal?: AbortSignal) =>
    api.get(`${lieu(lieuId)}/habilitations/${id(habilitationId)}/grants`, z.array(ZGrantDto), signal),
  grant: (lieuId: string, habilitationId: string, body: { userId: string; expiresAt: string | null }) =>
    api.post(`${lieu(lieuId)}/habilitations/${id(habilitationId)}/grants`, body, ZGrantDto),
  revoke: (lieuId: string, habilitationId: string, grantId: string) =>
    api.delete(`${lieu(lieuId)}/habilitations/${id(habilitationId)}/grants/${id(grantId)}`),

  shifts: (lieuId: string, q: { from?: string; to?: string } = {}, signal?: AbortSignal) => {
    const p = new URLSearchParams(Object.entries(q).filter((e): e is [string, string] => e[1] !== undefined))
    const s = p.toString()
    return api.get(`${lieu(lieuId)}/referent-shifts${s ? `?${s}` : ''}`, z.array(ZReferentShiftDto), signal)
  },
  addShift: (lieuId: string, body: { userId: string; habilitationId: string; startsAt: string; endsAt: string }) =>
    api.post(`${lieu(lieuId)}/referent-shifts`, body, ZReferentShiftDto),
  deleteShift: (lieuId: string, shiftId: string) => api.delete(`${lieu(lieuId)}/referent-shifts/${id(shiftId)}`),
}
