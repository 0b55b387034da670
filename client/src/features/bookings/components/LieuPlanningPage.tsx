import { useState, type ReactNode } from 'react'
import { Link, useParams } from 'react-router'
import { useTranslation } from 'react-i18next'
import { useMutation, useQuery } from '@tanstack/react-query'
import {
  DndContext,
  PointerSensor,
  TouchSensor,
  useDraggable,
  useDroppable,
  useSensor,
  useSensors,
  type DragEndEvent,
} from '@dnd-kit/core'
import type { BookingDto } from '@fabrique/shared/bookings/schema'
import type { LieuDto } from '@fabrique/shared/lieux/schema'
import type { ResourceDto } from '@fabrique/shared/resources/schema'
import { timeToMinutes } from '@fabrique/shared/time/schema'
import { ErrorState, Loading, useDocumentTitle } from '../../../components/Feedback.tsx'
import { StatusMessage } from '../../../components/FormAlert.tsx'
import { TextField } from '../../../components/Field.tsx'
import { Modal } from '../../../components/Modal.tsx'
import { NotFoundPage } from '../../../app/NotFoundPage.tsx'
import { isApiError } from '../../../lib/api.ts'
import { weekdayOfLocalDate } from '../../../lib/datetime.ts'
import { useLieu } from '../../lieux/hooks.ts'
import { useTeam } from '../../team/hooks.ts'
import { useLieuRules, useResources } from '../../resources/hooks.ts'
import { bookingsApi } from '../api.ts'
import { bookingsRoot, useInvalidateBookings, useLieuBookings } from '../hooks.ts'
import {
  axisForHours,
  dateIn,
  dropTarget,
  formatSpan,
  instantsOf,
  placeBookings,
  shortDate,
  timeIn,
  todayIn,
  viewRange,
  weekDates,
  type AxisCell,
} from '../grid.ts'
import { bookingProblemMessage } from '../problems.ts'
import { BookingDialog } from './BookingDialog.tsx'
import { CalendarFeed } from './CalendarFeed.tsx'
import { DateNav, usePlanningParams } from './DateNav.tsx'
import { MoveDialog, StatusBadge } from './MyBookingsPage.tsx'
import { useLiveOccupancy, useRefreshOnLiveChange } from '../../../lib/live.ts'
import { LiveBadge, LiveIndicator } from '../../live/components/LiveBits.tsx'
import type { Occupancy } from '@fabrique/shared/live/schema'

const SHOWN = new Set(['pending', 'confirmed', 'checked_in', 'completed', 'no_show'])

/** The manager's planning: every booking, drag to move, requests to approve, book on behalf. */
export default function LieuPlanningPage() {
  const { lieuId = '' } = useParams()
  const { t } = useTranslation()
  const lieu = useLieu(lieuId)
  useDocumentTitle(lieu.data ? `${t('bookings.lieuPlanning.title')} — ${lieu.data.name}` : t('bookings.lieuPlanning.title'))
  if (lieu.isPending) return <Loading />
  if (isApiError(lieu.error, 'not_found') || isApiError(lieu.error, 'forbidden')) return <NotFoundPage />
  if (lieu.isError) return <ErrorState error={lieu.error} onRetry={() => void lieu.refetch()} />
  const l = lieu.data
  if (l.myRole !== 'owner' && l.myRole !== 'manager') {
    return (
      <section className="empty-page">
        <h1>{l.name}</h1>
        <p>{t('manage.notAllowed')}</p>
        <Link to={`/lieux/${l.id}/reserver`}>{t('home.book')}</Link>
      </section>
    )
  }
  return <LieuPlanning lieu={l} />
}

type Dialog = { kind: 'details'; booking: BookingDto } | { kind: 'move'; booking: BookingDto } | { kind: 'book'; resourceId: string; date: string; start?: string }

