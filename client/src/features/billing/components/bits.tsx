import { useTranslation } from 'react-i18next'
import type { SubscriptionStatus } from '@fabrique/shared/billing/schema'
import type { InvoiceDto } from '@fabrique/shared/invoices/schema'
import { invoicePdfUrl } from '../api.ts'
import { formatDateIn, formatEuros } from '../format.ts'

export function SubscriptionStatusBadge({ status }: { status: SubscriptionStatus }) {
  const { t } = useTranslation()
  return <span className={`status-badge billing-status-${status}`}>{t(`billing.status.${status}`)}</span>
}

export function InvoiceStatusBadge({ invoice }: { invoice: InvoiceDto }) {
  const { t } = useTranslation()
  if (invoice.kind === 'credit_note') return <span className="status-badge billing-status-credit">{t('billing.invoiceKind.credit_note')}</span>
  return <span className={`status-badge billing-invoice-${invoice.status}`}>{t(`billing.invoiceStatus.${invoice.status}`)}</span>
}

/** Opens the PDF in a new tab (same origin: the session cookie goes along). */
export function PdfLink({ invoice }: { invoice: InvoiceDto }) {
  const { t } = useTranslation()
  return (
    <a href={invoicePdfUrl(invoice.id)} target="_blank" rel="noopener" title={t('billing.mine.openPdfOf', { number: invoice.number })} className="button button-small button-secondary">
      {t('billing.mine.openPdf')}
      <span className="visually-hidden"> {invoice.number}</span>
    </a>
  )
}

/** "payée le 26 nov. 2026 (virement)" / "à payer avant le …" / "avoir sur F-…". */
export function InvoiceNote({ invoice }: { invoice: InvoiceDto }) {
  const { t, i18n } = useTranslation()
  const zone = invoice.seller.timeZone
  const parts: string[] = []
  if (invoice.creditsInvoice) parts.push(t('billing.invoices.credits', { number: invoice.creditsInvoice.number }))
  if (invoice.paidAt)
    parts.push(
      t('billing.invoices.paidOnBy', {
        date: formatDateIn(invoice.paidAt, zone, i18n.language),
        method: invoice.paymentMethod
          ? t(`billing.methods.${invoice.paymentMethod}`, { defaultValue: invoice.paymentMethod }).toLowerCase()
          : '',
      }),
    )
  else if (invoice.kind === 'invoice' && invoice.status === 'unpaid')
    parts.push(t('billing.invoices.dueOn', { date: formatDateIn(invoice.dueAt, zone, i18n.language) }))
  if (invoice.creditNotes.length > 0)
    parts.push(t('billing.invoices.creditedBy', { numbers: invoice.creditNotes.map((c) => c.number).join(', ') }))
  return <span className="muted small">{parts.join(' · ')}</span>
}

export function Money({ cents }: { cents: number }) {
  const { i18n } = useTranslation()
  return <span className="money">{formatEuros(cents, i18n.language)}</span>
}
