import { useCallback, useState } from 'react'
import { Link, NavLink, Navigate, useLocation, useParams } from 'react-router'
import { useTranslation } from 'react-i18next'
import type { ChangePlanResponse, SubscriptionDto } from '@fabrique/shared/billing/schema'
import { ErrorState, Loading, useDocumentTitle } from '../../../components/Feedback.tsx'
import { SelectField } from '../../../components/Field.tsx'
import { FormAlert, StatusMessage } from '../../../components/FormAlert.tsx'
import { useMe } from '../../auth/hooks.ts'
import { billingApi } from '../api.ts'
import {
  useBackFromRedirect,
  useBillingWrite,
  useCheckoutPolling,
  useLieuZones,
  useMyCredits,
  useMyInvoices,
  useMyPasses,
  useMySubscriptions,
  usePlans,
} from '../hooks.ts'
import { formatDateIn, formatEuros, formatMinutes, formatPeriod, passRemaining } from '../format.ts'
import {
  checkoutReturn,
  managesPaymentOnline,
  planChangeChoices,
  safeRedirectUrl,
  scheduledStart,
} from '../payment.ts'
import { InvoiceNote, InvoiceStatusBadge, PdfLink, SubscriptionStatusBadge } from './bits.tsx'

const TABS = {
  abonnements: 'billing.mine.tabs.subscriptions',
  credits: 'billing.mine.tabs.credits',
  passes: 'billing.mine.tabs.passes',
  factures: 'billing.mine.tabs.invoices',
} as const
type Tab = keyof typeof TABS
const isTab = (s: string | undefined): s is Tab => s !== undefined && s in TABS

/** "Mon compte" → subscriptions, credits, passes and invoices of the member, every lieu. */
export default function MyBillingPage() {
  const { tab } = useParams()
  const { t } = useTranslation()
  const current: Tab = isTab(tab) ? tab : 'abonnements'
  useDocumentTitle(t(TABS[current]))
  if (tab !== undefined && !isTab(tab)) return <Navigate to="/compte/abonnements" replace />
  return (
    <div className="stack-lg billing-page">
      <header className="page-header">
        <p className="eyebrow">{t('layout.account')}</p>
        <h1>{t('billing.mine.title')}</h1>
      </header>
      <nav className="tabs" aria-label={t('billing.mine.sections')}>
        <ul>
          {(Object.keys(TABS) as Tab[]).map((slug) => (
            <li key={slug}>
              <NavLink
                to={slug === 'abonnements' ? '/compte/abonnements' : `/compte/abonnements/${slug}`}
                end
                aria-current={slug === current ? 'page' : undefined}
                className={slug === current ? 'active' : undefined}
              >
                {t(TABS[slug])}
              </NavLink>
            </li>
          ))}
        </ul>
      </nav>
      <section className="tab-panel" aria-labelledby="billing-tab-title">
        <h2 id="billing-tab-title" className="visually-hidden">
          {t(TABS[current])}
        </h2>
        {current === 'abonnements' && <MySubscriptions />}
        {current === 'credits' && <MyCredits />}
        {current === 'passes' && <MyPasses />}
        {current === 'factures' && <MyInvoices />}
      </section>
    </div>
  )
}

