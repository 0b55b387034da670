import { Link, useNavigate, useSearchParams } from 'react-router'
import { useTranslation } from 'react-i18next'
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { ErrorState, Loading, useDocumentTitle } from '../../../components/Feedback.tsx'
import { FormAlert } from '../../../components/FormAlert.tsx'
import { isApiError } from '../../../lib/api.ts'
import { formatInstant } from '../../../lib/datetime.ts'
import { meKey, useMe } from '../../auth/hooks.ts'
import { lieuKey } from '../../lieux/hooks.ts'
import { invitationsApi } from '../api.ts'

export function InvitationPage() {
  const { t, i18n } = useTranslation()
  useDocumentTitle(t('invitation.title'))
  const [params] = useSearchParams()
  const token = params.get('token') ?? ''
  const me = useMe()
  const qc = useQueryClient()
  const navigate = useNavigate()
  const preview = useQuery({
    queryKey: ['invitations', token],
    queryFn: ({ signal }) => invitationsApi.preview(token, signal),
    enabled: token.length > 0,
  })
  const accept = useMutation({
    mutationFn: () => invitationsApi.accept(token),
    onSuccess: async (lieu) => {
      qc.setQueryData(lieuKey(lieu.id), lieu)
      await qc.invalidateQueries({ queryKey: meKey })
      navigate(lieu.myRole === 'owner' || lieu.myRole === 'manager' ? `/lieux/${lieu.id}/gerer` : '/')
    },
  })

  const invalid =
    !token || isApiError(preview.error, 'token_invalid') || isApiError(preview.error, 'not_found')
  if (invalid) {
    return (
      <section className="auth-card card">
        <h1>{t('invitation.title')}</h1>
        <p>{t('invitation.invalid')}</p>
        <Link to="/">{t('notFound.home')}</Link>
      </section>
    )
  }
  if (preview.isPending || me.isPending) return <Loading />
  if (preview.isError) return <ErrorState error={preview.error} onRetry={() => void preview.refetch()} />

  const inv = preview.data
  const here = `/invitation?token=${encodeURIComponent(token)}`
  return (
    <section className="auth-card card" aria-labelledby="invitation-title">
      <h1 id="invitation-title">{t('invitation.title')}</h1>
      <p className="lead">
        {t('invitation.body', { lieu: inv.lieu.name, role: t(`roles.${inv.role}`).toLowerCase() })}
      </p>
      <p className="muted">
        {t('invitation.sentTo', { email: inv.email, date: formatInstant(inv.expiresAt, i18n.language) })}
      </p>
      {me.data ? (
        <>
          {me.data.email.toLowerCase() !== inv.email.toLowerCase() && (
            <p className="alert alert-warning">
              {t('invitation.otherAccount', { email: inv.email, me: me.data.email })}
            </p>
          )}
          <FormAlert error={accept.error} />
          <button
            type="button"
            className="button"
            disabled={accept.isPending}
            onClick={() => accept.mutate()}
          >
            {t('invitation.accept')}
          </button>
        </>
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
