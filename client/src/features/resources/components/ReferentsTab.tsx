import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import type { LieuDto } from '@fabrique/shared/lieux/schema'
import { ErrorState, Loading, SubmitButton } from '../../../components/Feedback.tsx'
import { SelectField, TextField } from '../../../components/Field.tsx'
import { StatusMessage } from '../../../components/FormAlert.tsx'
import { useTeam } from '../../team/hooks.ts'
import { formatSpan, localToInstant } from '../../bookings/grid.ts'
import { bookingProblemMessage } from '../../bookings/problems.ts'
import { resourcesApi } from '../api.ts'
import { useHabilitations } from '../hooks.ts'

/** Référent shifts: who is on site to supervise a machine, and when (lieu's local time). */
export function ReferentsTab({ lieu }: { lieu: LieuDto }) {
  const { t, i18n } = useTranslation()
  const qc = useQueryClient()
  const key = ['lieux', lieu.id, 'referent-shifts']
  const shifts = useQuery({ queryKey: key, queryFn: ({ signal }) => resourcesApi.shifts(lieu.id, {}, signal) })
  const team = useTeam(lieu.id)
  const habilitations = useHabilitations(lieu.id)
  const [userId, setUserId] = useState('')
  const [habilitationId, setHabilitationId] = useState('')
  const [start, setStart] = useState('')
  const [end, setEnd] = useState('')
  const [formError, setFormError] = useState<string | null>(null)
  const add = useMutation({
    mutationFn: (body: { userId: string; habilitationId: string; startsAt: string; endsAt: string }) => resourcesApi.addShift(lieu.id, body),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: key })
      void qc.invalidateQueries({ queryKey: ['bookings'] })
      setStart('')
      setEnd('')
    },
  })
  const del = useMutation({
    mutationFn: (shiftId: string) => resourcesApi.deleteShift(lieu.id, shiftId),
    onSuccess: () => void qc.invalidateQueries({ queryKey: key }),
  })
  const habName = (id: string) => habilitations.data?.find((h) => h.id === id)?.name ?? ''
  return (
    <div className="stack-lg">
      <p className="muted">{t('referents.lead', { zone: lieu.timeZone })}</p>
      {shifts.isPending ? (
        <Loading />
      ) : shifts.isError ? (
        <ErrorState error={shifts.error} onRetry={() => void shifts.refetch()} />
      ) : shifts.data.length === 0 ? (
        <p className="muted">{t('referents.none')}</p>
      ) : (
        <ul className="member-list">
          {shifts.data.map((s) => (
            <li key={s.id}>
              <div className="member-who">
                <strong>{formatSpan(s.startsAt, s.endsAt, lieu.timeZone, i18n.language)}</strong>
                <span>
                  {s.userName} · {habName(s.habilitationId)}
                </span>
              </div>
              <button
                type="button"
                className="button button-ghost button-small"
                disabled={del.isPending}
                onClick={() => {
                  if (window.confirm(t('referents.confirmDelete', { name: s.userName }))) del.mutate(s.id)
                }}
              >
                {t('common.delete')}
                <span className="visually-hidden"> {s.userName}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
      <form
        className="form card"
        noValidate
        onSubmit={(e) => {
          e.preventDefault()
          const startsAt = localToInstant(start, lieu.timeZone)
          const endsAt = localToInstant(end, lieu.timeZone)
          if (!userId || !habilitationId || !startsAt || !endsAt) return setFormError(t('referents.incomplete'))
          if (endsAt <= startsAt) return setFormError(t('referents.endAfterStart'))
          setFormError(null)
          add.mutate({ userId, habilitationId, startsAt, endsAt })
        }}
      >
        <h3>{t('referents.add')}</h3>
        <div role="alert" className={formError || add.error ? 'alert alert-error' : 'visually-hidden'}>
          {formError ? (
            <p>{formError}</p>
          ) : add.error ? (
            <p>
              {(add.error as { code?: string }).code === 'habilitation_missing'
                ? t('referents.notHabilitated')
                : bookingProblemMessage(add.error, t, { zone: lieu.timeZone, locale: i18n.language })}
            </p>
          ) : null}
        </div>
        <StatusMessage>{add.isSuccess && t('referents.added')}</StatusMessage>
        <div className="form-row">
          <SelectField label={t('referents.who')} value={userId} onChange={(e) => setUserId(e.target.value)}>
            <option value="">{t('habilitations.chooseMember')}</option>
            {(team.data?.members ?? []).map((m) => (
              <option key={m.userId} value={m.userId}>
                {m.name}
              </option>
            ))}
          </SelectField>
          <SelectField label={t('resources.habilitation')} value={habilitationId} onChange={(e) => setHabilitationId(e.target.value)}>
            <option value="">{t('referents.chooseHabilitation')}</option>
            {(habilitations.data ?? []).map((h) => (
              <option key={h.id} value={h.id}>
                {h.name}
              </option>
            ))}
          </SelectField>
        </div>
        <div className="form-row">
          <TextField label={t('referents.start')} type="datetime-local" step={900} value={start} onChange={(e) => setStart(e.target.value)} />
          <TextField label={t('referents.end')} type="datetime-local" step={900} value={end} onChange={(e) => setEnd(e.target.value)} />
        </div>
        <SubmitButton pending={add.isPending}>{t('referents.addSubmit')}</SubmitButton>
      </form>
    </div>
  )
}
