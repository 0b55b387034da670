import { lazy, Suspense } from 'react'
import { Link, NavLink, Navigate, useParams } from 'react-router'
import { useTranslation } from 'react-i18next'
import type { LieuDto } from '@fabrique/shared/lieux/schema'
import { ErrorState, Loading, useDocumentTitle } from '../../../components/Feedback.tsx'
import { NotFoundPage } from '../../../app/NotFoundPage.tsx'
import { isApiError } from '../../../lib/api.ts'
import { useLieu } from '../../lieux/hooks.ts'
import { IdentityTab } from './IdentityTab.tsx'
import { HoursTab } from './HoursTab.tsx'
import { ClosuresTab } from './ClosuresTab.tsx'
import { TeamTab } from './TeamTab.tsx'
import { ResourcesTab } from '../../resources/components/ResourcesTab.tsx'
import { RulesTab } from '../../resources/components/RulesTab.tsx'
import { HabilitationsTab } from '../../resources/components/HabilitationsTab.tsx'
import { ReferentsTab } from '../../resources/components/ReferentsTab.tsx'
import { DevicesTab } from '../../live/components/DevicesTab.tsx'

// Plans and passes: loaded when the tab is opened (the layout's Suspense shows the wait).
const PlansTab = lazy(() => import('../../billing/components/PlansTab.tsx'))

const TABS = {
  identite: { label: 'manage.tabs.identity', Component: IdentityTab },
  horaires: { label: 'manage.tabs.hours', Component: HoursTab },
  fermetures: { label: 'manage.tabs.closures', Component: ClosuresTab },
  equipe: { label: 'manage.tabs.team', Component: TeamTab },
  formules: { label: 'manage.tabs.billing', Component: PlansTab },
  ressources: { label: 'manage.tabs.resources', Component: ResourcesTab },
  regles: { label: 'manage.tabs.rules', Component: RulesTab },
  habilitations: { label: 'manage.tabs.habilitations', Component: HabilitationsTab },
  referents: { label: 'manage.tabs.referents', Component: ReferentsTab },
  ecrans: { label: 'manage.tabs.devices', Component: DevicesTab },
} as const satisfies Record<string, { label: string; Component: React.ComponentType<{ lieu: LieuDto }> }>
type TabSlug = keyof typeof TABS
const isTab = (s: string | undefined): s is TabSlug => s !== undefined && s in TABS

export default function ManageLieuPage() {
  const { lieuId = '', tab } = useParams()
  const { t } = useTranslation()
  const lieu = useLieu(lieuId)
  const current: TabSlug = isTab(tab) ? tab : 'identite'
  useDocumentTitle(lieu.data ? `${t(TABS[current].label)} — ${lieu.data.name}` : t('manage.title'))

  if (tab !== undefined && !isTab(tab)) return <Navigate to={`/lieux/${lieuId}/gerer`} replace />
  if (lieu.isPending) return <Loading />
  if (isApiError(lieu.error, 'not_found') || isApiError(lieu.error, 'forbidden')) return <NotFoundPage />
  if (lieu.isError) return <ErrorState error={lieu.error} onRetry={() => void lieu.refetch()} />

  const l = lieu.data
  if (l.myRole !== 'owner' && l.myRole !== 'manager' && l.myRole !== 'coordinator') {
    return (
      <section className="empty-page">
        <h1>{l.name}</h1>
        <p>{t('manage.notAllowed')}</p>
        <Link to={`/l/${l.slug}`}>{t('home.publicPage')}</Link>
      </section>
    )
  }
  const { Component } = TABS[current]
  return (
    <div className="stack-lg">
      <header className="page-header">
        <p className="eyebrow">{t('manage.title')}</p>
        <h1>{l.name}</h1>
        <p className="header-links">
          <Link to={`/lieux/${l.id}/planning`}>{t('bookings.lieuPlanning.title')}</Link>
          {(l.myRole === 'owner' || l.myRole === 'manager') && <Link to={`/lieux/${l.id}/presences`}>{t('live.presences.title')}</Link>}
          {(l.myRole === 'owner' || l.myRole === 'manager') && <Link to={`/lieux/${l.id}/membres`}>{t('billing.members.title')}</Link>}
          {(l.myRole === 'owner' || l.myRole === 'manager') && <Link to={`/lieux/${l.id}/factures`}>{t('billing.invoices.title')}</Link>}
          <Link to={`/lieux/${l.id}/reserver`}>{t('home.book')}</Link>
          <Link to={`/l/${l.slug}`}>{t('manage.seePublic')}</Link>
        </p>
      </header>
      <nav className="tabs" aria-label={t('manage.sections')}>
        <ul>
          {(Object.keys(TABS) as TabSlug[]).map((slug) => (
            <li key={slug}>
              <NavLink
                to={`/lieux/${l.id}/gerer/${slug}`}
                aria-current={slug === current ? 'page' : undefined}
                className={slug === current ? 'active' : undefined}
              >
                {t(TABS[slug].label)}
              </NavLink>
            </li>
          ))}
        </ul>
      </nav>
      <section aria-labelledby="tab-title" className="tab-panel">
        <h2 id="tab-title" className="visually-hidden">
          {t(TABS[current].label)}
        </h2>
        <Suspense fallback={<Loading />}>
          <Component key={l.id} lieu={l} />
        </Suspense>
      </section>
    </div>
  )
}
