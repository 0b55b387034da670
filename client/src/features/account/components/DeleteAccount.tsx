import { useForm } from 'react-hook-form'
import { zodResolver } from '@hookform/resolvers/zod'
import { useNavigate } from 'react-router'
import { useTranslation } from 'react-i18next'
import { useMutation, useQueryClient } from '@tanstack/react-query'
import { ZDeleteAccountRequest } from '@fabrique/shared/auth/schema'
import { TextField } from '../../../components/Field.tsx'
import { FormAlert } from '../../../components/FormAlert.tsx'
import { SubmitButton } from '../../../components/Feedback.tsx'
import { isApiError } from '../../../lib/api.ts'
import { applyServerErrors } from '../../../lib/formErrors.ts'
import { meKey, useMe } from '../../auth/hooks.ts'
import { accountApi } from '../api.ts'

export function DeleteAccount() {
  const { t } = useTranslation()
  const me = useMe()
  const qc = useQueryClient()
  const navigate = useNavigate()
  const remove = useMutation({
    mutationFn: (password: string) => accountApi.deleteAccount(password),
    onSuccess: () => {
      qc.clear()
      qc.setQueryData(meKey, null)
      navigate('/', { replace: true })
    },
  })
  const {
    register,
    handleSubmit,
    setError,
    formState: { errors },
  } = useForm({ resolver: zodResolver(ZDeleteAccountRequest), defaultValues: { password: '' } })

  const onSubmit = handleSubmit(async ({ password }) => {
    try {
      await remove.mutateAsync(password)
    } catch (e) {
      if (isApiError(e, 'invalid_credentials')) {
        setError('password', { type: 'server', message: t('errors.wrongPassword') }, { shouldFocus: true })
      } else applyServerErrors(e, setError, ['password'])
    }
  })

  return (
    <form className="form" noValidate onSubmit={onSubmit}>
      <p>{t('account.deleteLead')}</p>
      <FormAlert
        error={isApiError(remove.error, 'invalid_credentials') ? null : remove.error}
        fieldNames={['password']}
      />
      <input
        type="text"
        name="username"
        autoComplete="username"
        value={me.data?.email ?? ''}
        hidden
        readOnly
      />
      <TextField
        label={t('account.deleteConfirm')}
        type="password"
        autoComplete="current-password"
        error={errors.password}
        {...register('password')}
      />
      <SubmitButton pending={remove.isPending} className="button button-danger">
        {t('account.deleteSubmit')}
      </SubmitButton>
    </form>
  )
}
