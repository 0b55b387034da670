import { useQuery } from '@tanstack/react-query'
import { resourcesApi } from './api.ts'

export const resourcesKey = (lieuId: string) => ['lieux', lieuId, 'resources'] as const
export const rulesKey = (lieuId: string) => ['lieux', lieuId, 'booking-rules'] as const
export const habilitationsKey = (lieuId: string) => ['lieux', lieuId, 'habilitations'] as const

export function useResources(lieuId: string, includeArchived = false) {
  return useQuery({
    queryKey: [...resourcesKey(lieuId), { includeArchived }],
    queryFn: ({ signal }) => resourcesApi.list(lieuId, { includeArchived }, signal),
  })
}
export function useLieuRules(lieuId: string) {
  return useQuery({ queryKey: rulesKey(lieuId), queryFn: ({ signal }) => resourcesApi.rules(lieuId, signal) })
}
export function useHabilitations(lieuId: string) {
  return useQuery({ queryKey: habilitationsKey(lieuId), queryFn: ({ signal }) => resourcesApi.habilitations(lieuId, signal) })
}