function MySubscriptions() {
  const { t } = useTranslation()
  const back = checkoutReturn(useLocation().search)
  const subs = useMySubscriptions(useCheckoutPolling(back === 'ok'))
  const zoneOf = useLieuZones((subs.data ?? []).map((s) => s.lieuId))
  const cancel = useBillingWrite((id: string) => billingApi.cancelSubscription(id, 'period_end'))
  const resume = useBillingWrite((id: string) => billingApi.resumeSubscription(id))
  const change = useBillingWrite(({ id, planId }: { id: string; planId: string }) =>
    billingApi.changePlan(id, planId),
  )
  // The Billing Portal: a link asked for, then the browser leaves for it.
  const [redirecting, setRedirecting] = useState(false)
  useBackFromRedirect(useCallback(() => setRedirecting(false), []))
  const portal = useBillingWrite((id: string) => billingApi.billingPortal(id))
  if (subs.isPending) return <Loading />
  if (subs.isError) return <ErrorState error={subs.error} onRetry={() => void subs.refetch()} />
  const list = subs.data.filter((s) => s.status !== 'cancelled')
  const held = new Set(list.map((s) => s.plan.id))
  const openPortal = (id: string) =>
    portal.mutate(id, {
      onSuccess: ({ url }) => {
        const to = safeRedirectUrl(url)
        if (!to) return
        setRedirecting(true)
        window.location.assign(to)
      },
    })
  return (
    <div className="stack">
      {back === 'ok' && (
        <p className="alert alert-success" role="status">
          {t('billing.mine.cardPaid')}
        </p>
      )}
      {back === 'cancelled' && (
        <p className="alert alert-warning" role="status">
          {t('billing.mine.cardCancelled')}
        </p>
      )}
      <FormAlert error={cancel.error ?? resume.error ?? portal.error ?? change.error} />
      <StatusMessage>
        {change.isSuccess ? (
          <PlanChanged result={change.data} zone={zoneOf(change.data.subscription.lieuId)} />
        ) : (
          (cancel.isSuccess || resume.isSuccess) && t('billing.mine.done')
        )}
      </StatusMessage>
      {list.length === 0 ? (
        <p className="muted">{t('billing.mine.noSubscriptions')}</p>
      ) : (
        <ul className="billing-list">
          {list.map((s) => (
            <SubscriptionItem
              key={s.id}
              sub={s}
              zone={zoneOf(s.lieuId)}
              busy={cancel.isPending || resume.isPending || portal.isPending || change.isPending || redirecting}
              held={held}
              changePending={change.isPending && change.variables.id === s.id}
              onChangePlan={(planId, done) => {
                cancel.reset()
                resume.reset()
                change.mutate({ id: s.id, planId }, { onSuccess: done })
              }}
              portalPending={(portal.isPending && portal.variables === s.id) || (redirecting && portal.variables === s.id)}
              onCancel={() => cancel.mutate(s.id)}
              onResume={() => resume.mutate(s.id)}
              onManagePayment={() => openPortal(s.id)}
            />
          ))}
        </ul>
      )}
      <MyLieuxPlansLinks />
    </div>
  )
}

function MyLieuxPlansLinks() {
  const { t } = useTranslation()
  const lieux = useLieuxOfMe()
  if (!lieux.length) return null
  return (
    <ul className="plain-list link-list billing-links">
      {lieux.map((l) => (
        <li key={l.id}>
          <Link to={`/lieux/${l.id}/formules`}>{t('billing.mine.seePlans', { lieu: l.name })}</Link>
        </li>
      ))}
    </ul>
  )
}

function useLieuxOfMe() {
  return useMe().data?.lieux ?? []
}

/** What a plan change did: at once (card, prorated) or from the period end (paid at the counter). */
function PlanChanged({ result, zone }: { result: ChangePlanResponse; zone: string }) {
  const { t, i18n } = useTranslation()
  if (result.effective === 'now') return <>{t('billing.mine.planChangedNow', { name: result.subscription.plan.name })}</>
  return (
    <>
      {t('billing.mine.planChangedLater', {
        name: result.next?.plan.name ?? '',
        old: result.subscription.plan.name,
        date: formatDateIn(result.effectiveAt, zone, i18n.language),
      })}
    </>
  )
}

