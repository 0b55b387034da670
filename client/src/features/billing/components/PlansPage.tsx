import { useCallback, useState } from 'react'
import { Link, useParams } from 'react-router'
import { useTranslation } from 'react-i18next'
import type { PlanDto, SubscribeResponse } from '@fabrique/shared/billing/schema'
import { ErrorState, Loading, useDocumentTitle } from '../../../components/Feedback.tsx'
import { FormAlert } from '../../../components/FormAlert.tsx'
import { NotFoundPage } from '../../../app/NotFoundPage.tsx'
import { isApiError } from '../../../lib/api.ts'
import { useLieu } from '../../lieux/hooks.ts'
import { useResources } from '../../resources/hooks.ts'
import { billingApi } from '../api.ts'
import { useBackFromRedirect, useBillingWrite, useMySubscriptions, usePassProducts, usePaymentsConfig, usePlans } from '../hooks.ts'
import { entitlementsInWords, formatEuros, formatMinutes, sortPlans } from '../format.ts'
import { checkoutUrl } from '../payment.ts'

type PayBy = 'card' | 'counter'

/**
 * A member's view of what a lieu sells: plans, the adhésion, passes. Subscribing pays at the
 * counter; when the server takes cards (GET /payments/config), a plan or a pass may also be paid by
 * card: the browser goes to the Checkout URL the server answers (a pass is sold once paid).
 */
export default function PlansPage() {
  const { lieuId = '' } = useParams()
  const { t, i18n } = useTranslation()
  const lieu = useLieu(lieuId)
  const plans = usePlans(lieuId)
  const products = usePassProducts(lieuId)
  const mine = useMySubscriptions()
  const resources = useResources(lieuId)
  const payments = usePaymentsConfig()
  const card = payments.data?.card === true
  const [done, setDone] = useState<SubscribeResponse | null>(null)
  // The plan whose Checkout the browser is leaving for: its buttons stay busy until the page goes.
  const [redirecting, setRedirecting] = useState<string | null>(null)
  useBackFromRedirect(useCallback(() => setRedirecting(null), []))
  const subscribe = useBillingWrite(({ planId, by }: { planId: string; by: PayBy }) =>
    billingApi.subscribe(lieuId, { planId, payBy: by }),
  )
  const buyPass = useBillingWrite((productId: string) => billingApi.buyPass(lieuId, productId))
  const busy = subscribe.isPending || buyPass.isPending || redirecting !== null
  useDocumentTitle(lieu.data ? `${t('billing.plans.title')} — ${lieu.data.name}` : t('billing.plans.title'))

  if (lieu.isPending || plans.isPending) return <Loading />
  if (isApiError(lieu.error, 'not_found') || isApiError(lieu.error, 'forbidden')) return <NotFoundPage />
  if (lieu.isError) return <ErrorState error={lieu.error} onRetry={() => void lieu.refetch()} />
  if (plans.isError) return <ErrorState error={plans.error} onRetry={() => void plans.refetch()} />
  const l = lieu.data
  const names = Object.fromEntries((resources.data ?? []).map((r) => [r.id, r.name]))
  const held = new Map(
    (mine.data ?? []).filter((s) => s.lieuId === lieuId && s.status !== 'cancelled').map((s) => [s.plan.id, s]),
  )
  const money = (c: number) => formatEuros(c, i18n.language)

  return (
    <div className="stack-lg billing-page">
      <header className="page-header">
        <p className="eyebrow">{l.name}</p>
        <h1>{t('billing.plans.title')}</h1>
        <p className="lead">
          {t(l.legal.vatExempt ? 'billing.plans.leadExempt' : 'billing.plans.lead', { lieu: l.name })}
        </p>
        <p className="muted">{t(card ? 'billing.plans.howToPayCard' : 'billing.plans.howToPay')}</p>
      </header>

      {done && (
        <div className="alert alert-warning" role="status">
          <p>
            <strong>{t('billing.plans.payAtCounter')}</strong>
          </p>
          <p>{t('billing.plans.payAtCounterLead', { name: done.subscription.plan.name })}</p>
          {done.payment?.kind === 'pay_at_counter' && done.payment.instructions && (
            <p className="muted">{done.payment.instructions}</p>
          )}
          <p>
            <Link to="/compte/abonnements">{t('billing.plans.seeMine')}</Link>
          </p>
        </div>
      )}
      <FormAlert error={subscribe.error ?? buyPass.error} />

      {plans.data.length === 0 ? (
        <p className="muted">{t('billing.plans.none')}</p>
      ) : (
        <ul className="card-grid plan-grid" aria-label={t('billing.plans.title')}>
          {sortPlans(plans.data).map((p) => (
            <PlanCard
              key={p.id}
              plan={p}
              words={
                p.kind === 'membership'
                  ? [t('billing.entitlements.membership'), ...entitlementsInWords(p.entitlements, t, { resourceNames: names })]
                  : entitlementsInWords(p.entitlements, t, { resourceNames: names })
              }
              price={money(p.priceInclCents)}
              heldStatus={held.get(p.id)?.status}
              card={card}
              pending={
                redirecting === p.id
                  ? 'card'
                  : subscribe.isPending && subscribe.variables.planId === p.id
                    ? subscribe.variables.by
                    : null
              }
              disabled={busy}
              onSubscribe={(by) => {
                setDone(null)
                subscribe.mutate(
                  { planId: p.id, by },
                  {
                    onSuccess: (r) => {
                      const url = by === 'card' ? checkoutUrl(r.payment) : null
                      if (url) {
                        setRedirecting(p.id)
                        window.location.assign(url)
                        return
                      }
                      // Paid at the counter: chosen, or the only way the server offered.
                      setDone(r)
                      window.scrollTo(0, 0)
                    },
                  },
                )
              }}
            />
          ))}
        </ul>
      )}

      {products.data && products.data.length > 0 && (
        <section aria-labelledby="passes-title" className="stack">
          <h2 id="passes-title">{t('billing.plans.passes')}</h2>
          <p className="muted">{t(card ? 'billing.plans.passesLeadCard' : 'billing.plans.passesLead')}</p>
          <ul className="card-grid plan-grid">
            {products.data.map((p) => (
              <li key={p.id} className="card plan-card">
                <p className="eyebrow">{t(`billing.passKinds.${p.kind}`)}</p>
                <h3>{p.name}</h3>
                <p className="price">{money(p.priceInclCents)}</p>
                <ul className="benefits">
                  <li>
                    {p.kind === 'hour_pack'
                      ? t('billing.hourPackFor', {
                          amount: formatMinutes(p.quantity),
                          kind: p.resourceKind ? t(`billing.kinds.${p.resourceKind}`) : '',
                        })
                      : t('billing.days', { count: p.quantity })}
                  </li>
                  <li>{t('billing.validity', { count: p.validityDays })}</li>
                </ul>
                {card && (
                  <div className="card-actions">
                    <button
                      type="button"
                      className="button"
                      disabled={busy}
                      aria-busy={(buyPass.isPending && buyPass.variables === p.id) || redirecting === p.id || undefined}
                      onClick={() =>
                        buyPass.mutate(p.id, {
                          onSuccess: (r) => {
                            const url = checkoutUrl(r.payment)
                            if (!url) return
                            setRedirecting(p.id)
                            window.location.assign(url)
                          },
                        })
                      }
                    >
                      {((buyPass.isPending && buyPass.variables === p.id) || redirecting === p.id) && (
                        <span className="spinner" aria-hidden="true" />
                      )}
                      {t('billing.plans.payByCard')}
                      <span className="visually-hidden"> {p.name}</span>
                    </button>
                  </div>
                )}
              </li>
            ))}
          </ul>
        </section>
      )}
    </div>
  )
}