function LieuPlanning({ lieu }: { lieu: LieuDto }) {
  const { t, i18n } = useTranslation()
  const zone = lieu.timeZone
  const nav = usePlanningParams(zone)
  const range = viewRange(nav.date, nav.view)
  const bounds = instantsOf(range.from, range.to, zone)
  const bookings = useLieuBookings(lieu.id, bounds.from, bounds.to)
  const resources = useResources(lieu.id)
  const rules = useLieuRules(lieu.id)
  const team = useTeam(lieu.id)
  const invalidate = useInvalidateBookings()
  const [dialog, setDialog] = useState<Dialog | null>(null)
  const [status, setStatus] = useState<string | null>(null)
  const live = useLiveOccupancy(lieu.id)
  useRefreshOnLiveChange(live.occupancy?.seq, [[...bookingsRoot, 'lieu', lieu.id], [...bookingsRoot, 'pending', lieu.id]])
  const showLive = range.from <= nav.today && nav.today <= range.to
  const liveNow = showLive ? live.occupancy : null
  const move = useMutation({
    mutationFn: (v: { booking: BookingDto; startsAt: string; endsAt: string; resourceId: string }) =>
      bookingsApi.move(v.booking.id, {
        startsAt: v.startsAt,
        endsAt: v.endsAt,
        ...(v.resourceId !== v.booking.resource.id && { resourceId: v.resourceId }),
      }),
    onSuccess: (b) => {
      void invalidate()
      setStatus(t('bookings.lieuPlanning.moved', { name: b.user.name, span: formatSpan(b.startsAt, b.endsAt, zone, i18n.language), resource: b.resource.name }))
    },
  })

  const list = (bookings.data ?? []).filter((b) => SHOWN.has(b.status))
  const res = resources.data ?? []
  const members = (team.data?.members ?? []).map((m) => ({ userId: m.userId, name: m.name }))
  const dialogResources = res.map((r) => ({ id: r.id, name: r.name, kind: r.kind, capacity: r.capacity }))

  return (
    <div className="stack-lg planning-page">
      <header className="page-header">
        <p className="eyebrow">{lieu.name}</p>
        <div className="title-row">
          <h1>{t('bookings.lieuPlanning.title')}</h1>
          <LiveIndicator status={live.status} />
        </div>
        <p className="header-links">
          <Link to={`/lieux/${lieu.id}/presences`}>{t('live.presences.title')}</Link>
          <Link to={`/lieux/${lieu.id}/gerer`}>{t('manage.title')}</Link>
          <Link to={`/lieux/${lieu.id}/reserver`}>{t('bookings.planning.title')}</Link>
        </p>
      </header>

      <PendingRequests lieu={lieu} onOpen={(b) => setDialog({ kind: 'details', booking: b })} onStatus={setStatus} />

      <div className="toolbar">
        <button
          type="button"
          className="button"
          disabled={res.length === 0}
          onClick={() => setDialog({ kind: 'book', resourceId: res[0]?.id ?? '', date: nav.date })}
        >
          {t('bookings.lieuPlanning.bookOnBehalf')}
        </button>
        <CalendarFeed scope={{ kind: 'lieu', lieuId: lieu.id }} label={t('bookings.feed.lieu')} />
      </div>

      <DateNav date={nav.date} view={nav.view} today={nav.today} onDate={nav.setDate} onView={nav.setView} />
      <StatusMessage>{status}</StatusMessage>
      {move.error ? (
        <p role="alert" className="alert alert-error">
          {bookingProblemMessage(move.error, t, { zone, locale: i18n.language })}
        </p>
      ) : null}

      {bookings.isPending || resources.isPending ? (
        <Loading />
      ) : bookings.isError ? (
        <ErrorState error={bookings.error} onRetry={() => void bookings.refetch()} />
      ) : res.length === 0 ? (
        <p className="muted">
          {t('bookings.planning.noResources')} <Link to={`/lieux/${lieu.id}/gerer/ressources`}>{t('manage.tabs.resources')}</Link>
        </p>
      ) : nav.view === 'day' ? (
        <ManagerDay
          lieu={lieu}
          date={nav.date}
          granularity={rules.data?.granularityMinutes ?? 30}
          resources={res}
          bookings={list}
          live={liveNow}
          onOpen={(b) => setDialog({ kind: 'details', booking: b })}
          onEmpty={(resourceId, start) => setDialog({ kind: 'book', resourceId, date: nav.date, start })}
          onDrop={(booking, resourceId, cellStart) => {
            const target = dropTarget(booking, cellStart)
            if (target.startsAt === new Date(booking.startsAt).toISOString() && resourceId === booking.resource.id) return
            move.mutate({ booking, resourceId, ...target })
          }}
        />
      ) : (
        <ManagerWeek lieu={lieu} date={nav.date} resources={res} bookings={list} live={liveNow} onOpen={(b) => setDialog({ kind: 'details', booking: b })} />
      )}
      <p className="muted small">{t('bookings.lieuPlanning.dragHint')}</p>

      <section className="card" aria-labelledby="feeds-title">
        <h2 id="feeds-title" className="h3">
          {t('bookings.feed.resourcesTitle')}
        </h2>
        <ul className="feed-list">
          {res.map((r) => (
            <li key={r.id}>
              <span>{r.name}</span>
              <CalendarFeed scope={{ kind: 'resource', lieuId: lieu.id, resourceId: r.id }} label={t('bookings.feed.resource')} />
            </li>
          ))}
        </ul>
      </section>

      {dialog?.kind === 'details' && (
        <BookingDetails
          booking={dialog.booking}
          zone={zone}
          onClose={() => setDialog(null)}
          onMove={() => setDialog({ kind: 'move', booking: dialog.booking })}
          onStatus={(s) => {
            setStatus(s)
            setDialog(null)
          }}
        />
      )}
      {dialog?.kind === 'move' && (
        <MoveDialog
          booking={dialog.booking}
          lieu={lieu}
          onClose={() => setDialog(null)}
          onMoved={(b) => {
            setDialog(null)
            setStatus(t('bookings.lieuPlanning.moved', { name: b.user.name, span: formatSpan(b.startsAt, b.endsAt, zone, i18n.language), resource: b.resource.name }))
          }}
        />
      )}
      {dialog?.kind === 'book' && (
        <BookingDialog
          lieuId={lieu.id}
          zone={zone}
          resources={dialogResources}
          members={members}
          mode={{ kind: 'create', resourceId: dialog.resourceId, date: dialog.date, start: dialog.start }}
          onClose={() => setDialog(null)}
          onDone={(r) => {
            if (!('booking' in r)) return
            setDialog(null)
            setStatus(t('bookings.lieuPlanning.bookedFor', { name: r.booking.user.name, span: formatSpan(r.booking.startsAt, r.booking.endsAt, zone, i18n.language) }))
          }}
        />
      )}
    </div>
  )
}

