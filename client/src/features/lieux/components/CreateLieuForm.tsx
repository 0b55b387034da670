import { useForm, useWatch } from 'react-hook-form'
import { zodResolver } from '@hookform/resolvers/zod'
import { useNavigate } from 'react-router'
import { useTranslation } from 'react-i18next'
import { ZCreateLieuRequest } from '@fabrique/shared/lieux/schema'
import type { MeDto } from '@fabrique/shared/auth/schema'
import { SelectField, TextAreaField, TextField } from '../../../components/Field.tsx'
import { FormAlert } from '../../../components/FormAlert.tsx'
import { SubmitButton } from '../../../components/Feedback.tsx'
import { applyServerErrors } from '../../../lib/formErrors.ts'
import { blankToNull, mapResolver } from '../../../lib/formResolver.ts'
import { timeZoneOptions } from '../../../lib/datetime.ts'
import { useCreateLieu } from '../hooks.ts'
import { slugify } from '../slug.ts'

interface CreateLieuForm {
  name: string
  slug: string
  description: string
  timeZone: string
  address: { street: string; postalCode: string; city: string; country: string }
  networkId: string
}

const FIELDS = [
  'name',
  'slug',
  'description',
  'timeZone',
  'address.street',
  'address.postalCode',
  'address.city',
  'address.country',
  'networkId',
] as const

// The rest of the identity (contact, legal mentions) is filled in on the lieu's settings page.
const toRequest = (v: CreateLieuForm) => ({
  ...v,
  networkId: blankToNull(v.networkId),
  contact: { email: null, phone: null, website: null },
  legal: { legalName: '', siret: null, vatNumber: null, vatExempt: false },
})

export function CreateLieuForm({ networks }: { networks: MeDto['networks'] }) {
  const { t } = useTranslation()
  const navigate = useNavigate()
  const create = useCreateLieu()
  const {
    register,
    handleSubmit,
    setError,
    setValue,
    getFieldState,
    control,
    formState: { errors },
  } = useForm<CreateLieuForm, unknown, ReturnType<typeof ZCreateLieuRequest.parse>>({
    resolver: mapResolver(zodResolver(ZCreateLieuRequest), toRequest),
    defaultValues: {
      name: '',
      slug: '',
      description: '',
      timeZone: 'Europe/Paris',
      address: { street: '', postalCode: '', city: '', country: 'FR' },
      networkId: '',
    },
  })
  const slug = useWatch({ control, name: 'slug' })

  const onSubmit = handleSubmit(async (body) => {
    try {
      const lieu = await create.mutateAsync(body)
      navigate(`/lieux/${lieu.id}/gerer`)
    } catch (e) {
      applyServerErrors(e, setError, FIELDS)
    }
  })

  return (
    <form className="form" noValidate onSubmit={onSubmit}>
      <FormAlert error={create.error} fieldNames={FIELDS} />
      <div className="form-row">
        <TextField
          label={t('fields.lieuName')}
          error={errors.name}
          {...register('name', {
            onChange: (e: { target: { value: string } }) => {
              // The slug follows the name until someone edits it by hand.
              if (!getFieldState('slug').isDirty) setValue('slug', slugify(e.target.value))
            },
          })}
        />
        <TextField
          label={t('fields.slug')}
          hint={t('fields.slugHint', { url: `${window.location.origin}/l/${slug || '…'}` })}
          error={errors.slug}
          autoCapitalize="none"
          spellCheck={false}
          {...register('slug')}
        />
      </div>
      <TextAreaField
        label={t('fields.description')}
        rows={3}
        error={errors.description}
        {...register('description')}
      />
      <fieldset>
        <legend>{t('lieu.address')}</legend>
        <TextField
          label={t('fields.street')}
          autoComplete="street-address"
          error={errors.address?.street}
          {...register('address.street')}
        />
        <div className="form-row">
          <TextField
            label={t('fields.postalCode')}
            autoComplete="postal-code"
            inputMode="numeric"
            error={errors.address?.postalCode}
            {...register('address.postalCode')}
          />
          <TextField
            label={t('fields.city')}
            autoComplete="address-level2"
            error={errors.address?.city}
            {...register('address.city')}
          />
        </div>
      </fieldset>
      <div className="form-row">
        <SelectField label={t('fields.timeZone')} error={errors.timeZone} {...register('timeZone')}>
          {timeZoneOptions().map((z) => (
            <option key={z} value={z}>
              {z.replace(/_/g, ' ')}
            </option>
          ))}
        </SelectField>
        {networks.length > 0 && (
          <SelectField label={t('fields.network')} error={errors.networkId} {...register('networkId')}>
            <option value="">{t('fields.noNetwork')}</option>
            {networks.map((n) => (
              <option key={n.id} value={n.id}>
                {n.name}
              </option>
            ))}
          </SelectField>
        )}
      </div>
      <SubmitButton pending={create.isPending}>{t('home.createLieuSubmit')}</SubmitButton>
    </form>
  )
}
