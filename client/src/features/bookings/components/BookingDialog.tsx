import { useMemo, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useMutation } from '@tanstack/react-query'
import type { BookingDto, SeriesDto } from '@fabrique/shared/bookings/schema'
import type { ResourceKind } from '@fabrique/shared/resources/schema'
import { Modal, newIdempotencyKey } from '../../../components/Modal.tsx'
import { SelectField, TextAreaField, TextField, CheckboxField } from '../../../components/Field.tsx'
import { Loading, SubmitButton } from '../../../components/Feedback.tsx'
import { isApiError } from '../../../lib/api.ts'
import { weekdayName, WEEKDAYS } from '../../../lib/datetime.ts'
import { bookingsApi, type PaidBy } from '../api.ts'
import { useMe } from '../../auth/hooks.ts'
import { PricePreview } from './PricePreview.tsx'
import { useInvalidateBookings, useResourceAvailability } from '../hooks.ts'
import {
  addDays,
  dateIn,
  endOptions,
  formatSpan,
  instantToLocal,
  isLocalDate,
  longDate,
  minutesBetween,
  slotsOfDate,
  startOptions,
  timeIn,
  withOwnBooking,
} from '../grid.ts'
import { bookingProblemMessage, occurrenceReason } from '../problems.ts'

export interface DialogResource {
  id: string
  name: string
  kind: ResourceKind
  capacity: number
}

export type BookingDialogMode =
  | { kind: 'create'; resourceId: string; date: string; start?: string }
  | { kind: 'move'; booking: BookingDto; resourceId?: string; date?: string; start?: string }

export interface BookingDialogProps {
  lieuId: string
  zone: string
  resources: readonly DialogResource[]
  mode: BookingDialogMode
  /** Managers booking on behalf of a member: the members to choose from. */
  members?: readonly { userId: string; name: string }[]
  onClose: () => void
  /** A booking made or moved (the dialog closes), or a series (the dialog shows its outcome). */
  onDone: (result: { booking: BookingDto } | { series: SeriesDto }) => void
}

