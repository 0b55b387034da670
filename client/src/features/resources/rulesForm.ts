import type { BookingRules, BookingRulesPatch } from '@fabrique/shared/resources/rules'

/** The numeric rules, in the order the forms show them. */
export const NUMERIC_RULES = [
  'granularityMinutes',
  'minDurationMinutes',
  'maxDurationMinutes',
  'bufferBeforeMinutes',
  'bufferAfterMinutes',
  'minNoticeMinutes',
  'bookingWindowDays',
  'cancellationDeadlineMinutes',
  'quotaMinutesPerDay',
  'quotaMinutesPerWeek',
  'noShowAfterMinutes',
  'waitlistOfferMinutes',
] as const satisfies readonly (keyof BookingRules)[]
export type NumericRule = (typeof NUMERIC_RULES)[number]
export const NULLABLE_RULES: readonly NumericRule[] = ['quotaMinutesPerDay', 'quotaMinutesPerWeek']

/** Form values: strings for inputs; '' means "inherit" (overrides) or "none" (nullable lieu rules). */
export type RuleValues = Record<NumericRule, string> & { approvalRequired: '' | 'yes' | 'no'; whoMayBook: '' | 'members' | 'public' }

export function rulesToValues(r: BookingRulesPatch): RuleValues {
  const v = Object.fromEntries(NUMERIC_RULES.map((k) => [k, r[k] === undefined || r[k] === null ? '' : String(r[k])])) as Record<NumericRule, string>
  return {
    ...v,
    approvalRequired: r.approvalRequired === undefined ? '' : r.approvalRequired ? 'yes' : 'no',
    whoMayBook: r.whoMayBook ?? '',
  }
}

/**
 * Values → rules. As overrides (`partial`), an empty field is left out (inherited); for the lieu,
 * an empty quota is `null` (no quota) and other empty fields are left out.
 */
export function valuesToRules(v: RuleValues, mode: 'lieu' | 'override'): BookingRulesPatch {
  const out: Record<string, unknown> = {}
  for (const k of NUMERIC_RULES) {
    const s = v[k].trim()
    if (s === '') {
      if (mode === 'lieu' && NULLABLE_RULES.includes(k)) out[k] = null
      continue
    }
    out[k] = Number(s)
  }
  if (v.approvalRequired) out.approvalRequired = v.approvalRequired === 'yes'
  if (v.whoMayBook) out.whoMayBook = v.whoMayBook
  return out as BookingRulesPatch
}
