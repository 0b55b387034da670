import { describe, expect, it } from 'vitest'
import { createInstance } from 'i18next'
import { fr } from '../../lib/locales/fr.ts'
import { en } from '../../lib/locales/en.ts'
import {
  entitlementsInWords,
  formatDateIn,
  formatEuros,
  formatMinutes,
  formatPeriod,
  formatVatRate,
  hoursToMinutes,
  paidAtFor,
  parseEuros,
  sortPlans,
} from './format.ts'
import type { PlanDto } from '@fabrique/shared/billing/schema'

const i18n = createInstance()
void i18n.init({
  lng: 'fr',
  resources: { fr: { translation: fr }, en: { translation: en } },
  interpolation: { escapeValue: false },
})
const tFr = i18n.getFixedT('fr')
const tEn = i18n.getFixedT('en')
// Intl separates thousands with a narrow no-break space and puts a no-break space before €.
const plain = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ')

describe('money', () => {
  it('formats cents the French way', () => {
    expect(plain(formatEuros(123450))).toBe('1 234,50 €')
    expect(plain(formatEuros(0))).toBe('0,00 €')
    expect(plain(formatEuros(-2400))).toBe('-24,00 €')
    expect(formatEuros(123450, 'en')).toBe('€1,234.50')
  })
  it('formats VAT rates', () => {
    expect(plain(formatVatRate(2000))).toBe('20 %')
    expect(plain(formatVatRate(550))).toBe('5,5 %')
    expect(plain(formatVatRate(210))).toBe('2,1 %')
    expect(formatVatRate(1000, 'en')).toBe('10%')
  })
  it('reads euros typed by a person', () => {
    expect(parseEuros('12,50')).toBe(1250)
    expect(parseEuros('12.5')).toBe(1250)
    expect(parseEuros(' 1 234,5 € ')).toBe(123450)
    expect(parseEuros('0')).toBe(0)
    expect(parseEuros('-3')).toBeNull()
    expect(parseEuros('12,345')).toBeNull()
    expect(parseEuros('')).toBeNull()
  })
  it('reads hours into minutes', () => {
    expect(hoursToMinutes('2,5')).toBe(150)
    expect(hoursToMinutes('-1')).toBe(-60)
    expect(hoursToMinutes('')).toBe(0)
    expect(hoursToMinutes('deux')).toBeNull()
  })
})

describe('durations', () => {
  it('writes minutes as hours', () => {
    expect(formatMinutes(150)).toBe('2 h 30')
    expect(formatMinutes(600)).toBe('10 h')
    expect(formatMinutes(45)).toBe('45 min')
    expect(formatMinutes(-90)).toBe('−1 h 30')
    expect(formatMinutes(65)).toBe('1 h 05')
  })
})

describe('periods in the lieu’s zone (the test runs in Asia/Kathmandu)', () => {
  it('shows the lieu’s calendar dates, not the browser’s', () => {
    // 23:30 UTC on 30 Nov is 1 Dec in Paris and 1 Dec 05:15 in Kathmandu; 22:30 UTC is 30 Nov 23:30 in Paris.
    expect(formatDateIn('2026-11-30T22:30:00Z', 'Europe/Paris')).toBe('30 nov. 2026')
    expect(formatDateIn('2026-11-30T23:30:00Z', 'Europe/Paris')).toBe('1 déc. 2026')
    expect(formatDateIn('2026-11-30T22:30:00Z', 'America/Martinique')).toBe('30 nov. 2026')
  })
  it('writes a paid-up span, and nothing for an empty one', () => {
    expect(formatPeriod('2026-11-26T09:00:00Z', '2026-12-26T09:00:00Z', 'Europe/Paris', tFr)).toBe(
      'du 26 nov. 2026 au 26 déc. 2026',
    )
    expect(formatPeriod('2026-11-26T09:00:00Z', '2027-11-26T09:00:00Z', 'Europe/Paris', tEn, 'en')).toBe(
      'from 26 Nov 2026 to 26 Nov 2027',
    )
    expect(formatPeriod('2026-11-26T09:00:00Z', '2026-11-26T09:00:00Z', 'Europe/Paris', tFr)).toBeNull()
  })
  it('dates a payment: now when today in the lieu, else noon of that day', () => {
    const now = new Date('2026-11-30T23:30:00Z') // 1 Dec in Paris
    expect(paidAtFor('2026-12-01', 'Europe/Paris', now)).toBe(now.toISOString())
    expect(paidAtFor('', 'Europe/Paris', now)).toBe(now.toISOString())
    expect(paidAtFor('2026-11-28', 'Europe/Paris', now)).toBe('2026-11-28T12:00:00.000Z')
  })
})

describe('entitlements in words', () => {
  const none = {
    includedKinds: [],
    monthlyCreditMinutes: {},
    memberDiscountBp: 0,
    maxConcurrentBookings: null,
    bookingWindowDays: null,
    planOnlyResourceIds: [],
  }
  it('says nothing for a plan without benefits', () => {
    expect(entitlementsInWords(none, tFr)).toEqual([])
  })
  it('writes each benefit in plain French', () => {
    const words = entitlementsInWords(
      {
        includedKinds: ['desk', 'zone'],
        monthlyCreditMinutes: { room: 600, machine: 90 },
        memberDiscountBp: 1000,
        maxConcurrentBookings: 1,
        bookingWindowDays: 60,
        planOnlyResourceIds: ['a', 'b'],
      },
      tFr,
    ).map(plain)
    expect(words).toEqual([
      'Accès libre aux postes de travail et espaces partagés pendant les horaires d’ouverture',
      '10 h de crédits « salles » chaque mois',
      '1 h 30 de crédits « machines » chaque mois',
      'Tarif membre : −10 % sur les réservations payantes',
      'Jusqu’à 1 réservation à la fois',
      'Réservation jusqu’à 60 jours à l’avance',
      'Accès à 2 ressources réservées aux abonné·es',
    ])
  })
  it('names plan-only resources when known, and speaks English', () => {
    expect(entitlementsInWords({ ...none, planOnlyResourceIds: ['a'] }, tFr, { resourceNames: { a: 'Atelier bois' } })).toEqual([
      'Accès réservé aux abonné·es : Atelier bois',
    ])
    expect(entitlementsInWords({ ...none, includedKinds: ['desk', 'room', 'zone'] }, tEn)).toEqual([
      'Free use of desks, rooms and shared spaces during opening hours',
    ])
  })
})

describe('plans order', () => {
  it('puts the adhésion first, then the cheapest', () => {
    const p = (name: string, kind: 'usage' | 'membership', priceInclCents: number) => ({ name, kind, priceInclCents }) as PlanDto
    expect(sortPlans([p('Résident', 'usage', 24000), p('Nomade', 'usage', 6000), p('Adhésion', 'membership', 2000)]).map((x) => x.name)).toEqual([
      'Adhésion',
      'Nomade',
      'Résident',
    ])
  })
})
