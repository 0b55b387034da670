import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import type { UpdateProfileRequest } from '@fabrique/shared/auth/schema'
import { meKey } from '../auth/hooks.ts'
import { accountApi } from './api.ts'
import { exportFileName } from './exportFileName.ts'

export const sessionsKey = ['me', 'sessions'] as const

export function useUpdateProfile() {
  const qc = useQueryClient()
  return useMutation({
    mutationFn: (body: UpdateProfileRequest) => accountApi.updateProfile(body),
    onSuccess: (me) => qc.setQueryData(meKey, me),
  })
}

export function useSessions() {
  return useQuery({ queryKey: sessionsKey, queryFn: ({ signal }) => accountApi.sessions(signal) })
}

export function useRevokeSession() {
  const qc = useQueryClient()
  return useMutation({
    mutationFn: accountApi.revokeSession,
    onSuccess: () => qc.invalidateQueries({ queryKey: sessionsKey }),
  })
}

/** Saves the GDPR export as a JSON file on the person's device. */
export async function downloadMyData() {
  const data = await accountApi.exportData()
  const blob = new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' })
  const url = URL.createObjectURL(blob)
  const a = document.createElement('a')
  a.href = url
  a.download = exportFileName(new Date())
  document.body.append(a)
  a.click()
  a.remove()
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
}
