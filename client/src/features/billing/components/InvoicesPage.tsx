import { useState } from 'react'
import { useParams } from 'react-router'
import { useTranslation } from 'react-i18next'
import type { LieuDto } from '@fabrique/shared/lieux/schema'
import {
  ZCreateInvoiceRequest,
  ZPaymentMethod,
  frenchVatRatesBp,
  type InvoiceDto,
  type InvoiceKind,
  type PaymentMethod,
} from '@fabrique/shared/invoices/schema'
import { ErrorState, Loading, SubmitButton, useDocumentTitle } from '../../../components/Feedback.tsx'
import { FormAlert, StatusMessage } from '../../../components/FormAlert.tsx'
import { Modal } from '../../../components/Modal.tsx'
import { CheckboxField, SelectField, TextAreaField, TextField } from '../../../components/Field.tsx'
import { NotFoundPage } from '../../../app/NotFoundPage.tsx'
import { isApiError } from '../../../lib/api.ts'
import { useLieu } from '../../lieux/hooks.ts'
import { accountingExportUrl, billingApi } from '../api.ts'
import { useBillingWrite, useChainVerification, useLieuInvoices, useMembersBilling } from '../hooks.ts'
import { formatDateIn, formatEuros, formatVatRate, paidAtFor, parseEuros, todayIn } from '../format.ts'
import { InvoiceNote, InvoiceStatusBadge, PdfLink } from './bits.tsx'
import { BillingLinks } from './MembersPage.tsx'
import { parseOrThrow, validationError } from './formBits.ts'
import { SoldPoolsSection } from '../../employers/components/SoldPoolsSection.tsx'

const METHODS = ZPaymentMethod.options.filter((m) => m !== 'card' && m !== 'direct_debit')

/** First day of the month, `n` months before the local date `today` (YYYY-MM-DD). */
function monthStart(today: string, back = 0): string {
  const [y, m] = today.split('-').map(Number)
  const d = new Date(Date.UTC(y!, m! - 1 - back, 1))
  return d.toISOString().slice(0, 10)
}

/** Managers: the lieu's invoices and credit notes, payments, credit notes, manual invoices, export. */
export default function InvoicesPage() {
  const { lieuId = '' } = useParams()
  const { t } = useTranslation()
  const lieu = useLieu(lieuId)
  useDocumentTitle(lieu.data ? `${t('billing.invoices.title')} — ${lieu.data.name}` : t('billing.invoices.title'))
  if (lieu.isPending) return <Loading />
  if (isApiError(lieu.error, 'not_found') || isApiError(lieu.error, 'forbidden')) return <NotFoundPage />
  if (lieu.isError) return <ErrorState error={lieu.error} onRetry={() => void lieu.refetch()} />
  if (lieu.data.myRole !== 'owner' && lieu.data.myRole !== 'manager') return <NotFoundPage />
  return <Invoices lieu={lieu.data} />
}

type Dialog = { kind: 'payment' | 'credit'; invoice: InvoiceDto } | { kind: 'new' }

