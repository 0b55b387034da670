import '../live.css'
import { useEffect } from 'react'
import { useTranslation } from 'react-i18next'
import type { TFunction } from 'i18next'
import { useQuery } from '@tanstack/react-query'
import type { LobbyDto } from '@fabrique/shared/checkin/schema'
import type { Occupancy, ResourceLive } from '@fabrique/shared/live/schema'
import { useDocumentTitle } from '../../../components/Feedback.tsx'
import { isApiError } from '../../../lib/api.ts'
import { useDeviceLiveOccupancy, useRefreshOnLiveChange } from '../../../lib/live.ts'
import { desksOf, zonesOf } from '../../../lib/liveState.ts'
import { useNow } from '../../bookings/hooks.ts'
import { timeIn } from '../../bookings/grid.ts'
import { deviceApi } from '../api.ts'
import { DeviceGate, type DeviceContext } from './DeviceGate.tsx'

/** The entrance TV (1920×1080): seats free, rooms now and next, today's machines. No names. */
export default function LobbyPage() {
  const { t } = useTranslation()
  useDocumentTitle(t('live.lobby.title'))
  // A wall screen: nobody points at it.
  useEffect(() => {
    document.documentElement.classList.add('no-cursor')
    return () => document.documentElement.classList.remove('no-cursor')
  }, [])
  return (
    <DeviceGate kind="lobby" className="lobby">
      {(ctx) => <Lobby {...ctx} />}
    </DeviceGate>
  )
}

const lobbyKey = (token: string) => ['device', 'lobby', token] as const

/** The newer of two occupancy states (the socket's, GET /lobby's). */
function newest(a: Occupancy | null | undefined, b: Occupancy | null | undefined): Occupancy | null {
  if (!a) return b ?? null
  if (!b) return a
  return b.seq > a.seq ? b : a
}

function Lobby({ token, device }: DeviceContext) {
  const { t, i18n } = useTranslation()
  const zone = device.lieu.timeZone
  const lobby = useQuery({
    queryKey: lobbyKey(token),
    queryFn: ({ signal }) => deviceApi.lobby(token, signal),
    refetchInterval: 5 * 60_000,
    retry: true,
    retryDelay: (n) => Math.min(30_000, 1_000 * 2 ** n),
  })
  const live = useDeviceLiveOccupancy(device.lieu.id, token)
  // Rooms' next bookings and machines come with GET /lobby: reread it when the live state moves.
  useRefreshOnLiveChange(live.occupancy?.seq, [lobbyKey(token)])
  const o = newest(lobby.data?.occupancy, live.occupancy)
  const now = useNow(1_000)
  const locale = i18n.language.startsWith('en') ? 'en-GB' : 'fr-FR'
  const date = new Intl.DateTimeFormat(locale, { timeZone: zone, weekday: 'long', day: 'numeric', month: 'long' }).format(now)
  const offline = live.status === 'offline' || (lobby.isError && !lobby.data)
  if (live.error === 'unauthenticated' || isApiError(lobby.error, 'unauthenticated')) {
    return (
      <div className="lobby device-setup">
        <main className="device-setup-box">
          <h1>{device.lieu.name}</h1>
          <p>{t('live.lobby.revoked')}</p>
        </main>
      </div>
    )
  }

  return (
    <div className="lobby">
      <header className="lobby-header">
        <div>
          <h1 className="lobby-lieu">{device.lieu.name}</h1>
          <p className={`lobby-open ${o?.openNow ? 'is-open' : 'is-closed'}`}>{o ? (o.openNow ? t('live.lobby.open') : t('live.lobby.closed')) : ''}</p>
        </div>
        <div className="lobby-time">
          <span className="lobby-clock">{timeIn(now.toISOString(), zone)}</span>
          <span className="lobby-date">{date}</span>
        </div>
      </header>
      {o && (
        <main className="lobby-main">
          <Seats occupancy={o} />
          <Rooms occupancy={o} lobby={lobby.data} zone={zone} />
          <Machines occupancy={o} lobby={lobby.data} zone={zone} now={now.getTime()} />
        </main>
      )}
      <p className={`lobby-offline ${offline ? 'shown' : ''}`} aria-live="polite">
        {offline ? t('live.lobby.reconnecting') : ''}
      </p>
    </div>
  )
}

