import { useForm } from 'react-hook-form'
import { zodResolver } from '@hookform/resolvers/zod'
import { useTranslation } from 'react-i18next'
import { useMutation, useQueryClient } from '@tanstack/react-query'
import {
  ZClosureRequest,
  type ClosureDto,
  type ClosureRequest,
  type LieuDto,
} from '@fabrique/shared/lieux/schema'
import { TextField } from '../../../components/Field.tsx'
import { FormAlert, StatusMessage } from '../../../components/FormAlert.tsx'
import { SubmitButton } from '../../../components/Feedback.tsx'
import { applyServerErrors } from '../../../lib/formErrors.ts'
import { formatLocalDateRange, localDateIn } from '../../../lib/datetime.ts'
import { lieuxApi } from '../../lieux/api.ts'
import { lieuKey } from '../../lieux/hooks.ts'

const FIELDS = ['startDate', 'endDate', 'reason'] as const

export function ClosuresTab({ lieu }: { lieu: LieuDto }) {
  const { t, i18n } = useTranslation()
  const qc = useQueryClient()
  const setClosures = (update: (c: ClosureDto[]) => ClosureDto[]) => {
    qc.setQueryData<LieuDto>(lieuKey(lieu.id), (old) =>
      old ? { ...old, closures: update(old.closures) } : old,
    )
    void qc.invalidateQueries({ queryKey: ['public-lieux'] })
  }
  const add = useMutation({
    mutationFn: (body: ClosureRequest) => lieuxApi.addClosure(lieu.id, body),
    onSuccess: (c) => setClosures((cs) => [...cs, c]),
  })
  const del = useMutation({
    mutationFn: (closureId: string) => lieuxApi.deleteClosure(lieu.id, closureId),
    onSuccess: (_, closureId) => setClosures((cs) => cs.filter((c) => c.id !== closureId)),
  })
  const {
    register,
    handleSubmit,
    setError,
    reset,
    formState: { errors },
  } = useForm({
    resolver: zodResolver(ZClosureRequest),
    defaultValues: { startDate: '', endDate: '', reason: '' },
  })

  const today = localDateIn(new Date(), lieu.timeZone)
  const closures = [...lieu.closures].sort((a, b) => a.startDate.localeCompare(b.startDate))

  const onSubmit = handleSubmit(async (body) => {
    try {
      await add.mutateAsync(body)
      reset()
    } catch (e) {
      applyServerErrors(e, setError, FIELDS)
    }
  })

  return (
    <div className="stack-lg">
      <div>
        <FormAlert error={del.error} />
        {closures.length === 0 ? (
          <p className="muted">{t('manage.closures.none')}</p>
        ) : (
          <ul className="closure-list closure-list-edit">
            {closures.map((c) => (
              <li key={c.id} className={c.endDate < today ? 'past' : undefined}>
                <div>
                  <strong>{formatLocalDateRange(c.startDate, c.endDate, i18n.language)}</strong>
                  {c.endDate < today && <span className="role-tag">{t('manage.closures.past')}</span>}
                  <span>{c.reason}</span>
                </div>
                <button
                  type="button"
                  className="button button-small button-ghost"
                  disabled={del.isPending}
                  onClick={() => {
                    if (window.confirm(t('manage.closures.confirmDelete', { reason: c.reason })))
                      del.mutate(c.id)
                  }}
                >
                  {t('common.delete')}
                  <span className="visually-hidden"> {c.reason}</span>
                </button>
              </li>
            ))}
          </ul>
        )}
      </div>
      <form className="form card" noValidate onSubmit={onSubmit}>
        <h3>{t('manage.closures.add')}</h3>
        <FormAlert error={add.error} fieldNames={FIELDS} />
        <StatusMessage>{add.isSuccess && t('manage.closures.added')}</StatusMessage>
        <div className="form-row">
          <TextField
            label={t('fields.startDate')}
            type="date"
            error={errors.startDate}
            {...register('startDate')}
          />
          <TextField
            label={t('fields.endDate')}
            type="date"
            error={errors.endDate}
            {...register('endDate')}
          />
        </div>
        <TextField
          label={t('fields.reason')}
          placeholder={t('manage.closures.reasonPlaceholder')}
          error={errors.reason}
          {...register('reason')}
        />
        <SubmitButton pending={add.isPending}>{t('manage.closures.addSubmit')}</SubmitButton>
      </form>
    </div>
  )
}
