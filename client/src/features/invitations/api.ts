import { ZInvitationPreviewDto, ZLieuDto } from '@fabrique/shared/lieux/schema'
import { api } from '../../lib/api.ts'

export const invitationsApi = {
  preview: (token: string, signal?: AbortSignal) =>
    api.get(`/invitations/${encodeURIComponent(token)}`, ZInvitationPreviewDto, signal),
  accept: (token: string) => api.post('/invitations/accept', { token }, ZLieuDto),
}
