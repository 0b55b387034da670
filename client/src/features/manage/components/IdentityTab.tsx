import { useForm, useWatch } from 'react-hook-form'
import { zodResolver } from '@hookform/resolvers/zod'
import { useTranslation } from 'react-i18next'
import { ZLieuIdentity, type LieuDto, type UpdateLieuRequest } from '@fabrique/shared/lieux/schema'
import { CheckboxField, SelectField, TextAreaField, TextField } from '../../../components/Field.tsx'
import { FormAlert, StatusMessage } from '../../../components/FormAlert.tsx'
import { SubmitButton } from '../../../components/Feedback.tsx'
import { applyServerErrors } from '../../../lib/formErrors.ts'
import { blankToNull, mapResolver } from '../../../lib/formResolver.ts'
import { timeZoneOptions } from '../../../lib/datetime.ts'
import { lieuxApi } from '../../lieux/api.ts'
import { useLieuWrite } from '../../lieux/hooks.ts'

interface IdentityForm {
  name: string
  description: string
  timeZone: string
  address: { street: string; postalCode: string; city: string; country: string }
  contact: { email: string; phone: string; website: string }
  legal: { legalName: string; siret: string; vatNumber: string; vatExempt: boolean }
}
type IdentityRequest = ReturnType<typeof ZLieuIdentity.parse>

const FIELDS = [
  'name',
  'description',
  'timeZone',
  'address.street',
  'address.postalCode',
  'address.city',
  'address.country',
  'contact.email',
  'contact.phone',
  'contact.website',
  'legal.legalName',
  'legal.siret',
  'legal.vatNumber',
  'legal.vatExempt',
] as const

const toForm = (l: LieuDto): IdentityForm => ({
  name: l.name,
  description: l.description,
  timeZone: l.timeZone,
  address: { ...l.address },
  contact: { email: l.contact.email ?? '', phone: l.contact.phone ?? '', website: l.contact.website ?? '' },
  legal: {
    legalName: l.legal.legalName,
    siret: l.legal.siret ?? '',
    vatNumber: l.legal.vatNumber ?? '',
    vatExempt: l.legal.vatExempt,
  },
})

const toRequest = (v: IdentityForm) => ({
  ...v,
  contact: {
    email: blankToNull(v.contact.email),
    phone: blankToNull(v.contact.phone),
    website: blankToNull(v.contact.website),
  },
  legal: {
    ...v.legal,
    siret: blankToNull(v.legal.siret),
    vatNumber: v.legal.vatExempt ? null : blankToNull(v.legal.vatNumber),
  },
})

export function IdentityTab({ lieu }: { lieu: LieuDto }) {
  const { t } = useTranslation()
  const save = useLieuWrite(lieu.id, (body: UpdateLieuRequest) => lieuxApi.update(lieu.id, body))
  const {
    register,
    handleSubmit,
    setError,
    reset,
    control,
    formState: { errors, isDirty },
  } = useForm<IdentityForm, unknown, IdentityRequest>({
    resolver: mapResolver(zodResolver(ZLieuIdentity), toRequest),
    defaultValues: toForm(lieu),
  })
  const vatExempt = useWatch({ control, name: 'legal.vatExempt' })
  const zones = timeZoneOptions()

  // Legal mentions belong to owners; a manager saves the rest without them.
  const canEditLegal = lieu.myRole === 'owner'
  const onSubmit = handleSubmit(async (body) => {
    try {
      const { legal, ...rest } = body
      reset(toForm(await save.mutateAsync(canEditLegal ? body : rest)))
    } catch (e) {
      applyServerErrors(e, setError, FIELDS)
    }
  })

  return (
    <form className="form" noValidate onSubmit={onSubmit}>
      <FormAlert error={save.error} fieldNames={FIELDS} />
      <StatusMessage>{save.isSuccess && !isDirty && t('common.saved')}</StatusMessage>

      <fieldset>
        <legend>{t('manage.identity.general')}</legend>
        <TextField label={t('fields.lieuName')} error={errors.name} {...register('name')} />
        <TextAreaField
          label={t('fields.description')}
          rows={5}
          error={errors.description}
          {...register('description')}
        />
        <SelectField
          label={t('fields.timeZone')}
          hint={t('fields.timeZoneHint')}
          error={errors.timeZone}
          {...register('timeZone')}
        >
          {!zones.includes(lieu.timeZone) && <option value={lieu.timeZone}>{lieu.timeZone}</option>}
          {zones.map((z) => (
            <option key={z} value={z}>
              {z.replace(/_/g, ' ')}
            </option>
          ))}
        </SelectField>
      </fieldset>

      <fieldset>
        <legend>{t('lieu.address')}</legend>
        <TextField
          label={t('fields.street')}
          autoComplete="street-address"
          error={errors.address?.street}
          {...register('address.street')}
        />
        <div className="form-row form-row-3">
          <TextField
            label={t('fields.postalCode')}
            autoComplete="postal-code"
            error={errors.address?.postalCode}
            {...register('address.postalCode')}
          />
          <TextField
            label={t('fields.city')}
            autoComplete="address-level2"
            error={errors.address?.city}
            {...register('address.city')}
          />
          <TextField
            label={t('fields.country')}
            hint={t('fields.countryHint')}
            maxLength={2}
            autoCapitalize="characters"
            error={errors.address?.country}
            {...register('address.country', { setValueAs: (v: string) => v.toUpperCase() })}
          />
        </div>
      </fieldset>

      <fieldset>
        <legend>{t('lieu.contact')}</legend>
        <div className="form-row form-row-3">
          <TextField
            label={t('fields.contactEmail')}
            type="email"
            error={errors.contact?.email}
            {...register('contact.email')}
          />
          <TextField
            label={t('fields.phone')}
            type="tel"
            error={errors.contact?.phone}
            {...register('contact.phone')}
          />
          <TextField
            label={t('fields.website')}
            type="url"
            placeholder="https://"
            error={errors.contact?.website}
            {...register('contact.website')}
          />
        </div>
      </fieldset>

      <fieldset disabled={!canEditLegal}>
        <legend>{t('manage.identity.legal')}</legend>
        <p className="field-hint">
          {canEditLegal ? t('manage.identity.legalLead') : t('manage.identity.legalOwnersOnly')}
        </p>
        <TextField
          label={t('fields.legalName')}
          autoComplete="organization"
          error={errors.legal?.legalName}
          {...register('legal.legalName')}
        />
        <div className="form-row">
          <TextField
            label={t('fields.siret')}
            inputMode="numeric"
            hint={t('fields.siretHint')}
            error={errors.legal?.siret}
            {...register('legal.siret')}
          />
          <TextField
            label={t('fields.vatNumber')}
            hint={vatExempt ? t('fields.vatNumberExempt') : t('fields.vatNumberHint')}
            error={errors.legal?.vatNumber}
            autoCapitalize="characters"
            {...register('legal.vatNumber', { disabled: vatExempt })}
          />
        </div>
        <CheckboxField
          label={t('fields.vatExempt')}
          error={errors.legal?.vatExempt}
          {...register('legal.vatExempt')}
        />
      </fieldset>

      <SubmitButton pending={save.isPending}>{t('common.save')}</SubmitButton>
    </form>
  )
}
