import { useTranslation } from 'react-i18next'
import type { UsageReportDto } from '@fabrique/shared/employers/schema'
import { formatEuros, formatMinutes } from '../../billing/format.ts'

/**
 * A usage report: one row per employee and lieu, with the month's totals. `withNames: false` for
 * the employee's own view (every row is about them).
 */
export function UsageTable({ report, caption, withNames = true }: { report: UsageReportDto; caption: string; withNames?: boolean }) {
  const { t, i18n } = useTranslation()
  const money = (c: number) => formatEuros(c, i18n.language)
  const cols = {
    name: t('employers.usage.cols.employee'),
    lieu: t('employers.usage.cols.lieu'),
    days: t('employers.usage.cols.days'),
    hours: t('employers.usage.cols.hours'),
    value: t('employers.usage.cols.value'),
  }
  return (
    <div className="table-scroll">
      <table className="billing-table usage-table">
        <caption>{caption}</caption>
        <thead>
          <tr>
            {withNames && <th scope="col">{cols.name}</th>}
            <th scope="col">{cols.lieu}</th>
            <th scope="col" className="num">{cols.days}</th>
            <th scope="col" className="num">{cols.hours}</th>
            <th scope="col" className="num">{cols.value}</th>
          </tr>
        </thead>
        <tbody>
          {report.rows.length === 0 ? (
            <tr>
              <td colSpan={withNames ? 5 : 4} className="muted">
                {t('employers.usage.empty')}
              </td>
            </tr>
          ) : (
            report.rows.map((r) => (
              <tr key={`${r.userId ?? r.name}-${r.lieu.id}`}>
                {withNames && <td data-label={cols.name}>{r.name}</td>}
                <td data-label={cols.lieu}>{r.lieu.name}</td>
                <td data-label={cols.days} className="num">{r.days}</td>
                <td data-label={cols.hours} className="num">{formatMinutes(r.minutes)}</td>
                <td data-label={cols.value} className="num">{money(r.valueExclCents)}</td>
              </tr>
            ))
          )}
        </tbody>
        {report.rows.length > 1 && (
          <tfoot>
            <tr>
              <th scope="row" colSpan={withNames ? 2 : 1}>
                {t('employers.usage.total')}
              </th>
              <td data-label={cols.days} className="num">{report.totals.days}</td>
              <td data-label={cols.hours} className="num">{formatMinutes(report.totals.minutes)}</td>
              <td data-label={cols.value} className="num">{money(report.totals.valueExclCents)}</td>
            </tr>
          </tfoot>
        )}
      </table>
    </div>
  )
}