/** The live badge of one resource, when the live state is shown and knows it. */
function LiveOf({ live, resourceId }: { live: Occupancy | null; resourceId: string }) {
  const r = live?.resources.find((x) => x.resourceId === resourceId)
  return r && live ? <LiveBadge resource={r} openNow={live.openNow} /> : null
}

function dayAxis(lieu: LieuDto, date: string, granularity: number): { axis: AxisCell[]; closed: boolean } {
  const weekday = weekdayOfLocalDate(date)
  const hours = lieu.openingHours.filter((h) => h.weekday === weekday)
  const closed = hours.length === 0 || lieu.closures.some((c) => c.startDate <= date && date <= c.endDate)
  const start = hours.length ? Math.min(...hours.map((h) => timeToMinutes(h.start))) : 8 * 60
  const end = hours.length ? Math.max(...hours.map((h) => timeToMinutes(h.end))) : 20 * 60
  const from = Math.floor(start / granularity) * granularity
  const to = Math.ceil(end / granularity) * granularity
  return { axis: axisForHours(date, lieu.timeZone, from, Math.min(24 * 60, to), granularity), closed }
}

function ManagerDay({
  lieu,
  date,
  granularity,
  resources,
  bookings,
  live,
  onOpen,
  onEmpty,
  onDrop,
}: {
  lieu: LieuDto
  date: string
  granularity: number
  resources: readonly ResourceDto[]
  bookings: readonly BookingDto[]
  live: Occupancy | null
  onOpen: (b: BookingDto) => void
  onEmpty: (resourceId: string, start: string) => void
  onDrop: (b: BookingDto, resourceId: string, cellStart: number) => void
}) {
  const { t } = useTranslation()
  const zone = lieu.timeZone
  const { axis, closed } = dayAxis(lieu, date, granularity)
  // A drag starts after 6 px (pointer) or a long press (touch): a click still opens the booking.
  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 6 } }),
    useSensor(TouchSensor, { activationConstraint: { delay: 250, tolerance: 6 } }),
  )
  const byId = new Map(bookings.map((b) => [b.id, b]))
  const onDragEnd = (e: DragEndEvent) => {
    const b = byId.get(String(e.active.id))
    const over = e.over?.id ? String(e.over.id) : null
    if (!b || !over) return
    const [resourceId, start] = over.split('|')
    onDrop(b, resourceId!, Number(start))
  }
  const cols = axis.length
  return (
    <>
      {closed && <p className="alert alert-warning">{t('bookings.lieuPlanning.closedDay')}</p>}
      <DndContext sensors={sensors} onDragEnd={onDragEnd}>
        <div className="planning-scroll" role="region" aria-label={t('bookings.planning.gridLabel')} tabIndex={0}>
          <div className="planning-grid manager-grid" style={{ gridTemplateColumns: `var(--planning-name) repeat(${cols}, minmax(var(--planning-cell), 1fr))` }}>
            <div className="planning-corner" aria-hidden="true" />
            {axis.map((a, i) => (
              <div key={a.start} className={`planning-time ${a.label.endsWith(':00') ? 'hour' : ''}`} aria-hidden="true">
                {a.label.endsWith(':00') || i === 0 ? a.label : ''}
              </div>
            ))}
            {resources.map((r) => {
              const mine = bookings.filter((b) => b.resource.id === r.id && dateIn(b.startsAt, zone) <= date && dateIn(b.endsAt, zone) >= date)
              const { placed, lanes } = placeBookings(mine, axis)
              return (
                <div
                  key={r.id}
                  className="planning-row"
                  role="group"
                  aria-label={r.name}
                  style={{ gridColumn: `1 / span ${cols + 1}`, gridTemplateRows: `repeat(${lanes}, minmax(2.75rem, auto))` }}
                >
                  <div className="planning-name" style={{ gridRow: `1 / span ${lanes}` }}>
                    <span>{r.name}</span>
                    <LiveOf live={live} resourceId={r.id} />
                  </div>
                  {axis.map((a, i) => (
                    <DropCell
                      key={a.start}
                      id={`${r.id}|${a.start}`}
                      column={i}
                      lanes={lanes}
                      label={t('bookings.lieuPlanning.emptyCell', { name: r.name, time: a.label })}
                      onClick={() => onEmpty(r.id, new Date(a.start).toISOString())}
                    />
                  ))}
                  {placed.map((p) => (
                    <DraggableBooking key={p.booking.id} booking={p.booking} zone={zone} column={p.column} span={p.span} lane={p.lane} onOpen={onOpen} />
                  ))}
                </div>
              )
            })}
          </div>
        </div>
      </DndContext>
    </>
  )
}

