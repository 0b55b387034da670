import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { LieuDto } from '@fabrique/shared/lieux/schema'
import {
  ZCreatePassProductRequest,
  ZCreatePlanRequest,
  ZUpdatePlanRequest,
  type PassKind,
  type PassProductDto,
  type PlanDto,
  type PlanKind,
} from '@fabrique/shared/billing/schema'
import { priceInclCents } from '@fabrique/shared/billing/entitlements'
import { frenchVatRatesBp } from '@fabrique/shared/invoices/schema'
import { ZResourceKind, type ResourceKind } from '@fabrique/shared/resources/schema'
import { Modal } from '../../../components/Modal.tsx'
import { CheckboxField, SelectField, TextAreaField, TextField } from '../../../components/Field.tsx'
import { FormAlert } from '../../../components/FormAlert.tsx'
import { ErrorState, Loading, SubmitButton } from '../../../components/Feedback.tsx'
import { useResources } from '../../resources/hooks.ts'
import { billingApi } from '../api.ts'
import { useBillingWrite, usePassProducts, usePlans } from '../hooks.ts'
import { centsToInput, entitlementsInWords, formatEuros, formatMinutes, formatVatRate, hoursToMinutes, parseEuros, sortPlans } from '../format.ts'
import { parseOrThrow, validationError } from './formBits.ts'

const KINDS = ZResourceKind.options

