import { useState } from 'react'
import { Link, useParams } from 'react-router'
import { useTranslation } from 'react-i18next'
import type { LieuDto } from '@fabrique/shared/lieux/schema'
import { ZManualPaymentMethod, type ManualPaymentMethod, type MemberBillingDto, type SubscriptionDto } from '@fabrique/shared/billing/schema'
import { ZResourceKind, type ResourceKind } from '@fabrique/shared/resources/schema'
import { ErrorState, Loading, SubmitButton, useDocumentTitle } from '../../../components/Feedback.tsx'
import { FormAlert, StatusMessage } from '../../../components/FormAlert.tsx'
import { Modal } from '../../../components/Modal.tsx'
import { SelectField, TextField } from '../../../components/Field.tsx'
import { NotFoundPage } from '../../../app/NotFoundPage.tsx'
import { isApiError } from '../../../lib/api.ts'
import { useLieu } from '../../lieux/hooks.ts'
import { billingApi } from '../api.ts'
import { useBillingWrite, useMemberCredits, useMembersBilling, usePassProducts, usePlans } from '../hooks.ts'
import { formatEuros, formatMinutes, formatPeriod, hoursToMinutes, paidAtFor, todayIn } from '../format.ts'
import { SubscriptionStatusBadge } from './bits.tsx'
import { CreditHistory } from './MyBillingPage.tsx'
import { validationError } from './formBits.ts'

const METHODS = ZManualPaymentMethod.options

type Dialog =
  | { kind: 'payment'; member: MemberBillingDto; sub: SubscriptionDto }
  | { kind: 'subscribe'; member: MemberBillingDto }
  | { kind: 'pass'; member: MemberBillingDto | null }
  | { kind: 'credits'; member: MemberBillingDto }

/** Managers: every person of the lieu with subscriptions, credits and passes at a glance. */
export default function MembersPage() {
  const { lieuId = '' } = useParams()
  const { t } = useTranslation()
  const lieu = useLieu(lieuId)
  useDocumentTitle(lieu.data ? `${t('billing.members.title')} — ${lieu.data.name}` : t('billing.members.title'))
  if (lieu.isPending) return <Loading />
  if (isApiError(lieu.error, 'not_found') || isApiError(lieu.error, 'forbidden')) return <NotFoundPage />
  if (lieu.isError) return <ErrorState error={lieu.error} onRetry={() => void lieu.refetch()} />
  if (lieu.data.myRole !== 'owner' && lieu.data.myRole !== 'manager') return <NotFoundPage />
  return <Members lieu={lieu.data} />
}

export function BillingLinks({ lieu, current }: { lieu: LieuDto; current: 'membres' | 'factures' }) {
  const { t } = useTranslation()
  return (
    <p className="header-links">
      {current !== 'membres' && <Link to={`/lieux/${lieu.id}/membres`}>{t('billing.members.title')}</Link>}
      {current !== 'factures' && <Link to={`/lieux/${lieu.id}/factures`}>{t('billing.invoices.title')}</Link>}
      <Link to={`/lieux/${lieu.id}/gerer/formules`}>{t('manage.tabs.billing')}</Link>
      <Link to={`/lieux/${lieu.id}/gerer`}>{t('manage.title')}</Link>
    </p>
  )
}

