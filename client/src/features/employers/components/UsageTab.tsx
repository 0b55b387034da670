import { useTranslation } from 'react-i18next'
import type { EmployerDto } from '@fabrique/shared/employers/schema'
import { ErrorState, Loading } from '../../../components/Feedback.tsx'
import { usageCsvUrl } from '../api.ts'
import { useUsage } from '../hooks.ts'
import { formatMonth } from '../format.ts'
import { MonthPicker, useMonthParam } from './MonthPicker.tsx'
import { UsageTable } from './UsageTable.tsx'

/** Usage totals per employee and lieu for a month, and the same as CSV. */
export function UsageTab({ employer }: { employer: EmployerDto }) {
  const { t, i18n } = useTranslation()
  const [month, setMonth, now] = useMonthParam()
  const usage = useUsage(employer.id, month)
  const label = formatMonth(month, i18n.language)
  return (
    <div className="stack">
      <p className="muted">{t('employers.usage.lead')}</p>
      <div className="toolbar toolbar-bottom">
        <MonthPicker month={month} now={now} onChange={setMonth} />
        <a className="button button-secondary toolbar-end" href={usageCsvUrl(employer.id, month)} download>
          {t('employers.usage.csv')}
          <span className="visually-hidden"> ({label})</span>
        </a>
      </div>
      {usage.isPending ? (
        <Loading />
      ) : usage.isError ? (
        <ErrorState error={usage.error} onRetry={() => void usage.refetch()} />
      ) : (
        <UsageTable report={usage.data} caption={t('employers.usage.caption', { month: label })} />
      )}
    </div>
  )
}
