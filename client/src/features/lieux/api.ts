import {
  ZClosureDto,
  ZLieuDto,
  ZPublicLieuDto,
  type ClosureRequest,
  type CreateLieuRequest,
  type OpeningHoursRequest,
  type UpdateLieuRequest,
} from '@fabrique/shared/lieux/schema'
import { api } from '../../lib/api.ts'

const id = (s: string) => encodeURIComponent(s)

export const lieuxApi = {
  create: (body: CreateLieuRequest) => api.post('/lieux', body, ZLieuDto),
  get: (lieuId: string, signal?: AbortSignal) => api.get(`/lieux/${id(lieuId)}`, ZLieuDto, signal),
  update: (lieuId: string, body: UpdateLieuRequest) => api.patch(`/lieux/${id(lieuId)}`, body, ZLieuDto),
  putOpeningHours: (lieuId: string, body: OpeningHoursRequest) =>
    api.put(`/lieux/${id(lieuId)}/opening-hours`, body, ZLieuDto),
  addClosure: (lieuId: string, body: ClosureRequest) =>
    api.post(`/lieux/${id(lieuId)}/closures`, body, ZClosureDto),
  deleteClosure: (lieuId: string, closureId: string) =>
    api.delete(`/lieux/${id(lieuId)}/closures/${id(closureId)}`),
  getPublic: (slug: string, signal?: AbortSignal) =>
    api.get(`/public/lieux/${id(slug)}`, ZPublicLieuDto, signal),
}