function SubscriptionItem({
  sub,
  zone,
  busy,
  portalPending,
  held,
  changePending,
  onCancel,
  onResume,
  onManagePayment,
  onChangePlan,
}: {
  sub: SubscriptionDto
  zone: string
  busy: boolean
  portalPending: boolean
  /** Plans the member holds already (not offered as a change). */
  held: ReadonlySet<string>
  changePending: boolean
  onCancel: () => void
  onResume: () => void
  onManagePayment: () => void
  onChangePlan: (planId: string, done: () => void) => void
}) {
  const { t, i18n } = useTranslation()
  const lieuName = useLieuxOfMe().find((l) => l.id === sub.lieuId)?.name
  const period = formatPeriod(sub.currentPeriodStart, sub.currentPeriodEnd, zone, t, i18n.language)
  const end = formatDateIn(sub.currentPeriodEnd, zone, i18n.language)
  const unpaid = sub.status === 'past_due' && !period
  const online = managesPaymentOnline(sub)
  const startsAt = scheduledStart(sub)
  return (
    <li className="card billing-item">
      <div className="billing-item-main">
        <h3 className="h3">
          {sub.plan.name} <SubscriptionStatusBadge status={sub.status} />
        </h3>
        {lieuName && <p className="muted small">{lieuName}</p>}
        {period && <p>{t('billing.mine.paidPeriod', { period })}</p>}
        {startsAt ? (
          <p className="billing-warning">
            {t('billing.mine.startsOn', { date: formatDateIn(startsAt, zone, i18n.language) })}
          </p>
        ) : (
          sub.status === 'past_due' && (
            <p className="billing-warning">
              {t(online ? 'billing.mine.awaitingCardPayment' : 'billing.mine.awaitingPayment')}
            </p>
          )
        )}
        {sub.cancelAtPeriodEnd && <p className="muted">{t('billing.mine.endsOn', { date: end })}</p>}
        {sub.status === 'active' && sub.inGoodStanding && !sub.cancelAtPeriodEnd && (
          <PlanChange
            sub={sub}
            held={held}
            busy={busy}
            pending={changePending}
            periodEnd={end}
            onChange={onChangePlan}
          />
        )}
      </div>
      <div className="card-actions">
        {online && (
          <button
            type="button"
            className="button button-small button-secondary"
            disabled={busy}
            aria-busy={portalPending || undefined}
            onClick={onManagePayment}
          >
            {portalPending && <span className="spinner" aria-hidden="true" />}
            {t('billing.mine.managePayment')}
            <span className="visually-hidden"> {sub.plan.name}</span>
          </button>
        )}
        {sub.cancelAtPeriodEnd ? (
          <button type="button" className="button button-small button-secondary" disabled={busy} onClick={onResume}>
            {t('billing.mine.undoCancel')}
            <span className="visually-hidden"> {sub.plan.name}</span>
          </button>
        ) : (
          <button
            type="button"
            className="button button-small button-ghost"
            disabled={busy}
            onClick={() => {
              const q = unpaid
                ? t('billing.mine.confirmCancelRequest', { name: sub.plan.name })
                : t('billing.mine.confirmCancel', { name: sub.plan.name, date: end })
              if (window.confirm(q)) onCancel()
            }}
          >
            {unpaid ? t('billing.mine.cancelRequest') : t('billing.mine.cancel')}
            <span className="visually-hidden"> {sub.plan.name}</span>
          </button>
        )}
      </div>
    </li>
  )
}

