import { useFieldArray, useForm } from 'react-hook-form'
import { zodResolver } from '@hookform/resolvers/zod'
import { useTranslation } from 'react-i18next'
import { ZOpeningHoursRequest, type LieuDto, type OpeningHoursRequest } from '@fabrique/shared/lieux/schema'
import { TextField } from '../../../components/Field.tsx'
import { FormAlert, StatusMessage } from '../../../components/FormAlert.tsx'
import { SubmitButton } from '../../../components/Feedback.tsx'
import { applyServerErrors } from '../../../lib/formErrors.ts'
import { WEEKDAYS, weekdayName } from '../../../lib/datetime.ts'
import { lieuxApi } from '../../lieux/api.ts'
import { useLieuWrite } from '../../lieux/hooks.ts'
import { copyMondayToWeekdays, nextIntervalFor, sortWeek } from '../hours.ts'

const toForm = (l: LieuDto) => ({ intervals: sortWeek(l.openingHours) })

export function HoursTab({ lieu }: { lieu: LieuDto }) {
  const { t, i18n } = useTranslation()
  const save = useLieuWrite(lieu.id, (body: OpeningHoursRequest) => lieuxApi.putOpeningHours(lieu.id, body))
  const {
    control,
    register,
    handleSubmit,
    setError,
    reset,
    getValues,
    formState: { errors, isDirty },
  } = useForm({ resolver: zodResolver(ZOpeningHoursRequest), defaultValues: toForm(lieu) })
  const { fields, append, remove, replace } = useFieldArray({ control, name: 'intervals' })

  const onSubmit = handleSubmit(async (body) => {
    try {
      reset(toForm(await save.mutateAsync({ intervals: sortWeek(body.intervals) })))
    } catch (e) {
      // Server paths follow the array sent, which is the form's own order.
      applyServerErrors(
        e,
        setError,
        fields.flatMap((_, i) => [`intervals.${i}.start`, `intervals.${i}.end`] as const),
      )
    }
  })

  return (
    <form className="form hours-form" noValidate onSubmit={onSubmit}>
      <p className="muted">{t('manage.hours.lead', { zone: lieu.timeZone })}</p>
      <FormAlert
        error={save.error}
        fieldNames={fields.flatMap((_, i) => [`intervals.${i}.start`, `intervals.${i}.end`])}
      />
      <StatusMessage>{save.isSuccess && !isDirty && t('common.saved')}</StatusMessage>
      <p>
        <button
          type="button"
          className="button button-small button-secondary"
          onClick={() => replace(copyMondayToWeekdays(getValues('intervals')))}
        >
          {t('manage.hours.copyMonday')}
        </button>
      </p>
      <div className="week">
        {WEEKDAYS.map((weekday) => {
          const day = weekdayName(weekday, i18n.language)
          const rows = fields.map((f, index) => ({ f, index })).filter(({ f }) => f.weekday === weekday)
          return (
            <fieldset key={weekday} className="day">
              <legend>{day}</legend>
              {rows.length === 0 && <p className="muted day-closed">{t('lieu.closed')}</p>}
              {rows.map(({ f, index }, k) => {
                const err = errors.intervals?.[index]
                return (
                  <div key={f.id} className="interval-row">
                    <TextField
                      label={t('manage.hours.from')}
                      aria-label={t('manage.hours.fromLabel', { day, n: k + 1 })}
                      inputMode="numeric"
                      placeholder="09:00"
                      maxLength={5}
                      className="time-field"
                      error={err?.start}
                      {...register(`intervals.${index}.start`)}
                    />
                    <TextField
                      label={t('manage.hours.to')}
                      aria-label={t('manage.hours.toLabel', { day, n: k + 1 })}
                      inputMode="numeric"
                      placeholder="18:00"
                      maxLength={5}
                      className="time-field"
                      error={err?.end}
                      {...register(`intervals.${index}.end`)}
                    />
                    <button
                      type="button"
                      className="button button-small button-ghost"
                      onClick={() => remove(index)}
                    >
                      {t('common.remove')}
                      <span className="visually-hidden">
                        {' '}
                        {t('manage.hours.intervalN', { day, n: k + 1 })}
                      </span>
                    </button>
                  </div>
                )
              })}
              <button
                type="button"
                className="link-button add-interval"
                onClick={() =>
                  append({
                    weekday,
                    ...nextIntervalFor(getValues('intervals').filter((i) => i.weekday === weekday)),
                  })
                }
              >
                + {t('manage.hours.add')}
                <span className="visually-hidden"> ({day})</span>
              </button>
            </fieldset>
          )
        })}
      </div>
      <SubmitButton pending={save.isPending}>{t('manage.hours.save')}</SubmitButton>
    </form>
  )
}