function DropCell({ id, column, lanes, label, onClick }: { id: string; column: number; lanes: number; label: string; onClick: () => void }) {
  const { setNodeRef, isOver } = useDroppable({ id })
  return (
    <button
      ref={setNodeRef}
      type="button"
      tabIndex={-1}
      className={`cell drop-cell ${isOver ? 'drop-over' : ''}`}
      style={{ gridColumn: `${column + 2} / span 1`, gridRow: `1 / span ${lanes}` }}
      aria-label={label}
      title={label}
      onClick={onClick}
    />
  )
}

function DraggableBooking({
  booking: b,
  zone,
  column,
  span,
  lane,
  onOpen,
}: {
  booking: BookingDto
  zone: string
  column: number
  span: number
  lane: number
  onOpen: (b: BookingDto) => void
}) {
  const { t, i18n } = useTranslation()
  const movable = b.status === 'pending' || b.status === 'confirmed'
  const { attributes, listeners, setNodeRef, transform, isDragging } = useDraggable({ id: b.id, disabled: !movable })
  const style = {
    gridColumn: `${column + 2} / span ${span}`,
    gridRow: `${lane + 1}`,
    transform: transform ? `translate3d(${transform.x}px, ${transform.y}px, 0)` : undefined,
  }
  const label = `${b.user.name}, ${b.resource.name}, ${formatSpan(b.startsAt, b.endsAt, zone, i18n.language)}, ${t(`bookings.status.${b.status}`)}`
  // dnd-kit's attributes add role="button" and aria-roledescription; the element is a real button.
  const { role: _role, ...attrs } = attributes
  void _role
  return (
    <button
      ref={setNodeRef}
      type="button"
      className={`booking-block status-${b.status} ${isDragging ? 'dragging' : ''}`}
      style={style}
      {...attrs}
      {...listeners}
      aria-label={label}
      title={label}
      onClick={() => onOpen(b)}
    >
      <strong>{b.user.name}</strong>
      <span>
        {timeIn(b.startsAt, zone)}–{timeIn(b.endsAt, zone)}
        {b.seats > 1 ? ` · ${b.seats}` : ''}
      </span>
    </button>
  )
}

