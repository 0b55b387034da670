import { useState, type ReactNode } from 'react'
import { Link, useParams } from 'react-router'
import { useTranslation } from 'react-i18next'
import type { ResourceAvailabilityDto } from '@fabrique/shared/bookings/schema'
import type { ResourceKind } from '@fabrique/shared/resources/schema'
import { ErrorState, Loading, useDocumentTitle } from '../../../components/Feedback.tsx'
import { StatusMessage } from '../../../components/FormAlert.tsx'
import { NotFoundPage } from '../../../app/NotFoundPage.tsx'
import { isApiError } from '../../../lib/api.ts'
import { useLieu } from '../../lieux/hooks.ts'
import { bookingsRoot, freeNowKey, useAvailability, useFreeNow } from '../hooks.ts'
import { buildDayGrid, formatSpan, timeIn, viewRange, weekDates, weekOf, shortDate, type GridCell, type Slot } from '../grid.ts'
import { BookingDialog, type DialogResource } from './BookingDialog.tsx'
import { WaitlistDialog } from './WaitlistDialog.tsx'
import { DateNav, usePlanningParams } from './DateNav.tsx'
import type { ResourceLive } from '@fabrique/shared/live/schema'
import { useLiveOccupancy, useRefreshOnLiveChange } from '../../../lib/live.ts'
import { LiveBadge, LiveIndicator } from '../../live/components/LiveBits.tsx'

export const KINDS: readonly { kind: ResourceKind; slug: string }[] = [
  { kind: 'desk', slug: 'bureaux' },
  { kind: 'room', slug: 'salles' },
  { kind: 'machine', slug: 'machines' },
  { kind: 'zone', slug: 'espaces' },
]

const toDialogResource = (r: ResourceAvailabilityDto): DialogResource => ({
  id: r.resourceId,
  name: r.name,
  kind: r.kind,
  capacity: r.capacity,
})

type Dialog =
  | { kind: 'book'; resourceId: string; date: string; start?: string }
  | { kind: 'wait'; resource: DialogResource; cell: Slot; following: Slot[] }

/** The member planning: what is free, resource by resource, and a dialog to book it. */
export default function PlanningPage() {
  const { lieuId = '' } = useParams()
  const { t, i18n } = useTranslation()
  const lieu = useLieu(lieuId)
  useDocumentTitle(lieu.data ? t('bookings.planning.titleOf', { lieu: lieu.data.name }) : t('bookings.planning.title'))
  if (lieu.isPending) return <Loading />
  if (isApiError(lieu.error, 'not_found') || isApiError(lieu.error, 'forbidden')) return <NotFoundPage />
  if (lieu.isError) return <ErrorState error={lieu.error} onRetry={() => void lieu.refetch()} />
  return <Planning lieuId={lieuId} lieuName={lieu.data.name} zone={lieu.data.timeZone} locale={i18n.language} canManage={lieu.data.myRole === 'owner' || lieu.data.myRole === 'manager'} />
}

