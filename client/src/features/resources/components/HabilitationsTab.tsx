import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import type { LieuDto } from '@fabrique/shared/lieux/schema'
import type { HabilitationDto } from '@fabrique/shared/resources/schema'
import { ErrorState, Loading, SubmitButton } from '../../../components/Feedback.tsx'
import { SelectField, TextAreaField, TextField } from '../../../components/Field.tsx'
import { FormAlert, StatusMessage } from '../../../components/FormAlert.tsx'
import { useTeam } from '../../team/hooks.ts'
import { formatMoment, localToInstant } from '../../bookings/grid.ts'
import { resourcesApi } from '../api.ts'
import { habilitationsKey, useHabilitations } from '../hooks.ts'

/** Trainings that unlock machines, and who holds them. */
export function HabilitationsTab({ lieu }: { lieu: LieuDto }) {
  const { t } = useTranslation()
  const qc = useQueryClient()
  const habilitations = useHabilitations(lieu.id)
  const [name, setName] = useState('')
  const [description, setDescription] = useState('')
  const create = useMutation({
    mutationFn: () => resourcesApi.createHabilitation(lieu.id, { name: name.trim(), description }),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: habilitationsKey(lieu.id) })
      setName('')
      setDescription('')
    },
  })
  if (habilitations.isPending) return <Loading />
  if (habilitations.isError) return <ErrorState error={habilitations.error} onRetry={() => void habilitations.refetch()} />
  return (
    <div className="stack-lg">
      <p className="muted">{t('habilitations.lead')}</p>
      {habilitations.data.length === 0 ? (
        <p className="muted">{t('habilitations.none')}</p>
      ) : (
        habilitations.data.map((h) => <HabilitationCard key={h.id} lieu={lieu} habilitation={h} />)
      )}
      <form
        className="form card"
        noValidate
        onSubmit={(e) => {
          e.preventDefault()
          if (name.trim()) create.mutate()
        }}
      >
        <h3>{t('habilitations.add')}</h3>
        <FormAlert error={create.error} />
        <StatusMessage>{create.isSuccess && t('habilitations.added')}</StatusMessage>
        <TextField label={t('fields.name')} placeholder={t('habilitations.namePlaceholder')} value={name} required onChange={(e) => setName(e.target.value)} />
        <TextAreaField label={t('fields.description')} rows={2} value={description} onChange={(e) => setDescription(e.target.value)} />
        <SubmitButton pending={create.isPending}>{t('habilitations.addSubmit')}</SubmitButton>
      </form>
    </div>
  )
}

function HabilitationCard({ lieu, habilitation: h }: { lieu: LieuDto; habilitation: HabilitationDto }) {
  const { t, i18n } = useTranslation()
  const qc = useQueryClient()
  const team = useTeam(lieu.id)
  const key = [...habilitationsKey(lieu.id), h.id, 'grants']
  const grants = useQuery({ queryKey: key, queryFn: ({ signal }) => resourcesApi.grants(lieu.id, h.id, signal) })
  const [userId, setUserId] = useState('')
  const [expires, setExpires] = useState('')
  const grant = useMutation({
    mutationFn: () =>
      resourcesApi.grant(lieu.id, h.id, {
        userId,
        // The expiry date ends at the end of that day in the lieu's zone.
        expiresAt: expires ? localToInstant(`${expires}T23:59`, lieu.timeZone) : null,
      }),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: key })
      setUserId('')
      setExpires('')
    },
  })
  const revoke = useMutation({
    mutationFn: (grantId: string) => resourcesApi.revoke(lieu.id, h.id, grantId),
    onSuccess: () => void qc.invalidateQueries({ queryKey: key }),
  })
  const list = grants.data ?? []
  return (
    <section className="card stack" aria-labelledby={`hab-${h.id}`}>
      <h3 id={`hab-${h.id}`}>{h.name}</h3>
      {h.description && <p className="muted">{h.description}</p>}
      {grants.isPending ? (
        <Loading />
      ) : list.length === 0 ? (
        <p className="muted small">{t('habilitations.noGrants')}</p>
      ) : (
        <ul className="member-list">
          {list.map((g) => (
            <li key={g.id} className={g.valid ? undefined : 'archived'}>
              <div className="member-who">
                <strong>{g.userName}</strong>
                <span className="small muted">
                  {t('habilitations.grantedOn', { date: formatMoment(g.grantedAt, lieu.timeZone, i18n.language) })}
                  {g.expiresAt && ` · ${t('habilitations.expiresOn', { date: formatMoment(g.expiresAt, lieu.timeZone, i18n.language) })}`}
                  {g.revokedAt && ` · ${t('habilitations.revoked')}`}
                  {!g.revokedAt && !g.valid && ` · ${t('habilitations.expired')}`}
                </span>
              </div>
              {g.valid && (
                <button
                  type="button"
                  className="button button-ghost button-small"
                  disabled={revoke.isPending}
                  onClick={() => {
                    if (window.confirm(t('habilitations.confirmRevoke', { name: g.userName, habilitation: h.name }))) revoke.mutate(g.id)
                  }}
                >
                  {t('habilitations.revoke')}
                  <span className="visually-hidden"> {g.userName}</span>
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      <FormAlert error={revoke.error} />
      <form
        className="form grant-form"
        noValidate
        onSubmit={(e) => {
          e.preventDefault()
          if (userId) grant.mutate()
        }}
      >
        <FormAlert error={grant.error} />
        <div className="form-row">
          <SelectField label={t('habilitations.member')} value={userId} onChange={(e) => setUserId(e.target.value)}>
            <option value="">{t('habilitations.chooseMember')}</option>
            {(team.data?.members ?? []).map((m) => (
              <option key={m.userId} value={m.userId}>
                {m.name}
              </option>
            ))}
          </SelectField>
          <TextField label={t('habilitations.expiry')} hint={t('habilitations.expiryHint')} type="date" value={expires} onChange={(e) => setExpires(e.target.value)} />
        </div>
        <SubmitButton pending={grant.isPending} className="button button-secondary">
          {t('habilitations.grant', { name: h.name })}
        </SubmitButton>
      </form>
    </section>
  )
}
