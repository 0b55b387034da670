import { useTranslation } from 'react-i18next'
import { useMutation } from '@tanstack/react-query'
import { FormAlert } from '../../../components/FormAlert.tsx'
import { downloadMyData } from '../hooks.ts'

export function MyData() {
  const { t } = useTranslation()
  const download = useMutation({ mutationFn: downloadMyData })
  return (
    <>
      <p className="muted">{t('account.dataLead')}</p>
      <FormAlert error={download.error} />
      <button
        type="button"
        className="button button-secondary"
        disabled={download.isPending}
        aria-busy={download.isPending || undefined}
        onClick={() => download.mutate()}
      >
        {t('account.download')}
      </button>
    </>
  )
}
