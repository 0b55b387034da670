import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import type { MeDto } from '@fabrique/shared/auth/schema'
import { authApi, fetchMe } from './api.ts'
import { isLanguage, setLanguage } from '../../lib/i18n.ts'
export { safeNext, rememberNext, takeRememberedNext } from './next.ts'

export const meKey = ['me'] as const

export function useMe() {
  return useQuery({ queryKey: meKey, queryFn: ({ signal }) => fetchMe(signal), staleTime: 60_000 })
}

/** After any call that logs someone in: remember the user and switch to their language. */
export function useSignedIn() {
  const qc = useQueryClient()
  return (me: MeDto) => {
    // A GET /me started before the login could land after it with a 401: drop it first.
    void qc.cancelQueries({ queryKey: meKey })
    qc.setQueryData(meKey, me)
    if (isLanguage(me.locale)) setLanguage(me.locale)
  }
}

export function useLogin() {
  const signedIn = useSignedIn()
  return useMutation({ mutationFn: authApi.login, onSuccess: signedIn })
}

/** Logging out forgets every cached answer: the next person on this browser sees none of it. */
export function useLogout(everywhere = false) {
  const qc = useQueryClient()
  return useMutation({
    mutationFn: everywhere ? authApi.logoutAll : authApi.logout,
    onSettled: () => {
      qc.clear()
      qc.setQueryData(meKey, null)
    },
  })
}
