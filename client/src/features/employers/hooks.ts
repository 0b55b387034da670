import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { meKey } from '../auth/hooks.ts'
import { employersApi } from './api.ts'

export const employersKey = ['employers'] as const
export const employerKey = (employerId: string) => [...employersKey, 'one', employerId] as const
export const myEmployersKey = [...employersKey, 'me'] as const

export function useMyEmployerAccounts() {
  return useQuery({ queryKey: [...employersKey, 'list'], queryFn: ({ signal }) => employersApi.mine(signal) })
}

export function useEmployer(employerId: string) {
  return useQuery({ queryKey: employerKey(employerId), queryFn: ({ signal }) => employersApi.get(employerId, signal) })
}

export function useEmployees(employerId: string) {
  return useQuery({
    queryKey: [...employerKey(employerId), 'employees'],
    queryFn: ({ signal }) => employersApi.employees(employerId, signal),
  })
}

export function usePools(employerId: string) {
  return useQuery({ queryKey: [...employerKey(employerId), 'pools'], queryFn: ({ signal }) => employersApi.pools(employerId, signal) })
}

export function useOffers(employerId: string, enabled = true) {
  return useQuery({
    queryKey: [...employerKey(employerId), 'offers'],
    queryFn: ({ signal }) => employersApi.offers(employerId, signal),
    enabled,
    staleTime: 5 * 60_000,
  })
}

export function useUsage(employerId: string, month: string) {
  return useQuery({
    queryKey: [...employerKey(employerId), 'usage', month],
    queryFn: ({ signal }) => employersApi.usage(employerId, month, signal),
    placeholderData: (prev) => prev,
  })
}

export function useEmployerInvoices(employerId: string) {
  return useQuery({
    queryKey: [...employerKey(employerId), 'invoices'],
    queryFn: ({ signal }) => employersApi.invoices(employerId, signal),
  })
}

/** The employee's view: my employers, allocation, pools and what each employer sees of me. */
export function useMyEmployers() {
  return useQuery({ queryKey: myEmployersKey, queryFn: ({ signal }) => employersApi.myEmployers(signal) })
}

/** A write to one employer: its pages are fetched again (people, pools and usage move together). */
export function useEmployerWrite<V, R>(employerId: string, write: (vars: V) => Promise<R>) {
  const qc = useQueryClient()
  return useMutation({
    mutationFn: write,
    onSettled: () => qc.invalidateQueries({ queryKey: employerKey(employerId) }),
  })
}

/** Joining, creating or leaving an employer changes /me (navigation) and every employer list. */
export function useEmployershipChange<V, R>(write: (vars: V) => Promise<R>) {
  const qc = useQueryClient()
  return useMutation({
    mutationFn: write,
    onSuccess: async () => {
      await Promise.all([qc.invalidateQueries({ queryKey: meKey }), qc.invalidateQueries({ queryKey: employersKey })])
    },
  })
}
