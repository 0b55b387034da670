import '../live.css'
import { useCallback, useEffect, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { KioskBookingDto, KioskScanResult } from '@fabrique/shared/checkin/schema'
import { useDocumentTitle } from '../../../components/Feedback.tsx'
import { useNow } from '../../bookings/hooks.ts'
import { timeIn } from '../../bookings/grid.ts'
import { deviceApi } from '../api.ts'
import { kioskErrorOf, kioskViewOf, viewDuration, type KioskView } from '../kiosk.ts'
import { DeviceGate, type DeviceContext } from './DeviceGate.tsx'

/** The kiosk at the door (a tablet): scan or type a code; check in, out, or walk in. */
export default function KioskPage() {
  const { t } = useTranslation()
  useDocumentTitle(t('live.kiosk.title'))
  return (
    <DeviceGate kind="kiosk" className="kiosk">
      {(ctx) => <Kiosk {...ctx} />}
    </DeviceGate>
  )
}

type Shown = { view: KioskView; memberCode?: string; at: number }

function Kiosk({ token, device }: DeviceContext) {
  const { t } = useTranslation()
  const zone = device.lieu.timeZone
  const now = useNow(10_000)
  const [shown, setShown] = useState<Shown | null>(null)
  const [busy, setBusy] = useState(false)

  const run = useCallback(async (call: () => Promise<KioskScanResult>, memberCode?: string) => {
    setBusy(true)
    try {
      const r = await call()
      setShown({ view: kioskViewOf(r), memberCode: r.kind === 'member' ? memberCode : undefined, at: Date.now() })
    } catch (e) {
      setShown({ view: kioskErrorOf(e), at: Date.now() })
    } finally {
      setBusy(false)
    }
  }, [])

  // Back to the idle screen after a while (longer while a member chooses).
  useEffect(() => {
    if (!shown) return
    const timer = setTimeout(() => setShown(null), viewDuration(shown.view))
    return () => clearTimeout(timer)
  }, [shown])

  const scan = (code: string) => void run(() => deviceApi.scan(token, code), code)

  return (
    <div className="kiosk">
      <header className="kiosk-header">
        <span className="kiosk-lieu">{device.lieu.name}</span>
        <span className="kiosk-clock">{timeIn(now.toISOString(), zone)}</span>
      </header>
      <main className="kiosk-main" aria-live="polite">
        {busy ? (
          <p className="kiosk-working">{t('live.kiosk.working')}</p>
        ) : !shown ? (
          <Idle onCode={scan} />
        ) : shown.view.kind === 'welcome' || shown.view.kind === 'goodbye' ? (
          <BookingDone view={shown.view} zone={zone} onNext={() => setShown(null)} />
        ) : shown.view.kind === 'member' ? (
          <MemberChoices
            view={shown.view}
            zone={zone}
            onCheckIn={(b) => void run(() => deviceApi.checkIn(token, shown.memberCode!, b.id))}
            onWalkIn={(resourceId) => void run(() => deviceApi.walkIn(token, shown.memberCode!, resourceId))}
            onDone={() => setShown(null)}
          />
        ) : (
          <div className="kiosk-result kiosk-error" role="alert">
            <span className="kiosk-icon" aria-hidden="true">
              !
            </span>
            <h1>{t('live.kiosk.errorTitle')}</h1>
            <p className="kiosk-message">
              {t(`live.kiosk.errors.${shown.view.error}`, { time: shown.view.from ? timeIn(shown.view.from, zone) : '' })}
            </p>
            <button type="button" className="kiosk-button" onClick={() => setShown(null)}>
              {t('live.kiosk.next')}
            </button>
          </div>
        )}
      </main>
    </div>
  )
}

function Idle({ onCode }: { onCode: (code: string) => void }) {
  const { t } = useTranslation()
  const [value, setValue] = useState('')
  const input = useRef<HTMLInputElement>(null)
  const [camera, setCamera] = useState(false)
  const canScan = typeof window !== 'undefined' && 'BarcodeDetector' in window && Boolean(navigator.mediaDevices?.getUserMedia)
  // A USB or Bluetooth scanner "types" the code followed by Enter: keep the field focused.
  useEffect(() => {
    input.current?.focus()
    // Focus lost (a tap elsewhere): the scanner's keystrokes still land in the field.
    const onKey = (e: KeyboardEvent) => {
      if (document.activeElement !== input.current && e.key.length === 1 && !e.ctrlKey && !e.metaKey && !e.altKey) input.current?.focus()
    }
    window.addEventListener('keydown', onKey, true)
    return () => window.removeEventListener('keydown', onKey, true)
  }, [])
  const submit = (code: string) => {
    const c = code.trim()
    if (c) onCode(c)
  }
  return (
    <div className="kiosk-idle">
      <h1>{t('live.kiosk.scanTitle')}</h1>
      <p className="kiosk-hint">{t('live.kiosk.scanHint')}</p>
      <form
        className="kiosk-form"
        onSubmit={(e) => {
          e.preventDefault()
          submit(value)
        }}
      >
        <label htmlFor="kiosk-code" className="visually-hidden">
          {t('live.kiosk.codeLabel')}
        </label>
        <input
          id="kiosk-code"
          ref={input}
          className="kiosk-input"
          value={value}
          autoComplete="off"
          autoCapitalize="off"
          spellCheck={false}
          placeholder={t('live.kiosk.codeLabel')}
          onChange={(e) => setValue(e.target.value)}
        />
        <button type="submit" className="kiosk-button">
          {t('live.kiosk.submit')}
        </button>
      </form>
      {canScan &&
        (camera ? (
          <CameraScanner onCode={submit} onStop={() => setCamera(false)} />
        ) : (
          <button type="button" className="kiosk-button kiosk-button-secondary" onClick={() => setCamera(true)}>
            {t('live.kiosk.camera')}
          </button>
        ))}
    </div>
  )
}

interface DetectedBarcode {
  rawValue: string
}
interface BarcodeDetectorLike {
  detect(source: HTMLVideoElement): Promise<DetectedBarcode[]>
}
type BarcodeDetectorCtor = new (opts: { formats: string[] }) => BarcodeDetectorLike

/** The tablet's camera, read with the BarcodeDetector API (where the browser has it). */
function CameraScanner({ onCode, onStop }: { onCode: (code: string) => void; onStop: () => void }) {
  const { t } = useTranslation()
  const video = useRef<HTMLVideoElement>(null)
  const [failed, setFailed] = useState(false)
  const onCodeRef = useRef(onCode)
  useEffect(() => {
    onCodeRef.current = onCode
  })
  useEffect(() => {
    let stream: MediaStream | null = null
    let timer: ReturnType<typeof setTimeout> | undefined
    let stopped = false
    const Detector = (window as unknown as { BarcodeDetector: BarcodeDetectorCtor }).BarcodeDetector
    void (async () => {
      try {
        const detector = new Detector({ formats: ['qr_code'] })
        stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'user' }, audio: false })
        if (stopped || !video.current) return
        video.current.srcObject = stream
        await video.current.play()
        const tick = async () => {
          if (stopped || !video.current) return
          const found = await detector.detect(video.current).catch(() => [])
          const code = found[0]?.rawValue
          if (code) return onCodeRef.current(code)
          timer = setTimeout(() => void tick(), 250)
        }
        void tick()
      } catch {
        if (!stopped) setFailed(true)
      }
    })()
    return () => {
      stopped = true
      clearTimeout(timer)
      stream?.getTracks().forEach((tr) => tr.stop())
    }
  }, [])
  return (
    <div className="kiosk-camera">
      {failed ? <p className="kiosk-message">{t('live.kiosk.cameraError')}</p> : <video ref={video} muted playsInline />}
      <button type="button" className="kiosk-button kiosk-button-secondary" onClick={onStop}>
        {t('live.kiosk.cameraStop')}
      </button>
    </div>
  )
}

