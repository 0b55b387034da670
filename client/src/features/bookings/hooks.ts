import { useEffect, useState } from 'react'
import { useQuery, useQueryClient } from '@tanstack/react-query'
import type { ResourceKind } from '@fabrique/shared/resources/schema'
import { bookingsApi } from './api.ts'

export const bookingsRoot = ['bookings'] as const
export const availabilityKey = (lieuId: string, from: string, to: string, kind?: ResourceKind) =>
  [...bookingsRoot, 'availability', lieuId, from, to, kind ?? 'all'] as const
export const resourceAvailabilityKey = (lieuId: string, resourceId: string, date: string) =>
  [...bookingsRoot, 'availability-one', lieuId, resourceId, date] as const
export const freeNowKey = (lieuId: string) => [...bookingsRoot, 'free-now', lieuId] as const
export const myBookingsKey = [...bookingsRoot, 'mine'] as const
export const myWaitlistKey = [...bookingsRoot, 'waitlist'] as const
export const lieuBookingsKey = (lieuId: string, from: string, to: string) => [...bookingsRoot, 'lieu', lieuId, from, to] as const

/** Any booking write changes availability, lists and plannings: refresh them all. */
export function useInvalidateBookings() {
  const qc = useQueryClient()
  return () => qc.invalidateQueries({ queryKey: bookingsRoot })
}

export function useAvailability(lieuId: string, from: string, to: string, kind?: ResourceKind) {
  return useQuery({
    queryKey: availabilityKey(lieuId, from, to, kind),
    queryFn: ({ signal }) => bookingsApi.availability(lieuId, { from, to, kind }, signal),
    placeholderData: (prev) => prev,
  })
}

export function useResourceAvailability(lieuId: string, resourceId: string, date: string) {
  return useQuery({
    queryKey: resourceAvailabilityKey(lieuId, resourceId, date),
    queryFn: ({ signal }) => bookingsApi.resourceAvailability(lieuId, resourceId, { from: date, to: date }, signal),
    enabled: Boolean(resourceId && date),
  })
}

export function useFreeNow(lieuId: string) {
  return useQuery({
    queryKey: freeNowKey(lieuId),
    queryFn: ({ signal }) => bookingsApi.freeNow(lieuId, signal),
    refetchInterval: 60_000,
  })
}

export function useMyBookings() {
  return useQuery({ queryKey: myBookingsKey, queryFn: ({ signal }) => bookingsApi.mine({}, signal) })
}

export function useMyWaitlist() {
  return useQuery({ queryKey: myWaitlistKey, queryFn: ({ signal }) => bookingsApi.myWaitlist(signal), refetchInterval: 30_000 })
}

export function useLieuBookings(lieuId: string, from: string, to: string) {
  return useQuery({
    queryKey: lieuBookingsKey(lieuId, from, to),
    queryFn: ({ signal }) => bookingsApi.forLieu(lieuId, { from, to }, signal),
    placeholderData: (prev) => prev,
  })
}

/** The current time, ticking every `ms` (countdowns, "can I still cancel"). */
export function useNow(ms = 1000): Date {
  const [now, setNow] = useState(() => new Date())
  useEffect(() => {
    const t = setInterval(() => setNow(new Date()), ms)
    return () => clearInterval(t)
  }, [ms])
  return now
}