function Members({ lieu }: { lieu: LieuDto }) {
  const { t, i18n } = useTranslation()
  const members = useMembersBilling(lieu.id)
  const [q, setQ] = useState('')
  const [dialog, setDialog] = useState<Dialog | null>(null)
  const [done, setDone] = useState<string | null>(null)
  const cancelNow = useBillingWrite((id: string) => billingApi.cancelSubscription(id, 'now'))
  const close = (message?: string) => {
    setDialog(null)
    if (message) setDone(message)
  }

  const list = (members.data ?? []).filter((m) => {
    const s = q.trim().toLocaleLowerCase()
    return !s || m.user.name.toLocaleLowerCase().includes(s) || m.user.email.toLocaleLowerCase().includes(s)
  })

  return (
    <div className="stack-lg billing-page">
      <header className="page-header">
        <p className="eyebrow">{lieu.name}</p>
        <h1>{t('billing.members.title')}</h1>
        <p className="lead">{t('billing.members.lead')}</p>
        <BillingLinks lieu={lieu} current="membres" />
      </header>
      <div className="toolbar toolbar-bottom">
        <TextField label={t('billing.members.search')} type="search" value={q} onChange={(e) => setQ(e.target.value)} />
        <button type="button" className="button button-secondary" onClick={() => setDialog({ kind: 'pass', member: null })}>
          {t('billing.members.sellPass')}
        </button>
      </div>
      <StatusMessage>{done}</StatusMessage>
      <FormAlert error={cancelNow.error} />
      {members.isPending ? (
        <Loading />
      ) : members.isError ? (
        <ErrorState error={members.error} onRetry={() => void members.refetch()} />
      ) : list.length === 0 ? (
        <p className="muted">{t('billing.members.none')}</p>
      ) : (
        <ul className="billing-list">
          {list.map((m) => (
            <li key={m.user.id} className="card billing-item member-billing">
              <div className="billing-item-main">
                <h2 className="h3">
                  {m.user.name} <span className="role-tag">{t(`roles.${m.role}`)}</span>
                </h2>
                <p className="muted small">{m.user.email}</p>
                {m.subscriptions.length === 0 ? (
                  <p className="muted">{t('billing.members.noSubscriptions')}</p>
                ) : (
                  <ul className="plain-list stack-sm">
                    {m.subscriptions.map((s) => {
                      const period = formatPeriod(s.currentPeriodStart, s.currentPeriodEnd, lieu.timeZone, t, i18n.language)
                      return (
                        <li key={s.id} className="sub-line">
                          <span>
                            <strong>{s.plan.name}</strong> <SubscriptionStatusBadge status={s.status} />
                            {period && <span className="muted small"> {period}</span>}
                          </span>
                          <span className="sub-actions">
                            <button
                              type="button"
                              className={`button button-small ${s.status === 'past_due' ? '' : 'button-secondary'}`}
                              onClick={() => setDialog({ kind: 'payment', member: m, sub: s })}
                            >
                              {s.status === 'past_due' ? t('billing.members.recordPayment') : t('billing.members.renew')}
                              <span className="visually-hidden">
                                {' '}
                                {m.user.name} {s.plan.name}
                              </span>
                            </button>
                            <button
                              type="button"
                              className="button button-small button-ghost"
                              disabled={cancelNow.isPending}
                              onClick={() => {
                                if (window.confirm(t('billing.members.confirmCancelNow', { name: m.user.name, plan: s.plan.name })))
                                  cancelNow.mutate(s.id)
                              }}
                            >
                              {t('billing.members.cancelNow')}
                              <span className="visually-hidden">
                                {' '}
                                {m.user.name} {s.plan.name}
                              </span>
                            </button>
                          </span>
                        </li>
                      )
                    })}
                  </ul>
                )}
                <p className="small">
                  {m.credits.length === 0
                    ? <span className="muted">{t('billing.members.noCredits')}</span>
                    : m.credits.map((c) => `${formatMinutes(c.minutes)} ${t(`billing.kinds.${c.resourceKind}`, { defaultValue: c.resourceKind })}`).join(' · ')}
                  {' · '}
                  {m.passes > 0 ? t('billing.members.passes', { count: m.passes }) : <span className="muted">{t('billing.members.noPasses')}</span>}
                </p>
              </div>
              <div className="card-actions member-billing-actions" role="group" aria-label={t('billing.members.actionsFor', { name: m.user.name })}>
                <button type="button" className="button button-small button-secondary" onClick={() => setDialog({ kind: 'subscribe', member: m })}>
                  {t('billing.members.subscribe')}
                </button>
                <button type="button" className="button button-small button-secondary" onClick={() => setDialog({ kind: 'pass', member: m })}>
                  {t('billing.members.sellPass')}
                </button>
                <button type="button" className="button button-small button-secondary" onClick={() => setDialog({ kind: 'credits', member: m })}>
                  {t('billing.members.adjust')}
                </button>
              </div>
            </li>
          ))}
        </ul>
      )}
      {dialog?.kind === 'payment' && <PaymentDialog lieu={lieu} member={dialog.member} sub={dialog.sub} onClose={close} />}
      {dialog?.kind === 'subscribe' && <SubscribeDialog lieu={lieu} member={dialog.member} onClose={close} />}
      {dialog?.kind === 'pass' && <SellPassDialog lieu={lieu} member={dialog.member} members={members.data ?? []} onClose={close} />}
      {dialog?.kind === 'credits' && <CreditsDialog lieu={lieu} member={dialog.member} onClose={close} />}
    </div>
  )
}

function MethodAndDate({
  lieu,
  method,
  setMethod,
  date,
  setDate,
}: {
  lieu: LieuDto
  method: ManualPaymentMethod
  setMethod: (m: ManualPaymentMethod) => void
  date: string
  setDate: (d: string) => void
}) {
  const { t } = useTranslation()
  const today = todayIn(lieu.timeZone)
  return (
    <div className="form-row">
      <SelectField label={t('billing.members.method')} value={method} onChange={(e) => setMethod(e.target.value as ManualPaymentMethod)}>
        {METHODS.map((m) => (
          <option key={m} value={m}>
            {t(`billing.methods.${m}`)}
          </option>
        ))}
      </SelectField>
      <TextField label={t('billing.members.paidOn')} type="date" max={today} value={date} onChange={(e) => setDate(e.target.value)} />
    </div>
  )
}