function BookingDone({ view, zone, onNext }: { view: Extract<KioskView, { kind: 'welcome' | 'goodbye' }>; zone: string; onNext: () => void }) {
  const { t } = useTranslation()
  const b = view.booking
  const welcome = view.kind === 'welcome'
  return (
    <div className={`kiosk-result ${welcome ? 'kiosk-welcome' : 'kiosk-goodbye'}`} role="status">
      <span className="kiosk-icon" aria-hidden="true">
        {welcome ? '✓' : '👋'}
      </span>
      <h1>{t(welcome ? 'live.kiosk.welcome' : 'live.kiosk.goodbye', { name: b.firstName })}</h1>
      <p className="kiosk-message">
        {t(welcome ? 'live.kiosk.welcomeAt' : 'live.kiosk.goodbyeAt', { resource: b.resource.name })}
        {welcome && <span className="kiosk-sub"> {t('live.kiosk.until', { time: timeIn(b.endsAt, zone) })}</span>}
      </p>
      <button type="button" className="kiosk-button" onClick={onNext}>
        {t('live.kiosk.next')}
      </button>
    </div>
  )
}

function MemberChoices({
  view,
  zone,
  onCheckIn,
  onWalkIn,
  onDone,
}: {
  view: Extract<KioskView, { kind: 'member' }>
  zone: string
  onCheckIn: (b: KioskBookingDto) => void
  onWalkIn: (resourceId: string) => void
  onDone: () => void
}) {
  const { t } = useTranslation()
  const { member, bookings, walkIn } = view.result
  return (
    <div className="kiosk-result kiosk-member">
      <h1>{t('live.kiosk.welcome', { name: member.firstName })}</h1>
      {bookings.length > 0 && (
        <section className="kiosk-choices" aria-labelledby="kiosk-bookings">
          <h2 id="kiosk-bookings">{t('live.kiosk.yourBookings')}</h2>
          <ul>
            {bookings.map((b) => (
              <li key={b.id}>
                <button type="button" className="kiosk-choice" onClick={() => onCheckIn(b)}>
                  <strong>{t(b.status === 'checked_in' ? 'live.kiosk.leave' : 'live.kiosk.arrive')}</strong>
                  <span>
                    {b.resource.name} · {timeIn(b.startsAt, zone)}–{timeIn(b.endsAt, zone)}
                  </span>
                </button>
              </li>
            ))}
          </ul>
        </section>
      )}
      {walkIn.length > 0 && (
        <section className="kiosk-choices" aria-labelledby="kiosk-walkin">
          <h2 id="kiosk-walkin">{t('live.kiosk.walkIn')}</h2>
          <ul>
            {walkIn.map((w) => (
              <li key={w.resourceId}>
                <button type="button" className="kiosk-choice" onClick={() => onWalkIn(w.resourceId)}>
                  <strong>{w.name}</strong>
                  <span>
                    {w.kind === 'zone' ? `${t('live.kiosk.seatsLeft', { count: w.seatsFree })} · ` : ''}
                    {t('live.kiosk.until', { time: timeIn(w.endsAt, zone) })}
                  </span>
                </button>
              </li>
            ))}
          </ul>
        </section>
      )}
      {bookings.length === 0 && walkIn.length === 0 && <p className="kiosk-message">{t('live.kiosk.nothing')}</p>}
      <button type="button" className="kiosk-button kiosk-button-secondary" onClick={onDone}>
        {t('live.kiosk.finish')}
      </button>
    </div>
  )
}
