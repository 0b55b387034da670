import { useState } from 'react'
import { Link } from 'react-router'
import { useTranslation } from 'react-i18next'
import { useMutation } from '@tanstack/react-query'
import { Modal } from '../../../components/Modal.tsx'
import { SelectField, TextField } from '../../../components/Field.tsx'
import { SubmitButton } from '../../../components/Feedback.tsx'
import { bookingsApi } from '../api.ts'
import { useInvalidateBookings } from '../hooks.ts'
import { formatSpan, timeIn, type Slot } from '../grid.ts'
import { bookingProblemMessage } from '../problems.ts'
import type { DialogResource } from './BookingDialog.tsx'

/** A taken cell: the member may queue for it (and the taken cells right after it). */
export function WaitlistDialog({
  resource,
  zone,
  cell,
  following,
  onClose,
}: {
  resource: DialogResource
  zone: string
  cell: Slot
  /** The cells of the same day after this one, to extend the wanted slot. */
  following: readonly Slot[]
  onClose: () => void
}) {
  const { t, i18n } = useTranslation()
  const invalidate = useInvalidateBookings()
  const ends = [cell.end]
  for (const s of following) {
    if (Date.parse(s.start) !== Date.parse(ends[ends.length - 1]!)) break
    ends.push(s.end)
  }
  const [end, setEnd] = useState(cell.end)
  const [seats, setSeats] = useState(1)
  const join = useMutation({
    mutationFn: () => bookingsApi.joinWaitlist({ resourceId: resource.id, startsAt: cell.start, endsAt: end, seats }),
    onSuccess: () => void invalidate(),
  })
  return (
    <Modal title={t('bookings.waitlist.joinTitle', { name: resource.name })} onClose={onClose}>
      {join.isSuccess ? (
        <div className="stack">
          <p role="status" className="alert alert-success">
            {t('bookings.waitlist.joined', { position: join.data.position ?? '?' })}
          </p>
          <p className="modal-actions">
            <Link to="/reservations/liste-attente">{t('bookings.waitlist.title')}</Link>
            <button type="button" className="button" onClick={onClose}>
              {t('common.close')}
            </button>
          </p>
        </div>
      ) : (
        <form
          className="form"
          noValidate
          onSubmit={(e) => {
            e.preventDefault()
            join.mutate()
          }}
        >
          <p>{t('bookings.waitlist.takenLead', { span: formatSpan(cell.start, cell.end, zone, i18n.language) })}</p>
          <SelectField label={t('bookings.dialog.end')} value={end} onChange={(e) => setEnd(e.target.value)}>
            {ends.map((e) => (
              <option key={e} value={e}>
                {timeIn(e, zone)}
              </option>
            ))}
          </SelectField>
          {resource.kind === 'zone' && (
            <TextField
              label={t('bookings.dialog.seats')}
              type="number"
              min={1}
              max={resource.capacity}
              value={seats}
              onChange={(e) => setSeats(Math.max(1, Math.min(resource.capacity, Number(e.target.value) || 1)))}
            />
          )}
          <p className="muted small">{t('bookings.waitlist.howItWorks')}</p>
          <div role="alert" className={join.error ? 'alert alert-error' : 'visually-hidden'}>
            {join.error ? <p>{bookingProblemMessage(join.error, t, { zone, locale: i18n.language })}</p> : null}
          </div>
          <p className="modal-actions">
            <button type="button" className="button button-secondary" onClick={onClose}>
              {t('common.cancel')}
            </button>
            <SubmitButton pending={join.isPending}>{t('bookings.waitlist.join')}</SubmitButton>
          </p>
        </form>
      )}
    </Modal>
  )
}
