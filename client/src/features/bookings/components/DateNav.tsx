import { useTranslation } from 'react-i18next'
import { useSearchParams } from 'react-router'
import { isLocalDate, longDate, shiftDate, todayIn, viewRange, shortDate, type View } from '../grid.ts'

/** The date and view of a planning, kept in the address (?date=…&vue=semaine) so it can be shared. */
export function usePlanningParams(zone: string) {
  const [params, setParams] = useSearchParams()
  const today = todayIn(zone)
  const raw = params.get('date')
  const date = isLocalDate(raw) ? raw : today
  const view: View = params.get('vue') === 'semaine' ? 'week' : 'day'
  const update = (patch: Record<string, string | null>) =>
    setParams(
      (p) => {
        const next = new URLSearchParams(p)
        for (const [k, v] of Object.entries(patch)) {
          if (v === null) next.delete(k)
          else next.set(k, v)
        }
        return next
      },
      { replace: true },
    )
  return {
    date,
    view,
    today,
    params,
    setDate: (d: string) => update({ date: d }),
    setView: (v: View) => update({ vue: v === 'week' ? 'semaine' : null }),
    update,
  }
}

/** Previous / today / next, a date picker and the day/week switch. */
export function DateNav({
  date,
  view,
  today,
  onDate,
  onView,
}: {
  date: string
  view: View
  today: string
  onDate: (d: string) => void
  onView: (v: View) => void
}) {
  const { t, i18n } = useTranslation()
  const range = viewRange(date, view)
  const label =
    view === 'day'
      ? longDate(date, i18n.language)
      : t('bookings.nav.weekOf', { from: shortDate(range.from, i18n.language), to: shortDate(range.to, i18n.language) })
  return (
    <div className="date-nav">
      <div className="date-nav-moves" role="group" aria-label={t('bookings.nav.label')}>
        <button type="button" className="button button-secondary button-small" onClick={() => onDate(shiftDate(date, view, -1))}>
          <span aria-hidden="true">‹ </span>
          <span className="nav-text-long">{view === 'day' ? t('bookings.nav.prevDay') : t('bookings.nav.prevWeek')}</span>
          <span className="nav-text-short" aria-hidden="true">
            {t('bookings.nav.prev')}
          </span>
        </button>
        <button
          type="button"
          className="button button-secondary button-small"
          disabled={date === today}
          onClick={() => onDate(today)}
        >
          {t('bookings.nav.today')}
        </button>
        <button type="button" className="button button-secondary button-small" onClick={() => onDate(shiftDate(date, view, 1))}>
          <span className="nav-text-long">{view === 'day' ? t('bookings.nav.nextDay') : t('bookings.nav.nextWeek')}</span>
          <span className="nav-text-short" aria-hidden="true">
            {t('bookings.nav.next')}
          </span>
          <span aria-hidden="true"> ›</span>
        </button>
      </div>
      <label className="date-nav-pick">
        <span className="visually-hidden">{t('bookings.nav.pickDate')}</span>
        <input type="date" value={date} onChange={(e) => isLocalDate(e.target.value) && onDate(e.target.value)} />
      </label>
      <div className="segmented" role="group" aria-label={t('bookings.nav.view')}>
        <button type="button" aria-pressed={view === 'day'} onClick={() => onView('day')}>
          {t('bookings.nav.day')}
        </button>
        <button type="button" aria-pressed={view === 'week'} onClick={() => onView('week')}>
          {t('bookings.nav.week')}
        </button>
      </div>
      <p className="date-nav-label" aria-live="polite">
        {label}
      </p>
    </div>
  )
}
