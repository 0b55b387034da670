import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import type { LieuDto } from '@fabrique/shared/lieux/schema'
import { meKey } from '../auth/hooks.ts'
import { lieuxApi } from './api.ts'

export const lieuKey = (lieuId: string) => ['lieux', lieuId] as const
export const publicLieuKey = (slug: string) => ['public-lieux', slug] as const

export function useLieu(lieuId: string) {
  return useQuery({ queryKey: lieuKey(lieuId), queryFn: ({ signal }) => lieuxApi.get(lieuId, signal) })
}

export function usePublicLieu(slug: string) {
  return useQuery({
    queryKey: publicLieuKey(slug),
    queryFn: ({ signal }) => lieuxApi.getPublic(slug, signal),
    // "Open now" goes stale by itself.
    refetchInterval: 5 * 60_000,
  })
}

export function useCreateLieu() {
  const qc = useQueryClient()
  return useMutation({
    mutationFn: lieuxApi.create,
    onSuccess: (lieu) => {
      qc.setQueryData(lieuKey(lieu.id), lieu)
      void qc.invalidateQueries({ queryKey: meKey })
    },
  })
}

/** Every write that answers with the whole lieu refreshes the cache with it. */
export function useLieuWrite<V>(lieuId: string, write: (vars: V) => Promise<LieuDto>) {
  const qc = useQueryClient()
  return useMutation({
    mutationFn: write,
    onSuccess: (lieu) => {
      qc.setQueryData(lieuKey(lieuId), lieu)
      void qc.invalidateQueries({ queryKey: ['public-lieux'] })
      void qc.invalidateQueries({ queryKey: meKey })
    },
  })
}
