import { describe, expect, it } from 'vitest'
import { createInstance } from 'i18next'
import { fr } from '../../lib/locales/fr.ts'
import { en } from '../../lib/locales/en.ts'
import { frEmployers } from '../../lib/locales/fr-employers.ts'
import { enEmployers } from '../../lib/locales/en-employers.ts'
import { addMonths, allocationInWords, currentMonth, formatMonth, lastDayOf, poolStatus, recentMonths, weekdaysInWords } from './format.ts'
import type { Allocation } from '@fabrique/shared/employers/schema'

const i18n = createInstance()
void i18n.init({ lng: 'fr', resources: { fr: { translation: fr }, en: { translation: en } }, interpolation: { escapeValue: false } })
i18n.addResourceBundle('fr', 'translation', frEmployers, true)
i18n.addResourceBundle('en', 'translation', enEmployers, true)
const tFr = i18n.getFixedT('fr')
const tEn = i18n.getFixedT('en')
const plain = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ')
const none: Allocation = { budgetKind: 'none', budgetPeriod: 'month', budgetAmount: 0, lieuIds: [], resourceKinds: [], weekdays: [] }
const lieux: Record<string, string> = { a: 'La Grange', b: 'Le Quai' }
const opts = (locale: string) => ({ locale, lieuName: (id: string) => lieux[id] })

describe('months', () => {
  it('counts across years both ways', () => {
    expect(addMonths('2026-11', 2)).toBe('2027-01')
    expect(addMonths('2026-01', -1)).toBe('2025-12')
    expect(recentMonths('2026-02', 3)).toEqual(['2026-02', '2026-01', '2025-12'])
  })
  it('takes the month in Paris, not in the test zone (Kathmandu)', () => {
    // 30 Nov 23:30 UTC is already 1 December in Paris (and in Kathmandu), 22:30 UTC is not in Paris.
    expect(currentMonth(new Date('2026-11-30T22:30:00Z'))).toBe('2026-11')
    expect(currentMonth(new Date('2026-11-30T23:30:00Z'))).toBe('2026-12')
  })
  it('names a month in each language', () => {
    expect(formatMonth('2026-11', 'fr')).toBe('Novembre 2026')
    expect(formatMonth('2026-11', 'en')).toBe('November 2026')
  })
  it('tells a pool awaiting payment, expired, used up or active', () => {
    const now = new Date('2026-11-27T10:00:00Z')
    const p = { status: 'active' as const, validUntil: '2027-10-01T22:00:00.000Z', remaining: 3 }
    expect(poolStatus(p, now)).toBe('active')
    expect(poolStatus({ ...p, remaining: 0 }, now)).toBe('used')
    expect(poolStatus({ ...p, validUntil: '2026-11-27T09:00:00Z' }, now)).toBe('expired')
    expect(poolStatus({ ...p, status: 'pending' }, now)).toBe('pending')
  })
  it('shows the last day of a pool (its validity ends at the next local midnight)', () => {
    expect(lastDayOf('2027-10-01T22:00:00.000Z')).toBe('2027-10-01T21:59:59.999Z')
  })
})

describe('allocation in words', () => {
  it('without budget nor limits', () => {
    expect(allocationInWords(none, tFr, opts('fr'))).toEqual([
      'Pas de plafond : dans la limite des pass achetés',
      'Dans tous les lieux où les pass sont valables',
    ])
  })
  it('days per month, weekdays Monday to Friday', () => {
    const a = { ...none, budgetKind: 'days' as const, budgetAmount: 8, weekdays: [1, 2, 3, 4, 5] }
    expect(allocationInWords(a, tFr, opts('fr'))).toEqual([
      'Jusqu’à 8 jours par mois',
      'Dans tous les lieux où les pass sont valables',
      'Du lundi au vendredi',
    ])
    expect(allocationInWords(a, tEn, opts('en'))).toEqual(['Up to 8 days a month', 'At every place where the passes are valid', 'Monday to Friday'])
  })
  it('euros in total, some lieux, kinds and scattered days', () => {
    const a: Allocation = { budgetKind: 'euros', budgetPeriod: 'total', budgetAmount: 15000, lieuIds: ['a', 'b'], resourceKinds: ['desk', 'room'], weekdays: [4, 1] }
    expect(allocationInWords(a, tFr, opts('fr')).map(plain)).toEqual([
      'Jusqu’à 150,00 € HT au total',
      'Seulement à La Grange et Le Quai',
      'Espaces : postes de travail et salles',
      'Jours : lundi et jeudi',
    ])
  })
  it('every day is no limit', () => {
    expect(weekdaysInWords([1, 2, 3, 4, 5, 6, 7], tFr, 'fr')).toBeNull()
    expect(weekdaysInWords([], tFr, 'fr')).toBeNull()
    expect(weekdaysInWords([6, 7], tFr, 'fr')).toBe('Jours : samedi et dimanche')
  })
})
