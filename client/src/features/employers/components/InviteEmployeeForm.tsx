import { useForm } from 'react-hook-form'
import { zodResolver } from '@hookform/resolvers/zod'
import { useTranslation } from 'react-i18next'
import { ZEmployerRole, ZInviteEmployeeRequest, type EmployerRole } from '@fabrique/shared/employers/schema'
import { SelectField, TextField } from '../../../components/Field.tsx'
import { FormAlert, StatusMessage } from '../../../components/FormAlert.tsx'
import { SubmitButton } from '../../../components/Feedback.tsx'
import { applyServerErrors } from '../../../lib/formErrors.ts'
import { employersApi } from '../api.ts'
import { useEmployerWrite } from '../hooks.ts'

const FIELDS = ['email', 'role'] as const

/** Invite by e-mail: the link in the e-mail leads to /employeur/invitation. */
export function InviteEmployeeForm({ employerId }: { employerId: string }) {
  const { t } = useTranslation()
  const invite = useEmployerWrite(employerId, (body: { email: string; role: EmployerRole }) => employersApi.invite(employerId, body))
  const {
    register,
    handleSubmit,
    setError,
    reset,
    formState: { errors },
  } = useForm({
    resolver: zodResolver(ZInviteEmployeeRequest),
    defaultValues: { email: '', role: 'employee' as EmployerRole },
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
      <h3>{t('employers.invite.title')}</h3>
      <p className="field-hint">{t('employers.invite.lead')}</p>
      <FormAlert error={invite.error} fieldNames={FIELDS} />
      <StatusMessage>{invite.isSuccess && t('employers.invite.sent', { email: invite.data.email })}</StatusMessage>
      <div className="form-row">
        <TextField label={t('fields.email')} type="email" autoComplete="off" error={errors.email} {...register('email')} />
        <SelectField label={t('fields.role')} error={errors.role} {...register('role')}>
          {ZEmployerRole.options.map((r) => (
            <option key={r} value={r}>
              {t(`employerRoles.${r}`)}
            </option>
          ))}
        </SelectField>
      </div>
      <SubmitButton pending={invite.isPending}>{t('employers.invite.submit')}</SubmitButton>
    </form>
  )
}
