import { useNavigate } from 'react-router'
import { useTranslation } from 'react-i18next'
import { ErrorState, Loading } from '../../../components/Feedback.tsx'
import { FormAlert } from '../../../components/FormAlert.tsx'
import { formatInstant } from '../../../lib/datetime.ts'
import { useLogout } from '../../auth/hooks.ts'
import { useRevokeSession, useSessions } from '../hooks.ts'
import { describeUserAgent } from '../userAgent.ts'

export function SessionsList() {
  const { t, i18n } = useTranslation()
  const sessions = useSessions()
  const revoke = useRevokeSession()
  const logoutAll = useLogout(true)
  const navigate = useNavigate()

  if (sessions.isPending) return <Loading />
  if (sessions.isError) return <ErrorState error={sessions.error} onRetry={() => void sessions.refetch()} />

  return (
    <>
      <p className="muted">{t('account.sessionsLead')}</p>
      <FormAlert error={revoke.error ?? logoutAll.error} />
      <ul className="session-list">
        {sessions.data.map((s) => (
          <li key={s.id}>
            <div>
              <strong>{describeUserAgent(s.userAgent) ?? t('account.unknownDevice')}</strong>
              {s.current && <span className="role-tag">{t('account.thisDevice')}</span>}
              <p className="muted small">
                {t('account.sessionDates', {
                  created: formatInstant(s.createdAt, i18n.language),
                  seen: formatInstant(s.lastSeenAt, i18n.language),
                })}
              </p>
            </div>
            {!s.current && (
              <button
                type="button"
                className="button button-small button-secondary"
                disabled={revoke.isPending}
                onClick={() => revoke.mutate(s.id)}
              >
                {t('account.revoke')}
                <span className="visually-hidden"> ({describeUserAgent(s.userAgent)})</span>
              </button>
            )}
          </li>
        ))}
      </ul>
      <button
        type="button"
        className="button button-secondary"
        disabled={logoutAll.isPending}
        onClick={() => logoutAll.mutate(undefined, { onSuccess: () => navigate('/connexion') })}
      >
        {t('account.logoutEverywhere')}
      </button>
    </>
  )
}
