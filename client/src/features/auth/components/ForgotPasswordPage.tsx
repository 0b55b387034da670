import { Link } from 'react-router'
import { useTranslation } from 'react-i18next'
import { useMutation } from '@tanstack/react-query'
import { useForm } from 'react-hook-form'
import { zodResolver } from '@hookform/resolvers/zod'
import { ZPasswordResetRequest } from '@fabrique/shared/auth/schema'
import { FormAlert } from '../../../components/FormAlert.tsx'
import { SubmitButton } from '../../../components/Feedback.tsx'
import { TextField } from '../../../components/Field.tsx'
import { applyServerErrors } from '../../../lib/formErrors.ts'
import { authApi } from '../api.ts'
import { AuthCard } from './AuthCard.tsx'

export function ForgotPasswordPage() {
  const { t } = useTranslation()
  const request = useMutation({ mutationFn: authApi.requestPasswordReset })
  const {
    register,
    handleSubmit,
    setError,
    getValues,
    formState: { errors },
  } = useForm({ resolver: zodResolver(ZPasswordResetRequest), defaultValues: { email: '' } })

  if (request.isSuccess) {
    return (
      <AuthCard title={t('auth.forgot.sentTitle')}>
        <p role="status">{t('auth.forgot.sent', { email: getValues('email') })}</p>
        <Link to="/connexion">{t('auth.backToLogin')}</Link>
      </AuthCard>
    )
  }
  return (
    <AuthCard title={t('auth.forgot.title')} intro={t('auth.forgot.intro')}>
      <form
        className="form"
        noValidate
        onSubmit={handleSubmit(async (v) => {
          try {
            await request.mutateAsync(v.email)
          } catch (e) {
            applyServerErrors(e, setError, ['email'])
          }
        })}
      >
        <FormAlert error={request.error} fieldNames={['email']} />
        <TextField
          label={t('fields.email')}
          type="email"
          autoComplete="email"
          error={errors.email}
          {...register('email')}
        />
        <SubmitButton pending={request.isPending}>{t('auth.forgot.submit')}</SubmitButton>
      </form>
      <p className="auth-switch">
        <Link to="/connexion">{t('auth.backToLogin')}</Link>
      </p>
    </AuthCard>
  )
}
