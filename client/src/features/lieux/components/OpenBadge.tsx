import { useTranslation } from 'react-i18next'
import { describeNextOpening } from '../../../lib/datetime.ts'

export function OpenBadge({
  openNow,
  nextOpening,
  timeZone,
}: {
  openNow: boolean
  nextOpening: string | null
  timeZone: string
}) {
  const { t, i18n } = useTranslation()
  if (openNow) return <p className="badge badge-open">{t('lieu.openNow')}</p>
  if (!nextOpening) return <p className="badge badge-closed">{t('lieu.closedNow')}</p>
  const next = describeNextOpening(nextOpening, timeZone, i18n.language, new Date())
  return (
    <p className="badge badge-closed">
      {t('lieu.closedNow')} — {t(`lieu.opens.${next.when}`, { time: next.time, date: next.date })}
    </p>
  )
}