function usePaymentFields(lieu: LieuDto) {
  const [method, setMethod] = useState<ManualPaymentMethod>('on_site')
  const [date, setDate] = useState(todayIn(lieu.timeZone))
  return { method, setMethod, date, setDate, paidAt: () => paidAtFor(date, lieu.timeZone) }
}

function DialogButtons({ pending, label, onClose }: { pending: boolean; label: string; onClose: () => void }) {
  const { t } = useTranslation()
  return (
    <div className="modal-actions">
      <button type="button" className="button button-ghost" onClick={onClose}>
        {t('common.cancel')}
      </button>
      <SubmitButton pending={pending}>{label}</SubmitButton>
    </div>
  )
}

function PaymentDialog({ lieu, member, sub, onClose }: { lieu: LieuDto; member: MemberBillingDto; sub: SubscriptionDto; onClose: (m?: string) => void }) {
  const { t } = useTranslation()
  const pay = usePaymentFields(lieu)
  const record = useBillingWrite(() => billingApi.recordSubscriptionPayment(sub.id, { method: pay.method, paidAt: pay.paidAt() }))
  return (
    <Modal title={t('billing.members.recordPaymentTitle', { name: member.user.name, plan: sub.plan.name })} onClose={() => onClose()}>
      <form
        className="form"
        noValidate
        onSubmit={(e) => {
          e.preventDefault()
          record.mutate(undefined, { onSuccess: (r) => onClose(t('billing.members.paid', { number: r.invoice.number })) })
        }}
      >
        <FormAlert error={record.error} />
        <MethodAndDate lieu={lieu} {...pay} />
        <DialogButtons pending={record.isPending} label={t('billing.members.recordPayment')} onClose={() => onClose()} />
      </form>
    </Modal>
  )
}

function SubscribeDialog({ lieu, member, onClose }: { lieu: LieuDto; member: MemberBillingDto; onClose: (m?: string) => void }) {
  const { t, i18n } = useTranslation()
  const plans = usePlans(lieu.id)
  const [planId, setPlanId] = useState('')
  const pay = usePaymentFields(lieu)
  const chosen = planId || plans.data?.[0]?.id || ''
  const subscribe = useBillingWrite(() =>
    billingApi.subscribe(lieu.id, { planId: chosen, userId: member.user.id, payment: { method: pay.method, paidAt: pay.paidAt() } }),
  )
  return (
    <Modal title={t('billing.members.subscribeTitle', { name: member.user.name })} onClose={() => onClose()}>
      <form
        className="form"
        noValidate
        onSubmit={(e) => {
          e.preventDefault()
          subscribe.mutate(undefined, {
            onSuccess: (r) => onClose(t('billing.members.subscribed', { number: r.invoice?.number ?? '' })),
          })
        }}
      >
        <FormAlert error={subscribe.error} />
        {plans.isPending ? (
          <Loading />
        ) : (
          <SelectField label={t('billing.members.plan')} value={chosen} onChange={(e) => setPlanId(e.target.value)}>
            {(plans.data ?? []).map((p) => (
              <option key={p.id} value={p.id}>
                {p.name} — {formatEuros(p.priceInclCents, i18n.language)} {t(`billing.perInterval.${p.interval}`)}
              </option>
            ))}
          </SelectField>
        )}
        <MethodAndDate lieu={lieu} {...pay} />
        <DialogButtons pending={subscribe.isPending} label={t('billing.members.subscribe')} onClose={() => onClose()} />
      </form>
    </Modal>
  )
}