/** "Changer de formule": the lieu's other plans of the same kind; the effect is said before confirming. */
function PlanChange({
  sub,
  held,
  busy,
  pending,
  periodEnd,
  onChange,
}: {
  sub: SubscriptionDto
  held: ReadonlySet<string>
  busy: boolean
  pending: boolean
  periodEnd: string
  onChange: (planId: string, done: () => void) => void
}) {
  const { t, i18n } = useTranslation()
  const plans = usePlans(sub.lieuId)
  const [choice, setChoice] = useState<string | null>(null)
  const choices = planChangeChoices(sub, plans.data ?? [], held)
  if (choices.length === 0) return null
  if (choice === null)
    return (
      <p>
        <button
          type="button"
          className="button button-small button-secondary"
          disabled={busy}
          onClick={() => setChoice(choices[0]!.id)}
        >
          {t('billing.mine.changePlan')}
          <span className="visually-hidden"> {sub.plan.name}</span>
        </button>
      </p>
    )
  return (
    <form
      className="plan-change stack"
      aria-label={t('billing.mine.changePlanOf', { name: sub.plan.name })}
      onSubmit={(e) => {
        e.preventDefault()
        onChange(choice, () => setChoice(null))
      }}
    >
      <SelectField label={t('billing.mine.newPlan')} value={choice} onChange={(e) => setChoice(e.target.value)}>
        {choices.map((p) => (
          <option key={p.id} value={p.id}>
            {p.name} — {formatEuros(p.priceInclCents, i18n.language)} {t(`billing.perInterval.${p.interval}`)}
          </option>
        ))}
      </SelectField>
      <p className="muted small">
        {sub.provider === 'stripe'
          ? t('billing.mine.changeNowHint')
          : t('billing.mine.changeLaterHint', { date: periodEnd })}
      </p>
      <div className="card-actions">
        <button type="submit" className="button button-small" disabled={busy} aria-busy={pending || undefined}>
          {pending && <span className="spinner" aria-hidden="true" />}
          {t('billing.mine.confirmChange')}
        </button>
        <button type="button" className="button button-small button-ghost" disabled={pending} onClick={() => setChoice(null)}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  )
}

