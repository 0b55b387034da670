import { describe, expect, it } from 'vitest'
import { defaultBookingRules } from '@fabrique/shared/resources/rules'
import { rulesToValues, valuesToRules } from './rulesForm.ts'

describe('rule forms', () => {
  it('round-trips the lieu rules, an empty quota meaning none', () => {
    const v = rulesToValues(defaultBookingRules)
    expect(v.quotaMinutesPerDay).toBe('')
    expect(v.approvalRequired).toBe('no')
    expect(valuesToRules(v, 'lieu')).toEqual(defaultBookingRules)
  })
  it('leaves empty overrides out (inherited)', () => {
    const v = rulesToValues({ granularityMinutes: 60, approvalRequired: true })
    expect(v.minDurationMinutes).toBe('')
    expect(valuesToRules(v, 'override')).toEqual({ granularityMinutes: 60, approvalRequired: true })
  })
})
