import { useState } from 'react'
import { Link, NavLink } from 'react-router'
import { useTranslation } from 'react-i18next'
import { useMutation, useQueries } from '@tanstack/react-query'
import type { BookingDto } from '@fabrique/shared/bookings/schema'
import type { LieuDto } from '@fabrique/shared/lieux/schema'
import { ErrorState, Loading, SubmitButton, useDocumentTitle } from '../../../components/Feedback.tsx'
import { StatusMessage } from '../../../components/FormAlert.tsx'
import { Modal } from '../../../components/Modal.tsx'
import { lieuxApi } from '../../lieux/api.ts'
import { lieuKey } from '../../lieux/hooks.ts'
import { useMe } from '../../auth/hooks.ts'
import { bookingsApi } from '../api.ts'
import { useInvalidateBookings, useMyBookings, useNow } from '../hooks.ts'
import { bookingActions, formatMoment, formatSpan, splitBookings } from '../grid.ts'
import { bookingProblemMessage } from '../problems.ts'
import { BookingDialog } from './BookingDialog.tsx'
import { CalendarFeed } from './CalendarFeed.tsx'
import { useResources } from '../../resources/hooks.ts'
import { AccessCodeButton, MemberCardButton } from '../../live/components/AccessCode.tsx'
import '../../employers/i18n.ts'

/** Tabs shared by "Mes réservations" and "Liste d'attente". */
export function MyBookingsTabs() {
  const { t } = useTranslation()
  return (
    <nav className="tabs" aria-label={t('bookings.mine.sections')}>
      <ul>
        <li>
          <NavLink to="/reservations" end className={({ isActive }) => (isActive ? 'active' : undefined)}>
            {t('bookings.mine.title')}
          </NavLink>
        </li>
        <li>
          <NavLink to="/reservations/liste-attente" className={({ isActive }) => (isActive ? 'active' : undefined)}>
            {t('bookings.waitlist.title')}
          </NavLink>
        </li>
      </ul>
    </nav>
  )
}

export function StatusBadge({ status }: { status: BookingDto['status'] }) {
  const { t } = useTranslation()
  return <span className={`status-badge status-${status}`}>{t(`bookings.status.${status}`)}</span>
}

export default function MyBookingsPage() {
  const { t } = useTranslation()
  useDocumentTitle(t('bookings.mine.title'))
  const bookings = useMyBookings()
  const me = useMe()
  const now = useNow(30_000)
  const lieuIds = [...new Set((bookings.data ?? []).map((b) => b.lieuId))]
  const lieux = useQueries({
    queries: lieuIds.map((id) => ({ queryKey: lieuKey(id), queryFn: ({ signal }: { signal: AbortSignal }) => lieuxApi.get(id, signal) })),
  })
  const lieuOf = (id: string) => lieux.find((q) => q.data?.id === id)?.data
  const [showPast, setShowPast] = useState(false)
  const [status, setStatus] = useState<string | null>(null)

  const { upcoming, past } = splitBookings(bookings.data ?? [], now)
  const myLieux = me.data?.lieux ?? []
  return (
    <div className="stack-lg">
      <header className="page-header">
        <h1>{t('bookings.mine.title')}</h1>
      </header>
      <MyBookingsTabs />
      <div className="toolbar">
        <MemberCardButton />
      </div>
      <section className="card feed-card" aria-labelledby="feed-title">
        <h2 id="feed-title" className="h3">
          {t('bookings.feed.title')}
        </h2>
        <CalendarFeed scope={{ kind: 'me' }} />
      </section>
      <StatusMessage>{status}</StatusMessage>
      {bookings.isPending ? (
        <Loading />
      ) : bookings.isError ? (
        <ErrorState error={bookings.error} onRetry={() => void bookings.refetch()} />
      ) : (
        <>
          <section aria-labelledby="upcoming-title" className="stack">
            <h2 id="upcoming-title">{t('bookings.mine.upcoming')}</h2>
            {upcoming.length === 0 ? (
              <div className="muted">
                <p>{t('bookings.mine.none')}</p>
                {myLieux.length > 0 && (
                  <ul className="plain-list link-list">
                    {myLieux.map((l) => (
                      <li key={l.id}>
                        <Link to={`/lieux/${l.id}/reserver`}>{t('bookings.mine.bookIn', { lieu: l.name })}</Link>
                      </li>
                    ))}
                  </ul>
                )}
              </div>
            ) : (
              <ul className="booking-list">
                {upcoming.map((b) => (
                  <BookingItem key={b.id} booking={b} lieu={lieuOf(b.lieuId)} now={now} onStatus={setStatus} />
                ))}
              </ul>
            )}
          </section>
          <section aria-labelledby="past-title" className="stack">
            <div className="section-head">
              <h2 id="past-title">{t('bookings.mine.past')}</h2>
              <button type="button" className="button button-secondary button-small" aria-expanded={showPast} onClick={() => setShowPast((s) => !s)}>
                {showPast ? t('bookings.mine.hidePast') : t('bookings.mine.showPast', { count: past.length })}
              </button>
            </div>
            {showPast &&
              (past.length === 0 ? (
                <p className="muted">{t('bookings.mine.nonePast')}</p>
              ) : (
                <ul className="booking-list booking-list-past">
                  {past.map((b) => (
                    <BookingItem key={b.id} booking={b} lieu={lieuOf(b.lieuId)} now={now} onStatus={setStatus} />
                  ))}
                </ul>
              ))}
          </section>
        </>
      )}
    </div>
  )
}

