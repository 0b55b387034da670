import { useForm } from 'react-hook-form'
import { zodResolver } from '@hookform/resolvers/zod'
import { useTranslation } from 'react-i18next'
import { ZCreateEmployerRequest, type EmployerDto } from '@fabrique/shared/employers/schema'
import { TextAreaField, TextField } from '../../../components/Field.tsx'
import { FormAlert, StatusMessage } from '../../../components/FormAlert.tsx'
import { SubmitButton } from '../../../components/Feedback.tsx'
import { applyServerErrors } from '../../../lib/formErrors.ts'
import { blankToNull, mapResolver } from '../../../lib/formResolver.ts'
import type { EmployerDetails } from '../api.ts'

interface EmployerFormValues {
  name: string
  siret: string
  vatNumber: string
  billingAddress: string
  billingEmail: string
}
const FIELDS = ['name', 'siret', 'vatNumber', 'billingAddress', 'billingEmail'] as const

const toForm = (e?: EmployerDto): EmployerFormValues => ({
  name: e?.name ?? '',
  siret: e?.siret ?? '',
  vatNumber: e?.vatNumber ?? '',
  billingAddress: e?.billingAddress ?? '',
  billingEmail: e?.billingEmail ?? '',
})
const toRequest = (v: EmployerFormValues) => ({ ...v, siret: blankToNull(v.siret), vatNumber: blankToNull(v.vatNumber) })

/** The employer's name, identifiers and billing details: to create an account, or to change them. */
export function EmployerForm({
  employer,
  save,
  pending,
  error,
  submitLabel,
  savedMessage,
}: {
  employer?: EmployerDto
  save: (body: EmployerDetails) => Promise<EmployerDto>
  pending: boolean
  error: unknown
  submitLabel: string
  savedMessage?: string
}) {
  const { t } = useTranslation()
  const {
    register,
    handleSubmit,
    setError,
    reset,
    formState: { errors, isDirty, isSubmitSuccessful },
  } = useForm<EmployerFormValues, unknown, EmployerDetails>({
    resolver: mapResolver(zodResolver(ZCreateEmployerRequest), toRequest),
    defaultValues: toForm(employer),
  })
  const onSubmit = handleSubmit(async (body) => {
    try {
      const saved = await save(body)
      if (employer) reset(toForm(saved))
    } catch (e) {
      applyServerErrors(e, setError, FIELDS)
    }
  })
  return (
    <form className="form" noValidate onSubmit={onSubmit}>
      <FormAlert error={error} fieldNames={FIELDS} />
      {savedMessage && <StatusMessage>{isSubmitSuccessful && !error && !isDirty && savedMessage}</StatusMessage>}
      <TextField label={t('employers.fields.name')} autoComplete="organization" error={errors.name} {...register('name')} />
      <div className="form-row">
        <TextField
          label={t('employers.fields.siret')}
          hint={t('fields.siretHint')}
          inputMode="numeric"
          error={errors.siret}
          {...register('siret')}
        />
        <TextField
          label={t('fields.vatNumber')}
          hint={t('fields.vatNumberHint')}
          error={errors.vatNumber}
          {...register('vatNumber')}
        />
      </div>
      <TextAreaField
        label={t('employers.fields.billingAddress')}
        hint={t('employers.fields.billingAddressHint')}
        rows={3}
        autoComplete="street-address"
        error={errors.billingAddress}
        {...register('billingAddress')}
      />
      <TextField
        label={t('employers.fields.billingEmail')}
        hint={t('employers.fields.billingEmailHint')}
        type="email"
        autoComplete="email"
        error={errors.billingEmail}
        {...register('billingEmail')}
      />
      <SubmitButton pending={pending}>{submitLabel}</SubmitButton>
    </form>
  )
}
