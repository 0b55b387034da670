import { useEffect, useState } from 'react'
import { useMutation, useQueries, useQuery, useQueryClient } from '@tanstack/react-query'
import type { InvoiceKind } from '@fabrique/shared/invoices/schema'
import { lieuKey } from '../lieux/hooks.ts'
import { lieuxApi } from '../lieux/api.ts'
import { billingApi } from './api.ts'

export const billingKey = ['billing'] as const
export const lieuBillingKey = (lieuId: string) => ['billing', 'lieu', lieuId] as const

export function usePlans(lieuId: string, includeArchived = false) {
  return useQuery({
    queryKey: [...lieuBillingKey(lieuId), 'plans', includeArchived],
    queryFn: ({ signal }) => billingApi.plans(lieuId, includeArchived, signal),
  })
}

export function usePassProducts(lieuId: string, includeArchived = false) {
  return useQuery({
    queryKey: [...lieuBillingKey(lieuId), 'pass-products', includeArchived],
    queryFn: ({ signal }) => billingApi.passProducts(lieuId, includeArchived, signal),
  })
}

export function useMembersBilling(lieuId: string) {
  return useQuery({
    queryKey: [...lieuBillingKey(lieuId), 'members'],
    queryFn: ({ signal }) => billingApi.members(lieuId, signal),
  })
}

export function useMemberCredits(lieuId: string, userId: string | null) {
  return useQuery({
    queryKey: [...lieuBillingKey(lieuId), 'credits', userId],
    queryFn: ({ signal }) => billingApi.memberCredits(lieuId, userId!, signal),
    enabled: userId !== null,
  })
}

export function useLieuInvoices(lieuId: string, q: { from?: string; to?: string; kind?: InvoiceKind }) {
  return useQuery({
    queryKey: [...lieuBillingKey(lieuId), 'invoices', q],
    queryFn: ({ signal }) => billingApi.invoices(lieuId, q, signal),
  })
}

export function useChainVerification(lieuId: string) {
  return useQuery({
    queryKey: [...lieuBillingKey(lieuId), 'verify'],
    queryFn: ({ signal }) => billingApi.verifyChain(lieuId, signal),
  })
}

/** May the UI offer a card payment (Stripe configured on the server)? Rarely changes: cached for the session. */
export function usePaymentsConfig() {
  return useQuery({
    queryKey: ['payments', 'config'],
    queryFn: ({ signal }) => billingApi.paymentsConfig(signal),
    staleTime: Infinity,
  })
}

/**
 * Back from Stripe with the browser's back button, the page may come from the back-forward cache
 * as it was left (buttons busy, redirecting): `onBack` resets it, and billing is fetched again.
 */
export function useBackFromRedirect(onBack: () => void) {
  const qc = useQueryClient()
  useEffect(() => {
    const handler = (e: PageTransitionEvent) => {
      if (!e.persisted) return
      onBack()
      void qc.invalidateQueries({ queryKey: billingKey })
    }
    window.addEventListener('pageshow', handler)
    return () => window.removeEventListener('pageshow', handler)
  }, [onBack, qc])
}

/**
 * Back from Stripe Checkout (`?paiement=ok`): the payment is applied when Stripe's event reaches us,
 * a few seconds later; fetch again every 2 s for 30 s (the refetch interval, or false).
 */
export function useCheckoutPolling(active: boolean): number | false {
  const [on, setOn] = useState(true)
  useEffect(() => {
    if (!active) return
    const timer = setTimeout(() => setOn(false), 30_000)
    return () => clearTimeout(timer)
  }, [active])
  return active && on ? 2000 : false
}

export function useMySubscriptions(refetchInterval: number | false = false) {
  return useQuery({
    queryKey: [...billingKey, 'me', 'subscriptions'],
    queryFn: ({ signal }) => billingApi.mySubscriptions(signal),
    refetchInterval,
  })
}
export function useMyCredits() {
  return useQuery({ queryKey: [...billingKey, 'me', 'credits'], queryFn: ({ signal }) => billingApi.myCredits(signal) })
}
export function useMyPasses(refetchInterval: number | false = false) {
  return useQuery({
    queryKey: [...billingKey, 'me', 'passes'],
    queryFn: ({ signal }) => billingApi.myPasses(signal),
    refetchInterval,
  })
}
export function useMyInvoices() {
  return useQuery({ queryKey: [...billingKey, 'me', 'invoices'], queryFn: ({ signal }) => billingApi.myInvoices(signal) })
}

/** Any billing write: everything billing is fetched again (subscriptions, invoices and credits move together). */
export function useBillingWrite<V, R>(write: (vars: V) => Promise<R>) {
  const qc = useQueryClient()
  return useMutation({
    mutationFn: write,
    onSuccess: () => qc.invalidateQueries({ queryKey: billingKey }),
  })
}

/** The time zone of each lieu (for the member's pages across lieux); Europe/Paris until known. */
export function useLieuZones(lieuIds: string[]): (lieuId: string) => string {
  const unique = [...new Set(lieuIds)]
  const results = useQueries({
    queries: unique.map((lid) => ({
      queryKey: lieuKey(lid),
      queryFn: ({ signal }: { signal: AbortSignal }) => lieuxApi.get(lid, signal),
      staleTime: 10 * 60_000,
    })),
  })
  const zones = new Map<string, string>()
  results.forEach((r) => {
    if (r.data) zones.set(r.data.id, r.data.timeZone)
  })
  return (lieuId) => zones.get(lieuId) ?? 'Europe/Paris'
}