function BookingItem({
  booking: b,
  lieu,
  now,
  onStatus,
}: {
  booking: BookingDto
  lieu: LieuDto | undefined
  now: Date
  onStatus: (s: string) => void
}) {
  const { t, i18n } = useTranslation()
  const invalidate = useInvalidateBookings()
  const zone = lieu?.timeZone ?? 'Europe/Paris'
  const ctx = { zone, locale: i18n.language, cancellableUntil: b.cancellableUntil }
  const can = bookingActions(b, now)
  const [dialog, setDialog] = useState<'move' | 'series' | null>(null)
  const act = useMutation({
    mutationFn: (action: 'cancel' | 'checkIn' | 'checkOut') =>
      action === 'cancel' ? bookingsApi.cancel(b.id) : action === 'checkIn' ? bookingsApi.checkIn(b.id) : bookingsApi.checkOut(b.id),
    onSuccess: (_, action) => {
      void invalidate()
      onStatus(t(`bookings.mine.done.${action}`, { name: b.resource.name }))
    },
  })
  const span = formatSpan(b.startsAt, b.endsAt, zone, i18n.language)
  return (
    <li className={`booking-item card status-border-${b.status}`}>
      <div className="booking-main">
        <p className="booking-when">
          <strong>{span}</strong>
        </p>
        <p>
          {b.resource.name}
          {lieu && <span className="muted"> · {lieu.name}</span>}
          {b.seats > 1 && <span className="muted"> · {t('bookings.mine.seats', { count: b.seats })}</span>}
          {b.seriesId && <span className="role-tag">{t('bookings.mine.inSeries')}</span>}
          {b.price?.means === 'employer' && <span className="role-tag">{t('pricing.paidByEmployer')}</span>}
        </p>
        <p>
          <StatusBadge status={b.status} />
          {b.status === 'pending' && <span className="small muted"> {t('bookings.mine.pendingHint')}</span>}
        </p>
        {b.cancelReason && <p className="small muted">{t('bookings.mine.reason', { reason: b.cancelReason })}</p>}
        {can.cancel && (
          <p className="small muted">
            {can.beforeDeadline
              ? t('bookings.mine.cancellableUntil', { date: formatMoment(b.cancellableUntil, zone, i18n.language) })
              : t('bookings.mine.deadlinePassed', { date: formatMoment(b.cancellableUntil, zone, i18n.language) })}
          </p>
        )}
      </div>
      <div className="booking-actions">
        {(b.status === 'confirmed' || b.status === 'checked_in') && Date.parse(b.endsAt) > now.getTime() && <AccessCodeButton booking={b} zone={zone} />}
        {can.checkIn && (
          <button type="button" className="button button-small" disabled={act.isPending} onClick={() => act.mutate('checkIn')}>
            {t('bookings.mine.checkIn')}
          </button>
        )}
        {can.checkOut && (
          <button type="button" className="button button-small" disabled={act.isPending} onClick={() => act.mutate('checkOut')}>
            {t('bookings.mine.checkOut')}
          </button>
        )}
        {can.move && lieu && (
          <button type="button" className="button button-secondary button-small" onClick={() => setDialog('move')}>
            {t('bookings.mine.move')}
            <span className="visually-hidden"> {b.resource.name}, {span}</span>
          </button>
        )}
        {can.cancel && (
          <button
            type="button"
            className="button button-ghost button-small"
            disabled={act.isPending}
            onClick={() => {
              if (window.confirm(t('bookings.mine.confirmCancel', { name: b.resource.name, span }))) act.mutate('cancel')
            }}
          >
            {t('bookings.mine.cancel')}
            <span className="visually-hidden"> {b.resource.name}, {span}</span>
          </button>
        )}
        {can.cancel && b.seriesId && (
          <button type="button" className="button button-ghost button-small" onClick={() => setDialog('series')}>
            {t('bookings.mine.cancelSeries')}
          </button>
        )}
      </div>
      {act.error ? (
        <p role="alert" className="alert alert-error booking-error">
          {bookingProblemMessage(act.error, t, ctx)}
        </p>
      ) : null}
      {dialog === 'move' && lieu && <MoveDialog booking={b} lieu={lieu} onClose={() => setDialog(null)} onMoved={(m) => {
        setDialog(null)
        onStatus(t('bookings.mine.done.move', { name: m.resource.name, span: formatSpan(m.startsAt, m.endsAt, zone, i18n.language) }))
      }} />}
      {dialog === 'series' && b.seriesId && (
        <CancelSeriesDialog booking={b} zone={zone} onClose={() => setDialog(null)} onDone={() => {
          setDialog(null)
          onStatus(t('bookings.mine.done.series'))
        }} />
      )}
    </li>
  )
}

