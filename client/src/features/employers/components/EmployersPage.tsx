import { useState } from 'react'
import { Link, useNavigate } from 'react-router'
import { useTranslation } from 'react-i18next'
import { ErrorState, Loading, useDocumentTitle } from '../../../components/Feedback.tsx'
import { employersApi, type EmployerDetails } from '../api.ts'
import { useEmployershipChange, useMyEmployerAccounts } from '../hooks.ts'
import { EmployerForm } from './EmployerForm.tsx'
import '../i18n.ts'

/** /employeur: the employer accounts I belong to, and opening one for my organisation. */
export default function EmployersPage() {
  const { t } = useTranslation()
  useDocumentTitle(t('employers.list.title'))
  const navigate = useNavigate()
  const list = useMyEmployerAccounts()
  const create = useEmployershipChange((body: EmployerDetails) => employersApi.create(body))
  const [creating, setCreating] = useState(false)
  if (list.isPending) return <Loading />
  if (list.isError) return <ErrorState error={list.error} onRetry={() => void list.refetch()} />
  const showForm = creating || list.data.length === 0
  return (
    <div className="stack-lg">
      <header className="page-header">
        <p className="eyebrow">{t('employers.eyebrow')}</p>
        <h1>{t('employers.list.title')}</h1>
        <p className="lead">{t('employers.list.lead')}</p>
      </header>
      {list.data.length > 0 && (
        <ul className="card-grid" aria-label={t('employers.list.title')}>
          {list.data.map((e) => (
            <li key={e.id} className="card lieu-card">
              <h2 className="h3">{e.name}</h2>
              <p className="role-tag">{t(`employerRoles.${e.role}`)}</p>
              <p className="card-actions">
                {e.role === 'admin' ? (
                  <Link className="button button-small" to={`/employeur/${e.id}`}>
                    {t('employers.list.open')}
                    <span className="visually-hidden"> {e.name}</span>
                  </Link>
                ) : (
                  <Link to="/compte#mes-employeurs">{t('employers.list.asEmployee')}</Link>
                )}
              </p>
            </li>
          ))}
        </ul>
      )}
      <section aria-labelledby="create-employer-title" className="card">
        <div className="section-head">
          <h2 id="create-employer-title">{t('employers.list.create')}</h2>
          {!showForm && (
            <button type="button" className="button button-secondary" aria-expanded={false} onClick={() => setCreating(true)}>
              {t('employers.list.create')}
            </button>
          )}
        </div>
        <p className="muted">{t('employers.list.createLead')}</p>
        {showForm && (
          <EmployerForm
            save={async (body) => {
              const e = await create.mutateAsync(body)
              navigate(`/employeur/${e.id}`)
              return e
            }}
            pending={create.isPending}
            error={create.error}
            submitLabel={t('employers.list.createSubmit')}
          />
        )}
      </section>
    </div>
  )
}