function ManagerWeek({
  lieu,
  date,
  resources,
  bookings,
  live,
  onOpen,
}: {
  lieu: LieuDto
  date: string
  resources: readonly ResourceDto[]
  bookings: readonly BookingDto[]
  live: Occupancy | null
  onOpen: (b: BookingDto) => void
}) {
  const { t, i18n } = useTranslation()
  const days = weekDates(date)
  const zone = lieu.timeZone
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
            <tr key={r.id}>
              <th scope="row">
                {r.name} <LiveOf live={live} resourceId={r.id} />
              </th>
              {days.map((d) => {
                const those = bookings.filter((b) => b.resource.id === r.id && dateIn(b.startsAt, zone) === d)
                return (
                  <td key={d}>
                    <ul className="free-list">
                      {those.map((b) => (
                        <li key={b.id}>
                          <button type="button" className={`booking-chip status-${b.status}`} onClick={() => onOpen(b)}>
                            {timeIn(b.startsAt, zone)}–{timeIn(b.endsAt, zone)} {b.user.name}
                          </button>
                        </li>
                      ))}
                    </ul>
                  </td>
                )
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}

function PendingRequests({ lieu, onOpen, onStatus }: { lieu: LieuDto; onOpen: (b: BookingDto) => void; onStatus: (s: string) => void }) {
  const { t, i18n } = useTranslation()
  const today = todayIn(lieu.timeZone)
  const from = instantsOf(today, today, lieu.timeZone).from
  const pending = useQuery({
    queryKey: [...bookingsRoot, 'pending', lieu.id],
    queryFn: ({ signal }) => bookingsApi.forLieu(lieu.id, { status: 'pending', from }, signal),
  })
  const list = pending.data ?? []
  return (
    <section className="card requests" aria-labelledby="requests-title">
      <h2 id="requests-title" className="h3">
        {t('bookings.lieuPlanning.requests')} {list.length > 0 && <span className="count-badge">{list.length}</span>}
      </h2>
      {pending.isPending ? (
        <Loading />
      ) : pending.isError ? (
        <ErrorState error={pending.error} onRetry={() => void pending.refetch()} />
      ) : list.length === 0 ? (
        <p className="muted">{t('bookings.lieuPlanning.noRequests')}</p>
      ) : (
        <ul className="request-list">
          {list.map((b) => (
            <RequestItem key={b.id} booking={b} zone={lieu.timeZone} onOpen={onOpen} onStatus={onStatus}>
              <strong>{b.user.name}</strong> · {b.resource.name} · {formatSpan(b.startsAt, b.endsAt, lieu.timeZone, i18n.language)}
              {b.note && <span className="small muted"> — « {b.note} »</span>}
            </RequestItem>
          ))}
        </ul>
      )}
    </section>
  )
}

function RequestItem({ booking: b, zone, onOpen, onStatus, children }: { booking: BookingDto; zone: string; onOpen: (b: BookingDto) => void; onStatus: (s: string) => void; children: ReactNode }) {
  const { t, i18n } = useTranslation()
  const invalidate = useInvalidateBookings()
  const decide = useMutation({
    mutationFn: (v: { approve: boolean; reason?: string }) => (v.approve ? bookingsApi.approve(b.id) : bookingsApi.decline(b.id, v.reason)),
    onSuccess: (r) => {
      void invalidate()
      onStatus(t(r.status === 'confirmed' ? 'bookings.lieuPlanning.approved' : 'bookings.lieuPlanning.declined', { name: b.user.name }))
    },
  })
  return (
    <li>
      <div>{children}</div>
      <div className="booking-actions">
        <button type="button" className="button button-small" disabled={decide.isPending} onClick={() => decide.mutate({ approve: true })}>
          {t('bookings.lieuPlanning.approve')}
          <span className="visually-hidden"> {b.user.name}, {b.resource.name}</span>
        </button>
        <button
          type="button"
          className="button button-ghost button-small"
          disabled={decide.isPending}
          onClick={() => {
            const reason = window.prompt(t('bookings.lieuPlanning.declineReason'))
            if (reason !== null) decide.mutate({ approve: false, reason })
          }}
        >
          {t('bookings.lieuPlanning.decline')}
          <span className="visually-hidden"> {b.user.name}, {b.resource.name}</span>
        </button>
        <button type="button" className="link-button" onClick={() => onOpen(b)}>
          {t('bookings.lieuPlanning.details')}
        </button>
      </div>
      {decide.error ? (
        <p role="alert" className="alert alert-error">
          {bookingProblemMessage(decide.error, t, { zone, locale: i18n.language })}
        </p>
      ) : null}
    </li>
  )
}

function BookingDetails({
  booking: b,
  zone,
  onClose,
  onMove,
  onStatus,
}: {
  booking: BookingDto
  zone: string
  onClose: () => void
  onMove: () => void
  onStatus: (s: string) => void
}) {
  const { t, i18n } = useTranslation()
  const invalidate = useInvalidateBookings()
  const [reason, setReason] = useState('')
  const act = useMutation({
    mutationFn: (a: 'approve' | 'decline' | 'cancel' | 'noShow') =>
      a === 'approve'
        ? bookingsApi.approve(b.id)
        : a === 'decline'
          ? bookingsApi.decline(b.id, reason)
          : a === 'cancel'
            ? bookingsApi.cancel(b.id, reason)
            : bookingsApi.noShow(b.id),
    onSuccess: (_, a) => {
      void invalidate()
      onStatus(t(`bookings.lieuPlanning.done.${a}`, { name: b.user.name }))
    },
  })
  const live = b.status === 'pending' || b.status === 'confirmed'
  // Read once when the dialog opens (a render must not read the clock).
  const [openedAt] = useState(() => Date.now())
  const started = openedAt >= Date.parse(b.startsAt)
  return (
    <Modal title={t('bookings.lieuPlanning.detailsTitle', { name: b.user.name })} onClose={onClose}>
      <dl className="details">
        <dt>{t('bookings.dialog.resource')}</dt>
        <dd>{b.resource.name}</dd>
        <dt>{t('bookings.lieuPlanning.when')}</dt>
        <dd>{formatSpan(b.startsAt, b.endsAt, zone, i18n.language)}</dd>
        <dt>{t('bookings.lieuPlanning.state')}</dt>
        <dd>
          <StatusBadge status={b.status} />
        </dd>
        {b.seats > 1 && (
          <>
            <dt>{t('bookings.dialog.seats')}</dt>
            <dd>{b.seats}</dd>
          </>
        )}
        {b.note && (
          <>
            <dt>{t('bookings.dialog.note')}</dt>
            <dd>{b.note}</dd>
          </>
        )}
        {b.cancelReason && (
          <>
            <dt>{t('fields.reason')}</dt>
            <dd>{b.cancelReason}</dd>
          </>
        )}
      </dl>
      {live && (
        <div className="stack">
          <TextField label={t('bookings.lieuPlanning.reasonLabel')} value={reason} maxLength={500} onChange={(e) => setReason(e.target.value)} />
          <p className="modal-actions wrap">
            {b.status === 'pending' && (
              <>
                <button type="button" className="button" disabled={act.isPending} onClick={() => act.mutate('approve')}>
                  {t('bookings.lieuPlanning.approve')}
                </button>
                <button type="button" className="button button-secondary" disabled={act.isPending} onClick={() => act.mutate('decline')}>
                  {t('bookings.lieuPlanning.decline')}
                </button>
              </>
            )}
            <button type="button" className="button button-secondary" onClick={onMove}>
              {t('bookings.lieuPlanning.move')}
            </button>
            {b.status === 'confirmed' && started && (
              <button type="button" className="button button-secondary" disabled={act.isPending} onClick={() => act.mutate('noShow')}>
                {t('bookings.lieuPlanning.noShow')}
              </button>
            )}
            <button type="button" className="button button-danger" disabled={act.isPending} onClick={() => act.mutate('cancel')}>
              {t('bookings.lieuPlanning.cancel')}
            </button>
          </p>
        </div>
      )}
      {act.error ? (
        <p role="alert" className="alert alert-error">
          {bookingProblemMessage(act.error, t, { zone, locale: i18n.language })}
        </p>
      ) : null}
    </Modal>
  )
}