function Invoices({ lieu }: { lieu: LieuDto }) {
  const { t, i18n } = useTranslation()
  const today = todayIn(lieu.timeZone)
  const [from, setFrom] = useState(monthStart(today, 2))
  const [to, setTo] = useState(today)
  const [kind, setKind] = useState<InvoiceKind | ''>('')
  const invoices = useLieuInvoices(lieu.id, { from, to, kind: kind || undefined })
  const chain = useChainVerification(lieu.id)
  const [dialog, setDialog] = useState<Dialog | null>(null)
  const [done, setDone] = useState<string | null>(null)
  const close = (m?: string) => {
    setDialog(null)
    if (m) setDone(m)
  }
  const money = (c: number) => formatEuros(c, i18n.language)
  const zone = lieu.timeZone

  return (
    <div className="stack-lg billing-page">
      <header className="page-header">
        <p className="eyebrow">{lieu.name}</p>
        <h1>{t('billing.invoices.title')}</h1>
        <p className="lead">{t('billing.invoices.lead', { lieu: lieu.name })}</p>
        <BillingLinks lieu={lieu} current="factures" />
      </header>

      {chain.data &&
        (chain.data.ok ? (
          <p className="alert alert-success">{t('billing.invoices.chainOk', { count: chain.data.checked })}</p>
        ) : (
          <p className="alert alert-error" role="alert">
            {t('billing.invoices.chainBroken', { number: chain.data.firstBrokenNumber ?? '?' })}
          </p>
        ))}

      <div className="toolbar toolbar-bottom invoice-filters">
        <TextField label={t('billing.invoices.from')} type="date" value={from} onChange={(e) => setFrom(e.target.value)} />
        <TextField label={t('billing.invoices.to')} type="date" value={to} onChange={(e) => setTo(e.target.value)} />
        <SelectField label={t('billing.invoices.kind')} value={kind} onChange={(e) => setKind(e.target.value as InvoiceKind | '')}>
          <option value="">{t('billing.invoices.all')}</option>
          <option value="invoice">{t('billing.invoiceKind.invoice')}</option>
          <option value="credit_note">{t('billing.invoiceKind.credit_note')}</option>
        </SelectField>
        <button type="button" className="button toolbar-end" onClick={() => setDialog({ kind: 'new' })}>
          {t('billing.invoices.newInvoice')}
        </button>
      </div>
      <StatusMessage>{done}</StatusMessage>

      {invoices.isPending ? (
        <Loading />
      ) : invoices.isError ? (
        <ErrorState error={invoices.error} onRetry={() => void invoices.refetch()} />
      ) : invoices.data.length === 0 ? (
        <p className="muted">{t('billing.invoices.none')}</p>
      ) : (
        <div className="table-scroll">
          <table className="billing-table invoice-table">
            <thead>
              <tr>
                <th scope="col">{t('billing.cols.number')}</th>
                <th scope="col">{t('billing.cols.date')}</th>
                <th scope="col">{t('billing.cols.buyer')}</th>
                <th scope="col" className="num">
                  {t('billing.cols.amount')}
                </th>
                <th scope="col">{t('billing.cols.status')}</th>
                <th scope="col">{t('billing.cols.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {invoices.data.map((inv) => (
                <tr key={inv.id}>
                  <td data-label={t('billing.cols.number')}><div className="cell-body">
                    <strong>{inv.number}</strong>
                    <br />
                    <span className="muted small">{inv.lines.map((l) => l.label).join(' · ')}</span>
                  </div></td>
                  <td data-label={t('billing.cols.date')} className="nowrap"><div className="cell-body">{formatDateIn(inv.issuedAt, zone, i18n.language)}</div></td>
                  <td data-label={t('billing.cols.buyer')}><div className="cell-body">
                    {inv.buyer.name}
                    <br />
                    <span className="muted small">{inv.buyer.email}</span>
                  </div></td>
                  <td data-label={t('billing.cols.amount')} className="num"><div className="cell-body">
                    {money(inv.totalInclCents)}
                  </div></td>
                  <td data-label={t('billing.cols.status')}><div className="cell-body">
                    <InvoiceStatusBadge invoice={inv} />
                    <br />
                    <InvoiceNote invoice={inv} />
                  </div></td>
                  <td data-label={t('billing.cols.actions')}><div className="cell-body">
                    <span className="row-actions">
                      <PdfLink invoice={inv} />
                      {inv.kind === 'invoice' && inv.status === 'unpaid' && (
                        <button type="button" className="button button-small" onClick={() => setDialog({ kind: 'payment', invoice: inv })}>
                          {t('billing.invoices.recordPayment')}
                          <span className="visually-hidden"> {inv.number}</span>
                        </button>
                      )}
                      {inv.kind === 'invoice' && inv.remainingInclCents > 0 && (
                        <button
                          type="button"
                          className="button button-small button-ghost"
                          onClick={() => setDialog({ kind: 'credit', invoice: inv })}
                        >
                          {t('billing.invoices.creditNote')}
                          <span className="visually-hidden"> {inv.number}</span>
                        </button>
                      )}
                    </span>
                  </div></td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      <ExportForm lieu={lieu} />
      <SoldPoolsSection lieu={lieu} />

      {dialog?.kind === 'payment' && <InvoicePaymentDialog lieu={lieu} invoice={dialog.invoice} onClose={close} />}
      {dialog?.kind === 'credit' && <CreditNoteDialog invoice={dialog.invoice} onClose={close} />}
      {dialog?.kind === 'new' && <NewInvoiceDialog lieu={lieu} onClose={close} />}
    </div>
  )
}

function ExportForm({ lieu }: { lieu: LieuDto }) {
  const { t } = useTranslation()
  const today = todayIn(lieu.timeZone)
  const [from, setFrom] = useState(monthStart(today, 1))
  const [to, setTo] = useState(today)
  return (
    <section className="card stack" aria-labelledby="export-title">
      <h2 id="export-title">{t('billing.invoices.export')}</h2>
      <p className="muted">{t('billing.invoices.exportLead')}</p>
      <div className="toolbar toolbar-bottom">
        <TextField label={t('billing.invoices.from')} type="date" value={from} onChange={(e) => setFrom(e.target.value)} />
        <TextField label={t('billing.invoices.to')} type="date" value={to} onChange={(e) => setTo(e.target.value)} />
        <a className="button button-secondary toolbar-end" href={accountingExportUrl(lieu.id, from, to)} download>
          {t('billing.invoices.download')}
        </a>
      </div>
    </section>
  )
}

function InvoicePaymentDialog({ lieu, invoice, onClose }: { lieu: LieuDto; invoice: InvoiceDto; onClose: (m?: string) => void }) {
  const { t } = useTranslation()
  const [method, setMethod] = useState<PaymentMethod>('on_site')
  const [date, setDate] = useState(todayIn(lieu.timeZone))
  const record = useBillingWrite(() =>
    billingApi.recordInvoicePayment(invoice.id, { method, paidAt: paidAtFor(date, lieu.timeZone) }),
  )
  return (
    <Modal title={t('billing.invoices.recordPaymentTitle', { number: invoice.number })} onClose={() => onClose()}>
      <form
        className="form"
        noValidate
        onSubmit={(e) => {
          e.preventDefault()
          record.mutate(undefined, { onSuccess: () => onClose(t('billing.invoices.paymentRecorded')) })
        }}
      >
        <FormAlert error={record.error} />
        <p>{formatEuros(invoice.totalInclCents)}</p>
        <div className="form-row">
          <SelectField label={t('billing.members.method')} value={method} onChange={(e) => setMethod(e.target.value as PaymentMethod)}>
            {METHODS.map((m) => (
              <option key={m} value={m}>
                {t(`billing.methods.${m}`)}
              </option>
            ))}
          </SelectField>
          <TextField label={t('billing.members.paidOn')} type="date" max={todayIn(lieu.timeZone)} value={date} onChange={(e) => setDate(e.target.value)} />
        </div>
        <div className="modal-actions">
          <button type="button" className="button button-ghost" onClick={() => onClose()}>
            {t('common.cancel')}
          </button>
          <SubmitButton pending={record.isPending}>{t('billing.invoices.recordPayment')}</SubmitButton>
        </div>
      </form>
    </Modal>
  )
}

function CreditNoteDialog({ invoice, onClose }: { invoice: InvoiceDto; onClose: (m?: string) => void }) {
  const { t, i18n } = useTranslation()
  const [full, setFull] = useState(true)
  const [quantities, setQuantities] = useState<string[]>(invoice.lines.map(() => ''))
  const [reason, setReason] = useState('')
  const [localError, setLocalError] = useState<unknown>(null)
  const issue = useBillingWrite((body: Parameters<typeof billingApi.creditNote>[1]) => billingApi.creditNote(invoice.id, body))
  return (
    <Modal title={t('billing.invoices.creditNoteTitle', { number: invoice.number })} onClose={() => onClose()} className="modal-wide">
      <form
        className="form"
        noValidate
        onSubmit={(e) => {
          e.preventDefault()
          setLocalError(null)
          const lines = quantities
            .map((q, line) => ({ line, quantity: Number(q.replace(',', '.')) }))
            .filter((l) => l.quantity > 0)
          if (!reason.trim()) return setLocalError(validationError([{ field: 'reason', message: 'required' }]))
          if (!full && lines.length === 0)
            return setLocalError(validationError([{ field: 'lines', message: t('billing.manage.invalidNumber') }]))
          issue.mutate(full ? { full: true, reason: reason.trim() } : { lines, reason: reason.trim() }, {
            onSuccess: (cn) => onClose(t('billing.invoices.creditIssued', { number: cn.number })),
          })
        }}
      >
        <FormAlert error={localError ?? issue.error} />
        <fieldset className="fieldset">
          <legend className="visually-hidden">{t('billing.invoices.creditNote')}</legend>
          <label className="radio">
            <input type="radio" name="credit-scope" checked={full} onChange={() => setFull(true)} />{' '}
            {t('billing.invoices.full', { amount: formatEuros(invoice.remainingInclCents, i18n.language) })}
          </label>
          <label className="radio">
            <input type="radio" name="credit-scope" checked={!full} onChange={() => setFull(false)} /> {t('billing.invoices.perLine')}
          </label>
        </fieldset>
        {!full &&
          invoice.lines.map((l, i) => (
            <TextField
              key={i}
              label={t('billing.invoices.creditQuantity', { label: l.label, max: String(l.quantity).replace('.', ',') })}
              hint={`${formatEuros(l.unitPriceExclCents, i18n.language)} ${t('billing.exclVat')} × ${l.quantity}`}
              inputMode="decimal"
              value={quantities[i] ?? ''}
              onChange={(e) => setQuantities(quantities.map((q, j) => (j === i ? e.target.value : q)))}
            />
          ))}
        <TextAreaField label={t('billing.invoices.reason')} value={reason} required rows={2} onChange={(e) => setReason(e.target.value)} />
        <div className="modal-actions">
          <button type="button" className="button button-ghost" onClick={() => onClose()}>
            {t('common.cancel')}
          </button>
          <SubmitButton pending={issue.isPending}>{t('billing.invoices.creditNote')}</SubmitButton>
        </div>
      </form>
    </Modal>
  )
}

interface LineState {
  label: string
  quantity: string
  price: string
  vat: string
}

function NewInvoiceDialog({ lieu, onClose }: { lieu: LieuDto; onClose: (m?: string) => void }) {
  const { t, i18n } = useTranslation()
  const exempt = lieu.legal.vatExempt
  const members = useMembersBilling(lieu.id)
  const [buyerKind, setBuyerKind] = useState<'member' | 'other'>('member')
  const [userId, setUserId] = useState('')
  const [name, setName] = useState('')
  const [email, setEmail] = useState('')
  const [address, setAddress] = useState('')
  const emptyLine: LineState = { label: '', quantity: '1', price: '', vat: exempt ? '0' : '2000' }
  const [lines, setLines] = useState<LineState[]>([emptyLine])
  const [paid, setPaid] = useState(false)
  const [method, setMethod] = useState<PaymentMethod>('on_site')
  const [dueDays, setDueDays] = useState('30')
  const [localError, setLocalError] = useState<unknown>(null)
  const create = useBillingWrite((body: Parameters<typeof billingApi.createInvoice>[1]) => billingApi.createInvoice(lieu.id, body))
  const chosenUser = userId || members.data?.[0]?.user.id || ''
  const setLine = (i: number, patch: Partial<LineState>) => setLines(lines.map((l, j) => (j === i ? { ...l, ...patch } : l)))

  const submit = (e: React.FormEvent) => {
    e.preventDefault()
    setLocalError(null)
    try {
      const issues: { field: string; message: string }[] = []
      const reqLines = lines.map((l, i) => {
        const cents = parseEuros(l.price)
        if (cents === null) issues.push({ field: `lines.${i}.unitPriceExclCents`, message: t('billing.manage.invalidAmount') })
        return {
          label: l.label,
          quantity: Number(l.quantity.replace(',', '.')),
          unitPriceExclCents: cents ?? 0,
          vatRateBp: Number(l.vat),
        }
      })
      if (issues.length) throw validationError(issues)
      const body = parseOrThrow(ZCreateInvoiceRequest, {
        buyer:
          buyerKind === 'member'
            ? { userId: chosenUser }
            : { name: name.trim(), email: email.trim(), ...(address.trim() ? { address: address.trim() } : {}) },
        lines: reqLines,
        payment: paid ? { method, paidAt: new Date().toISOString() } : null,
        dueDays: Number(dueDays),
      })
      create.mutate(body, { onSuccess: (inv) => onClose(t('billing.invoices.issued', { number: inv.number })) })
    } catch (err) {
      setLocalError(err)
    }
  }

  return (
    <Modal title={t('billing.invoices.newInvoice')} onClose={() => onClose()} className="modal-wide">
      <form className="form" noValidate onSubmit={submit}>
        <FormAlert error={localError ?? create.error} />
        <SelectField label={t('billing.members.buyer')} value={buyerKind} onChange={(e) => setBuyerKind(e.target.value as 'member' | 'other')}>
          <option value="member">{t('billing.members.buyerMember')}</option>
          <option value="other">{t('billing.invoices.buyerOther')}</option>
        </SelectField>
        {buyerKind === 'member' ? (
          <SelectField label={t('billing.members.member')} value={chosenUser} onChange={(e) => setUserId(e.target.value)}>
            {(members.data ?? []).map((m) => (
              <option key={m.user.id} value={m.user.id}>
                {m.user.name} ({m.user.email})
              </option>
            ))}
          </SelectField>
        ) : (
          <>
            <div className="form-row">
              <TextField label={t('billing.invoices.name')} value={name} required onChange={(e) => setName(e.target.value)} />
              <TextField label={t('fields.email')} type="email" value={email} required onChange={(e) => setEmail(e.target.value)} />
            </div>
            <TextAreaField label={t('billing.invoices.address')} rows={2} value={address} onChange={(e) => setAddress(e.target.value)} />
          </>
        )}
        <fieldset className="fieldset stack">
          <legend>{t('billing.invoices.lines')}</legend>
          {lines.map((l, i) => (
            <div key={i} className="invoice-line" role="group" aria-label={t('billing.invoices.line', { n: i + 1 })}>
              <TextField label={t('billing.invoices.label')} value={l.label} required onChange={(e) => setLine(i, { label: e.target.value })} />
              <TextField label={t('billing.invoices.quantity')} inputMode="decimal" value={l.quantity} onChange={(e) => setLine(i, { quantity: e.target.value })} />
              <TextField label={t('billing.invoices.unitPrice')} inputMode="decimal" value={l.price} onChange={(e) => setLine(i, { price: e.target.value })} />
              {!exempt && (
                <SelectField label={t('billing.manage.vat')} value={l.vat} onChange={(e) => setLine(i, { vat: e.target.value })}>
                  {frenchVatRatesBp.map((bp) => (
                    <option key={bp} value={String(bp)}>
                      {formatVatRate(bp, i18n.language)}
                    </option>
                  ))}
                </SelectField>
              )}
              {lines.length > 1 && (
                <button type="button" className="button button-small button-ghost" onClick={() => setLines(lines.filter((_, j) => j !== i))}>
                  {t('billing.invoices.removeLine', { n: i + 1 })}
                </button>
              )}
            </div>
          ))}
          <button type="button" className="button button-small button-secondary" onClick={() => setLines([...lines, emptyLine])}>
            {t('billing.invoices.addLine')}
          </button>
        </fieldset>
        <div className="form-row">
          <TextField label={t('billing.invoices.dueDays')} inputMode="numeric" value={dueDays} onChange={(e) => setDueDays(e.target.value)} />
          <div className="stack">
            <CheckboxField label={t('billing.invoices.alreadyPaid')} checked={paid} onChange={(e) => setPaid(e.target.checked)} />
            {paid && (
              <SelectField label={t('billing.members.method')} value={method} onChange={(e) => setMethod(e.target.value as PaymentMethod)}>
                {METHODS.map((m) => (
                  <option key={m} value={m}>
                    {t(`billing.methods.${m}`)}
                  </option>
                ))}
              </SelectField>
            )}
          </div>
        </div>
        <div className="modal-actions">
          <button type="button" className="button button-ghost" onClick={() => onClose()}>
            {t('common.cancel')}
          </button>
          <SubmitButton pending={create.isPending}>{t('billing.invoices.issue')}</SubmitButton>
        </div>
      </form>
    </Modal>
  )
}
