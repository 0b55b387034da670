import { Link, NavLink, Navigate, useParams } from 'react-router'
import { useTranslation } from 'react-i18next'
import type { EmployerDto } from '@fabrique/shared/employers/schema'
import { ErrorState, Loading, useDocumentTitle } from '../../../components/Feedback.tsx'
import { NotFoundPage } from '../../../app/NotFoundPage.tsx'
import { isApiError } from '../../../lib/api.ts'
import { useEmployer } from '../hooks.ts'
import { PoolsTab } from './PoolsTab.tsx'
import { EmployeesTab } from './EmployeesTab.tsx'
import { UsageTab } from './UsageTab.tsx'
import { EmployerInvoicesTab } from './EmployerInvoicesTab.tsx'
import { SettingsTab } from './SettingsTab.tsx'
import '../employers.css'
import '../i18n.ts'

const TABS = {
  pass: { label: 'employers.tabs.pools', Component: PoolsTab },
  salaries: { label: 'employers.tabs.employees', Component: EmployeesTab },
  utilisation: { label: 'employers.tabs.usage', Component: UsageTab },
  factures: { label: 'employers.tabs.invoices', Component: EmployerInvoicesTab },
  parametres: { label: 'employers.tabs.settings', Component: SettingsTab },
} as const satisfies Record<string, { label: string; Component: React.ComponentType<{ employer: EmployerDto }> }>
type TabSlug = keyof typeof TABS
const isTab = (s: string | undefined): s is TabSlug => s !== undefined && s in TABS

/** /employeur/:employerId/:tab — the admins' dashboard: pools, employees, usage, invoices, settings. */
export default function EmployerPage() {
  const { employerId = '', tab } = useParams()
  const { t } = useTranslation()
  const employer = useEmployer(employerId)
  const current: TabSlug = isTab(tab) ? tab : 'pass'
  useDocumentTitle(employer.data ? `${t(TABS[current].label)} — ${employer.data.name}` : t('employers.eyebrow'))

  if (tab !== undefined && !isTab(tab)) return <Navigate to={`/employeur/${employerId}`} replace />
  if (employer.isPending) return <Loading />
  if (isApiError(employer.error, 'not_found') || isApiError(employer.error, 'forbidden') || isApiError(employer.error, 'validation_failed'))
    return <NotFoundPage />
  if (employer.isError) return <ErrorState error={employer.error} onRetry={() => void employer.refetch()} />

  const e = employer.data
  if (e.role !== 'admin') {
    return (
      <section className="empty-page">
        <h1>{e.name}</h1>
        <p>{t('employers.adminsOnly')}</p>
        <Link to="/compte#mes-employeurs">{t('employers.list.asEmployee')}</Link>
      </section>
    )
  }
  const { Component } = TABS[current]
  return (
    <div className="stack-lg employer-page">
      <header className="page-header">
        <p className="eyebrow">{t('employers.eyebrow')}</p>
        <h1>{e.name}</h1>
        {e.siret && <p className="muted small">{t('employers.siretLine', { siret: e.siret })}</p>}
      </header>
      <nav className="tabs" aria-label={t('employers.sections')}>
        <ul>
          {(Object.keys(TABS) as TabSlug[]).map((slug) => (
            <li key={slug}>
              <NavLink
                to={slug === 'pass' ? `/employeur/${e.id}` : `/employeur/${e.id}/${slug}`}
                end
                aria-current={slug === current ? 'page' : undefined}
                className={slug === current ? 'active' : undefined}
              >
                {t(TABS[slug].label)}
              </NavLink>
            </li>
          ))}
        </ul>
      </nav>
      <section aria-labelledby="employer-tab-title" className="tab-panel">
        <h2 id="employer-tab-title" className="visually-hidden">
          {t(TABS[current].label)}
        </h2>
        <Component key={e.id} employer={e} />
      </section>
    </div>
  )
}
