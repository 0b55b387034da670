import { useCallback, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { ErrorState, Loading, SubmitButton } from '../../../components/Feedback.tsx'
import { SelectField, TextField } from '../../../components/Field.tsx'
import { FormAlert, StatusMessage } from '../../../components/FormAlert.tsx'
import { formatEuros, formatMinutes } from '../../billing/format.ts'
import { checkoutUrl } from '../../billing/payment.ts'
import { useBackFromRedirect, usePaymentsConfig } from '../../billing/hooks.ts'
import { validationError } from '../../billing/components/formBits.ts'
import { employersApi, type BuyPoolRequest } from '../api.ts'
import { useEmployerWrite, useOffers } from '../hooks.ts'

/** Buying a pool: N of a lieu's pass product, valid there or in its whole network, billed monthly or by card. */
export function BuyPoolForm({ employerId }: { employerId: string }) {
  const { t, i18n } = useTranslation()
  const offers = useOffers(employerId)
  const config = usePaymentsConfig()
  const [productId, setProductId] = useState('')
  const [count, setCount] = useState('10')
  const [validUntil, setValidUntil] = useState('')
  const [scope, setScope] = useState<'lieu' | 'network'>('network')
  const [billing, setBilling] = useState<'monthly' | 'card'>('monthly')
  const [redirecting, setRedirecting] = useState(false)
  const [countError, setCountError] = useState(false)
  useBackFromRedirect(useCallback(() => setRedirecting(false), []))
  const buy = useEmployerWrite(employerId, (body: BuyPoolRequest) => employersApi.buyPool(employerId, body))

  if (offers.isPending) return <Loading />
  if (offers.isError) return <ErrorState error={offers.error} onRetry={() => void offers.refetch()} />
  const all = offers.data.flatMap((o) => o.products.map((p) => ({ ...p, lieu: o.lieu })))
  const chosen = all.find((p) => p.id === productId) ?? all[0]
  const card = config.data?.card === true
  const money = (c: number) => formatEuros(c, i18n.language)
  const n = Number(count)
  const validCount = Number.isInteger(n) && n >= 1 && n <= 1000
  const network = chosen?.lieu.network ?? null
  const chosenScope = network ? scope : 'lieu'
  const chosenBilling = card ? billing : 'monthly'
  const totalExcl = chosen && validCount ? chosen.priceCents * n : 0
  const totalIncl = chosen ? Math.round((totalExcl * (10_000 + chosen.vatRateBp)) / 10_000) : 0

  const submit = (e: React.FormEvent) => {
    e.preventDefault()
    if (!chosen) return
    if (!validCount) {
      buy.reset()
      setCountError(true)
      return
    }
    setCountError(false)
    buy.mutate(
      { productId: chosen.id, count: n, scope: chosenScope, billing: chosenBilling, ...(validUntil && { validUntil }) },
      {
        onSuccess: ({ payment }) => {
          const to = checkoutUrl(payment)
          if (to) {
            setRedirecting(true)
            window.location.assign(to)
          }
        },
      },
    )
  }

  return (
    <section aria-labelledby="buy-pool-title" className="card">
      <h3 id="buy-pool-title">{t('employers.buy.title')}</h3>
      <p className="muted">{t('employers.buy.lead')}</p>
      {all.length === 0 || !chosen ? (
        <p className="muted">{t('employers.buy.noOffer')}</p>
      ) : (
        <form className="form" noValidate onSubmit={submit}>
          <FormAlert error={countError ? validationError([{ field: 'count', message: t('employers.buy.countInvalid') }]) : buy.error} />
          <StatusMessage>
            {buy.isSuccess && !checkoutUrl(buy.data.payment) && t('employers.buy.done', { label: buy.data.pool.label })}
          </StatusMessage>
          <div className="form-row buy-row">
          <SelectField label={t('employers.buy.product')} value={chosen.id} onChange={(e) => setProductId(e.target.value)}>
            {offers.data.map((o) => (
              <optgroup key={o.lieu.id} label={o.lieu.name}>
                {o.products.map((p) => (
                  <option key={p.id} value={p.id}>
                    {t('employers.buy.productOption', {
                      name: p.name,
                      price: money(p.priceCents),
                      what: p.kind === 'hour_pack' ? formatMinutes(p.quantity) : t('billing.days', { count: p.quantity }),
                    })}
                  </option>
                ))}
              </optgroup>
            ))}
          </SelectField>
          <TextField
            label={t('employers.buy.count')}
            hint={t('employers.buy.countHint', {
              what: chosen.kind === 'hour_pack' ? formatMinutes(chosen.quantity) : t('billing.days', { count: chosen.quantity }),
            })}
            type="number"
            inputMode="numeric"
            min={1}
            max={1000}
            value={count}
            error={countError ? { message: t('employers.buy.countInvalid') } : undefined}
            onChange={(e) => setCount(e.target.value)}
          />
          <TextField
            label={t('employers.buy.validUntil')}
            hint={t('employers.buy.validUntilHint')}
            type="date"
            value={validUntil}
            onChange={(e) => setValidUntil(e.target.value)}
          />
          </div>
          <fieldset className="fieldset">
            <legend>{t('employers.buy.scope')}</legend>
            <label className="radio">
              <input type="radio" name="scope" checked={chosenScope === 'lieu'} onChange={() => setScope('lieu')} />
              {t('employers.buy.scopeLieu', { lieu: chosen.lieu.name })}
            </label>
            {network && (
              <label className="radio">
                <input type="radio" name="scope" checked={chosenScope === 'network'} onChange={() => setScope('network')} />
                {t('employers.buy.scopeNetwork', { network: network.name })}
              </label>
            )}
          </fieldset>
          <fieldset className="fieldset">
            <legend>{t('employers.buy.billing')}</legend>
            <label className="radio">
              <input type="radio" name="billing" checked={chosenBilling === 'monthly'} onChange={() => setBilling('monthly')} />
              <span>
                {t('employers.buy.monthly')}
                <span className="field-hint block">{t('employers.buy.monthlyHint')}</span>
              </span>
            </label>
            {card ? (
              <label className="radio">
                <input type="radio" name="billing" checked={chosenBilling === 'card'} onChange={() => setBilling('card')} />
                <span>
                  {t('employers.buy.card')}
                  <span className="field-hint block">{t('employers.buy.cardHint')}</span>
                </span>
              </label>
            ) : (
              <p className="field-hint">{t('employers.buy.noCard')}</p>
            )}
          </fieldset>
          {validCount && (
            <p className="buy-total" aria-live="polite">
              {t(chosenBilling === 'monthly' ? 'employers.buy.totalMonthly' : 'employers.buy.totalCard', {
                excl: money(totalExcl),
                incl: money(totalIncl),
              })}
            </p>
          )}
          <SubmitButton pending={buy.isPending || redirecting}>
            {chosenBilling === 'card' ? t('employers.buy.submitCard') : t('employers.buy.submit')}
          </SubmitButton>
        </form>
      )}
    </section>
  )
}
