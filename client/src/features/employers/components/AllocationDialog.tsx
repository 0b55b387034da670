import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { Allocation, EmployeeDto } from '@fabrique/shared/employers/schema'
import type { ResourceKind } from '@fabrique/shared/resources/schema'
import { Modal } from '../../../components/Modal.tsx'
import { SelectField, TextField } from '../../../components/Field.tsx'
import { FormAlert } from '../../../components/FormAlert.tsx'
import { SubmitButton } from '../../../components/Feedback.tsx'
import { WEEKDAYS, weekdayName } from '../../../lib/datetime.ts'
import { centsToInput, parseEuros } from '../../billing/format.ts'
import { validationError } from '../../billing/components/formBits.ts'
import { employersApi } from '../api.ts'
import { useEmployerWrite } from '../hooks.ts'

const KINDS: ResourceKind[] = ['desk', 'room', 'machine', 'zone']
const toggle = <T,>(list: T[], item: T, on: boolean) => (on ? [...list, item] : list.filter((x) => x !== item))

/** An employee's allocation: a budget (days or euros, per month or in total) and limits (lieux, kinds, days). */
export function AllocationDialog({
  employerId,
  employee,
  lieux,
  onClose,
}: {
  employerId: string
  employee: EmployeeDto
  /** The lieux the pools cover, to choose from. */
  lieux: { id: string; name: string }[]
  onClose: () => void
}) {
  const { t, i18n } = useTranslation()
  const a = employee.allocation
  const [budgetKind, setBudgetKind] = useState(a.budgetKind)
  const [budgetPeriod, setBudgetPeriod] = useState(a.budgetPeriod)
  const [amount, setAmount] = useState(
    a.budgetKind === 'euros' ? centsToInput(a.budgetAmount, i18n.language) : a.budgetKind === 'days' ? String(a.budgetAmount) : '',
  )
  const [lieuIds, setLieuIds] = useState(a.lieuIds)
  const [kinds, setKinds] = useState<ResourceKind[]>(a.resourceKinds)
  const [weekdays, setWeekdays] = useState(a.weekdays)
  const [invalid, setInvalid] = useState(false)
  const save = useEmployerWrite(employerId, (body: Allocation) => employersApi.setAllocation(employerId, employee.userId, body))
  // Lieux named before but no longer covered by a pool stay listed, so they can be unticked.
  const choices = [...lieux, ...a.lieuIds.filter((id) => !lieux.some((l) => l.id === id)).map((id) => ({ id, name: t('employers.allocation.unknownLieu') }))]

  const budgetAmount = (): number | null => {
    if (budgetKind === 'none') return 0
    if (budgetKind === 'euros') return parseEuros(amount)
    const n = Number(amount)
    return amount.trim() !== '' && Number.isInteger(n) && n >= 0 ? n : null
  }
  const submit = (e: React.FormEvent) => {
    e.preventDefault()
    const value = budgetAmount()
    setInvalid(value === null)
    if (value === null) return
    save.mutate(
      { budgetKind, budgetPeriod, budgetAmount: value, lieuIds, resourceKinds: kinds, weekdays: [...weekdays].sort() },
      { onSuccess: onClose },
    )
  }
  const amountError = invalid ? { message: t(budgetKind === 'euros' ? 'employers.allocation.amountEuros' : 'employers.allocation.amountDays') } : undefined

  return (
    <Modal title={t('employers.allocation.title', { name: employee.name })} onClose={onClose} className="modal-wide">
      <form className="form" noValidate onSubmit={submit}>
        <FormAlert error={invalid ? validationError([{ field: 'budgetAmount', message: amountError!.message }]) : save.error} fieldNames={['budgetAmount']} />
        <fieldset className="fieldset">
          <legend>{t('employers.allocation.budget')}</legend>
          <div className="radio-stack">
            {(['none', 'days', 'euros'] as const).map((k) => (
              <label key={k} className="radio">
                <input type="radio" name="budgetKind" checked={budgetKind === k} onChange={() => setBudgetKind(k)} />
                {t(`employers.allocation.kind.${k}`)}
              </label>
            ))}
          </div>
          {budgetKind !== 'none' && (
            <div className="form-row">
              <TextField
                label={budgetKind === 'days' ? t('employers.allocation.amountDaysLabel') : t('employers.allocation.amountEurosLabel')}
                inputMode={budgetKind === 'days' ? 'numeric' : 'decimal'}
                value={amount}
                error={amountError}
                onChange={(e) => setAmount(e.target.value)}
              />
              <SelectField
                label={t('employers.allocation.period')}
                value={budgetPeriod}
                onChange={(e) => setBudgetPeriod(e.target.value as Allocation['budgetPeriod'])}
              >
                <option value="month">{t('employers.allocation.perMonth')}</option>
                <option value="total">{t('employers.allocation.inTotal')}</option>
              </SelectField>
            </div>
          )}
        </fieldset>
        <fieldset className="fieldset">
          <legend>{t('employers.allocation.where')}</legend>
          <p className="field-hint">{t('employers.allocation.noneMeansAll')}</p>
          {choices.length === 0 ? (
            <p className="muted small">{t('employers.allocation.noLieux')}</p>
          ) : (
            <div className="chip-row">
              {choices.map((l) => (
                <label key={l.id} className="chip-check">
                  <input type="checkbox" checked={lieuIds.includes(l.id)} onChange={(e) => setLieuIds(toggle(lieuIds, l.id, e.target.checked))} />
                  {l.name}
                </label>
              ))}
            </div>
          )}
        </fieldset>
        <fieldset className="fieldset">
          <legend>{t('employers.allocation.what')}</legend>
          <p className="field-hint">{t('employers.allocation.noneMeansAll')}</p>
          <div className="chip-row">
            {KINDS.map((k) => (
              <label key={k} className="chip-check">
                <input type="checkbox" checked={kinds.includes(k)} onChange={(e) => setKinds(toggle(kinds, k, e.target.checked))} />
                {t(`bookings.kinds.${k}`)}
              </label>
            ))}
          </div>
        </fieldset>
        <fieldset className="fieldset">
          <legend>{t('employers.allocation.when')}</legend>
          <p className="field-hint">{t('employers.allocation.noneMeansAll')}</p>
          <div className="chip-row">
            {WEEKDAYS.map((w) => (
              <label key={w} className="chip-check">
                <input type="checkbox" checked={weekdays.includes(w)} onChange={(e) => setWeekdays(toggle(weekdays, w, e.target.checked))} />
                <span aria-hidden="true">{weekdayName(w, i18n.language, 'short')}</span>
                <span className="visually-hidden">{weekdayName(w, i18n.language)}</span>
              </label>
            ))}
          </div>
        </fieldset>
        <p className="modal-actions">
          <button type="button" className="button button-secondary" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <SubmitButton pending={save.isPending}>{t('common.save')}</SubmitButton>
        </p>
      </form>
    </Modal>
  )
}
