import { useTranslation } from 'react-i18next'
import type { EmployerDto } from '@fabrique/shared/employers/schema'
import { ErrorState, Loading } from '../../../components/Feedback.tsx'
import { formatDateIn, formatEuros } from '../../billing/format.ts'
import { InvoiceNote, InvoiceStatusBadge, PdfLink } from '../../billing/components/bits.tsx'
import { useEmployerInvoices } from '../hooks.ts'

/** The employer's invoices and credit notes, newest first, each with its PDF. */
export function EmployerInvoicesTab({ employer }: { employer: EmployerDto }) {
  const { t, i18n } = useTranslation()
  const invoices = useEmployerInvoices(employer.id)
  return (
    <div className="stack">
      <p className="muted">{t('employers.invoices.lead')}</p>
      {invoices.isPending ? (
        <Loading />
      ) : invoices.isError ? (
        <ErrorState error={invoices.error} onRetry={() => void invoices.refetch()} />
      ) : invoices.data.length === 0 ? (
        <p className="muted">{t('employers.invoices.none')}</p>
      ) : (
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
                <ul className="invoice-lines small">
                  {inv.lines.map((l, i) => (
                    <li key={i}>
                      {l.label} <span className="muted">× {l.quantity}</span>
                    </li>
                  ))}
                </ul>
                <InvoiceNote invoice={inv} />
              </div>
              <div className="billing-item-side">
                <p className="price">{formatEuros(inv.totalInclCents, i18n.language)}</p>
                <p className="muted small">
                  {t('employers.invoices.exclVat', { amount: formatEuros(inv.totalExclCents, i18n.language) })}
                </p>
                <PdfLink invoice={inv} />
              </div>
            </li>
          ))}
        </ul>
      )}
    </div>
  )
}
