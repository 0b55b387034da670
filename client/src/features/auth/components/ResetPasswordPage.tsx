import { Link, useSearchParams } from 'react-router'
import { useTranslation } from 'react-i18next'
import { useMutation } from '@tanstack/react-query'
import { useForm } from 'react-hook-form'
import { zodResolver } from '@hookform/resolvers/zod'
import { ZPasswordResetConfirm } from '@fabrique/shared/auth/schema'
import { FormAlert } from '../../../components/FormAlert.tsx'
import { SubmitButton } from '../../../components/Feedback.tsx'
import { TextField } from '../../../components/Field.tsx'
import { applyServerErrors } from '../../../lib/formErrors.ts'
import { isApiError } from '../../../lib/api.ts'
import { authApi } from '../api.ts'
import { AuthCard } from './AuthCard.tsx'

export function ResetPasswordPage() {
  const { t } = useTranslation()
  const [params] = useSearchParams()
  const token = params.get('token') ?? ''
  const confirm = useMutation({
    mutationFn: (v: { token: string; password: string }) => authApi.confirmPasswordReset(v.token, v.password),
  })
  const {
    register,
    handleSubmit,
    setError,
    formState: { errors },
  } = useForm({ resolver: zodResolver(ZPasswordResetConfirm), defaultValues: { token, password: '' } })

  if (confirm.isSuccess) {
    return (
      <AuthCard title={t('auth.reset.doneTitle')}>
        <p role="status">{t('auth.reset.done')}</p>
        <Link className="button" to="/connexion">
          {t('auth.login.submit')}
        </Link>
      </AuthCard>
    )
  }
  const badToken = !token || isApiError(confirm.error, 'token_invalid') || Boolean(errors.token)
  return (
    <AuthCard title={t('auth.reset.title')}>
      <form
        className="form"
        noValidate
        onSubmit={handleSubmit(async (v) => {
          try {
            await confirm.mutateAsync(v)
          } catch (e) {
            applyServerErrors(e, setError, ['password', 'token'])
          }
        })}
      >
        <FormAlert error={confirm.error} fieldNames={['password', 'token']} />
        {badToken && (
          <p className="alert alert-warning">
            {t('auth.reset.badToken')} <Link to="/mot-de-passe-oublie">{t('auth.reset.askAgain')}</Link>
          </p>
        )}
        <input type="hidden" {...register('token')} />
        <TextField
          label={t('fields.newPassword')}
          type="password"
          autoComplete="new-password"
          hint={t('auth.passwordHint')}
          error={errors.password}
          {...register('password')}
        />
        <SubmitButton pending={confirm.isPending}>{t('auth.reset.submit')}</SubmitButton>
      </form>
    </AuthCard>
  )
}