/** Lieu settings → "Formules et passes": plans (and the adhésion), pass products, archive. */
export default function PlansTab({ lieu }: { lieu: LieuDto }) {
  const { t, i18n } = useTranslation()
  const [showArchived, setShowArchived] = useState(false)
  const plans = usePlans(lieu.id, showArchived)
  const products = usePassProducts(lieu.id, showArchived)
  const resources = useResources(lieu.id)
  const [editingPlan, setEditingPlan] = useState<PlanDto | 'new' | null>(null)
  const [editingPass, setEditingPass] = useState<PassProductDto | 'new' | null>(null)
  const archivePlan = useBillingWrite((p: PlanDto) => billingApi.updatePlan(lieu.id, p.id, { archived: !p.archived }))
  const archivePass = useBillingWrite((p: PassProductDto) =>
    billingApi.updatePassProduct(lieu.id, p.id, { archived: !p.archived }),
  )
  const names = Object.fromEntries((resources.data ?? []).map((r) => [r.id, r.name]))
  const money = (c: number) => formatEuros(c, i18n.language)

  return (
    <div className="stack-lg billing-page">
      <CheckboxField
        label={t('billing.manage.showArchived')}
        checked={showArchived}
        onChange={(e) => setShowArchived(e.target.checked)}
      />
      <FormAlert error={archivePlan.error ?? archivePass.error} />
      <section aria-labelledby="plans-title" className="stack">
        <div className="section-head">
          <h3 id="plans-title">{t('billing.manage.plans')}</h3>
          <button type="button" className="button" onClick={() => setEditingPlan('new')}>
            {t('billing.manage.newPlan')}
          </button>
        </div>
        {plans.isPending ? (
          <Loading />
        ) : plans.isError ? (
          <ErrorState error={plans.error} onRetry={() => void plans.refetch()} />
        ) : plans.data.length === 0 ? (
          <p className="muted">{t('billing.manage.noPlans')}</p>
        ) : (
          <ul className="billing-list">
            {sortPlans(plans.data).map((p) => (
              <li key={p.id} className={`card billing-item ${p.archived ? 'plan-card-off' : ''}`}>
                <div className="billing-item-main">
                  <h4 className="h3">
                    {p.name}{' '}
                    {p.kind === 'membership' && <span className="role-tag">{t('billing.plans.membership')}</span>}
                    {p.archived && <span className="role-tag">{t('billing.manage.archived')}</span>}
                  </h4>
                  <p>
                    <strong>{money(p.priceInclCents)}</strong> {t(`billing.perInterval.${p.interval}`)}
                    {!lieu.legal.vatExempt && (
                      <span className="muted small">
                        {' '}
                        ({money(p.priceCents)} {t('billing.exclVat')} + {formatVatRate(p.vatRateBp, i18n.language)})
                      </span>
                    )}
                  </p>
                  <ul className="benefits small">
                    {entitlementsInWords(p.entitlements, t, { resourceNames: names }).map((w) => (
                      <li key={w}>{w}</li>
                    ))}
                    {p.requiresMembership && <li>{t('billing.entitlements.requiresMembership')}</li>}
                  </ul>
                </div>
                <div className="card-actions">
                  <button type="button" className="button button-small button-secondary" onClick={() => setEditingPlan(p)}>
                    {t('billing.manage.edit')}
                    <span className="visually-hidden"> {p.name}</span>
                  </button>
                  <button
                    type="button"
                    className="button button-small button-ghost"
                    disabled={archivePlan.isPending}
                    onClick={() => archivePlan.mutate(p)}
                  >
                    {p.archived ? t('billing.manage.unarchive') : t('billing.manage.archive')}
                    <span className="visually-hidden"> {p.name}</span>
                  </button>
                </div>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="pass-products-title" className="stack">
        <div className="section-head">
          <h3 id="pass-products-title">{t('billing.manage.passProducts')}</h3>
          <button type="button" className="button button-secondary" onClick={() => setEditingPass('new')}>
            {t('billing.manage.newPass')}
          </button>
        </div>
        {products.isPending ? (
          <Loading />
        ) : products.isError ? (
          <ErrorState error={products.error} onRetry={() => void products.refetch()} />
        ) : products.data.length === 0 ? (
          <p className="muted">{t('billing.manage.noPassProducts')}</p>
        ) : (
          <ul className="billing-list">
            {products.data.map((p) => (
              <li key={p.id} className={`card billing-item ${p.archived ? 'plan-card-off' : ''}`}>
                <div className="billing-item-main">
                  <h4 className="h3">
                    {p.name} <span className="role-tag">{t(`billing.passKinds.${p.kind}`)}</span>
                    {p.archived && <span className="role-tag">{t('billing.manage.archived')}</span>}
                  </h4>
                  <p>
                    <strong>{money(p.priceInclCents)}</strong> ·{' '}
                    {p.kind === 'hour_pack'
                      ? t('billing.hourPackFor', {
                          amount: formatMinutes(p.quantity),
                          kind: p.resourceKind ? t(`billing.kinds.${p.resourceKind}`) : '',
                        })
                      : t('billing.days', { count: p.quantity })}{' '}
                    · {t('billing.validity', { count: p.validityDays })}
                  </p>
                </div>
                <div className="card-actions">
                  <button type="button" className="button button-small button-secondary" onClick={() => setEditingPass(p)}>
                    {t('billing.manage.edit')}
                    <span className="visually-hidden"> {p.name}</span>
                  </button>
                  <button
                    type="button"
                    className="button button-small button-ghost"
                    disabled={archivePass.isPending}
                    onClick={() => archivePass.mutate(p)}
                  >
                    {p.archived ? t('billing.manage.unarchive') : t('billing.manage.archive')}
                    <span className="visually-hidden"> {p.name}</span>
                  </button>
                </div>
              </li>
            ))}
          </ul>
        )}
      </section>

      {editingPlan && (
        <PlanDialog
          lieu={lieu}
          plan={editingPlan === 'new' ? null : editingPlan}
          resources={(resources.data ?? []).map((r) => ({ id: r.id, name: r.name }))}
          onClose={() => setEditingPlan(null)}
        />
      )}
      {editingPass && (
        <PassProductDialog lieu={lieu} product={editingPass === 'new' ? null : editingPass} onClose={() => setEditingPass(null)} />
      )}
    </div>
  )
}

function VatSelect({ value, onChange }: { value: string; onChange: (v: string) => void }) {
  const { t, i18n } = useTranslation()
  return (
    <SelectField label={t('billing.manage.vat')} value={value} onChange={(e) => onChange(e.target.value)}>
      {frenchVatRatesBp.map((bp) => (
        <option key={bp} value={String(bp)}>
          {formatVatRate(bp, i18n.language)}
        </option>
      ))}
    </SelectField>
  )
}

function PlanDialog({
  lieu,
  plan,
  resources,
  onClose,
}: {
  lieu: LieuDto
  plan: PlanDto | null
  resources: { id: string; name: string }[]
  onClose: () => void
}) {
  const { t, i18n } = useTranslation()
  const exempt = lieu.legal.vatExempt
  const e = plan?.entitlements
  const [kind, setKind] = useState<PlanKind>(plan?.kind ?? 'usage')
  const [name, setName] = useState(plan?.name ?? '')
  const [description, setDescription] = useState(plan?.description ?? '')
  const [price, setPrice] = useState(plan ? centsToInput(plan.priceCents, i18n.language) : '')
  const [vat, setVat] = useState(String(plan?.vatRateBp ?? (exempt ? 0 : 2000)))
  const [interval, setInterval] = useState<'month' | 'year'>(plan?.interval ?? 'month')
  const [included, setIncluded] = useState<ResourceKind[]>(e?.includedKinds ?? [])
  const [hours, setHours] = useState<Record<string, string>>(
    Object.fromEntries(KINDS.map((k) => [k, e?.monthlyCreditMinutes[k] ? String(e.monthlyCreditMinutes[k]! / 60).replace('.', ',') : ''])),
  )
  const [discount, setDiscount] = useState(e?.memberDiscountBp ? String(e.memberDiscountBp / 100).replace('.', ',') : '')
  const [maxConcurrent, setMaxConcurrent] = useState(e?.maxConcurrentBookings?.toString() ?? '')
  const [windowDays, setWindowDays] = useState(e?.bookingWindowDays?.toString() ?? '')
  const [planOnly, setPlanOnly] = useState<string[]>(e?.planOnlyResourceIds ?? [])
  const [requiresMembership, setRequiresMembership] = useState(plan?.requiresMembership ?? false)
  const [localError, setLocalError] = useState<unknown>(null)
  const save = useBillingWrite((body: unknown) =>
    plan
      ? billingApi.updatePlan(lieu.id, plan.id, body as never)
      : billingApi.createPlan(lieu.id, body as never),
  )
  const isMembership = kind === 'membership'
  const cents = parseEuros(price)
  const vatBp = exempt ? 0 : Number(vat)

  const submit = (ev: React.FormEvent) => {
    ev.preventDefault()
    setLocalError(null)
    try {
      if (cents === null) throw validationError([{ field: 'priceCents', message: t('billing.manage.invalidAmount') }])
      const monthly: Partial<Record<ResourceKind, number>> = {}
      for (const k of KINDS) {
        const m = hoursToMinutes(hours[k] ?? '')
        if (m === null) throw validationError([{ field: `entitlements.monthlyCreditMinutes.${k}`, message: t('billing.manage.invalidNumber') }])
        if (m > 0) monthly[k] = m
      }
      const pct = discount.trim() === '' ? 0 : Number(discount.replace(',', '.'))
      const int = (s: string) => (s.trim() === '' ? null : Number(s))
      const fields = {
        name,
        description,
        priceCents: cents,
        vatRateBp: vatBp,
        entitlements: {
          includedKinds: included,
          monthlyCreditMinutes: monthly,
          memberDiscountBp: Math.round(pct * 100),
          maxConcurrentBookings: int(maxConcurrent),
          bookingWindowDays: int(windowDays),
          planOnlyResourceIds: planOnly,
        },
        requiresMembership: isMembership ? false : requiresMembership,
      }
      const body = plan
        ? parseOrThrow(ZUpdatePlanRequest, fields)
        : parseOrThrow(ZCreatePlanRequest, { ...fields, kind, interval: isMembership ? 'year' : interval })
      save.mutate(body, { onSuccess: onClose })
    } catch (err) {
      setLocalError(err)
    }
  }

  return (
    <Modal title={plan ? t('billing.manage.editPlan', { name: plan.name }) : t('billing.manage.newPlan')} onClose={onClose} className="modal-wide">
      <form className="form" noValidate onSubmit={submit}>
        <FormAlert error={localError ?? save.error} />
        {!plan && (
          <SelectField label={t('billing.manage.kind')} value={kind} onChange={(ev) => setKind(ev.target.value as PlanKind)}>
            <option value="usage">{t('billing.manage.kindUsage')}</option>
            <option value="membership">{t('billing.manage.kindMembership')}</option>
          </SelectField>
        )}
        <TextField label={t('billing.manage.name')} value={name} required maxLength={120} onChange={(ev) => setName(ev.target.value)} />
        <TextAreaField label={t('billing.manage.description')} value={description} rows={2} onChange={(ev) => setDescription(ev.target.value)} />
        <div className="form-row-3 form-row">
          <TextField
            label={exempt ? t('billing.manage.price') : t('billing.manage.priceExcl')}
            inputMode="decimal"
            value={price}
            required
            onChange={(ev) => setPrice(ev.target.value)}
            hint={
              exempt
                ? t('billing.manage.exemptHint')
                : cents !== null
                  ? t('billing.manage.inclPreview', { amount: formatEuros(priceInclCents(cents, vatBp, false), i18n.language) })
                  : undefined
            }
          />
          {!exempt && <VatSelect value={vat} onChange={setVat} />}
          {!plan && !isMembership && (
            <SelectField label={t('billing.manage.interval')} value={interval} onChange={(ev) => setInterval(ev.target.value as 'month' | 'year')}>
              <option value="month">{t('billing.manage.intervals.month')}</option>
              <option value="year">{t('billing.manage.intervals.year')}</option>
            </SelectField>
          )}
        </div>
        {!isMembership && (
          <CheckboxField
            label={t('billing.manage.requiresMembership')}
            checked={requiresMembership}
            onChange={(ev) => setRequiresMembership(ev.target.checked)}
          />
        )}
        <fieldset className="fieldset">
          <legend>{t('billing.manage.benefits')}</legend>
          <p className="field-hint">{t('billing.manage.includedKinds')}</p>
          <div className="chip-row">
            {KINDS.map((k) => (
              <CheckboxField
                key={k}
                label={t(`billing.kinds.${k}`)}
                checked={included.includes(k)}
                onChange={(ev) => setIncluded(ev.target.checked ? [...included, k] : included.filter((x) => x !== k))}
              />
            ))}
          </div>
          <p className="field-hint">{t('billing.manage.monthlyHours')}</p>
          <div className="form-row form-row-4">
            {KINDS.map((k) => (
              <TextField
                key={k}
                label={t(`billing.kinds.${k}`)}
                inputMode="decimal"
                value={hours[k] ?? ''}
                onChange={(ev) => setHours({ ...hours, [k]: ev.target.value })}
              />
            ))}
          </div>
          <div className="form-row-3 form-row">
            <TextField label={t('billing.manage.discount')} inputMode="decimal" value={discount} onChange={(ev) => setDiscount(ev.target.value)} />
            <TextField label={t('billing.manage.maxConcurrent')} inputMode="numeric" value={maxConcurrent} onChange={(ev) => setMaxConcurrent(ev.target.value)} />
            <TextField label={t('billing.manage.window')} inputMode="numeric" value={windowDays} onChange={(ev) => setWindowDays(ev.target.value)} />
          </div>
          {resources.length > 0 && (
            <>
              <p className="field-hint">{t('billing.manage.planOnly')}</p>
              <div className="chip-row">
                {resources.map((r) => (
                  <CheckboxField
                    key={r.id}
                    label={r.name}
                    checked={planOnly.includes(r.id)}
                    onChange={(ev) => setPlanOnly(ev.target.checked ? [...planOnly, r.id] : planOnly.filter((x) => x !== r.id))}
                  />
                ))}
              </div>
            </>
          )}
        </fieldset>
        <div className="modal-actions">
          <button type="button" className="button button-ghost" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <SubmitButton pending={save.isPending}>{t('common.save')}</SubmitButton>
        </div>
      </form>
    </Modal>
  )
}

function PassProductDialog({ lieu, product, onClose }: { lieu: LieuDto; product: PassProductDto | null; onClose: () => void }) {
  const { t, i18n } = useTranslation()
  const exempt = lieu.legal.vatExempt
  const [kind, setKind] = useState<PassKind>(product?.kind ?? 'day_pass')
  const [name, setName] = useState(product?.name ?? '')
  const [price, setPrice] = useState(product ? centsToInput(product.priceCents, i18n.language) : '')
  const [vat, setVat] = useState(String(product?.vatRateBp ?? (exempt ? 0 : 2000)))
  const [quantity, setQuantity] = useState(product ? String(product.kind === 'hour_pack' ? product.quantity / 60 : product.quantity) : '')
  const [resourceKind, setResourceKind] = useState<ResourceKind>(product?.resourceKind ?? 'desk')
  const [validity, setValidity] = useState(String(product?.validityDays ?? 30))
  const [localError, setLocalError] = useState<unknown>(null)
  const save = useBillingWrite((body: unknown) =>
    product
      ? billingApi.updatePassProduct(lieu.id, product.id, body as never)
      : billingApi.createPassProduct(lieu.id, body as never),
  )
  const cents = parseEuros(price)
  const vatBp = exempt ? 0 : Number(vat)

  const submit = (ev: React.FormEvent) => {
    ev.preventDefault()
    setLocalError(null)
    try {
      if (cents === null) throw validationError([{ field: 'priceCents', message: t('billing.manage.invalidAmount') }])
      const validityDays = Number(validity)
      if (product) {
        save.mutate({ name, priceCents: cents, vatRateBp: vatBp, validityDays }, { onSuccess: onClose })
        return
      }
      const q = kind === 'hour_pack' ? hoursToMinutes(quantity) : kind === 'carnet' ? Number(quantity) : undefined
      if (q === null || (q !== undefined && Number.isNaN(q)))
        throw validationError([{ field: 'quantity', message: t('billing.manage.invalidNumber') }])
      const body = parseOrThrow(ZCreatePassProductRequest, {
        kind,
        name,
        priceCents: cents,
        vatRateBp: vatBp,
        quantity: q,
        resourceKind: kind === 'hour_pack' ? resourceKind : null,
        validityDays,
      })
      save.mutate(body, { onSuccess: onClose })
    } catch (err) {
      setLocalError(err)
    }
  }

  return (
    <Modal title={product ? t('billing.manage.editPlan', { name: product.name }) : t('billing.manage.newPass')} onClose={onClose}>
      <form className="form" noValidate onSubmit={submit}>
        <FormAlert error={localError ?? save.error} />
        {!product && (
          <SelectField label={t('billing.manage.passKind')} value={kind} onChange={(ev) => setKind(ev.target.value as PassKind)}>
            {(['day_pass', 'carnet', 'hour_pack'] as const).map((k) => (
              <option key={k} value={k}>
                {t(`billing.passKinds.${k}`)}
              </option>
            ))}
          </SelectField>
        )}
        <TextField label={t('billing.manage.name')} value={name} required onChange={(ev) => setName(ev.target.value)} />
        <div className="form-row">
          <TextField
            label={exempt ? t('billing.manage.price') : t('billing.manage.priceExcl')}
            inputMode="decimal"
            value={price}
            required
            onChange={(ev) => setPrice(ev.target.value)}
            hint={
              !exempt && cents !== null
                ? t('billing.manage.inclPreview', { amount: formatEuros(priceInclCents(cents, vatBp, false), i18n.language) })
                : undefined
            }
          />
          {!exempt && <VatSelect value={vat} onChange={setVat} />}
        </div>
        {!product && kind !== 'day_pass' && (
          <div className="form-row">
            <TextField
              label={kind === 'hour_pack' ? t('billing.manage.quantityHours') : t('billing.manage.quantityDays')}
              inputMode="decimal"
              value={quantity}
              required
              onChange={(ev) => setQuantity(ev.target.value)}
            />
            {kind === 'hour_pack' && (
              <SelectField label={t('billing.manage.resourceKind')} value={resourceKind} onChange={(ev) => setResourceKind(ev.target.value as ResourceKind)}>
                {KINDS.map((k) => (
                  <option key={k} value={k}>
                    {t(`billing.kinds.${k}`)}
                  </option>
                ))}
              </SelectField>
            )}
          </div>
        )}
        <TextField label={t('billing.manage.validityDays')} inputMode="numeric" value={validity} onChange={(ev) => setValidity(ev.target.value)} />
        <div className="modal-actions">
          <button type="button" className="button button-ghost" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <SubmitButton pending={save.isPending}>{t('common.save')}</SubmitButton>
        </div>
      </form>
    </Modal>
  )
}