function MyCredits() {
  const { t, i18n } = useTranslation()
  const credits = useMyCredits()
  const zoneOf = useLieuZones((credits.data?.balances ?? []).map((b) => b.lieuId))
  const lieux = useLieuxOfMe()
  if (credits.isPending) return <Loading />
  if (credits.isError) return <ErrorState error={credits.error} onRetry={() => void credits.refetch()} />
  const { balances, history } = credits.data
  if (balances.length === 0 && history.length === 0) return <p className="muted">{t('billing.mine.noCredits')}</p>
  const lieuName = (id: string) => balances.find((b) => b.lieuId === id)?.lieuName ?? lieux.find((l) => l.id === id)?.name ?? ''
  return (
    <div className="stack-lg">
      <section aria-labelledby="balances-title">
        <h3 id="balances-title">{t('billing.mine.balances')}</h3>
        <ul className="card-grid balance-grid">
          {balances.map((b) => (
            <li key={`${b.lieuId}-${b.resourceKind}`} className="card balance-card">
              <p className="muted small">{b.lieuName}</p>
              <p className="balance-amount">{formatMinutes(b.minutes)}</p>
              <p>{t(`billing.kinds.${b.resourceKind}`, { defaultValue: b.resourceKind })}</p>
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="history-title">
        <h3 id="history-title">{t('billing.mine.history')}</h3>
        <CreditHistory
          entries={history}
          zoneOf={zoneOf}
          lieuName={lieuName}
          locale={i18n.language}
        />
      </section>
    </div>
  )
}

export function CreditHistory({
  entries,
  zoneOf,
  lieuName,
  locale,
}: {
  entries: { id: string; lieuId: string; resourceKind: string; minutes: number; reason: string; note: string; expiresAt: string | null; createdAt: string }[]
  zoneOf: (lieuId: string) => string
  lieuName?: (lieuId: string) => string
  locale: string
}) {
  const { t } = useTranslation()
  // 0-minute expiries only settle a grant: nothing to tell.
  const shown = entries.filter((e) => e.minutes !== 0)
  return (
    <div className="table-scroll">
      <table className="billing-table">
        <thead>
          <tr>
            <th scope="col">{t('billing.cols.detail')}</th>
            <th scope="col" className="num">
              {t('billing.cols.change')}
            </th>
          </tr>
        </thead>
        <tbody>
          {shown.map((e) => (
            <tr key={e.id}>
              <td>
                <span className="muted small">{formatDateIn(e.createdAt, zoneOf(e.lieuId), locale)}</span>
                <br />
                {t(`billing.creditReasons.${e.reason}`)} · {t(`billing.kinds.${e.resourceKind}`, { defaultValue: e.resourceKind })}
                {lieuName && <span className="muted small"> · {lieuName(e.lieuId)}</span>}
                {e.note && <span className="muted small"> — {e.note}</span>}
                {e.expiresAt && e.minutes > 0 && (
                  <span className="muted small">
                    {' '}
                    ({t('billing.mine.expiresOn', { date: formatDateIn(e.expiresAt, zoneOf(e.lieuId), locale) })})
                  </span>
                )}
              </td>
              <td className={`num ${e.minutes < 0 ? 'negative' : 'positive'}`}>
                {e.minutes > 0 ? '+' : ''}
                {formatMinutes(e.minutes)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}

function MyPasses() {
  const { t, i18n } = useTranslation()
  const back = checkoutReturn(useLocation().search)
  const passes = useMyPasses(useCheckoutPolling(back === 'ok'))
  const zoneOf = useLieuZones((passes.data ?? []).map((p) => p.lieuId))
  if (passes.isPending) return <Loading />
  if (passes.isError) return <ErrorState error={passes.error} onRetry={() => void passes.refetch()} />
  const returned =
    back === 'ok' ? (
      <p className="alert alert-success" role="status">
        {t('billing.mine.passPaid')}
      </p>
    ) : back === 'cancelled' ? (
      <p className="alert alert-warning" role="status">
        {t('billing.mine.cardCancelled')}
      </p>
    ) : null
  if (passes.data.length === 0)
    return (
      <div className="stack">
        {returned}
        <p className="muted">{t('billing.mine.noPasses')}</p>
      </div>
    )
  return (
    <div className="stack">
      {returned}
      <ul className="card-grid plan-grid">
        {passes.data.map((p) => {
          // validUntil is the local midnight ending the last day: show that last day.
          const lastDay = new Date(Date.parse(p.validUntil) - 1).toISOString()
          return (
            <li key={p.id} className={`card plan-card ${p.usable ? '' : 'plan-card-off'}`}>
              <p className="eyebrow">{t(`billing.passKinds.${p.product.kind}`)}</p>
              <h3 className="h3">{p.product.name}</h3>
              <p className="muted small">{p.lieuName}</p>
              <p className="balance-amount">
                {t('billing.mine.remaining', { amount: passRemaining(p.product.kind, p.remaining, t) })}
              </p>
              <p>
                {p.usable
                  ? t('billing.mine.validUntil', { date: formatDateIn(lastDay, zoneOf(p.lieuId), i18n.language) })
                  : t('billing.mine.unusable')}
              </p>
            </li>
          )
        })}
      </ul>
    </div>
  )
}

function MyInvoices() {
  const { t, i18n } = useTranslation()
  const invoices = useMyInvoices()
  if (invoices.isPending) return <Loading />
  if (invoices.isError) return <ErrorState error={invoices.error} onRetry={() => void invoices.refetch()} />
  if (invoices.data.length === 0) return <p className="muted">{t('billing.mine.noInvoices')}</p>
  return (
    <ul className="billing-list">
      {invoices.data.map((inv) => (
        <li key={inv.id} className="card billing-item">
          <div className="billing-item-main">
            <h3 className="h3">
              {t(`billing.invoiceKind.${inv.kind}`)} {inv.number} <InvoiceStatusBadge invoice={inv} />
            </h3>
            <p className="muted small">
              {inv.seller.name} · {formatDateIn(inv.issuedAt, inv.seller.timeZone, i18n.language)}
            </p>
            <p>{inv.lines.map((l) => l.label).join(' · ')}</p>
            <InvoiceNote invoice={inv} />
          </div>
          <div className="billing-item-side">
            <p className="price">{formatEuros(inv.totalInclCents, i18n.language)}</p>
            <PdfLink invoice={inv} />
          </div>
        </li>
      ))}
    </ul>
  )
}
