import { useCallback, useState, type ReactNode } from 'react'
import { Link, useLocation, useParams } from 'react-router'
import { useTranslation } from 'react-i18next'
import { useMutation, useQuery } from '@tanstack/react-query'
import { useForm } from 'react-hook-form'
import { zodResolver } from '@hookform/resolvers/zod'
import { ZDropInPassRequest, type PassProductDto } from '@fabrique/shared/billing/schema'
import { ErrorState, Loading, useDocumentTitle } from '../../../components/Feedback.tsx'
import { TextField } from '../../../components/Field.tsx'
import { FormAlert } from '../../../components/FormAlert.tsx'
import { NotFoundPage } from '../../../app/NotFoundPage.tsx'
import { isApiError } from '../../../lib/api.ts'
import { applyServerErrors } from '../../../lib/formErrors.ts'
import { mapResolver } from '../../../lib/formResolver.ts'
import { usePublicLieu } from '../../lieux/hooks.ts'
import { billingApi } from '../api.ts'
import { useBackFromRedirect, usePaymentsConfig } from '../hooks.ts'
import { formatEuros, formatMinutes } from '../format.ts'
import { checkoutReturn, checkoutUrl } from '../payment.ts'

interface DropInValues {
  email: string
  name: string
}
const ZBuyer = ZDropInPassRequest.pick({ email: true, name: true })

/**
 * /l/:slug/pass — a visitor without an account buys a pass of the lieu by card, giving only an
 * e-mail address (and a name for the invoice). The pass is sold once Stripe confirms the payment and
 * is tied to that address: an account opened with it later shows the pass.
 */
export default function DropInPage() {
  const { slug = '' } = useParams()
  const { t, i18n } = useTranslation()
  const lieu = usePublicLieu(slug)
  const products = useQuery({
    queryKey: ['public', 'pass-products', slug],
    queryFn: ({ signal }) => billingApi.publicPassProducts(slug, signal),
  })
  const payments = usePaymentsConfig()
  const card = payments.data?.card === true
  const back = checkoutReturn(useLocation().search)
  // The product whose Checkout the browser is leaving for: buttons stay busy until the page goes.
  const [redirecting, setRedirecting] = useState<string | null>(null)
  useBackFromRedirect(useCallback(() => setRedirecting(null), []))
  const checkout = useMutation({
    mutationFn: ({
      productId,
      buyer,
    }: {
      productId: string
      buyer: { email: string; name?: string | undefined }
    }) => billingApi.dropInCheckout(slug, { productId, ...buyer }),
  })
  const {
    register,
    handleSubmit,
    setError,
    formState: { errors },
  } = useForm<DropInValues, unknown, { email: string; name?: string | undefined }>({
    resolver: mapResolver(zodResolver(ZBuyer), (v: DropInValues) => ({
      email: v.email,
      ...(v.name.trim() ? { name: v.name } : {}),
    })),
    defaultValues: { email: '', name: '' },
  })
  useDocumentTitle(lieu.data ? `${t('billing.dropIn.title')} — ${lieu.data.name}` : t('billing.dropIn.title'))

  if (lieu.isPending) return <Loading />
  if (isApiError(lieu.error, 'not_found')) return <NotFoundPage />
  if (lieu.isError) return <ErrorState error={lieu.error} onRetry={() => void lieu.refetch()} />
  const money = (c: number) => formatEuros(c, i18n.language)
  const buy = (p: PassProductDto) =>
    handleSubmit((buyer) =>
      checkout.mutate(
        { productId: p.id, buyer },
        {
          onSuccess: (r) => {
            const url = checkoutUrl(r.payment)
            if (!url) return
            setRedirecting(p.id)
            window.location.assign(url)
          },
          onError: (e) => applyServerErrors(e, setError, ['email', 'name']),
        },
      ),
    )()

  return (
    <div className="stack-lg billing-page drop-in">
      <header className="page-header">
        <p className="eyebrow">{lieu.data.name}</p>
        <h1>{t('billing.dropIn.title')}</h1>
        <p className="lead">{t('billing.dropIn.lead')}</p>
      </header>

      {back === 'ok' && (
        <div className="alert alert-success" role="status">
          <p>{t('billing.dropIn.paid')}</p>
          <p>
            <Link to="/inscription">{t('billing.dropIn.paidHint')}</Link>
          </p>
        </div>
      )}
      {back === 'cancelled' && (
        <p className="alert alert-warning" role="status">
          {t('billing.mine.cardCancelled')}
        </p>
      )}

      {products.isPending || payments.isPending ? (
        <Loading />
      ) : products.isError ? (
        <ErrorState error={products.error} onRetry={() => void products.refetch()} />
      ) : products.data.length === 0 ? (
        <p className="muted">{t('billing.dropIn.none')}</p>
      ) : !card ? (
        <>
          <p className="alert alert-warning">{t('billing.dropIn.noCard')}</p>
          <PassList products={products.data} money={money} />
        </>
      ) : (
        <>
          <form className="card form drop-in-form" noValidate onSubmit={(e) => e.preventDefault()}>
            <h2 className="h3">{t('billing.dropIn.you')}</h2>
            <FormAlert error={checkout.error} fieldNames={['email', 'name']} />
            <TextField
              label={t('fields.email')}
              type="email"
              autoComplete="email"
              hint={t('billing.dropIn.emailHint')}
              error={errors.email}
              {...register('email')}
            />
            <TextField
              label={t('billing.dropIn.name')}
              autoComplete="name"
              error={errors.name}
              {...register('name')}
            />
          </form>
          <PassList
            products={products.data}
            money={money}
            action={(p) => (
              <button
                type="button"
                className="button"
                disabled={checkout.isPending || redirecting !== null}
                aria-busy={
                  (checkout.isPending && checkout.variables.productId === p.id) ||
                  redirecting === p.id ||
                  undefined
                }
                onClick={() => void buy(p)}
              >
                {((checkout.isPending && checkout.variables.productId === p.id) || redirecting === p.id) && (
                  <span className="spinner" aria-hidden="true" />
                )}
                {t('billing.plans.payByCard')}
                <span className="visually-hidden"> {p.name}</span>
              </button>
            )}
          />
        </>
      )}
      <p>
        <Link to={`/l/${slug}`}>{t('billing.dropIn.backToLieu')}</Link>
      </p>
    </div>
  )
}

function PassList({
  products,
  money,
  action,
}: {
  products: PassProductDto[]
  money: (cents: number) => string
  action?: (p: PassProductDto) => ReactNode
}) {
  const { t } = useTranslation()
  return (
    <ul className="card-grid plan-grid" aria-label={t('billing.plans.passes')}>
      {products.map((p) => (
        <li key={p.id} className="card plan-card">
          <p className="eyebrow">{t(`billing.passKinds.${p.kind}`)}</p>
          <h2 className="h3">{p.name}</h2>
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
          {action && <div className="card-actions">{action(p)}</div>}
        </li>
      ))}
    </ul>
  )
}
