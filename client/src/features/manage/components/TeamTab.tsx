import { useForm } from 'react-hook-form'
import { zodResolver } from '@hookform/resolvers/zod'
import { useTranslation } from 'react-i18next'
import { ZInviteRequest, type InviteRequest, type LieuDto } from '@fabrique/shared/lieux/schema'
import { ZLieuRole, type LieuRole } from '@fabrique/shared/auth/schema'
import { SelectField, TextField } from '../../../components/Field.tsx'
import { FormAlert, StatusMessage } from '../../../components/FormAlert.tsx'
import { ErrorState, Loading, SubmitButton } from '../../../components/Feedback.tsx'
import { applyServerErrors } from '../../../lib/formErrors.ts'
import { formatInstant, formatLocalDate } from '../../../lib/datetime.ts'
import { useMe } from '../../auth/hooks.ts'
import { teamApi } from '../../team/api.ts'
import { useTeam, useTeamWrite } from '../../team/hooks.ts'

const ROLES = ZLieuRole.options

export function TeamTab({ lieu }: { lieu: LieuDto }) {
  const { t, i18n } = useTranslation()
  const me = useMe()
  const team = useTeam(lieu.id)
  const changeRole = useTeamWrite(lieu.id, (v: { userId: string; role: LieuRole }) =>
    teamApi.changeRole(lieu.id, v.userId, v.role),
  )
  const removeMember = useTeamWrite(lieu.id, (userId: string) => teamApi.removeMember(lieu.id, userId))
  const revoke = useTeamWrite(lieu.id, (invitationId: string) =>
    teamApi.revokeInvitation(lieu.id, invitationId),
  )

  if (team.isPending) return <Loading />
  if (team.isError) return <ErrorState error={team.error} onRetry={() => void team.refetch()} />
  const { members, invitations } = team.data
  // Only owners hand out or take away ownership; the server has the last word either way.
  const canGrantOwner = lieu.myRole === 'owner'

  return (
    <div className="stack-lg">
      <section aria-labelledby="members-title">
        <h3 id="members-title">{t('manage.team.members', { count: members.length })}</h3>
        <FormAlert error={changeRole.error ?? removeMember.error} />
        <StatusMessage>{changeRole.isSuccess && t('common.saved')}</StatusMessage>
        <ul className="member-list">
          {members.map((m) => {
            const isMe = m.userId === me.data?.id
            return (
              <li key={m.userId}>
                <div className="member-who">
                  <strong>
                    {m.name}
                    {isMe && <span className="muted"> ({t('manage.team.you')})</span>}
                  </strong>
                  <span className="muted small">{m.email}</span>
                  <span className="muted small">
                    {t('manage.team.since', { date: formatLocalDate(m.since.slice(0, 10), i18n.language) })}
                  </span>
                </div>
                <div className="member-actions">
                  <label className="visually-hidden" htmlFor={`role-${m.userId}`}>
                    {t('manage.team.roleOf', { name: m.name })}
                  </label>
                  <select
                    id={`role-${m.userId}`}
                    value={m.role}
                    disabled={changeRole.isPending || (m.role === 'owner' && !canGrantOwner)}
                    onChange={(e) =>
                      changeRole.mutate({ userId: m.userId, role: e.target.value as LieuRole })
                    }
                  >
                    {ROLES.map((r) => (
                      <option key={r} value={r} disabled={r === 'owner' && !canGrantOwner}>
                        {t(`roles.${r}`)}
                      </option>
                    ))}
                  </select>
                  <button
                    type="button"
                    className="button button-small button-ghost"
                    disabled={removeMember.isPending}
                    onClick={() => {
                      const question = isMe
                        ? t('manage.team.confirmLeave', { lieu: lieu.name })
                        : t('manage.team.confirmRemove', { name: m.name })
                      if (window.confirm(question)) removeMember.mutate(m.userId)
                    }}
                  >
                    {isMe ? t('manage.team.leave') : t('common.remove')}
                    <span className="visually-hidden"> {m.name}</span>
                  </button>
                </div>
              </li>
            )
          })}
        </ul>
      </section>

      <section aria-labelledby="invitations-title">
        <h3 id="invitations-title">{t('manage.team.pending')}</h3>
        <FormAlert error={revoke.error} />
        {invitations.length === 0 ? (
          <p className="muted">{t('manage.team.noPending')}</p>
        ) : (
          <ul className="member-list">
            {invitations.map((inv) => (
              <li key={inv.id}>
                <div className="member-who">
                  <strong>{inv.email}</strong>
                  <span className="muted small">
                    {t(`roles.${inv.role}`)} ·{' '}
                    {t('manage.team.expires', { date: formatInstant(inv.expiresAt, i18n.language) })}
                  </span>
                </div>
                <button
                  type="button"
                  className="button button-small button-ghost"
                  disabled={revoke.isPending}
                  onClick={() => revoke.mutate(inv.id)}
                >
                  {t('manage.team.revoke')}
                  <span className="visually-hidden"> {inv.email}</span>
                </button>
              </li>
            ))}
          </ul>
        )}
      </section>

      <InviteForm lieuId={lieu.id} canGrantOwner={canGrantOwner} />
    </div>
  )
}

const FIELDS = ['email', 'role'] as const

function InviteForm({ lieuId, canGrantOwner }: { lieuId: string; canGrantOwner: boolean }) {
  const { t } = useTranslation()
  const invite = useTeamWrite(lieuId, (body: InviteRequest) => teamApi.invite(lieuId, body))
  const {
    register,
    handleSubmit,
    setError,
    reset,
    formState: { errors },
  } = useForm({
    resolver: zodResolver(ZInviteRequest),
    defaultValues: { email: '', role: 'member' as LieuRole },
  })

  const onSubmit = handleSubmit(async (body) => {
    try {
      await invite.mutateAsync(body)
      reset()
    } catch (e) {
      applyServerErrors(e, setError, FIELDS)
    }
  })

  return (
    <form className="form card" noValidate onSubmit={onSubmit}>
      <h3>{t('manage.team.invite')}</h3>
      <p className="field-hint">{t('manage.team.inviteLead')}</p>
      <FormAlert error={invite.error} fieldNames={FIELDS} />
      <StatusMessage>
        {invite.isSuccess && t('manage.team.invited', { email: invite.data.email })}
      </StatusMessage>
      <div className="form-row">
        <TextField
          label={t('fields.email')}
          type="email"
          autoComplete="off"
          error={errors.email}
          {...register('email')}
        />
        <SelectField label={t('fields.role')} error={errors.role} {...register('role')}>
          {ROLES.map((r) => (
            <option key={r} value={r} disabled={r === 'owner' && !canGrantOwner}>
              {t(`roles.${r}`)}
            </option>
          ))}
        </SelectField>
      </div>
      <SubmitButton pending={invite.isPending}>{t('manage.team.inviteSubmit')}</SubmitButton>
    </form>
  )
}
