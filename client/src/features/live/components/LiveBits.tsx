import '../live.css'
import { useTranslation } from 'react-i18next'
import type { ResourceLive } from '@fabrique/shared/live/schema'
import { liveBadge, type LiveStatus } from '../../../lib/liveState.ts'

/** "Libre / Réservé / Occupé / Hors service", zones "4/12 places libres": the state now. */
export function LiveBadge({ resource, openNow }: { resource: ResourceLive; openNow: boolean }) {
  const { t } = useTranslation()
  const b = liveBadge(resource, openNow)
  const text = t(`live.badge.${b.key}`, { free: b.free, capacity: b.capacity })
  return (
    <span className={`live-badge live-${b.tone}`} title={resource.outOfServiceReason ?? undefined}>
      <span className="visually-hidden">{t('live.now')} </span>
      {text}
    </span>
  )
}

/** "● En direct" while the socket is live; "Connexion…" / "Hors ligne — reconnexion…" otherwise. */
export function LiveIndicator({ status }: { status: LiveStatus }) {
  const { t } = useTranslation()
  return (
    <span className={`live-indicator live-indicator-${status}`} role="status">
      <span className="live-dot" aria-hidden="true">
        ●
      </span>{' '}
      {t(`live.status.${status}`)}
    </span>
  )
}
