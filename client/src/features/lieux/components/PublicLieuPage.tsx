import { Link, useParams } from 'react-router'
import { useMe } from '../../auth/hooks.ts'
import { useTranslation } from 'react-i18next'
import { ErrorState, Loading, useDocumentTitle } from '../../../components/Feedback.tsx'
import { NotFoundPage } from '../../../app/NotFoundPage.tsx'
import { isApiError } from '../../../lib/api.ts'
import { formatLocalDateRange } from '../../../lib/datetime.ts'
import { usePublicLieu } from '../hooks.ts'
import { OpeningHoursTable } from './OpeningHoursTable.tsx'
import { OpenBadge } from './OpenBadge.tsx'

export function PublicLieuPage() {
  const { slug = '' } = useParams()
  const { t, i18n } = useTranslation()
  const lieu = usePublicLieu(slug)
  const me = useMe()
  const mine = me.data?.lieux.find((l) => l.slug === slug)
  useDocumentTitle(lieu.data?.name)

  if (lieu.isPending) return <Loading />
  if (isApiError(lieu.error, 'not_found')) return <NotFoundPage />
  if (lieu.isError) return <ErrorState error={lieu.error} onRetry={() => void lieu.refetch()} />

  const l = lieu.data
  const browserZone = Intl.DateTimeFormat().resolvedOptions().timeZone
  const { street, postalCode, city, country } = l.address
  const hasAddress = Boolean(street || postalCode || city)
  const { email, phone, website } = l.contact

  return (
    <article className="public-lieu">
      <header className="page-header">
        {l.network && <p className="eyebrow">{t('lieu.partOfNetwork', { name: l.network.name })}</p>}
        <h1>{l.name}</h1>
        <OpenBadge openNow={l.openNow} nextOpening={l.nextOpening} timeZone={l.timeZone} />
        <p className="hero-actions">
          {mine && (
            <Link className="button" to={`/lieux/${mine.id}/reserver`}>
              {t('home.book')}
            </Link>
          )}
          <Link className={mine ? 'button button-secondary' : 'button'} to={`/l/${l.slug}/pass`}>
            {t('billing.dropIn.link')}
          </Link>
        </p>
      </header>
      {l.description && <p className="description">{l.description}</p>}

      <div className="grid-2">
        <div className="stack">
          <section className="card" aria-labelledby="hours-title">
            <h2 id="hours-title">{t('lieu.openingHours')}</h2>
            <OpeningHoursTable openingHours={l.openingHours} timeZone={l.timeZone} />
            {browserZone !== l.timeZone && (
              <p className="muted small">{t('lieu.hoursInZone', { zone: l.timeZone })}</p>
            )}
          </section>
          <section className="card" aria-labelledby="closures-title">
            <h2 id="closures-title">{t('lieu.closures')}</h2>
            {l.upcomingClosures.length === 0 ? (
              <p className="muted">{t('lieu.noClosures')}</p>
            ) : (
              <ul className="closure-list">
                {l.upcomingClosures.map((c, k) => (
                  <li key={k}>
                    <strong>{formatLocalDateRange(c.startDate, c.endDate, i18n.language)}</strong>
                    <span>{c.reason}</span>
                  </li>
                ))}
              </ul>
            )}
          </section>
        </div>
        <div className="stack">
          {hasAddress && (
            <section className="card" aria-labelledby="address-title">
              <h2 id="address-title">{t('lieu.address')}</h2>
              <address>
                {street && (
                  <>
                    {street}
                    <br />
                  </>
                )}
                {postalCode} {city}
                {country && country !== 'FR' && (
                  <>
                    <br />
                    {country}
                  </>
                )}
              </address>
            </section>
          )}
          {(email || phone || website) && (
            <section className="card" aria-labelledby="contact-title">
              <h2 id="contact-title">{t('lieu.contact')}</h2>
              <ul className="plain-list">
                {email && (
                  <li>
                    {t('lieu.contactEmail')} <a href={`mailto:${email}`}>{email}</a>
                  </li>
                )}
                {phone && (
                  <li>
                    {t('lieu.contactPhone')} <a href={`tel:${phone.replace(/[^+0-9]/g, '')}`}>{phone}</a>
                  </li>
                )}
                {website && (
                  <li>
                    <a href={website} rel="noopener noreferrer" target="_blank">
                      {website.replace(/^https?:\/\//, '').replace(/\/$/, '')}
                    </a>
                  </li>
                )}
              </ul>
            </section>
          )}
        </div>
      </div>
    </article>
  )
}
