import { useId } from 'react'
import { useSearchParams } from 'react-router'
import { useTranslation } from 'react-i18next'
import { addMonths, currentMonth, formatMonth, recentMonths } from '../format.ts'

const isMonth = (s: string | null): s is string => !!s && /^\d{4}-(0[1-9]|1[0-2])$/.test(s)

/** Bookings are made ahead: a report may look up to this many months past the current one. */
export const MONTHS_AHEAD = 3

/** The month of a report, kept in the address (?mois=2026-10) so it can be shared; this month by default. */
export function useMonthParam(): [string, (month: string) => void, string] {
  const [params, setParams] = useSearchParams()
  const now = currentMonth()
  const raw = params.get('mois')
  const month = isMonth(raw) && raw <= addMonths(now, MONTHS_AHEAD) ? raw : now
  const set = (m: string) =>
    setParams(
      (p) => {
        const next = new URLSearchParams(p)
        if (m === now) next.delete('mois')
        else next.set('mois', m)
        return next
      },
      { replace: true },
    )
  return [month, set, now]
}

/** Previous month, a list of the last two years and the next months, next month (up to MONTHS_AHEAD). */
export function MonthPicker({ month, now, onChange }: { month: string; now: string; onChange: (m: string) => void }) {
  const { t, i18n } = useTranslation()
  const id = useId()
  const last = addMonths(now, MONTHS_AHEAD)
  const months = recentMonths(last, 24 + MONTHS_AHEAD)
  if (!months.includes(month)) months.push(month)
  return (
    <div className="month-picker">
      <label htmlFor={id}>{t('employers.month.label')}</label>
      <div className="month-picker-row">
        <button
          type="button"
          className="button button-secondary button-small"
          onClick={() => onChange(addMonths(month, -1))}
        >
          <span aria-hidden="true">‹</span>
          <span className="visually-hidden">{t('employers.month.previous')}</span>
        </button>
        <select id={id} value={month} onChange={(e) => onChange(e.target.value)}>
          {months.map((m) => (
            <option key={m} value={m}>
              {formatMonth(m, i18n.language)}
            </option>
          ))}
        </select>
        <button
          type="button"
          className="button button-secondary button-small"
          disabled={month >= last}
          onClick={() => onChange(addMonths(month, 1))}
        >
          <span aria-hidden="true">›</span>
          <span className="visually-hidden">{t('employers.month.next')}</span>
        </button>
      </div>
    </div>
  )
}