function Planning({ lieuId, lieuName, zone, locale, canManage }: { lieuId: string; lieuName: string; zone: string; locale: string; canManage: boolean }) {
  const { t } = useTranslation()
  const nav = usePlanningParams(zone)
  const kindSlug = nav.params.get('type')
  const kind = KINDS.find((k) => k.slug === kindSlug)?.kind ?? 'desk'
  const range = viewRange(nav.date, nav.view)
  const availability = useAvailability(lieuId, range.from, range.to, kind)
  const [dialog, setDialog] = useState<Dialog | null>(null)
  const [done, setDone] = useState<string | null>(null)
  const resources = availability.data ?? []
  const browserZone = Intl.DateTimeFormat().resolvedOptions().timeZone
  // Live: badges for the state now, and the grid refreshed when someone books or checks in.
  const live = useLiveOccupancy(lieuId)
  useRefreshOnLiveChange(live.occupancy?.seq, [[...bookingsRoot, 'availability', lieuId], [...bookingsRoot, 'availability-one', lieuId], freeNowKey(lieuId)])
  const showLive = range.from <= nav.today && nav.today <= range.to
  const liveOf = live.occupancy && showLive ? liveLookup(live.occupancy.resources, live.occupancy.openNow) : undefined

  return (
    <div className="stack-lg planning-page">
      <header className="page-header">
        <p className="eyebrow">{lieuName}</p>
        <div className="title-row">
          <h1>{t('bookings.planning.title')}</h1>
          <LiveIndicator status={live.status} />
        </div>
        <p className="muted small">
          {browserZone !== zone && t('bookings.planning.timesInZone', { zone })}{' '}
          <Link to="/reservations">{t('bookings.mine.title')}</Link>
          {canManage && (
            <>
              {' · '}
              <Link to={`/lieux/${lieuId}/planning`}>{t('bookings.lieuPlanning.title')}</Link>
            </>
          )}
        </p>
      </header>

      <FreeNow lieuId={lieuId} zone={zone} onPick={(resourceId) => setDialog({ kind: 'book', resourceId, date: nav.today })} />

      <nav className="tabs" aria-label={t('bookings.planning.kinds')}>
        <ul>
          {KINDS.map((k) => (
            <li key={k.kind}>
              <Link
                to={`?${new URLSearchParams({ ...Object.fromEntries(nav.params), type: k.slug }).toString()}`}
                replace
                aria-current={k.kind === kind ? 'page' : undefined}
                className={k.kind === kind ? 'active' : undefined}
              >
                {t(`bookings.kinds.${k.kind}`)}
              </Link>
            </li>
          ))}
        </ul>
      </nav>

      <DateNav date={nav.date} view={nav.view} today={nav.today} onDate={nav.setDate} onView={nav.setView} />
      <StatusMessage>{done}</StatusMessage>

      {availability.isPending ? (
        <Loading />
      ) : availability.isError ? (
        <ErrorState error={availability.error} onRetry={() => void availability.refetch()} />
      ) : resources.length === 0 ? (
        <p className="muted">{t('bookings.planning.noResources')}</p>
      ) : nav.view === 'day' ? (
        <DayView
          resources={resources}
          date={nav.date}
          zone={zone}
          liveOf={liveOf}
          onFree={(r, c) => setDialog({ kind: 'book', resourceId: r.resourceId, date: nav.date, start: new Date(c.start).toISOString() })}
          onTaken={(r, c, following) =>
            setDialog({
              kind: 'wait',
              resource: toDialogResource(r),
              cell: { start: new Date(c.start).toISOString(), end: new Date(c.end).toISOString(), seatsFree: 0 },
              following,
            })
          }
        />
      ) : (
        <WeekView
          resources={resources}
          date={nav.date}
          zone={zone}
          liveOf={liveOf}
          onPick={(r, date, start) => setDialog({ kind: 'book', resourceId: r.resourceId, date, start })}
        />
      )}
      <Legend />

      {dialog?.kind === 'book' && (
        <BookingDialog
          lieuId={lieuId}
          zone={zone}
          resources={resources.map(toDialogResource)}
          mode={{ kind: 'create', resourceId: dialog.resourceId, date: dialog.date, start: dialog.start }}
          onClose={() => setDialog(null)}
          onDone={(r) => {
            if (!('booking' in r)) return
            const b = r.booking
            setDone(
              t(b.status === 'pending' ? 'bookings.planning.requested' : 'bookings.planning.booked', {
                name: b.resource.name,
                span: formatSpan(b.startsAt, b.endsAt, zone, locale),
              }),
            )
            setDialog(null)
          }}
        />
      )}
      {dialog?.kind === 'wait' && (
        <WaitlistDialog resource={dialog.resource} zone={zone} cell={dialog.cell} following={dialog.following} onClose={() => setDialog(null)} />
      )}
    </div>
  )
}

