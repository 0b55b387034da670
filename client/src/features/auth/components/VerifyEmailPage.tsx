import { useEffect, useRef, useState } from 'react'
import { Link, useSearchParams } from 'react-router'
import { useTranslation } from 'react-i18next'
import { useMutation } from '@tanstack/react-query'
import { useForm } from 'react-hook-form'
import { zodResolver } from '@hookform/resolvers/zod'
import { ZResendVerificationRequest } from '@fabrique/shared/auth/schema'
import { FormAlert, StatusMessage } from '../../../components/FormAlert.tsx'
import { Loading, SubmitButton } from '../../../components/Feedback.tsx'
import { TextField } from '../../../components/Field.tsx'
import { authApi } from '../api.ts'
import { takeRememberedNext, useSignedIn } from '../hooks.ts'
import { AuthCard } from './AuthCard.tsx'

export function VerifyEmailPage() {
  const { t } = useTranslation()
  const [params] = useSearchParams()
  const token = params.get('token') ?? ''
  const signedIn = useSignedIn()
  const [next, setNext] = useState<string>('/')
  const verify = useMutation({
    mutationFn: authApi.verifyEmail,
    onSuccess: (me) => {
      setNext(takeRememberedNext() ?? '/')
      signedIn(me)
    },
  })
  // The token is single-use: send it once, even when React runs effects twice in development.
  const sent = useRef(false)
  useEffect(() => {
    if (token && !sent.current) {
      sent.current = true
      verify.mutate(token)
    }
  }, [token, verify])

  if (verify.isSuccess) {
    return (
      <AuthCard title={t('auth.verify.doneTitle')}>
        <p>{t('auth.verify.done', { name: verify.data.name })}</p>
        <Link className="button" to={next}>
          {t('common.continue')}
        </Link>
      </AuthCard>
    )
  }
  if (token && !verify.isError) {
    return (
      <AuthCard title={t('auth.verify.title')}>
        <Loading label={t('auth.verify.checking')} />
      </AuthCard>
    )
  }
  return (
    <AuthCard title={t('auth.verify.title')}>
      <FormAlert error={verify.error} />
      {!token && <p>{t('auth.verify.missingToken')}</p>}
      <ResendForm />
    </AuthCard>
  )
}

function ResendForm() {
  const { t } = useTranslation()
  const resend = useMutation({ mutationFn: authApi.resendVerification })
  const {
    register,
    handleSubmit,
    formState: { errors },
  } = useForm({ resolver: zodResolver(ZResendVerificationRequest), defaultValues: { email: '' } })
  return (
    <form className="form" noValidate onSubmit={handleSubmit((v) => resend.mutate(v.email))}>
      <h2 className="h3">{t('auth.verify.resendTitle')}</h2>
      <FormAlert error={resend.error} />
      <StatusMessage>{resend.isSuccess && t('auth.register.resent')}</StatusMessage>
      <TextField
        label={t('fields.email')}
        type="email"
        autoComplete="email"
        error={errors.email}
        {...register('email')}
      />
      <SubmitButton pending={resend.isPending}>{t('auth.login.resend')}</SubmitButton>
    </form>
  )
}
