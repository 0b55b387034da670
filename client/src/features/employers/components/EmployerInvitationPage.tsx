import { Link, useNavigate, useSearchParams } from 'react-router'
import { useTranslation } from 'react-i18next'
import { useQuery } from '@tanstack/react-query'
import { ErrorState, Loading, useDocumentTitle } from '../../../components/Feedback.tsx'
import { FormAlert } from '../../../components/FormAlert.tsx'
import { isApiError } from '../../../lib/api.ts'
import { formatInstant } from '../../../lib/datetime.ts'
import { useMe } from '../../auth/hooks.ts'
import { employersApi } from '../api.ts'
import { useEmployershipChange } from '../hooks.ts'
import '../i18n.ts'

/** /employeur/invitation?token=… — what the invitation is for (no login needed), then accepting it. */
export default function EmployerInvitationPage() {
  const { t, i18n } = useTranslation()
  useDocumentTitle(t('employers.invitation.title'))
  const [params] = useSearchParams()
  const token = params.get('token') ?? ''
  const me = useMe()
  const navigate = useNavigate()
  const preview = useQuery({
    queryKey: ['employer-invitations', token],
    queryFn: ({ signal }) => employersApi.previewInvitation(token, signal),
    enabled: token.length > 0,
  })
  const accept = useEmployershipChange(() => employersApi.acceptInvitation(token))

  const invalid =
    !token || isApiError(preview.error, 'token_invalid') || isApiError(preview.error, 'not_found') || isApiError(preview.error, 'validation_failed')
  if (invalid) {
    return (
      <section className="auth-card card">
        <h1>{t('employers.invitation.title')}</h1>
        <p>{t('employers.invitation.invalid')}</p>
        <Link to="/">{t('notFound.home')}</Link>
      </section>
    )
  }
  if (preview.isPending || me.isPending) return <Loading />
  if (preview.isError) return <ErrorState error={preview.error} onRetry={() => void preview.refetch()} />

  const inv = preview.data
  const here = `/employeur/invitation?token=${encodeURIComponent(token)}`
  const onAccept = () =>
    accept.mutate(undefined, {
      onSuccess: (e) => navigate(e.role === 'admin' ? `/employeur/${e.id}` : '/compte#mes-employeurs'),
    })
  return (
    <section className="auth-card card" aria-labelledby="employer-invitation-title">
      <h1 id="employer-invitation-title">{t('employers.invitation.title')}</h1>
      <p className="lead">
        {t(inv.role === 'admin' ? 'employers.invitation.bodyAdmin' : 'employers.invitation.bodyEmployee', { employer: inv.employer.name })}
      </p>
      {inv.role === 'employee' && <p>{t('employers.invitation.privacy')}</p>}
      <p className="muted">
        {t('invitation.sentTo', { email: inv.email, date: formatInstant(inv.expiresAt, i18n.language) })}
      </p>
      {me.data ? (
        <div className="stack">
          {me.data.email.toLowerCase() !== inv.email.toLowerCase() && (
            <p className="alert alert-warning">{t('invitation.otherAccount', { email: inv.email, me: me.data.email })}</p>
          )}
          <FormAlert error={accept.error} />
          <button type="button" className="button" disabled={accept.isPending} onClick={onAccept}>
            {t('employers.invitation.accept', { employer: inv.employer.name })}
          </button>
        </div>
      ) : (
        <>
          <p>{t('invitation.loginFirst')}</p>
          <p className="hero-actions">
            <Link className="button" to={`/connexion?next=${encodeURIComponent(here)}`}>
              {t('auth.login.title')}
            </Link>
            <Link
              className="button button-secondary"
              to={`/inscription?next=${encodeURIComponent(here)}&email=${encodeURIComponent(inv.email)}`}
            >
              {t('auth.register.title')}
            </Link>
          </p>
        </>
      )}
    </section>
  )
}
