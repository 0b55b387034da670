import { useState } from 'react'
import { useLocation } from 'react-router'
import { useTranslation } from 'react-i18next'
import type { EmployerDto, PoolDto } from '@fabrique/shared/employers/schema'
import { ErrorState, Loading } from '../../../components/Feedback.tsx'
import { formatDateIn, formatEuros } from '../../billing/format.ts'
import { checkoutReturn } from '../../billing/payment.ts'
import { usePools } from '../hooks.ts'
import { EMPLOYER_ZONE, lastDayOf, poolAmount, poolStatus } from '../format.ts'
import { BuyPoolForm } from './BuyPoolForm.tsx'

/** The pools bought (what is left, until when, where), and buying more. */
export function PoolsTab({ employer }: { employer: EmployerDto }) {
  const { t } = useTranslation()
  const pools = usePools(employer.id)
  const back = checkoutReturn(useLocation().search)
  // Whether a pool has expired: as of when the page opened.
  const [now] = useState(() => new Date())
  return (
    <div className="stack-lg">
      {back === 'ok' && (
        <p className="alert alert-success" role="status">
          {t('employers.pools.cardPaid')}
        </p>
      )}
      {back === 'cancelled' && (
        <p className="alert alert-warning" role="status">
          {t('employers.pools.cardCancelled')}
        </p>
      )}
      <section aria-labelledby="pools-title" className="stack">
        <h3 id="pools-title">{t('employers.pools.title')}</h3>
        {pools.isPending ? (
          <Loading />
        ) : pools.isError ? (
          <ErrorState error={pools.error} onRetry={() => void pools.refetch()} />
        ) : pools.data.length === 0 ? (
          <p className="muted">{t('employers.pools.none')}</p>
        ) : (
          <ul className="billing-list">
            {pools.data.map((p) => (
              <PoolItem key={p.id} pool={p} now={now} />
            ))}
          </ul>
        )}
      </section>
      <BuyPoolForm employerId={employer.id} />
    </div>
  )
}

function PoolItem({ pool: p, now }: { pool: PoolDto; now: Date }) {
  const { t, i18n } = useTranslation()
  const status = poolStatus(p, now)
  const expired = status === 'expired'
  const until = formatDateIn(lastDayOf(p.validUntil), EMPLOYER_ZONE, i18n.language)
  const list = new Intl.ListFormat(i18n.language.startsWith('en') ? 'en-GB' : 'fr-FR', { type: 'conjunction' })
  return (
    <li className={`card billing-item pool-item ${status === 'active' ? '' : 'pool-item-off'}`}>
      <div className="billing-item-main">
        <h4 className="h3">
          {p.label} <span className={`status-badge pool-status-${status}`}>{t(`employers.pools.status.${status}`)}</span>
        </h4>
        <p className="muted small">
          {t('employers.pools.soldBy', { lieu: p.seller.name })} ·{' '}
          {t(`employers.pools.billing.${p.billing}`)}
        </p>
        <p>
          {p.scope === 'network'
            ? t('employers.pools.validAtNetwork', { lieux: list.format(p.validAt.map((l) => l.name)) })
            : t('employers.pools.validAtLieu', { lieu: p.seller.name })}
        </p>
        <p>{t(expired ? 'employers.pools.expiredOn' : 'employers.pools.validUntil', { date: until })}</p>
      </div>
      <div className="billing-item-side pool-side">
        <p className="balance-amount">{poolAmount(p.unit, p.remaining, t)}</p>
        <p className="muted small">{t('employers.pools.leftOf', { total: poolAmount(p.unit, p.quantity, t) })}</p>
        <meter
          className="pool-meter"
          min={0}
          max={p.quantity}
          value={p.remaining}
          aria-label={t('employers.pools.meter', { left: poolAmount(p.unit, p.remaining, t), total: poolAmount(p.unit, p.quantity, t) })}
        />
        <p className="muted small">
          {t(p.unit === 'day' ? 'employers.pools.unitValueDay' : 'employers.pools.unitValueHour', {
            amount: formatEuros(p.unitValueExclCents, i18n.language),
          })}
        </p>
      </div>
    </li>
  )
}
