import { useTranslation } from 'react-i18next'
import type { EmployerDto } from '@fabrique/shared/employers/schema'
import { useQueryClient } from '@tanstack/react-query'
import { meKey } from '../../auth/hooks.ts'
import { employersApi, type EmployerDetails } from '../api.ts'
import { useEmployerWrite } from '../hooks.ts'
import { EmployerForm } from './EmployerForm.tsx'

/** The name, SIRET, VAT number and billing details printed on the employer's invoices. */
export function SettingsTab({ employer }: { employer: EmployerDto }) {
  const { t } = useTranslation()
  const qc = useQueryClient()
  const save = useEmployerWrite(employer.id, (body: EmployerDetails) => employersApi.update(employer.id, body))
  return (
    <div className="stack narrow">
      <p className="muted">{t('employers.settings.lead')}</p>
      <EmployerForm
        employer={employer}
        save={async (body) => {
          const saved = await save.mutateAsync(body)
          // The name shows in the navigation and on the home page.
          void qc.invalidateQueries({ queryKey: meKey })
          return saved
        }}
        pending={save.isPending}
        error={save.error}
        submitLabel={t('common.save')}
        savedMessage={t('common.saved')}
      />
    </div>
  )
}