function FreeNow({ lieuId, zone, onPick }: { lieuId: string; zone: string; onPick: (resourceId: string) => void }) {
  const { t } = useTranslation()
  const free = useFreeNow(lieuId)
  if (!free.data) return null
  const list = free.data.resources.filter((r) => r.seatsFree > 0)
  return (
    <section className="free-now" aria-labelledby="free-now-title">
      <h2 id="free-now-title" className="h3">
        {t('bookings.freeNow.title')}
      </h2>
      {!free.data.openNow ? (
        <p className="muted">{t('bookings.freeNow.closed')}</p>
      ) : list.length === 0 ? (
        <p className="muted">{t('bookings.freeNow.none')}</p>
      ) : (
        <ul className="free-now-list">
          {list.map((r) => (
            <li key={r.resourceId}>
              <button type="button" className="free-chip" onClick={() => onPick(r.resourceId)}>
                <strong>{r.name}</strong>
                <span>
                  {r.kind === 'zone' ? t('bookings.grid.seats', { free: r.seatsFree, capacity: r.capacity }) + ' · ' : ''}
                  {r.freeUntil ? t('bookings.freeNow.until', { time: timeIn(r.freeUntil, zone) }) : t('bookings.freeNow.allDay')}
                </span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}

type LiveOf = (resourceId: string) => ReactNode

/** A resource's live badge by id (null when the live state does not know it). */
function liveLookup(list: readonly ResourceLive[], openNow: boolean): LiveOf {
  const byId = new Map(list.map((r) => [r.resourceId, r]))
  return (id) => {
    const r = byId.get(id)
    return r ? <LiveBadge resource={r} openNow={openNow} /> : null
  }
}

function DayView({
  resources,
  date,
  zone,
  liveOf,
  onFree,
  onTaken,
}: {
  resources: readonly ResourceAvailabilityDto[]
  date: string
  zone: string
  liveOf?: LiveOf
  onFree: (r: ResourceAvailabilityDto, c: GridCell) => void
  onTaken: (r: ResourceAvailabilityDto, c: GridCell, following: Slot[]) => void
}) {
  const { t } = useTranslation()
  const grid = buildDayGrid(resources, date, zone)
  if (grid.axis.length === 0) return <p className="alert alert-warning">{t('bookings.planning.nothingThisDay')}</p>
  const cols = grid.axis.length
  return (
    <div className="planning-scroll" role="region" aria-label={t('bookings.planning.gridLabel')} tabIndex={0}>
      <div className="planning-grid" style={{ gridTemplateColumns: `var(--planning-name) repeat(${cols}, minmax(var(--planning-cell), 1fr))` }}>
        <div className="planning-corner" aria-hidden="true" />
        {grid.axis.map((a) => (
          <div key={a.start} className={`planning-time ${a.label.endsWith(':00') ? 'hour' : ''}`} aria-hidden="true">
            {a.label.endsWith(':00') || a === grid.axis[0] ? a.label : ''}
          </div>
        ))}
        {grid.rows.map((row) => (
          <div key={row.resource.resourceId} className="planning-row" role="group" aria-label={row.resource.name} style={{ gridColumn: `1 / span ${cols + 1}` }}>
            <div className="planning-name">
              <span>{row.resource.name}</span>
              {row.resource.kind === 'zone' || row.resource.kind === 'room' ? (
                <span className="small muted">{t('bookings.grid.capacity', { count: row.resource.capacity })}</span>
              ) : null}
              {liveOf?.(row.resource.resourceId)}
            </div>
            {row.cells.map((c, k) => {
              const span = `${timeIn(c.start, zone)}–${timeIn(c.end, zone)}`
              const style = { gridColumn: `${c.column + 2} / span ${c.span}` }
              if (c.state === 'closed') return <div key={k} className="cell cell-closed" style={style} aria-hidden="true" />
              const seatsText = row.resource.kind === 'zone' ? t('bookings.grid.seats', { free: c.seatsFree, capacity: c.capacity }) : ''
              if (c.state === 'taken') {
                const following = row.cells
                  .slice(k + 1)
                  .filter((x) => x.state !== 'closed')
                  .map((x) => ({ start: new Date(x.start).toISOString(), end: new Date(x.end).toISOString(), seatsFree: x.seatsFree }))
                return (
                  <button
                    key={k}
                    type="button"
                    className="cell cell-taken"
                    style={style}
                    aria-label={t('bookings.grid.takenLabel', { name: row.resource.name, span })}
                    title={t('bookings.grid.takenLabel', { name: row.resource.name, span })}
                    onClick={() => onTaken(row.resource, c, following)}
                  >
                    {row.resource.kind === 'zone' && c.span > 1 ? seatsText : ''}
                  </button>
                )
              }
              const label = t('bookings.grid.freeLabel', { name: row.resource.name, span }) + (seatsText ? `, ${seatsText}` : '')
              return (
                <button
                  key={k}
                  type="button"
                  className={`cell cell-${c.state}`}
                  style={style}
                  aria-label={label}
                  title={label}
                  onClick={() => onFree(row.resource, c)}
                >
                  {row.resource.kind === 'zone' ? (c.span > 1 ? seatsText : `${c.seatsFree}/${c.capacity}`) : ''}
                </button>
              )
            })}
          </div>
        ))}
      </div>
    </div>
  )
}

function WeekView({
  resources,
  date,
  zone,
  liveOf,
  onPick,
}: {
  resources: readonly ResourceAvailabilityDto[]
  date: string
  zone: string
  liveOf?: LiveOf
  onPick: (r: ResourceAvailabilityDto, date: string, start: string) => void
}) {
  const { t, i18n } = useTranslation()
  const days = weekDates(date)
  return (
    <div className="planning-scroll" role="region" aria-label={t('bookings.planning.gridLabel')} tabIndex={0}>
      <table className="week-table">
        <thead>
          <tr>
            <th scope="col">
              <span className="visually-hidden">{t('bookings.dialog.resource')}</span>
            </th>
            {days.map((d) => (
              <th key={d} scope="col">
                {shortDate(d, i18n.language)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {resources.map((r) => (
            <tr key={r.resourceId}>
              <th scope="row">
                {r.name} {liveOf?.(r.resourceId)}
              </th>
              {weekOf(r, days, zone).map((d) => (
                <td key={d.date}>
                  {d.closed ? (
                    <span className="muted small">{t('bookings.grid.unavailable')}</span>
                  ) : d.free.length === 0 ? (
                    <span className="status-badge status-declined">{t('bookings.grid.full')}</span>
                  ) : (
                    <ul className="free-list">
                      {d.free.map((f) => (
                        <li key={f.start}>
                          <button
                            type="button"
                            className="free-range"
                            aria-label={t('bookings.grid.freeLabel', {
                              name: r.name,
                              span: formatSpan(f.start, f.end, zone, i18n.language),
                            })}
                            onClick={() => onPick(r, d.date, f.start)}
                          >
                            {timeIn(f.start, zone)}–{timeIn(f.end, zone)}
                          </button>
                        </li>
                      ))}
                    </ul>
                  )}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}

function Legend() {
  const { t } = useTranslation()
  return (
    <ul className="legend" aria-label={t('bookings.grid.legend')}>
      <li>
        <span className="swatch cell-free" aria-hidden="true" /> {t('bookings.grid.free')}
      </li>
      <li>
        <span className="swatch cell-partial" aria-hidden="true" /> {t('bookings.grid.partial')}
      </li>
      <li>
        <span className="swatch cell-taken" aria-hidden="true" /> {t('bookings.grid.taken')}
      </li>
      <li>
        <span className="swatch cell-closed" aria-hidden="true" /> {t('bookings.grid.unavailable')}
      </li>
    </ul>
  )
}
