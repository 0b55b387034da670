import { useState } from 'react'
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useTranslation } from 'react-i18next'
import type { LieuDto } from '@fabrique/shared/lieux/schema'
import { ErrorState, Loading, SubmitButton } from '../../../components/Feedback.tsx'
import { FormAlert, StatusMessage } from '../../../components/FormAlert.tsx'
import { formatDateIn, todayIn } from '../../billing/format.ts'
import { employersApi } from '../api.ts'
import { addMonths, formatMonth, lastDayOf, poolAmount } from '../format.ts'
import '../i18n.ts'

/**
 * Managers, on the lieu's invoices page: the pools employers bought from the lieu (what is left),
 * and issuing last month's consolidated invoices now (the job does it on the 1st anyway).
 */
export function SoldPoolsSection({ lieu }: { lieu: LieuDto }) {
  const { t, i18n } = useTranslation()
  const qc = useQueryClient()
  const key = ['lieux', lieu.id, 'employer-pools']
  const pools = useQuery({ queryKey: key, queryFn: ({ signal }) => employersApi.soldPools(lieu.id, signal) })
  const lastMonth = addMonths(todayIn(lieu.timeZone).slice(0, 7), -1)
  // Inside a French sentence a month takes no capital.
  const monthName = i18n.language.startsWith('fr') ? formatMonth(lastMonth, i18n.language).toLocaleLowerCase('fr-FR') : formatMonth(lastMonth, i18n.language)
  const [done, setDone] = useState<string | null>(null)
  const run = useMutation({
    mutationFn: () => employersApi.runMonthlyInvoices(lieu.id, lastMonth),
    onSuccess: (results) => {
      const invoices = results.filter((r) => r.invoice).length
      const notes = results.reduce((n, r) => n + r.creditNotes.length, 0)
      const month = monthName
      setDone(invoices + notes === 0 ? t('employers.sold.nothing', { month }) : t('employers.sold.issued', { invoices, notes, month }))
      return qc.invalidateQueries({ queryKey: ['billing'] })
    },
  })
  if (pools.isPending) return <Loading />
  if (pools.isError) return <ErrorState error={pools.error} onRetry={() => void pools.refetch()} />
  if (pools.data.length === 0) return null
  const monthly = pools.data.some((p) => p.billing === 'monthly')
  return (
    <section className="card stack" aria-labelledby="sold-pools-title">
      <h2 id="sold-pools-title">{t('employers.sold.title')}</h2>
      <p className="muted">{t('employers.sold.lead', { lieu: lieu.name })}</p>
      <ul className="sold-pools">
        {pools.data.map((p) => (
          <li key={p.id}>
            <strong>{p.employer.name}</strong> — {p.label} ·{' '}
            {t('employers.sold.left', { left: poolAmount(p.unit, p.remaining, t), total: poolAmount(p.unit, p.quantity, t) })} ·{' '}
            {t(`employers.pools.billing.${p.billing}`)} ·{' '}
            {t('employers.pools.validUntil', { date: formatDateIn(lastDayOf(p.validUntil), lieu.timeZone, i18n.language) })}
          </li>
        ))}
      </ul>
      {monthly && (
        <form
          className="stack"
          onSubmit={(e) => {
            e.preventDefault()
            setDone(null)
            run.mutate()
          }}
        >
          <p className="field-hint">{t('employers.sold.runHint')}</p>
          <FormAlert error={run.error} />
          <StatusMessage>{done}</StatusMessage>
          <div>
            <SubmitButton pending={run.isPending}>{t('employers.sold.run', { month: monthName })}</SubmitButton>
          </div>
        </form>
      )}
    </section>
  )
}
