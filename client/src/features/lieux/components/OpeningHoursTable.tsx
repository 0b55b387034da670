import { useTranslation } from 'react-i18next'
import {
  formatInterval,
  groupOpeningHours,
  localDateIn,
  weekdayName,
  weekdayOfLocalDate,
} from '../../../lib/datetime.ts'

interface Props {
  openingHours: { weekday: number; start: string; end: string }[]
  timeZone: string
}

export function OpeningHoursTable({ openingHours, timeZone }: Props) {
  const { t, i18n } = useTranslation()
  const today = weekdayOfLocalDate(localDateIn(new Date(), timeZone))
  return (
    <table className="hours-table">
      <caption className="visually-hidden">{t('lieu.openingHours')}</caption>
      <tbody>
        {groupOpeningHours(openingHours).map((day) => (
          <tr key={day.weekday} className={day.weekday === today ? 'today' : undefined}>
            <th scope="row">
              {weekdayName(day.weekday, i18n.language)}
              {day.weekday === today && <span className="today-tag"> {t('lieu.today')}</span>}
            </th>
            <td>
              {day.intervals.length === 0 ? (
                <span className="muted">{t('lieu.closed')}</span>
              ) : (
                day.intervals.map((iv, k) => (
                  <span key={k} className="interval">
                    {formatInterval(iv)}
                  </span>
                ))
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}