function Seats({ occupancy: o }: { occupancy: Occupancy }) {
  const { t } = useTranslation()
  const zones = zonesOf(o)
  const desks = desksOf(o)
  return (
    <section className={`lobby-panel lobby-seats ${o.openNow ? '' : 'is-closed'}`} aria-labelledby="lobby-seats-title">
      <h2 id="lobby-seats-title" className="visually-hidden">
        {t('live.lobby.seatsFree')}
      </h2>
      <p className="lobby-total">
        <strong className="lobby-huge" data-testid="seats-free">
          {o.seatsFreeNow}
        </strong>
        <span className="lobby-total-label">
          {t('live.lobby.seatsFree')}
          <span className="lobby-muted"> {t('live.lobby.outOf', { total: o.seatsTotal })}</span>
        </span>
      </p>
      <ul className="lobby-list">
        {zones.map(({ resource: r, free }) => (
          <li key={r.resourceId} className={r.state === 'out_of_service' ? 'is-off' : free === 0 ? 'is-full' : ''}>
            <span className="lobby-name">{r.name}</span>
            <span className="lobby-count">
              {r.state === 'out_of_service' ? (
                t('live.lobby.outOfService')
              ) : (
                <>
                  <strong>{free}</strong> / {r.capacity}
                </>
              )}
            </span>
          </li>
        ))}
        {desks.total > 0 && (
          <li className={desks.free === 0 ? 'is-full' : ''}>
            <span className="lobby-name">{t('live.lobby.desks')}</span>
            <span className="lobby-count">
              <strong>{desks.free}</strong> / {desks.total}
            </span>
          </li>
        )}
      </ul>
    </section>
  )
}

function roomLine(r: ResourceLive, t: TFunction, zone: string): string {
  if (r.state === 'out_of_service') return t('live.lobby.outOfService')
  if (r.state === 'free') return r.freeUntil ? t('live.lobby.roomFreeUntil', { time: timeIn(r.freeUntil, zone) }) : t('live.lobby.roomFree')
  return r.busyUntil ? t('live.lobby.roomBusyUntil', { time: timeIn(r.busyUntil, zone) }) : t('live.lobby.roomBusy')
}

function Rooms({ occupancy: o, lobby, zone }: { occupancy: Occupancy; lobby: LobbyDto | undefined; zone: string }) {
  const { t } = useTranslation()
  const rooms = o.resources.filter((r) => r.kind === 'room')
  if (rooms.length === 0) return null
  return (
    <section className="lobby-panel" aria-labelledby="lobby-rooms-title">
      <h2 id="lobby-rooms-title">{t('live.lobby.rooms')}</h2>
      <ul className="lobby-rooms">
        {rooms.map((r) => {
          const next = lobby?.rooms.find((x) => x.id === r.resourceId)?.next
          const busy = r.state === 'booked' || r.state === 'in_use'
          return (
            <li key={r.resourceId} className={r.state === 'out_of_service' ? 'is-off' : busy ? 'is-busy' : 'is-free'}>
              <span className="lobby-name">{r.name}</span>
              <span className="lobby-state">{roomLine(r, t, zone)}</span>
              {next && busy && <span className="lobby-next">{t('live.lobby.roomNext', { span: `${timeIn(next.startsAt, zone)}–${timeIn(next.endsAt, zone)}` })}</span>}
            </li>
          )
        })}
      </ul>
    </section>
  )
}

function Machines({ occupancy: o, lobby, zone, now }: { occupancy: Occupancy; lobby: LobbyDto | undefined; zone: string; now: number }) {
  const { t } = useTranslation()
  const machines = o.resources.filter((r) => r.kind === 'machine')
  if (machines.length === 0) return null
  return (
    <section className="lobby-panel" aria-labelledby="lobby-machines-title">
      <h2 id="lobby-machines-title">{t('live.lobby.machines')}</h2>
      <ul className="lobby-machines">
        {machines.map((m) => {
          const slots = (lobby?.machines.find((x) => x.id === m.resourceId)?.bookings ?? []).filter((b) => Date.parse(b.endsAt) > now)
          const busy = m.state === 'booked' || m.state === 'in_use'
          return (
            <li key={m.resourceId} className={m.state === 'out_of_service' ? 'is-off' : busy ? 'is-busy' : 'is-free'}>
              <span className="lobby-name">{m.name}</span>
              {m.state === 'out_of_service' ? (
                <span className="lobby-state">{t('live.lobby.outOfService')}</span>
              ) : slots.length === 0 ? (
                <span className="lobby-state">{t('live.lobby.machineFree')}</span>
              ) : (
                <span className="lobby-slots">
                  {slots.slice(0, 4).map((b) => (
                    <span key={b.startsAt} className={`lobby-slot ${Date.parse(b.startsAt) <= now ? 'is-now' : ''}`}>
                      {timeIn(b.startsAt, zone)}–{timeIn(b.endsAt, zone)}
                    </span>
                  ))}
                </span>
              )}
            </li>
          )
        })}
      </ul>
    </section>
  )
}
