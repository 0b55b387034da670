import { useForm } from 'react-hook-form'
import { zodResolver } from '@hookform/resolvers/zod'
import { Link, Navigate, useSearchParams } from 'react-router'
import { useTranslation } from 'react-i18next'
import { useMutation } from '@tanstack/react-query'
import { ZRegisterRequest, type RegisterRequest } from '@fabrique/shared/auth/schema'
import { TextField } from '../../../components/Field.tsx'
import { FormAlert, StatusMessage } from '../../../components/FormAlert.tsx'
import { SubmitButton } from '../../../components/Feedback.tsx'
import { applyServerErrors } from '../../../lib/formErrors.ts'
import { isLanguage } from '../../../lib/i18n.ts'
import { authApi } from '../api.ts'
import { rememberNext, safeNext, useMe } from '../hooks.ts'
import { AuthCard } from './AuthCard.tsx'

const FIELDS = ['name', 'email', 'password'] as const

export function RegisterPage() {
  const { t, i18n } = useTranslation()
  const [params] = useSearchParams()
  const next = safeNext(params.get('next'))
  const me = useMe()
  const registration = useMutation({ mutationFn: (body: RegisterRequest) => authApi.register(body) })
  const resend = useMutation({ mutationFn: authApi.resendVerification })
  const {
    register,
    handleSubmit,
    setError,
    getValues,
    formState: { errors },
  } = useForm({
    resolver: zodResolver(ZRegisterRequest),
    defaultValues: { name: '', email: params.get('email') ?? '', password: '' },
  })

  if (me.data) return <Navigate to={next ?? '/'} replace />

  const onSubmit = handleSubmit(async (values) => {
    try {
      rememberNext(next)
      await registration.mutateAsync({ ...values, locale: isLanguage(i18n.language) ? i18n.language : 'fr' })
    } catch (e) {
      applyServerErrors(e, setError, FIELDS)
    }
  })

  if (registration.isSuccess) {
    const email = getValues('email')
    return (
      <AuthCard title={t('auth.register.checkInbox')}>
        <p>{t('auth.register.sentTo', { email })}</p>
        <p className="muted">{t('auth.register.checkSpam')}</p>
        <StatusMessage>{resend.isSuccess && t('auth.register.resent')}</StatusMessage>
        <FormAlert error={resend.error} />
        <button
          type="button"
          className="button button-secondary"
          disabled={resend.isPending}
          onClick={() => resend.mutate(email)}
        >
          {t('auth.login.resend')}
        </button>
      </AuthCard>
    )
  }

  return (
    <AuthCard title={t('auth.register.title')} intro={t('auth.register.intro')}>
      <form onSubmit={onSubmit} noValidate className="form">
        <FormAlert error={registration.error} fieldNames={FIELDS} />
        <TextField label={t('fields.name')} autoComplete="name" error={errors.name} {...register('name')} />
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
          autoComplete="new-password"
          hint={t('auth.passwordHint')}
          error={errors.password}
          {...register('password')}
        />
        <SubmitButton pending={registration.isPending}>{t('auth.register.submit')}</SubmitButton>
      </form>
      <p className="auth-switch">
        {t('auth.register.haveAccount')}{' '}
        <Link to={next ? `/connexion?next=${encodeURIComponent(next)}` : '/connexion'}>
          {t('auth.login.title')}
        </Link>
      </p>
    </AuthCard>
  )
}
