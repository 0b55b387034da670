import { useForm } from 'react-hook-form'
import { zodResolver } from '@hookform/resolvers/zod'
import { useTranslation } from 'react-i18next'
import { ZUpdateProfileRequest, type Locale, type MeDto } from '@fabrique/shared/auth/schema'
import { CheckboxField, SelectField, TextField } from '../../../components/Field.tsx'
import { FormAlert, StatusMessage } from '../../../components/FormAlert.tsx'
import { SubmitButton } from '../../../components/Feedback.tsx'
import { applyServerErrors } from '../../../lib/formErrors.ts'
import { blankToNull, mapResolver } from '../../../lib/formResolver.ts'
import { setLanguage } from '../../../lib/i18n.ts'
import { useUpdateProfile } from '../hooks.ts'

interface ProfileValues {
  name: string
  phone: string
  locale: Locale
  visibleToCommunity: boolean
}
const FIELDS = ['name', 'phone', 'locale', 'visibleToCommunity'] as const

export function ProfileForm({ me }: { me: MeDto }) {
  const { t } = useTranslation()
  const update = useUpdateProfile()
  const {
    register,
    handleSubmit,
    setError,
    reset,
    formState: { errors, isDirty },
  } = useForm<ProfileValues, unknown, ReturnType<typeof ZUpdateProfileRequest.parse>>({
    resolver: mapResolver(zodResolver(ZUpdateProfileRequest), (v: ProfileValues) => ({
      ...v,
      phone: blankToNull(v.phone),
    })),
    defaultValues: {
      name: me.name,
      phone: me.phone ?? '',
      locale: me.locale,
      visibleToCommunity: me.visibleToCommunity,
    },
  })

  const onSubmit = handleSubmit(async (body) => {
    try {
      const saved = await update.mutateAsync(body)
      setLanguage(saved.locale)
      reset({
        name: saved.name,
        phone: saved.phone ?? '',
        locale: saved.locale,
        visibleToCommunity: saved.visibleToCommunity,
      })
    } catch (e) {
      applyServerErrors(e, setError, FIELDS)
    }
  })

  return (
    <form className="form" noValidate onSubmit={onSubmit}>
      <FormAlert error={update.error} fieldNames={FIELDS} />
      <StatusMessage>{update.isSuccess && !isDirty && t('common.saved')}</StatusMessage>
      <div className="form-row">
        <TextField label={t('fields.name')} autoComplete="name" error={errors.name} {...register('name')} />
        <TextField
          label={t('fields.phoneOptional')}
          type="tel"
          autoComplete="tel"
          error={errors.phone}
          {...register('phone')}
        />
      </div>
      <SelectField label={t('fields.language')} error={errors.locale} {...register('locale')}>
        <option value="fr" lang="fr">
          Français
        </option>
        <option value="en" lang="en">
          English
        </option>
      </SelectField>
      <CheckboxField
        label={t('fields.visibleToCommunity')}
        hint={t('fields.visibleToCommunityHint')}
        error={errors.visibleToCommunity}
        {...register('visibleToCommunity')}
      />
      <SubmitButton pending={update.isPending}>{t('common.save')}</SubmitButton>
    </form>
  )
}
