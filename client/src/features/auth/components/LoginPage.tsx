import { useState } from 'react'
import { useForm } from 'react-hook-form'
import { zodResolver } from '@hookform/resolvers/zod'
import { Link, Navigate, useNavigate, useSearchParams } from 'react-router'
import { useTranslation } from 'react-i18next'
import { useMutation } from '@tanstack/react-query'
import { ZLoginRequest } from '@fabrique/shared/auth/schema'
import { TextField } from '../../../components/Field.tsx'
import { FormAlert, StatusMessage } from '../../../components/FormAlert.tsx'
import { SubmitButton } from '../../../components/Feedback.tsx'
import { applyServerErrors } from '../../../lib/formErrors.ts'
import { isApiError } from '../../../lib/api.ts'
import { authApi } from '../api.ts'
import { safeNext, useLogin, useMe } from '../hooks.ts'
import { AuthCard } from './AuthCard.tsx'

export function LoginPage() {
  const { t } = useTranslation()
  const [params] = useSearchParams()
  const next = safeNext(params.get('next'))
  const navigate = useNavigate()
  const me = useMe()
  const login = useLogin()
  const resend = useMutation({ mutationFn: authApi.resendVerification })
  const [resentTo, setResentTo] = useState<string | null>(null)
  const {
    register,
    handleSubmit,
    setError,
    getValues,
    formState: { errors },
  } = useForm({ resolver: zodResolver(ZLoginRequest), defaultValues: { email: '', password: '' } })

  if (me.data && !login.isSuccess) return <Navigate to={next ?? '/'} replace />

  const onSubmit = handleSubmit(async (values) => {
    try {
      await login.mutateAsync(values)
      navigate(next ?? '/', { replace: true })
    } catch (e) {
      applyServerErrors(e, setError, ['email', 'password'])
    }
  })

  const withNext = (path: string) => (next ? `${path}?next=${encodeURIComponent(next)}` : path)

  return (
    <AuthCard title={t('auth.login.title')}>
      <form onSubmit={onSubmit} noValidate className="form">
        <FormAlert error={login.error} fieldNames={['email', 'password']}>
          {isApiError(login.error, 'email_not_verified') && (
            <button
              type="button"
              className="button button-secondary"
              disabled={resend.isPending}
              onClick={() => {
                const email = getValues('email')
                resend.mutate(email, { onSuccess: () => setResentTo(email) })
              }}
            >
              {t('auth.login.resend')}
            </button>
          )}
        </FormAlert>
        <StatusMessage>{resentTo && t('auth.register.sentTo', { email: resentTo })}</StatusMessage>
        <TextField
          label={t('fields.email')}
          type="email"
          autoComplete="email"
          error={errors.email}
          {...register('email')}
        />
        <TextField
          label={t('fields.password')}
          type="password"
          autoComplete="current-password"
          error={errors.password}
          {...register('password')}
        />
        <p className="form-aside">
          <Link to="/mot-de-passe-oublie">{t('auth.login.forgot')}</Link>
        </p>
        <SubmitButton pending={login.isPending}>{t('auth.login.submit')}</SubmitButton>
      </form>
      <p className="auth-switch">
        {t('auth.login.noAccount')} <Link to={withNext('/inscription')}>{t('auth.register.title')}</Link>
      </p>
    </AuthCard>
  )
}
