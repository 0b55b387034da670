import { useState } from 'react'
import { Link, useParams } from 'react-router'
import { useTranslation } from 'react-i18next'
import { useMutation } from '@tanstack/react-query'
import type { BookingDto } from '@fabrique/shared/bookings/schema'
import type { LieuDto } from '@fabrique/shared/lieux/schema'
import type { Occupancy } from '@fabrique/shared/live/schema'
import { ErrorState, Loading, useDocumentTitle } from '../../../components/Feedback.tsx'
import { StatusMessage } from '../../../components/FormAlert.tsx'
import { NotFoundPage } from '../../../app/NotFoundPage.tsx'
import { isApiError } from '../../../lib/api.ts'
import { useLiveOccupancy, useRefreshOnLiveChange } from '../../../lib/live.ts'
import { zonesOf } from '../../../lib/liveState.ts'
import { useLieu } from '../../lieux/hooks.ts'
import { bookingsApi } from '../../bookings/api.ts'
import { bookingsRoot, useInvalidateBookings, useLieuBookings, useNow } from '../../bookings/hooks.ts'
import { instantsOf, timeIn, todayIn } from '../../bookings/grid.ts'
import { bookingProblemMessage } from '../../bookings/problems.ts'
import { LiveBadge, LiveIndicator } from './LiveBits.tsx'

/** "Qui est là": who is checked in now, who is expected, counts per zone (managers). */
export default function PresencesPage() {
  const { lieuId = '' } = useParams()
  const { t } = useTranslation()
  const lieu = useLieu(lieuId)
  useDocumentTitle(lieu.data ? t('live.presences.titleOf', { lieu: lieu.data.name }) : t('live.presences.title'))
  if (lieu.isPending) return <Loading />
  if (isApiError(lieu.error, 'not_found') || isApiError(lieu.error, 'forbidden')) return <NotFoundPage />
  if (lieu.isError) return <ErrorState error={lieu.error} onRetry={() => void lieu.refetch()} />
  const l = lieu.data
  if (l.myRole !== 'owner' && l.myRole !== 'manager') {
    return (
      <section className="empty-page">
        <h1>{l.name}</h1>
        <p>{t('live.presences.notAllowed')}</p>
        <Link to={`/lieux/${l.id}/reserver`}>{t('home.book')}</Link>
      </section>
    )
  }
  return <Presences lieu={l} />
}

