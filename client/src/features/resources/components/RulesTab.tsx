import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useMutation, useQueryClient } from '@tanstack/react-query'
import type { LieuDto } from '@fabrique/shared/lieux/schema'
import { ZBookingRulesPatch, type BookingRules } from '@fabrique/shared/resources/rules'
import { ErrorState, Loading, SubmitButton } from '../../../components/Feedback.tsx'
import { FormAlert, StatusMessage } from '../../../components/FormAlert.tsx'
import { resourcesApi } from '../api.ts'
import { resourcesKey, rulesKey, useLieuRules } from '../hooks.ts'
import { rulesToValues, valuesToRules, type RuleValues } from '../rulesForm.ts'
import { RuleFields, issuesByField } from './RuleFields.tsx'

/** The lieu's default booking rules (PUT /lieux/:id/booking-rules). */
export function RulesTab({ lieu }: { lieu: LieuDto }) {
  const rules = useLieuRules(lieu.id)
  if (rules.isPending) return <Loading />
  if (rules.isError) return <ErrorState error={rules.error} onRetry={() => void rules.refetch()} />
  return <RulesForm lieu={lieu} rules={rules.data} />
}

function RulesForm({ lieu, rules }: { lieu: LieuDto; rules: BookingRules }) {
  const { t } = useTranslation()
  const qc = useQueryClient()
  const [values, setValues] = useState<RuleValues>(() => rulesToValues(rules))
  const [errors, setErrors] = useState<Record<string, string>>({})
  const save = useMutation({
    mutationFn: (body: ReturnType<typeof valuesToRules>) => resourcesApi.putRules(lieu.id, body),
    onSuccess: (r) => {
      qc.setQueryData(rulesKey(lieu.id), r)
      void qc.invalidateQueries({ queryKey: resourcesKey(lieu.id) })
      setValues(rulesToValues(r))
    },
  })
  return (
    <form
      className="form card"
      noValidate
      onSubmit={(e) => {
        e.preventDefault()
        const parsed = ZBookingRulesPatch.safeParse(valuesToRules(values, 'lieu'))
        if (!parsed.success) {
          setErrors(issuesByField(parsed.error.issues))
          return
        }
        setErrors({})
        save.mutate(parsed.data)
      }}
    >
      <p className="muted">{t('rules.lead', { zone: lieu.timeZone })}</p>
      <FormAlert error={save.error} />
      <RuleFields values={values} onChange={setValues} errors={errors} />
      <StatusMessage>{save.isSuccess && t('common.saved')}</StatusMessage>
      <SubmitButton pending={save.isPending}>{t('rules.save')}</SubmitButton>
    </form>
  )
}