/** Move: the booking dialog with the current slot, over the lieu's resources of the same kind. */
export function MoveDialog({
  booking,
  lieu,
  onClose,
  onMoved,
}: {
  booking: BookingDto
  lieu: LieuDto
  onClose: () => void
  onMoved: (b: BookingDto) => void
}) {
  const resources = useResources(lieu.id)
  const sameKind = (resources.data ?? [])
    .filter((r) => r.kind === booking.resource.kind)
    .map((r) => ({ id: r.id, name: r.name, kind: r.kind, capacity: r.capacity }))
  const list = sameKind.length ? sameKind : [{ ...booking.resource, capacity: booking.seats }]
  if (resources.isPending) return null
  return (
    <BookingDialog
      lieuId={lieu.id}
      zone={lieu.timeZone}
      resources={list}
      mode={{ kind: 'move', booking }}
      onClose={onClose}
      onDone={(r) => {
        if ('booking' in r) onMoved(r.booking)
      }}
    />
  )
}

function CancelSeriesDialog({ booking, zone, onClose, onDone }: { booking: BookingDto; zone: string; onClose: () => void; onDone: () => void }) {
  const { t, i18n } = useTranslation()
  const invalidate = useInvalidateBookings()
  const [scope, setScope] = useState<'one' | 'following' | 'all'>('one')
  const cancel = useMutation({
    mutationFn: () => bookingsApi.cancelSeries(booking.seriesId!, { scope, bookingId: booking.id }),
    onSuccess: () => {
      void invalidate()
      onDone()
    },
  })
  return (
    <Modal title={t('bookings.mine.cancelSeries')} onClose={onClose}>
      <form
        className="form"
        onSubmit={(e) => {
          e.preventDefault()
          cancel.mutate()
        }}
      >
        <fieldset>
          <legend>{t('bookings.seriesCancel.which', { span: formatSpan(booking.startsAt, booking.endsAt, zone, i18n.language) })}</legend>
          {(['one', 'following', 'all'] as const).map((s) => (
            <label key={s} className="radio">
              <input type="radio" name="scope" checked={scope === s} onChange={() => setScope(s)} /> {t(`bookings.seriesCancel.${s}`)}
            </label>
          ))}
        </fieldset>
        {cancel.error ? (
          <p role="alert" className="alert alert-error">
            {bookingProblemMessage(cancel.error, t, { zone, locale: i18n.language, cancellableUntil: booking.cancellableUntil })}
          </p>
        ) : null}
        <p className="modal-actions">
          <button type="button" className="button button-secondary" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <SubmitButton pending={cancel.isPending} className="button button-danger">
            {t('bookings.seriesCancel.submit')}
          </SubmitButton>
        </p>
      </form>
    </Modal>
  )
}