function PlanCard({
  plan,
  words,
  price,
  heldStatus,
  card,
  pending,
  disabled,
  onSubscribe,
}: {
  plan: PlanDto
  words: string[]
  price: string
  heldStatus: string | undefined
  /** Card payment offered: two buttons (card, counter) instead of one. */
  card: boolean
  /** The way of paying being started for this plan, if any. */
  pending: PayBy | null
  disabled: boolean
  onSubscribe: (by: PayBy) => void
}) {
  const { t } = useTranslation()
  return (
    <li className={`card plan-card ${plan.kind === 'membership' ? 'plan-card-membership' : ''}`}>
      {plan.kind === 'membership' && <p className="eyebrow">{t('billing.plans.membership')}</p>}
      <h2 className="h3">{plan.name}</h2>
      <p className="price">
        {price} <span className="muted small">{t(`billing.perInterval.${plan.interval}`)}</span>
      </p>
      {plan.description && <p className="description">{plan.description}</p>}
      {(words.length > 0 || plan.requiresMembership) && (
        <ul className="benefits">
          {words.map((w) => (
            <li key={w}>{w}</li>
          ))}
          {plan.requiresMembership && <li className="muted">{t('billing.entitlements.requiresMembership')}</li>}
        </ul>
      )}
      <div className="card-actions">
        {heldStatus === 'past_due' ? (
          <p className="status-badge billing-status-past_due">{t('billing.plans.awaiting')}</p>
        ) : heldStatus ? (
          <p className="status-badge billing-status-active">{t('billing.plans.current')}</p>
        ) : card ? (
          <>
            <button
              type="button"
              className="button"
              disabled={disabled}
              aria-busy={pending === 'card' || undefined}
              onClick={() => onSubscribe('card')}
            >
              {pending === 'card' && <span className="spinner" aria-hidden="true" />}
              {t('billing.plans.payByCard')}
              <span className="visually-hidden"> {plan.name}</span>
            </button>
            <button
              type="button"
              className="button button-secondary"
              disabled={disabled}
              aria-busy={pending === 'counter' || undefined}
              onClick={() => onSubscribe('counter')}
            >
              {pending === 'counter' && <span className="spinner" aria-hidden="true" />}
              {t('billing.plans.payOnSite')}
              <span className="visually-hidden"> {plan.name}</span>
            </button>
          </>
        ) : (
          <button
            type="button"
            className="button"
            disabled={disabled}
            aria-busy={pending !== null || undefined}
            onClick={() => onSubscribe('counter')}
          >
            {pending && <span className="spinner" aria-hidden="true" />}
            {t('billing.plans.subscribe')}
            <span className="visually-hidden"> {plan.name}</span>
          </button>
        )}
      </div>
    </li>
  )
}
