import { useEffect } from 'react'
import { Link, useLocation } from 'react-router'
import { useTranslation } from 'react-i18next'
import type { z } from 'zod'
import type { ZMyEmployerDto } from '@fabrique/shared/employers/schema'
import { ErrorState, Loading } from '../../../components/Feedback.tsx'
import { FormAlert } from '../../../components/FormAlert.tsx'
import { isApiError } from '../../../lib/api.ts'
import { formatDateIn, formatEuros } from '../../billing/format.ts'
import { useMe } from '../../auth/hooks.ts'
import { employersApi } from '../api.ts'
import { useEmployershipChange, useMyEmployers } from '../hooks.ts'
import { allocationInWords, EMPLOYER_ZONE, formatMonth, lastDayOf, poolAmount } from '../format.ts'
import { UsageTable } from './UsageTable.tsx'
import '../employers.css'
import '../i18n.ts'

type MyEmployer = z.infer<typeof ZMyEmployerDto>

/** "Mon compte" → my employers: my allocation, this month's use, the pools I may use, what they see of me. */
export function MyEmployers() {
  const { t } = useTranslation()
  const mine = useMyEmployers()
  const me = useMe()
  const leave = useEmployershipChange((employerId: string) => employersApi.removeEmployee(employerId, me.data!.id))
  const { hash } = useLocation()
  // Arriving from a link to /compte#mes-employeurs: show the section once it has its content.
  const loaded = mine.isSuccess
  useEffect(() => {
    if (loaded && hash === '#mes-employeurs') document.getElementById('mes-employeurs')?.scrollIntoView()
  }, [loaded, hash])
  if (mine.isPending) return <Loading />
  if (mine.isError) return <ErrorState error={mine.error} onRetry={() => void mine.refetch()} />
  if (mine.data.length === 0) return <p className="muted">{t('employers.mine.none')}</p>
  return (
    <div className="stack-lg">
      <p className="muted">{t('employers.mine.lead')}</p>
      {isApiError(leave.error, 'last_owner') ? (
        <p className="alert alert-error" role="alert">
          {t('employers.people.lastAdmin')}
        </p>
      ) : (
        <FormAlert error={leave.error} />
      )}
      {mine.data.map((e) => (
        <MyEmployerItem
          key={e.employer.id}
          item={e}
          leaving={leave.isPending}
          onLeave={() => {
            if (window.confirm(t('employers.mine.confirmLeave', { employer: e.employer.name }))) leave.mutate(e.employer.id)
          }}
        />
      ))}
    </div>
  )
}

function MyEmployerItem({ item: e, leaving, onLeave }: { item: MyEmployer; leaving: boolean; onLeave: () => void }) {
  const { t, i18n } = useTranslation()
  const lieux = new Map(e.pools.flatMap((p) => p.validAt.map((l) => [l.id, l.name] as const)))
  const words = allocationInWords(e.allocation, t, { locale: i18n.language, lieuName: (id) => lieux.get(id) })
  const list = new Intl.ListFormat(i18n.language.startsWith('en') ? 'en-GB' : 'fr-FR', { type: 'conjunction' })
  const headingId = `my-employer-${e.employer.id}`
  return (
    <article className="my-employer" aria-labelledby={headingId}>
      <h3 id={headingId}>
        {e.employer.name} <span className="role-tag">{t(`employerRoles.${e.role}`)}</span>
      </h3>
      <div className="grid-2">
        <div>
          <h4>{t('employers.mine.allocation')}</h4>
          <ul className="benefits">
            {words.map((w) => (
              <li key={w}>{w}</li>
            ))}
          </ul>
        </div>
        <div>
          <h4>{t('employers.mine.thisMonth')}</h4>
          <p className="balance-amount">{t('billing.days', { count: e.usedThisMonth.days })}</p>
          <p className="muted small">
            {e.allocation.budgetKind === 'days' && e.allocation.budgetPeriod === 'month'
              ? t('employers.mine.daysLeft', { count: Math.max(0, e.allocation.budgetAmount - e.usedThisMonth.days) })
              : t('employers.mine.value', { amount: formatEuros(e.usedThisMonth.valueExclCents, i18n.language) })}
          </p>
        </div>
      </div>
      <h4>{t('employers.mine.pools')}</h4>
      {e.pools.length === 0 ? (
        <p className="muted">{t('employers.mine.noPools')}</p>
      ) : (
        <ul className="plain-list">
          {e.pools.map((p) => (
            <li key={p.id}>
              <strong>{p.label}</strong>
              <br />
              <span className="small">
                {t('employers.mine.poolLine', {
                  left: poolAmount(p.unit, p.remaining, t),
                  lieux: list.format(p.validAt.map((l) => l.name)),
                  date: formatDateIn(lastDayOf(p.validUntil), EMPLOYER_ZONE, i18n.language),
                })}
              </span>
            </li>
          ))}
        </ul>
      )}
      <h4>{t('employers.mine.whatTheySee')}</h4>
      <p className="muted small">{t('employers.mine.whatTheySeeLead', { employer: e.employer.name })}</p>
      {e.whatTheEmployerSees.map((r) => (
        <UsageTable key={r.month} report={r} withNames={false} caption={formatMonth(r.month, i18n.language)} />
      ))}
      <p className="card-actions">
        {e.role === 'admin' && (
          <Link className="button button-small button-secondary" to={`/employeur/${e.employer.id}`}>
            {t('employers.list.open')}
            <span className="visually-hidden"> {e.employer.name}</span>
          </Link>
        )}
        <button type="button" className="button button-small button-ghost" disabled={leaving} onClick={onLeave}>
          {t('employers.mine.leave')}
          <span className="visually-hidden"> {e.employer.name}</span>
        </button>
      </p>
    </article>
  )
}
