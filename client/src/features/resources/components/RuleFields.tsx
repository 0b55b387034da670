import { useTranslation } from 'react-i18next'
import type { BookingRules } from '@fabrique/shared/resources/rules'
import { SelectField, TextField } from '../../../components/Field.tsx'
import { NULLABLE_RULES, NUMERIC_RULES, type RuleValues } from '../rulesForm.ts'

/**
 * Every booking rule with its plain-language explanation. As overrides (`inherited` given), an
 * empty field keeps the lieu's value, shown as placeholder.
 */
export function RuleFields({
  values,
  onChange,
  errors,
  inherited,
}: {
  values: RuleValues
  onChange: (v: RuleValues) => void
  errors: Record<string, string>
  inherited?: BookingRules
}) {
  const { t } = useTranslation()
  const set = (k: keyof RuleValues, v: string) => onChange({ ...values, [k]: v })
  const inheritLabel = (v: string) => t('rules.inherit', { value: v })
  return (
    <div className="rule-fields">
      {NUMERIC_RULES.map((k) => (
        <TextField
          key={k}
          label={t(`rules.${k}.label`)}
          hint={t(`rules.${k}.hint`)}
          type="number"
          inputMode="numeric"
          min={0}
          value={values[k]}
          placeholder={
            inherited
              ? inheritLabel(inherited[k] === null ? t('rules.none') : String(inherited[k]))
              : NULLABLE_RULES.includes(k)
                ? t('rules.none')
                : undefined
          }
          error={errors[k] ? { message: errors[k] } : undefined}
          onChange={(e) => set(k, e.target.value)}
        />
      ))}
      <SelectField
        label={t('rules.approvalRequired.label')}
        hint={t('rules.approvalRequired.hint')}
        value={values.approvalRequired}
        onChange={(e) => set('approvalRequired', e.target.value)}
      >
        {inherited && <option value="">{inheritLabel(inherited.approvalRequired ? t('rules.yes') : t('rules.no'))}</option>}
        <option value="no">{t('rules.no')}</option>
        <option value="yes">{t('rules.yes')}</option>
      </SelectField>
      <SelectField
        label={t('rules.whoMayBook.label')}
        hint={t('rules.whoMayBook.hint')}
        value={values.whoMayBook}
        onChange={(e) => set('whoMayBook', e.target.value)}
      >
        {inherited && <option value="">{inheritLabel(t(`rules.whoMayBook.${inherited.whoMayBook}`))}</option>}
        <option value="members">{t('rules.whoMayBook.members')}</option>
        <option value="public">{t('rules.whoMayBook.public')}</option>
      </SelectField>
    </div>
  )
}

/** Zod issues → { field: message } for the rule fields. */
export function issuesByField(issues: readonly { path: readonly PropertyKey[]; message: string }[], prefix: string[] = []): Record<string, string> {
  const out: Record<string, string> = {}
  for (const i of issues) {
    const path = i.path.map(String)
    if (prefix.every((p, k) => path[k] === p)) {
      const key = path.slice(prefix.length).join('.')
      if (!(key in out)) out[key] = i.message
    }
  }
  return out
}