function SellPassDialog({
  lieu,
  member,
  members,
  onClose,
}: {
  lieu: LieuDto
  member: MemberBillingDto | null
  members: MemberBillingDto[]
  onClose: (m?: string) => void
}) {
  const { t, i18n } = useTranslation()
  const products = usePassProducts(lieu.id)
  const [productId, setProductId] = useState('')
  const [who, setWho] = useState<'member' | 'dropIn'>('member')
  const [userId, setUserId] = useState(member?.user.id ?? members[0]?.user.id ?? '')
  const [email, setEmail] = useState('')
  const [name, setName] = useState('')
  const pay = usePaymentFields(lieu)
  const chosen = productId || products.data?.[0]?.id || ''
  const sell = useBillingWrite(() =>
    billingApi.sellPass(lieu.id, {
      productId: chosen,
      ...(who === 'member' ? { userId } : { email: email.trim(), ...(name.trim() ? { name: name.trim() } : {}) }),
      method: pay.method,
      paidAt: pay.paidAt(),
    }),
  )
  return (
    <Modal title={t('billing.members.sellPass')} onClose={() => onClose()}>
      <form
        className="form"
        noValidate
        onSubmit={(e) => {
          e.preventDefault()
          sell.mutate(undefined, { onSuccess: (r) => onClose(t('billing.members.sold', { number: r.invoice.number })) })
        }}
      >
        <FormAlert error={sell.error} />
        <SelectField label={t('billing.members.product')} value={chosen} onChange={(e) => setProductId(e.target.value)}>
          {(products.data ?? []).map((p) => (
            <option key={p.id} value={p.id}>
              {p.name} — {formatEuros(p.priceInclCents, i18n.language)}
            </option>
          ))}
        </SelectField>
        {member ? (
          <p>
            {t('billing.members.buyer')} : <strong>{member.user.name}</strong>
          </p>
        ) : (
          <>
            <SelectField label={t('billing.members.buyer')} value={who} onChange={(e) => setWho(e.target.value as 'member' | 'dropIn')}>
              <option value="member">{t('billing.members.buyerMember')}</option>
              <option value="dropIn">{t('billing.members.buyerDropIn')}</option>
            </SelectField>
            {who === 'member' ? (
              <SelectField label={t('billing.members.member')} value={userId} onChange={(e) => setUserId(e.target.value)}>
                {members.map((m) => (
                  <option key={m.user.id} value={m.user.id}>
                    {m.user.name} ({m.user.email})
                  </option>
                ))}
              </SelectField>
            ) : (
              <div className="form-row">
                <TextField label={t('fields.email')} type="email" value={email} required onChange={(e) => setEmail(e.target.value)} />
                <TextField label={t('billing.members.dropInName')} value={name} onChange={(e) => setName(e.target.value)} />
              </div>
            )}
          </>
        )}
        <MethodAndDate lieu={lieu} {...pay} />
        <DialogButtons pending={sell.isPending} label={t('billing.members.sellPass')} onClose={() => onClose()} />
      </form>
    </Modal>
  )
}

function CreditsDialog({ lieu, member, onClose }: { lieu: LieuDto; member: MemberBillingDto; onClose: (m?: string) => void }) {
  const { t, i18n } = useTranslation()
  const credits = useMemberCredits(lieu.id, member.user.id)
  const [kind, setKind] = useState<ResourceKind>('desk')
  const [hours, setHours] = useState('')
  const [reason, setReason] = useState('')
  const [localError, setLocalError] = useState<unknown>(null)
  const adjust = useBillingWrite((body: { resourceKind: ResourceKind; minutes: number; reason: string }) =>
    billingApi.adjustCredits(lieu.id, member.user.id, body),
  )
  return (
    <Modal title={t('billing.members.adjustTitle', { name: member.user.name })} onClose={() => onClose()} className="modal-wide">
      <form
        className="form"
        noValidate
        onSubmit={(e) => {
          e.preventDefault()
          setLocalError(null)
          const minutes = hoursToMinutes(hours)
          const issues = []
          if (!minutes) issues.push({ field: 'minutes', message: t('billing.manage.invalidNumber') })
          if (!reason.trim()) issues.push({ field: 'reason', message: 'required' })
          if (issues.length) return setLocalError(validationError(issues))
          adjust.mutate(
            { resourceKind: kind, minutes: minutes!, reason: reason.trim() },
            { onSuccess: () => { setHours(''); setReason('') } },
          )
        }}
      >
        <FormAlert error={localError ?? adjust.error} />
        <StatusMessage>{adjust.isSuccess && t('billing.members.adjusted')}</StatusMessage>
        {credits.data && credits.data.balances.length > 0 && (
          <p>
            {credits.data.balances
              .map((b) => `${formatMinutes(b.minutes)} ${t(`billing.kinds.${b.resourceKind}`, { defaultValue: b.resourceKind })}`)
              .join(' · ')}
          </p>
        )}
        <div className="form-row">
          <SelectField label={t('billing.manage.resourceKind')} value={kind} onChange={(e) => setKind(e.target.value as ResourceKind)}>
            {ZResourceKind.options.map((k) => (
              <option key={k} value={k}>
                {t(`billing.kinds.${k}`)}
              </option>
            ))}
          </SelectField>
          <TextField label={t('billing.members.hours')} inputMode="decimal" value={hours} onChange={(e) => setHours(e.target.value)} />
        </div>
        <TextField label={t('billing.members.reason')} value={reason} required maxLength={500} onChange={(e) => setReason(e.target.value)} />
        <DialogButtons pending={adjust.isPending} label={t('billing.members.adjust')} onClose={() => onClose()} />
        {credits.data && credits.data.history.length > 0 && (
          <details>
            <summary>{t('billing.mine.history')}</summary>
            <CreditHistory entries={credits.data.history} zoneOf={() => lieu.timeZone} locale={i18n.language} />
          </details>
        )}
      </form>
    </Modal>
  )
}
