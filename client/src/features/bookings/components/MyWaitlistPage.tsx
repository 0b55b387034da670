import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useMutation, useQueries } from '@tanstack/react-query'
import type { WaitlistEntryDto } from '@fabrique/shared/bookings/schema'
import { ErrorState, Loading, useDocumentTitle } from '../../../components/Feedback.tsx'
import { StatusMessage } from '../../../components/FormAlert.tsx'
import { bookingsApi } from '../api.ts'
import { useInvalidateBookings, useMyWaitlist, useNow } from '../hooks.ts'
import { countdown, formatSpan } from '../grid.ts'
import { bookingProblemMessage } from '../problems.ts'
import { MyBookingsTabs } from './MyBookingsPage.tsx'
import { useMe } from '../../auth/hooks.ts'
import { lieuxApi } from '../../lieux/api.ts'
import { lieuKey } from '../../lieux/hooks.ts'
import { resourcesApi } from '../../resources/api.ts'
import { resourcesKey } from '../../resources/hooks.ts'

/**
 * The waitlist DTO names no lieu: the resource's lieu (hence its zone) is found among my lieux's
 * resources, cached queries shared with the other pages.
 */
function useZoneOfResource(): (resourceId: string) => string | undefined {
  const me = useMe()
  const ids = (me.data?.lieux ?? []).map((l) => l.id)
  const lieux = useQueries({
    queries: ids.map((id) => ({ queryKey: lieuKey(id), queryFn: ({ signal }: { signal: AbortSignal }) => lieuxApi.get(id, signal) })),
  })
  const resources = useQueries({
    queries: ids.map((id) => ({
      queryKey: [...resourcesKey(id), { includeArchived: false }],
      queryFn: ({ signal }: { signal: AbortSignal }) => resourcesApi.list(id, {}, signal),
    })),
  })
  return (resourceId) => {
    const k = resources.findIndex((q) => q.data?.some((r) => r.id === resourceId))
    return k >= 0 ? lieux[k]?.data?.timeZone : undefined
  }
}

export default function MyWaitlistPage() {
  const { t } = useTranslation()
  useDocumentTitle(t('bookings.waitlist.title'))
  const list = useMyWaitlist()
  const now = useNow(1000)
  const zoneOf = useZoneOfResource()
  const [status, setStatus] = useState<string | null>(null)
  const active = (list.data ?? []).filter((e) => e.status === 'waiting' || e.status === 'offered')
  return (
    <div className="stack-lg">
      <header className="page-header">
        <h1>{t('bookings.mine.title')}</h1>
      </header>
      <MyBookingsTabs />
      <p className="muted">{t('bookings.waitlist.lead')}</p>
      <StatusMessage>{status}</StatusMessage>
      {list.isPending ? (
        <Loading />
      ) : list.isError ? (
        <ErrorState error={list.error} onRetry={() => void list.refetch()} />
      ) : active.length === 0 ? (
        <p className="muted">{t('bookings.waitlist.none')}</p>
      ) : (
        <ul className="booking-list">
          {active.map((e) => (
            <WaitlistItem key={e.id} entry={e} zone={zoneOf(e.resourceId) ?? 'Europe/Paris'} now={now} onStatus={setStatus} />
          ))}
        </ul>
      )}
    </div>
  )
}

function WaitlistItem({ entry: e, zone, now, onStatus }: { entry: WaitlistEntryDto; zone: string; now: Date; onStatus: (s: string) => void }) {
  const { t, i18n } = useTranslation()
  const invalidate = useInvalidateBookings()
  const span = formatSpan(e.startsAt, e.endsAt, zone, i18n.language)
  const accept = useMutation({
    mutationFn: () => bookingsApi.acceptOffer(e.id),
    onSuccess: () => {
      void invalidate()
      onStatus(t('bookings.waitlist.accepted', { name: e.resourceName, span }))
    },
    onError: () => void invalidate(),
  })
  const leave = useMutation({
    mutationFn: () => bookingsApi.leaveWaitlist(e.id),
    onSuccess: () => {
      void invalidate()
      onStatus(t('bookings.waitlist.left', { name: e.resourceName }))
    },
  })
  const left = e.offerExpiresAt ? countdown(e.offerExpiresAt, now) : null
  return (
    <li className={`booking-item card ${e.status === 'offered' ? 'offer' : ''}`}>
      <div className="booking-main">
        <p className="booking-when">
          <strong>{span}</strong>
        </p>
        <p>
          {e.resourceName}
          {e.seats > 1 && <span className="muted"> · {t('bookings.mine.seats', { count: e.seats })}</span>}
        </p>
        {e.status === 'offered' && left ? (
          <p className="offer-line">
            <span className="status-badge status-confirmed">{t('bookings.waitlist.offered')}</span>{' '}
            {left.over ? (
              t('bookings.waitlist.offerOver')
            ) : (
              <span>
                {t('bookings.waitlist.expiresIn')} <strong className="countdown">{left.text}</strong>
              </span>
            )}
          </p>
        ) : (
          <p>
            <span className="status-badge status-pending">{t('bookings.waitlist.waiting')}</span>{' '}
            {e.position !== null && t('bookings.waitlist.position', { position: e.position })}
          </p>
        )}
      </div>
      <div className="booking-actions">
        {e.status === 'offered' && !left?.over && (
          <button type="button" className="button button-small" disabled={accept.isPending} onClick={() => accept.mutate()}>
            {t('bookings.waitlist.accept')}
            <span className="visually-hidden"> {e.resourceName}, {span}</span>
          </button>
        )}
        <button
          type="button"
          className="button button-ghost button-small"
          disabled={leave.isPending}
          onClick={() => {
            if (window.confirm(t('bookings.waitlist.confirmLeave', { name: e.resourceName, span }))) leave.mutate()
          }}
        >
          {t('bookings.waitlist.leave')}
          <span className="visually-hidden"> {e.resourceName}, {span}</span>
        </button>
      </div>
      {accept.error || leave.error ? (
        <p role="alert" className="alert alert-error booking-error">
          {bookingProblemMessage(accept.error ?? leave.error, t, { zone, locale: i18n.language })}
        </p>
      ) : null}
    </li>
  )
}
