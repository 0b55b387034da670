import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { teamApi } from './api.ts'

export const teamKey = (lieuId: string) => ['lieux', lieuId, 'team'] as const

export function useTeam(lieuId: string) {
  return useQuery({ queryKey: teamKey(lieuId), queryFn: ({ signal }) => teamApi.get(lieuId, signal) })
}

/** A team change, then the team is fetched again (roles and invitations move together). */
export function useTeamWrite<V, R>(lieuId: string, write: (vars: V) => Promise<R>) {
  const qc = useQueryClient()
  return useMutation({
    mutationFn: write,
    onSettled: () => qc.invalidateQueries({ queryKey: teamKey(lieuId) }),
  })
}