function Presences({ lieu }: { lieu: LieuDto }) {
  const { t } = useTranslation()
  const zone = lieu.timeZone
  const live = useLiveOccupancy(lieu.id)
  const today = todayIn(zone)
  const bounds = instantsOf(today, today, zone)
  const bookings = useLieuBookings(lieu.id, bounds.from, bounds.to)
  useRefreshOnLiveChange(live.occupancy?.seq, [[...bookingsRoot, 'lieu', lieu.id]])
  const now = useNow(30_000).getTime()
  const [status, setStatus] = useState<string | null>(null)
  const o = live.occupancy
  const list = bookings.data ?? []
  const nameOf = (resourceId: string) => o?.resources.find((r) => r.resourceId === resourceId)?.name ?? ''

  // Who is in comes from the live state; the booking behind each person, from today's bookings.
  const peopleIn = (o?.peopleIn ?? []).map((p) => ({
    ...p,
    booking: list.find((b) => b.status === 'checked_in' && b.user.id === p.userId && b.resource.id === p.resourceId),
  }))
  const expected = list
    .filter((b) => b.status === 'confirmed' && Date.parse(b.startsAt) <= now && now < Date.parse(b.endsAt))
    .sort((a, b) => a.startsAt.localeCompare(b.startsAt))

  return (
    <div className="stack-lg presences-page">
      <header className="page-header">
        <p className="eyebrow">{lieu.name}</p>
        <div className="title-row">
          <h1>{t('live.presences.title')}</h1>
          <LiveIndicator status={live.status} />
        </div>
        <p className="header-links">
          <Link to={`/lieux/${lieu.id}/planning`}>{t('bookings.lieuPlanning.title')}</Link>
          <Link to={`/lieux/${lieu.id}/gerer`}>{t('manage.title')}</Link>
          <Link to={`/lieux/${lieu.id}/gerer/ecrans`}>{t('live.presences.screens')}</Link>
        </p>
      </header>
      <StatusMessage>{status}</StatusMessage>

      {!o ? (
        live.error ? <ErrorState error={null} /> : <Loading />
      ) : (
        <>
          <Summary occupancy={o} />
          <section className="stack" aria-labelledby="in-title">
            <h2 id="in-title">{t('live.presences.inNow')}</h2>
            {peopleIn.length === 0 ? (
              <p className="muted">{t('live.presences.nobody')}</p>
            ) : (
              <div className="table-scroll">
                <table className="data-table presence-table">
                  <thead>
                    <tr>
                      <th scope="col">{t('live.presences.name')}</th>
                      <th scope="col">{t('live.presences.resource')}</th>
                      <th scope="col">{t('live.presences.since')}</th>
                      <th scope="col">
                        <span className="visually-hidden">{t('live.presences.actions')}</span>
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {peopleIn.map((p) => (
                      <tr key={`${p.userId}|${p.resourceId}`}>
                        <th scope="row">{p.name}</th>
                        <td>{nameOf(p.resourceId)}</td>
                        <td>{timeIn(p.since, zone)}</td>
                        <td className="actions-cell">
                          {p.booking && <PresenceAction booking={p.booking} action="checkOut" zone={zone} onStatus={setStatus} />}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </section>

          <section className="stack" aria-labelledby="expected-title">
            <div>
              <h2 id="expected-title">{t('live.presences.expected')}</h2>
              <p className="muted small">{t('live.presences.expectedHint')}</p>
            </div>
            {bookings.isError ? (
              <ErrorState error={bookings.error} onRetry={() => void bookings.refetch()} />
            ) : expected.length === 0 ? (
              <p className="muted">{t('live.presences.noneExpected')}</p>
            ) : (
              <div className="table-scroll">
                <table className="data-table presence-table">
                  <thead>
                    <tr>
                      <th scope="col">{t('live.presences.name')}</th>
                      <th scope="col">{t('live.presences.resource')}</th>
                      <th scope="col">{t('live.presences.booking')}</th>
                      <th scope="col">
                        <span className="visually-hidden">{t('live.presences.actions')}</span>
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {expected.map((b) => (
                      <tr key={b.id}>
                        <th scope="row">{b.user.name}</th>
                        <td>{b.resource.name}</td>
                        <td>
                          {timeIn(b.startsAt, zone)}–{timeIn(b.endsAt, zone)}
                        </td>
                        <td className="actions-cell">
                          <PresenceAction booking={b} action="checkIn" zone={zone} onStatus={setStatus} />
                          <PresenceAction booking={b} action="noShow" zone={zone} onStatus={setStatus} />
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </section>
        </>
      )}
    </div>
  )
}

function Summary({ occupancy: o }: { occupancy: Occupancy }) {
  const { t } = useTranslation()
  const present = o.peopleIn?.length ?? o.resources.reduce((n, r) => n + r.seatsCheckedIn, 0)
  const zones = zonesOf(o)
  return (
    <section className="presence-summary" aria-label={t('live.presences.title')}>
      <div className="stat-card">
        <strong className="stat-number">{present}</strong>
        <span>{t('live.presences.present', { count: present })}</span>
      </div>
      <div className="stat-card">
        <strong className="stat-number">{o.seatsFreeNow}</strong>
        <span>{t('live.presences.seatsFree', { free: o.seatsFreeNow, total: o.seatsTotal })}</span>
      </div>
      {!o.openNow && <p className="alert alert-warning">{t('live.presences.closedNow')}</p>}
      {zones.length > 0 && (
        <div className="stat-card stat-zones">
          <h2 className="h3">{t('live.presences.zones')}</h2>
          <ul className="plain-list">
            {zones.map(({ resource: r, free }) => (
              <li key={r.resourceId}>
                <strong>{r.name}</strong>{' '}
                <span className="muted">{t('live.presences.zoneLine', { in: r.seatsCheckedIn, free, capacity: r.capacity })}</span>{' '}
                {r.state === 'out_of_service' && <LiveBadge resource={r} openNow={o.openNow} />}
              </li>
            ))}
          </ul>
        </div>
      )}
    </section>
  )
}

function PresenceAction({
  booking: b,
  action,
  zone,
  onStatus,
}: {
  booking: BookingDto
  action: 'checkIn' | 'checkOut' | 'noShow'
  zone: string
  onStatus: (s: string) => void
}) {
  const { t, i18n } = useTranslation()
  const invalidate = useInvalidateBookings()
  const act = useMutation({
    mutationFn: () => (action === 'checkIn' ? bookingsApi.checkIn(b.id) : action === 'checkOut' ? bookingsApi.checkOut(b.id) : bookingsApi.noShow(b.id)),
    onSuccess: () => {
      void invalidate()
      onStatus(t(`live.presences.done.${action}`, { name: b.user.name }))
    },
  })
  return (
    <>
      <button
        type="button"
        className={`button button-small ${action === 'noShow' ? 'button-ghost' : action === 'checkOut' ? 'button-secondary' : ''}`}
        disabled={act.isPending}
        onClick={() => {
          if (action === 'noShow' && !window.confirm(t('live.presences.confirmNoShow', { name: b.user.name }))) return
          act.mutate()
        }}
      >
        {t(`live.presences.${action}`)}
        <span className="visually-hidden">
          {' '}
          {b.user.name}, {b.resource.name}
        </span>
      </button>
      {act.error ? (
        <span role="alert" className="alert alert-error small">
          {bookingProblemMessage(act.error, t, { zone, locale: i18n.language })}
        </span>
      ) : null}
    </>
  )
}
