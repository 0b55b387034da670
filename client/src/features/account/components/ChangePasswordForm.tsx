import { useForm } from 'react-hook-form'
import { zodResolver } from '@hookform/resolvers/zod'
import { useTranslation } from 'react-i18next'
import { useMutation } from '@tanstack/react-query'
import { ZChangePasswordRequest } from '@fabrique/shared/auth/schema'
import { TextField } from '../../../components/Field.tsx'
import { FormAlert, StatusMessage } from '../../../components/FormAlert.tsx'
import { SubmitButton } from '../../../components/Feedback.tsx'
import { applyServerErrors } from '../../../lib/formErrors.ts'
import { isApiError } from '../../../lib/api.ts'
import { accountApi } from '../api.ts'
import { useMe } from '../../auth/hooks.ts'

const FIELDS = ['currentPassword', 'newPassword'] as const

export function ChangePasswordForm() {
  const { t } = useTranslation()
  const me = useMe()
  const change = useMutation({ mutationFn: accountApi.changePassword })
  const {
    register,
    handleSubmit,
    setError,
    reset,
    formState: { errors },
  } = useForm({
    resolver: zodResolver(ZChangePasswordRequest),
    defaultValues: { currentPassword: '', newPassword: '' },
  })

  const onSubmit = handleSubmit(async (body) => {
    try {
      await change.mutateAsync(body)
      reset()
    } catch (e) {
      // A wrong current password is the usual mistake: say it next to that field.
      if (isApiError(e, 'invalid_credentials')) {
        setError(
          'currentPassword',
          { type: 'server', message: t('errors.wrongPassword') },
          { shouldFocus: true },
        )
      } else applyServerErrors(e, setError, FIELDS)
    }
  })

  return (
    <form className="form" noValidate onSubmit={onSubmit}>
      {/* Lets password managers tie the new password to the account. */}
      <input
        type="text"
        name="username"
        autoComplete="username"
        value={me.data?.email ?? ''}
        hidden
        readOnly
      />
      <FormAlert
        error={isApiError(change.error, 'invalid_credentials') ? null : change.error}
        fieldNames={FIELDS}
      />
      <StatusMessage>{change.isSuccess && t('account.passwordChanged')}</StatusMessage>
      <div className="form-row">
        <TextField
          label={t('fields.currentPassword')}
          type="password"
          autoComplete="current-password"
          error={errors.currentPassword}
          {...register('currentPassword')}
        />
        <TextField
          label={t('fields.newPassword')}
          type="password"
          autoComplete="new-password"
          hint={t('auth.passwordHint')}
          error={errors.newPassword}
          {...register('newPassword')}
        />
      </div>
      <SubmitButton pending={change.isPending}>{t('account.changePassword')}</SubmitButton>
    </form>
  )
}
