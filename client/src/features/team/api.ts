import { ZInvitationDto, ZTeamDto, ZTeamMemberDto, type InviteRequest } from '@fabrique/shared/lieux/schema'
import type { LieuRole } from '@fabrique/shared/auth/schema'
import { api } from '../../lib/api.ts'

const id = (s: string) => encodeURIComponent(s)

export const teamApi = {
  get: (lieuId: string, signal?: AbortSignal) => api.get(`/lieux/${id(lieuId)}/team`, ZTeamDto, signal),
  invite: (lieuId: string, body: InviteRequest) =>
    api.post(`/lieux/${id(lieuId)}/invitations`, body, ZInvitationDto),
  revokeInvitation: (lieuId: string, invitationId: string) =>
    api.delete(`/lieux/${id(lieuId)}/invitations/${id(invitationId)}`),
  changeRole: (lieuId: string, userId: string, role: LieuRole) =>
    api.patch(`/lieux/${id(lieuId)}/members/${id(userId)}`, { role }, ZTeamMemberDto),
  removeMember: (lieuId: string, userId: string) => api.delete(`/lieux/${id(lieuId)}/members/${id(userId)}`),
}
