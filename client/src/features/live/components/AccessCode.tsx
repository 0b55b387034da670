import '../live.css'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useQuery } from '@tanstack/react-query'
import type { BookingDto } from '@fabrique/shared/bookings/schema'
import { ErrorState, Loading } from '../../../components/Feedback.tsx'
import { Modal } from '../../../components/Modal.tsx'
import { formatSpan, timeIn } from '../../bookings/grid.ts'
import { checkinApi, svgDataUrl } from '../api.ts'

/** The server's QR code (an SVG from the `qrcode` library), shown as an image: never as markup. */
function QrImage({ svg, alt }: { svg: string; alt: string }) {
  return <img className="qr-image" src={svgDataUrl(svg)} alt={alt} width={280} height={280} />
}

/** "Code d'accès": the booking's QR code to show at the kiosk. */
export function AccessCodeButton({ booking, zone }: { booking: BookingDto; zone: string }) {
  const { t } = useTranslation()
  const [open, setOpen] = useState(false)
  return (
    <>
      <button type="button" className="button button-small" onClick={() => setOpen(true)}>
        {t('live.access.button')}
        <span className="visually-hidden"> {booking.resource.name}</span>
      </button>
      {open && <AccessCodeDialog booking={booking} zone={zone} onClose={() => setOpen(false)} />}
    </>
  )
}

function AccessCodeDialog({ booking: b, zone, onClose }: { booking: BookingDto; zone: string; onClose: () => void }) {
  const { t, i18n } = useTranslation()
  const code = useQuery({
    queryKey: ['check-in-code', b.id],
    queryFn: ({ signal }) => checkinApi.bookingCode(b.id, signal),
    staleTime: 5 * 60_000,
    gcTime: 0,
  })
  const span = formatSpan(b.startsAt, b.endsAt, zone, i18n.language)
  return (
    <Modal title={`${t('live.access.title')} — ${b.resource.name}`} onClose={onClose} className="qr-modal">
      <p className="qr-when">
        <strong>{span}</strong>
      </p>
      {code.isPending ? (
        <Loading />
      ) : code.isError ? (
        <ErrorState error={code.error} onRetry={() => void code.refetch()} />
      ) : (
        <div className="qr-box">
          <QrImage svg={code.data.qrSvg} alt={t('live.access.alt', { name: b.resource.name, span })} />
          <p>{t('live.access.valid', { from: timeIn(code.data.validFrom, zone), to: timeIn(code.data.expiresAt, zone) })}</p>
          <p className="muted small">{t('live.access.hint')}</p>
          <details className="qr-code-text">
            <summary>{t('live.access.code')}</summary>
            <code>{code.data.code}</code>
          </details>
        </div>
      )}
      <p className="modal-actions">
        <button type="button" className="button button-secondary" onClick={onClose}>
          {t('common.close')}
        </button>
      </p>
    </Modal>
  )
}

/** "Ma carte de membre": a code for walk-ins at the kiosk (valid 12 h). */
export function MemberCardButton() {
  const { t } = useTranslation()
  const [open, setOpen] = useState(false)
  return (
    <>
      <button type="button" className="button button-secondary" onClick={() => setOpen(true)}>
        {t('live.access.memberCard')}
      </button>
      {open && <MemberCardDialog onClose={() => setOpen(false)} />}
    </>
  )
}

function MemberCardDialog({ onClose }: { onClose: () => void }) {
  const { t, i18n } = useTranslation()
  const code = useQuery({ queryKey: ['member-code'], queryFn: ({ signal }) => checkinApi.memberCode(signal), staleTime: 60 * 60_000 })
  const until = code.data
    ? new Intl.DateTimeFormat(i18n.language.startsWith('en') ? 'en-GB' : 'fr-FR', { hour: '2-digit', minute: '2-digit', weekday: 'long' }).format(new Date(code.data.expiresAt))
    : ''
  return (
    <Modal title={t('live.access.memberCard')} onClose={onClose} className="qr-modal">
      {code.isPending ? (
        <Loading />
      ) : code.isError ? (
        <ErrorState error={code.error} onRetry={() => void code.refetch()} />
      ) : (
        <div className="qr-box">
          <QrImage svg={code.data.qrSvg} alt={t('live.access.memberAlt')} />
          <p>{t('live.access.memberValid', { time: until })}</p>
          <p className="muted small">{t('live.access.memberHint')}</p>
          <details className="qr-code-text">
            <summary>{t('live.access.code')}</summary>
            <code>{code.data.code}</code>
          </details>
        </div>
      )}
      <p className="modal-actions">
        <button type="button" className="button button-secondary" onClick={onClose}>
          {t('common.close')}
        </button>
      </p>
    </Modal>
  )
}