/** Book a slot (optionally a series), or move a booking: resource, date, start and end on the grid. */
export function BookingDialog({ lieuId, zone, resources, mode, members, onClose, onDone }: BookingDialogProps) {
  const { t, i18n } = useTranslation()
  const invalidate = useInvalidateBookings()
  const moving = mode.kind === 'move' ? mode.booking : null
  const [resourceId, setResourceId] = useState(mode.resourceId ?? moving?.resource.id ?? resources[0]?.id ?? '')
  const [date, setDate] = useState(mode.date ?? (moving ? dateIn(moving.startsAt, zone) : ''))
  const [start, setStart] = useState(mode.start ?? moving?.startsAt ?? '')
  const [end, setEnd] = useState(moving && !mode.start ? moving.endsAt : '')
  const [seats, setSeats] = useState(moving?.seats ?? 1)
  const [note, setNote] = useState('')
  const [forUserId, setForUserId] = useState('')
  const [repeat, setRepeat] = useState(false)
  const [frequency, setFrequency] = useState<'daily' | 'weekly'>('weekly')
  const [weekdays, setWeekdays] = useState<number[]>([])
  const [endBy, setEndBy] = useState<'count' | 'until'>('count')
  const [count, setCount] = useState(4)
  const [until, setUntil] = useState('')
  const [series, setSeries] = useState<SeriesDto | null>(null)
  // Who pays: 'auto' (an employer when it may), 'personal', or `employer:<id>` for one of several.
  const [payer, setPayer] = useState('auto')
  const employers = useMe().data?.employers ?? []
  // One key per dialog: a retry after a lost answer returns the same booking, never a second one.
  const idempotencyKey = useRef(newIdempotencyKey())

  const resource = resources.find((r) => r.id === resourceId)
  const validDate = isLocalDate(date) ? date : ''
  const availability = useResourceAvailability(lieuId, resourceId, validDate)
  const slots = useMemo(() => {
    const all = availability.data?.slots ?? []
    const own = moving && moving.resource.id === resourceId ? moving : null
    return slotsOfDate(withOwnBooking(all, own), validDate, zone)
  }, [availability.data, moving, resourceId, validDate, zone])
  const starts = startOptions(slots, seats)
  // Instants compare as instants: the server writes them with the lieu's offset, we with Z.
  const same = (a: string) => (b: string) => Date.parse(a) === Date.parse(b)
  const chosenStart = starts.find((s) => same(s.start)(start))?.start ?? starts[0]?.start ?? ''
  const ends = chosenStart ? endOptions(slots, chosenStart, seats) : []
  const chosenEnd = ends.find(same(end)) ?? ends[0] ?? ''
  const weekdayOfDate = validDate ? (new Date(`${validDate}T12:00:00Z`).getUTCDay() || 7) : 1
  const chosenWeekdays = weekdays.length ? weekdays : [weekdayOfDate]

  const showPayer = !moving && !repeat && !forUserId && employers.length > 0
  const paidBy: PaidBy = !showPayer || payer === 'auto'
    ? { paidBy: 'auto' }
    : payer === 'personal'
      ? { paidBy: 'personal' }
      : { paidBy: 'auto', employerId: payer.slice('employer:'.length) }

  const problemCtx = { zone, locale: i18n.language }
  const submit = useMutation({
    mutationFn: async () => {
      if (moving) {
        const booking = await bookingsApi.move(moving.id, {
          startsAt: chosenStart,
          endsAt: chosenEnd,
          ...(resourceId !== moving.resource.id && { resourceId }),
        })
        return { booking }
      }
      if (repeat) {
        const result = await bookingsApi.createSeries({
          resourceId,
          localStart: instantToLocal(chosenStart, zone),
          durationMinutes: minutesBetween(chosenStart, chosenEnd),
          frequency,
          ...(frequency === 'weekly' && { byWeekday: chosenWeekdays }),
          ...(endBy === 'count' ? { count } : { until }),
          seats,
          note,
          ...(forUserId && { forUserId }),
          ...paidBy,
        })
        return { series: result }
      }
      const booking = await bookingsApi.create(
        { resourceId, startsAt: chosenStart, endsAt: chosenEnd, seats, note, ...(forUserId && { forUserId }), ...paidBy },
        idempotencyKey.current,
      )
      return { booking }
    },
    onSuccess: (result) => {
      void invalidate()
      if (result.series) setSeries(result.series)
      onDone(result.series ? { series: result.series } : { booking: result.booking! })
    },
    onError: (e) => {
      if (isApiError(e, 'idempotency_key_reused')) idempotencyKey.current = newIdempotencyKey()
      // The slot may have been taken meanwhile: show the grid as it is now.
      if (isApiError(e, 'booking_conflict') || isApiError(e, 'capacity_exceeded')) void availability.refetch()
    },
  })

  const title = moving
    ? t('bookings.dialog.moveTitle', { name: moving.resource.name })
    : t('bookings.dialog.title', { name: resource?.name ?? '' })

  if (series) {
    return (
      <Modal title={t('bookings.series.resultTitle')} onClose={onClose}>
        <SeriesOutcome series={series} zone={zone} />
        <p className="modal-actions">
          <button type="button" className="button" onClick={onClose}>
            {t('common.close')}
          </button>
        </p>
      </Modal>
    )
  }

  const canSubmit = Boolean(resourceId && chosenStart && chosenEnd) && (!repeat || endBy === 'count' || isLocalDate(until))
  return (
    <Modal title={title} onClose={onClose}>
      <form
        className="form booking-form"
        noValidate
        onSubmit={(e) => {
          e.preventDefault()
          if (canSubmit) submit.mutate()
        }}
      >
        {moving && (
          <p className="muted">
            {t('bookings.dialog.currentSlot', { span: formatSpan(moving.startsAt, moving.endsAt, zone, i18n.language) })}
          </p>
        )}
        {members && !moving && (
          <SelectField label={t('bookings.dialog.forMember')} value={forUserId} onChange={(e) => setForUserId(e.target.value)}>
            <option value="">{t('bookings.dialog.forMyself')}</option>
            {members.map((m) => (
              <option key={m.userId} value={m.userId}>
                {m.name}
              </option>
            ))}
          </SelectField>
        )}
        <SelectField label={t('bookings.dialog.resource')} value={resourceId} onChange={(e) => setResourceId(e.target.value)}>
          {resources.map((r) => (
            <option key={r.id} value={r.id}>
              {r.name}
            </option>
          ))}
        </SelectField>
        <TextField
          label={t('bookings.dialog.date')}
          type="date"
          value={date}
          hint={validDate ? longDate(validDate, i18n.language) : undefined}
          onChange={(e) => setDate(e.target.value)}
        />
        {availability.isFetching && !availability.data ? (
          <Loading />
        ) : starts.length === 0 ? (
          <p className="alert alert-warning">{t('bookings.dialog.noFreeSlot')}</p>
        ) : (
          <div className="form-row">
            <SelectField label={t('bookings.dialog.start')} value={chosenStart} onChange={(e) => setStart(e.target.value)}>
              {starts.map((s) => (
                <option key={s.start} value={s.start}>
                  {timeIn(s.start, zone)}
                </option>
              ))}
            </SelectField>
            <SelectField label={t('bookings.dialog.end')} value={chosenEnd} onChange={(e) => setEnd(e.target.value)}>
              {ends.map((e) => (
                <option key={e} value={e}>
                  {timeIn(e, zone)}
                  {dateIn(e, zone) !== validDate ? ` (${t('bookings.dialog.nextDay')})` : ''}
                </option>
              ))}
            </SelectField>
          </div>
        )}
        {resource?.kind === 'zone' && !moving && (
          <TextField
            label={t('bookings.dialog.seats')}
            type="number"
            inputMode="numeric"
            min={1}
            max={resource.capacity}
            value={seats}
            hint={t('bookings.dialog.seatsHint', { count: resource.capacity })}
            onChange={(e) => setSeats(Math.max(1, Math.min(resource.capacity, Number(e.target.value) || 1)))}
          />
        )}
        {showPayer && (
          <fieldset className="payer-choice">
            <legend>{t('pricing.whoPays')}</legend>
            <label className="radio">
              <input type="radio" name="payer" checked={payer === 'auto'} onChange={() => setPayer('auto')} />
              {employers.length === 1
                ? t('pricing.payerAutoOne', { employer: employers[0]!.name })
                : t('pricing.payerAuto')}
            </label>
            {employers.length > 1 &&
              employers.map((e) => (
                <label key={e.id} className="radio">
                  <input type="radio" name="payer" checked={payer === `employer:${e.id}`} onChange={() => setPayer(`employer:${e.id}`)} />
                  {t('pricing.payerEmployer', { employer: e.name })}
                </label>
              ))}
            <label className="radio">
              <input type="radio" name="payer" checked={payer === 'personal'} onChange={() => setPayer('personal')} />
              {t('pricing.payerPersonal')}
            </label>
          </fieldset>
        )}
        {!moving && seats === 1 && chosenStart && chosenEnd && (
          <PricePreview
            lieuId={lieuId}
            resourceId={resourceId}
            startsAt={chosenStart}
            endsAt={chosenEnd}
            forUserId={forUserId || undefined}
            paidBy={paidBy}
            employerName={(id) => employers.find((e) => e.id === id)?.name}
          />
        )}
        {!moving && (
          <TextAreaField
            label={t('bookings.dialog.note')}
            rows={2}
            maxLength={500}
            value={note}
            hint={t('bookings.dialog.noteHint')}
            onChange={(e) => setNote(e.target.value)}
          />
        )}
        {!moving && (
          <fieldset className="repeat">
            <legend className="visually-hidden">{t('bookings.series.repeat')}</legend>
            <CheckboxField label={t('bookings.series.repeat')} checked={repeat} onChange={(e) => setRepeat(e.target.checked)} />
            {repeat && (
              <div className="stack">
                <SelectField
                  label={t('bookings.series.frequency')}
                  value={frequency}
                  onChange={(e) => setFrequency(e.target.value as 'daily' | 'weekly')}
                >
                  <option value="daily">{t('bookings.series.daily')}</option>
                  <option value="weekly">{t('bookings.series.weekly')}</option>
                </SelectField>
                {frequency === 'weekly' && (
                  <fieldset className="weekday-picks">
                    <legend>{t('bookings.series.weekdays')}</legend>
                    {WEEKDAYS.map((w) => (
                      <label key={w} className="chip-check">
                        <input
                          type="checkbox"
                          checked={chosenWeekdays.includes(w)}
                          onChange={(e) =>
                            setWeekdays(
                              e.target.checked
                                ? [...chosenWeekdays, w].sort()
                                : chosenWeekdays.filter((x) => x !== w),
                            )
                          }
                        />
                        <span aria-hidden="true">{weekdayName(w, i18n.language, 'short')}</span>
                        <span className="visually-hidden">{weekdayName(w, i18n.language)}</span>
                      </label>
                    ))}
                  </fieldset>
                )}
                <fieldset>
                  <legend>{t('bookings.series.endsBy')}</legend>
                  <div className="form-row">
                    <label className="radio">
                      <input type="radio" name="endBy" checked={endBy === 'count'} onChange={() => setEndBy('count')} />
                      {t('bookings.series.afterCount')}
                    </label>
                    <label className="radio">
                      <input type="radio" name="endBy" checked={endBy === 'until'} onChange={() => setEndBy('until')} />
                      {t('bookings.series.untilDate')}
                    </label>
                  </div>
                  {endBy === 'count' ? (
                    <TextField
                      label={t('bookings.series.count')}
                      type="number"
                      inputMode="numeric"
                      min={1}
                      max={200}
                      value={count}
                      onChange={(e) => setCount(Math.max(1, Math.min(200, Number(e.target.value) || 1)))}
                    />
                  ) : (
                    <TextField
                      label={t('bookings.series.until')}
                      type="date"
                      min={validDate ? addDays(validDate, 1) : undefined}
                      value={until}
                      onChange={(e) => setUntil(e.target.value)}
                    />
                  )}
                </fieldset>
              </div>
            )}
          </fieldset>
        )}
        <div role="alert" aria-live="assertive" className={submit.error ? 'alert alert-error' : 'visually-hidden'}>
          {submit.error ? <p>{bookingProblemMessage(submit.error, t, { ...problemCtx, cancellableUntil: moving?.cancellableUntil })}</p> : null}
        </div>
        <p className="modal-actions">
          <button type="button" className="button button-secondary" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <SubmitButton pending={submit.isPending}>
            {moving ? t('bookings.dialog.moveSubmit') : repeat ? t('bookings.series.submit') : t('bookings.dialog.submit')}
          </SubmitButton>
        </p>
      </form>
    </Modal>
  )
}

/** Each occurrence of a series: booked, in conflict, or refused with its reason. */
export function SeriesOutcome({ series, zone }: { series: SeriesDto; zone: string }) {
  const { t, i18n } = useTranslation()
  const booked = series.occurrences.filter((o) => o.outcome === 'booked').length
  return (
    <div className="stack">
      <p role="status">{t('bookings.series.summary', { booked, total: series.occurrences.length })}</p>
      <ul className="occurrence-list">
        {series.occurrences.map((o) => (
          <li key={o.startsAt} className={`occurrence occurrence-${o.outcome}`}>
            <span>{formatSpan(o.startsAt, o.endsAt, zone, i18n.language)}</span>
            <span className={`status-badge status-${o.outcome === 'booked' ? 'confirmed' : o.outcome === 'conflict' ? 'pending' : 'declined'}`}>
              {t(`bookings.series.outcome.${o.outcome}`)}
            </span>
            {o.outcome !== 'booked' && <span className="small muted">{occurrenceReason(o.code, o.detail, t)}</span>}
          </li>
        ))}
      </ul>
    </div>
  )
}
