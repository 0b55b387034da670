import { useNavigate, useParams } from 'react-router'
import { useTranslation } from 'react-i18next'
import { useQuery } from '@tanstack/react-query'
import type { SettlementDto } from '@fabrique/shared/employers/schema'
import { ErrorState, Loading, useDocumentTitle } from '../../../components/Feedback.tsx'
import { NotFoundPage } from '../../../app/NotFoundPage.tsx'
import { isApiError } from '../../../lib/api.ts'
import { formatEuros, formatMinutes } from '../../billing/format.ts'
import { useMe } from '../../auth/hooks.ts'
import { formatMonth } from '../../employers/format.ts'
import { MonthPicker, useMonthParam } from '../../employers/components/MonthPicker.tsx'
import { networksApi, settlementCsvUrl } from '../api.ts'
import '../../employers/employers.css'
import '../../employers/i18n.ts'

/** /reseaux/:networkId/reglements — what each lieu of the network owes the others, for a month (coordinators). */
export default function SettlementPage() {
  const { networkId = '' } = useParams()
  const { t, i18n } = useTranslation()
  const navigate = useNavigate()
  const me = useMe()
  const [month, setMonth, now] = useMonthParam()
  const settlement = useQuery({
    queryKey: ['networks', networkId, 'settlement', month],
    queryFn: ({ signal }) => networksApi.settlement(networkId, month, signal),
    placeholderData: (prev) => (prev?.network.id === networkId ? prev : undefined),
  })
  useDocumentTitle(t('settlement.title'))
  const networks = me.data?.networks ?? []

  if (isApiError(settlement.error, 'not_found') || isApiError(settlement.error, 'validation_failed')) return <NotFoundPage />
  const label = formatMonth(month, i18n.language)
  return (
    <div className="stack-lg settlement-page">
      <header className="page-header">
        <p className="eyebrow">{settlement.data?.network.name ?? t('network.eyebrow')}</p>
        <h1>{t('settlement.title')}</h1>
        <p className="lead">{t('settlement.lead')}</p>
      </header>
      <div className="toolbar toolbar-bottom">
        {networks.length > 1 && (
          <div className="field">
            <label htmlFor="settlement-network">{t('settlement.network')}</label>
            <select id="settlement-network" value={networkId} onChange={(e) => navigate(`/reseaux/${e.target.value}/reglements`)}>
              {networks.map((n) => (
                <option key={n.id} value={n.id}>
                  {n.name}
                </option>
              ))}
            </select>
          </div>
        )}
        <MonthPicker month={month} now={now} onChange={setMonth} />
        <a className="button button-secondary toolbar-end" href={settlementCsvUrl(networkId, month)} download>
          {t('settlement.csv')}
          <span className="visually-hidden"> ({label})</span>
        </a>
      </div>
      {settlement.isPending ? (
        <Loading />
      ) : settlement.isError ? (
        <ErrorState error={settlement.error} onRetry={() => void settlement.refetch()} />
      ) : (
        <SettlementTables s={settlement.data} month={label} />
      )}
    </div>
  )
}

function SettlementTables({ s, month }: { s: SettlementDto; month: string }) {
  const { t, i18n } = useTranslation()
  const money = (c: number) => formatEuros(c, i18n.language)
  const cols = {
    seller: t('settlement.cols.seller'),
    usedAt: t('settlement.cols.usedAt'),
    days: t('employers.usage.cols.days'),
    hours: t('employers.usage.cols.hours'),
    owed: t('settlement.cols.owed'),
  }
  const total = s.rows.reduce((sum, r) => sum + r.owedExclCents, 0)
  return (
    <>
      <section aria-labelledby="balances-title">
        <h2 id="balances-title">{t('settlement.balances')}</h2>
        <ul className="card-grid balance-grid">
          {s.balances.map((b) => (
            <li key={b.lieu.id} className="card balance-card">
              <p className="muted small">{b.lieu.name}</p>
              <p className={`balance-amount ${b.netExclCents > 0 ? 'positive' : b.netExclCents < 0 ? 'negative' : ''}`}>
                {b.netExclCents > 0 ? '+' : ''}
                {money(b.netExclCents)}
              </p>
              <p className="small">
                {b.netExclCents > 0
                  ? t('settlement.toReceive')
                  : b.netExclCents < 0
                    ? t('settlement.toPay')
                    : t('settlement.even')}
              </p>
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="flows-title" className="stack">
        <h2 id="flows-title">{t('settlement.flows')}</h2>
        <div className="table-scroll">
          <table className="billing-table usage-table">
            <caption>{t('settlement.caption', { month })}</caption>
            <thead>
              <tr>
                <th scope="col">{cols.seller}</th>
                <th scope="col">{cols.usedAt}</th>
                <th scope="col" className="num">{cols.days}</th>
                <th scope="col" className="num">{cols.hours}</th>
                <th scope="col" className="num">{cols.owed}</th>
              </tr>
            </thead>
            <tbody>
              {s.rows.length === 0 ? (
                <tr>
                  <td colSpan={5} className="muted">
                    {t('settlement.empty')}
                  </td>
                </tr>
              ) : (
                s.rows.map((r) => (
                  <tr key={`${r.seller.id}-${r.usedAt.id}`}>
                    <td data-label={cols.seller}>{r.seller.name}</td>
                    <td data-label={cols.usedAt}>
                      <span>
                        <span aria-hidden="true">→ </span>
                        {r.usedAt.name}
                      </span>
                    </td>
                    <td data-label={cols.days} className="num">{r.days}</td>
                    <td data-label={cols.hours} className="num">{formatMinutes(r.minutes)}</td>
                    <td data-label={cols.owed} className="num">{money(r.owedExclCents)}</td>
                  </tr>
                ))
              )}
            </tbody>
            {s.rows.length > 1 && (
              <tfoot>
                <tr>
                  <th scope="row" colSpan={4}>
                    {t('employers.usage.total')}
                  </th>
                  <td data-label={cols.owed} className="num">{money(total)}</td>
                </tr>
              </tfoot>
            )}
          </table>
        </div>
        {s.rows.length > 0 && (
          <ul className="plain-list small">
            {s.rows.map((r) => (
              <li key={`${r.seller.id}-${r.usedAt.id}`}>
                {t('settlement.sentence', { seller: r.seller.name, usedAt: r.usedAt.name, amount: money(r.owedExclCents) })}
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  )
}
