import { useQuery } from '@tanstack/react-query'
import { useTranslation } from 'react-i18next'
import type { TFunction } from 'i18next'
import type { PricePreviewDto } from '@fabrique/shared/pricing/schema'
import { formatEuros, formatMinutes } from '../../billing/format.ts'
import { bookingsApi, type PaidBy } from '../api.ts'
import { bookingsRoot } from '../hooks.ts'
import '../../employers/i18n.ts'

/** The price line of the booking dialog: who pays, how much, and why an employer would not. */
export function PricePreview({
  lieuId,
  resourceId,
  startsAt,
  endsAt,
  forUserId,
  paidBy,
  employerName,
}: {
  lieuId: string
  resourceId: string
  startsAt: string
  endsAt: string
  forUserId?: string
  paidBy: PaidBy
  employerName: (employerId: string) => string | undefined
}) {
  const { t, i18n } = useTranslation()
  const preview = useQuery({
    queryKey: [...bookingsRoot, 'price', lieuId, resourceId, startsAt, endsAt, forUserId ?? '', paidBy.paidBy, paidBy.employerId ?? ''],
    queryFn: ({ signal }) =>
      bookingsApi.price(lieuId, resourceId, { startsAt, endsAt, ...(forUserId && { forUserId }), ...paidBy }, signal),
    enabled: Boolean(resourceId && startsAt && endsAt),
    placeholderData: (prev) => prev,
    staleTime: 30_000,
  })
  const p = preview.data
  return (
    <div className="price-preview" aria-live="polite" aria-busy={preview.isFetching || undefined}>
      {!p ? (
        preview.isError ? null : <p className="muted small">{t('pricing.loading')}</p>
      ) : (
        <>
          <p className={`price-line price-${p.means}`}>
            <strong>{priceSentence(p, t, i18n.language)}</strong>
          </p>
          {p.means !== 'employer' && p.employerRefusals.length > 0 && (
            <div className="alert alert-warning small">
              <p>{t('pricing.refused')}</p>
              <ul>
                {p.employerRefusals.map((r) => (
                  <li key={r.employerId}>{refusalText(r, t, i18n.language, employerName(r.employerId))}</li>
                ))}
              </ul>
            </div>
          )}
        </>
      )}
    </div>
  )
}

function priceSentence(p: PricePreviewDto, t: TFunction, locale: string): string {
  const amount = formatEuros(p.priceInclCents, locale)
  switch (p.means) {
    case 'employer':
      return t('pricing.employer', { employer: p.employer?.name ?? '' })
    case 'included':
      return t('pricing.included')
    case 'credits':
      return t('pricing.credits', { amount: formatMinutes(p.creditMinutes ?? 0) })
    case 'pass':
      return t('pricing.pass')
    case 'free':
      return t('pricing.free')
    case 'card':
      return t(p.vatRateBp > 0 ? 'pricing.cardVat' : 'pricing.card', { amount })
    default:
      return t(p.vatRateBp > 0 ? 'pricing.onSiteVat' : 'pricing.onSite', { amount })
  }
}

/** The server words refusals in French; other languages get a sentence per reason. */
function refusalText(r: PricePreviewDto['employerRefusals'][number], t: TFunction, locale: string, name: string | undefined): string {
  if (locale.startsWith('fr')) {
    const m = r.message.charAt(0).toLocaleUpperCase('fr') + r.message.slice(1)
    return /[.!?)]$/.test(m) ? m : `${m}.`
  }
  return t(`pricing.refusal.${r.reason}`, { employer: name ?? '', defaultValue: r.message })
}
