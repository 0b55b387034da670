import { useState } from 'react'
import { Link } from 'react-router'
import { useTranslation } from 'react-i18next'
import type { MeDto } from '@fabrique/shared/auth/schema'
import { ErrorState, Loading, useDocumentTitle } from '../../../components/Feedback.tsx'
import { useMe } from '../../auth/hooks.ts'
import { CreateLieuForm } from './CreateLieuForm.tsx'

export function HomePage() {
  const me = useMe()
  if (me.isPending) return <Loading />
  if (me.isError) return <ErrorState error={me.error} onRetry={() => void me.refetch()} />
  return me.data ? <MyLieux me={me.data} /> : <Welcome />
}

function Welcome() {
  const { t } = useTranslation()
  useDocumentTitle(undefined)
  return (
    <section className="hero">
      <h1>{t('home.welcomeTitle')}</h1>
      <p className="lead">{t('home.welcomeLead')}</p>
      <p className="hero-actions">
        <Link className="button" to="/inscription">
          {t('auth.register.title')}
        </Link>
        <Link className="button button-secondary" to="/connexion">
          {t('auth.login.title')}
        </Link>
      </p>
    </section>
  )
}

const CAN_MANAGE = new Set(['owner', 'manager'])

function MyLieux({ me }: { me: MeDto }) {
  const { t } = useTranslation()
  useDocumentTitle(t('layout.myLieux'))
  const [creating, setCreating] = useState(me.lieux.length === 0)
  return (
    <div className="stack-lg">
      <header className="page-header">
        <p className="eyebrow">{t('home.hello', { name: me.name })}</p>
        <h1>{t('layout.myLieux')}</h1>
      </header>

      {me.lieux.length === 0 ? (
        <p className="muted">{t('home.noLieux')}</p>
      ) : (
        <ul className="card-grid" aria-label={t('layout.myLieux')}>
          {me.lieux.map((l) => (
            <li key={l.id} className="card lieu-card">
              <h2 className="h3">{l.name}</h2>
              <p className="role-tag">{t(`roles.${l.role}`)}</p>
              <p className="card-actions">
                <Link className="button button-small" to={`/lieux/${l.id}/reserver`}>
                  {t('home.book')}
                  <span className="visually-hidden"> {l.name}</span>
                </Link>
                {CAN_MANAGE.has(l.role) && (
                  <Link className="button button-small button-secondary" to={`/lieux/${l.id}/gerer`}>
                    {t('home.manage')}
                    <span className="visually-hidden"> {l.name}</span>
                  </Link>
                )}
                <Link to={`/lieux/${l.id}/formules`}>
                  {t('billing.plans.title')}
                  <span className="visually-hidden"> {l.name}</span>
                </Link>
                <Link to={`/l/${l.slug}`}>
                  {t('home.publicPage')}
                  <span className="visually-hidden"> {l.name}</span>
                </Link>
              </p>
            </li>
          ))}
        </ul>
      )}

      {me.networks.length > 0 && (
        <section aria-labelledby="networks-title">
          <h2 id="networks-title">{t('home.myNetworks')}</h2>
          <ul className="plain-list link-list">
            {me.networks.map((n) => (
              <li key={n.id}>
                <Link to={`/reseaux/${n.id}`}>{n.name}</Link>
              </li>
            ))}
          </ul>
        </section>
      )}

      {me.employers.length > 0 && (
        <section aria-labelledby="employers-title">
          <h2 id="employers-title">{t('home.myEmployers')}</h2>
          <ul className="plain-list">
            {me.employers.map((e) => (
              <li key={e.id}>
                <Link to={e.role === 'admin' ? `/employeur/${e.id}` : '/compte#mes-employeurs'}>{e.name}</Link>{' '}
                <span className="role-tag">{t(`employerRoles.${e.role}`)}</span>
              </li>
            ))}
          </ul>
        </section>
      )}
      {!me.employers.some((e) => e.role === 'admin') && (
        <p className="muted">
          {t('employers.home.lead')} <Link to="/employeur">{t('employers.home.link')}</Link>
        </p>
      )}

      <section aria-labelledby="create-title" className="card">
        <div className="section-head">
          <h2 id="create-title">{t('home.createLieu')}</h2>
          {!creating && (
            <button
              type="button"
              className="button button-secondary"
              aria-expanded={false}
              onClick={() => setCreating(true)}
            >
              {t('home.createLieu')}
            </button>
          )}
        </div>
        {creating ? (
          <CreateLieuForm networks={me.networks} />
        ) : (
          <p className="muted">{t('home.createLieuLead')}</p>
        )}
      </section>
    </div>
  )
}
