import { Link, useParams } from 'react-router'
import { useTranslation } from 'react-i18next'
import { useQuery } from '@tanstack/react-query'
import { ErrorState, Loading, useDocumentTitle } from '../../../components/Feedback.tsx'
import { NotFoundPage } from '../../../app/NotFoundPage.tsx'
import { isApiError } from '../../../lib/api.ts'
import { useMe } from '../../auth/hooks.ts'
import { networksApi } from '../api.ts'
import '../../employers/i18n.ts'

export default function NetworkPage() {
  const { networkId = '' } = useParams()
  const { t } = useTranslation()
  const me = useMe()
  const network = useQuery({
    queryKey: ['networks', networkId],
    queryFn: ({ signal }) => networksApi.get(networkId, signal),
  })
  useDocumentTitle(network.data?.name)
  if (network.isPending) return <Loading />
  if (isApiError(network.error, 'not_found') || isApiError(network.error, 'forbidden'))
    return <NotFoundPage />
  if (network.isError) return <ErrorState error={network.error} onRetry={() => void network.refetch()} />

  const n = network.data
  // A coordinator may also hold a role in some of the lieux; those get a direct "manage" link.
  const myRoles = new Map(me.data?.lieux.map((l) => [l.id, l.role]))
  const lieux = [...n.lieux].sort((a, b) => a.city.localeCompare(b.city) || a.name.localeCompare(b.name))
  return (
    <div className="stack-lg">
      <header className="page-header">
        <p className="eyebrow">{t('network.eyebrow')}</p>
        <h1>{n.name}</h1>
        {n.description && <p className="description">{n.description}</p>}
        {me.data?.networks.some((x) => x.id === n.id) && (
          <p className="header-links">
            <Link to={`/reseaux/${n.id}/reglements`}>{t('settlement.title')}</Link>
          </p>
        )}
      </header>
      <section aria-labelledby="network-lieux">
        <h2 id="network-lieux">{t('network.lieux', { count: n.lieux.length })}</h2>
        {lieux.length === 0 ? (
          <p className="muted">{t('network.noLieux')}</p>
        ) : (
          <ul className="card-grid">
            {lieux.map((l) => (
              <li key={l.id} className="card lieu-card">
                <h3>{l.name}</h3>
                {l.city && <p className="muted">{l.city}</p>}
                <p className="card-actions">
                  <Link to={`/l/${l.slug}`}>
                    {t('home.publicPage')}
                    <span className="visually-hidden"> {l.name}</span>
                  </Link>
                  {(myRoles.get(l.id) === 'owner' || myRoles.get(l.id) === 'manager') && (
                    <Link to={`/lieux/${l.id}/gerer`}>
                      {t('home.manage')}
                      <span className="visually-hidden"> {l.name}</span>
                    </Link>
                  )}
                </p>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  )
}
