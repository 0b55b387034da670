import { describe, expect, it } from 'vitest'
import {
  ZClosureRequest,
  ZCreateLieuRequest,
  ZLegalIdentity,
  ZOpeningHoursRequest,
  ZOpeningInterval,
  ZSiret,
  ZSlug,
  ZVatNumber,
} from './schema.ts'

const issues = (r: { error?: { issues: { path: PropertyKey[]; message: string }[] } }) =>
  (r.error?.issues ?? []).map((i) => ({ path: i.path.join('.'), message: i.message }))

describe('ZSiret', () => {
  it.each([
    ['73282932000074', '73282932000074'],
    ['55210055400013', '55210055400013'],
    ['732 829 320 00074', '73282932000074'], // spaces stripped
    [' 552\u00a0100\u00a0554 00013 ', '55210055400013'], // non-breaking spaces too
    ['35600000000048', '35600000000048'], // La Poste head office (also Luhn-valid)
    ['35600000049837', '35600000049837'], // La Poste establishment: Luhn fails, digit sum is a multiple of 5
  ])('accepts %j as %j', (input, out) => {
    expect(ZSiret.parse(input)).toBe(out)
  })

  it.each([
    ['12345678901234'], // Luhn fails (digit sum a multiple of 5, but not La Poste)
    ['73282932000075'], // one digit off
    ['35600000000049'], // La Poste prefix, neither rule holds
    ['7328293200007'], // 13 digits
    ['732829320000740'], // 15 digits
    ['7328293200007A'],
    ['ABCDEFGHIJKLMN'],
    ['00000000000000x'],
    [''],
  ])('refuses %j', (input) => {
    const r = ZSiret.safeParse(input)
    expect(r.success).toBe(false)
    expect(issues(r)).toEqual([{ path: '', message: 'invalid SIRET (14 digits)' }])
  })
})

describe('ZVatNumber', () => {
  it.each([
    ['FR40303265045', 'FR40303265045'],
    ['fr 40 303 265 045', 'FR40303265045'],
    ['DE123456789', 'DE123456789'],
    ['FRXX303265045', 'FRXX303265045'],
  ])('accepts %j as %j', (input, out) => {
    expect(ZVatNumber.parse(input)).toBe(out)
  })

  it.each([['FR4'], ['4040303265045'], ['F40303265045'], ['FR-40303265045'], ['FR40303265045123456'], ['']])(
    'refuses %j',
    (input) => {
      expect(issues(ZVatNumber.safeParse(input))).toEqual([{ path: '', message: 'invalid VAT number' }])
    },
  )
})

describe('ZLegalIdentity', () => {
  const base = {
    legalName: 'Association La Grange',
    siret: '73282932000074',
    vatNumber: null,
    vatExempt: true,
  }

  it('accepts a VAT-exempt lieu without a VAT number, and one liable to VAT with one', () => {
    expect(ZLegalIdentity.parse(base)).toEqual(base)
    expect(ZLegalIdentity.parse({ ...base, vatExempt: false, vatNumber: 'fr40 303265045' })).toEqual({
      ...base,
      vatExempt: false,
      vatNumber: 'FR40303265045',
    })
  })

  it('refuses a VAT-exempt lieu showing a VAT number, on vatNumber', () => {
    expect(issues(ZLegalIdentity.safeParse({ ...base, vatNumber: 'FR40303265045' }))).toEqual([
      { path: 'vatNumber', message: 'a VAT-exempt lieu (franchise en base) has no VAT number to show' },
    ])
  })

  it('reports a bad SIRET on siret, alone', () => {
    expect(
      issues(ZLegalIdentity.safeParse({ ...base, siret: '12345678901234', vatNumber: 'FR40303265045' })),
    ).toEqual([{ path: 'siret', message: 'invalid SIRET (14 digits)' }])
  })

  it('refuses unknown keys', () => {
    expect(ZLegalIdentity.safeParse({ ...base, rcs: 'Rodez' }).success).toBe(false)
  })
})

describe('ZOpeningInterval', () => {
  it.each([
    [{ weekday: 1, start: '09:00', end: '12:30' }, true],
    [{ weekday: 7, start: '10:00', end: '24:00' }, true],
    [{ weekday: 0, start: '09:00', end: '12:00' }, false],
    [{ weekday: 8, start: '09:00', end: '12:00' }, false],
    [{ weekday: 1.5, start: '09:00', end: '12:00' }, false],
    [{ weekday: 1, start: '12:00', end: '12:00' }, false],
    [{ weekday: 1, start: '14:00', end: '12:00' }, false],
    [{ weekday: 1, start: '9:00', end: '12:00' }, false],
  ])('%j → %s', (input, ok) => {
    expect(ZOpeningInterval.safeParse(input).success).toBe(ok)
  })

  it('names end when it is not after start', () => {
    expect(issues(ZOpeningInterval.safeParse({ weekday: 1, start: '14:00', end: '12:00' }))).toEqual([
      { path: 'end', message: 'end must be after start' },
    ])
  })
})

describe('ZOpeningHoursRequest', () => {
  const iv = (weekday: number, start: string, end: string) => ({ weekday, start, end })
  const overlap = 'overlaps another interval of the same day'

  it.each([
    ['an empty week', []],
    ['touching intervals', [iv(1, '12:00', '14:00'), iv(1, '14:00', '18:00')]],
    ['touching, given in reverse order', [iv(1, '14:00', '18:00'), iv(1, '12:00', '14:00')]],
    [
      'the same hours on different weekdays',
      [iv(1, '09:00', '18:00'), iv(2, '09:00', '18:00'), iv(7, '09:00', '18:00')],
    ],
    ['a full day', [iv(6, '00:00', '24:00')]],
    ['a morning and an evening', [iv(3, '09:00', '12:30'), iv(3, '14:00', '18:00'), iv(3, '20:00', '24:00')]],
  ])('accepts %s', (_name, intervals) => {
    expect(ZOpeningHoursRequest.parse({ intervals })).toEqual({ intervals })
  })

  it.each([
    ['overlapping by a minute', [iv(1, '09:00', '14:01'), iv(1, '14:00', '18:00')], ['intervals.1.start']],
    // The later-starting interval is named by its index in the request, not in sorted order.
    [
      'overlapping, given in reverse order',
      [iv(1, '14:00', '18:00'), iv(1, '09:00', '14:30')],
      ['intervals.0.start'],
    ],
    [
      'identical',
      [iv(2, '09:00', '12:00'), iv(5, '10:00', '11:00'), iv(2, '09:00', '12:00')],
      ['intervals.2.start'],
    ],
    ['one inside another', [iv(4, '09:00', '18:00'), iv(4, '10:00', '11:00')], ['intervals.1.start']],
    [
      'two overlaps on two days',
      [iv(1, '09:00', '12:00'), iv(2, '09:00', '12:00'), iv(1, '11:00', '13:00'), iv(2, '11:59', '13:00')],
      ['intervals.2.start', 'intervals.3.start'],
    ],
  ])('refuses %s, naming intervals.<index>.start', (_name, intervals, paths) => {
    const got = issues(ZOpeningHoursRequest.safeParse({ intervals }))
    expect(got).toEqual(paths.map((path) => ({ path, message: overlap })))
  })

  it('reports an invalid interval without looking for overlaps', () => {
    const got = issues(
      ZOpeningHoursRequest.safeParse({ intervals: [iv(1, '09:00', '12:00'), iv(1, '11:00', '10:00')] }),
    )
    expect(got).toEqual([{ path: 'intervals.1.end', message: 'end must be after start' }])
  })

  it('refuses more than 70 intervals and unknown keys', () => {
    const many = Array.from({ length: 71 }, (_, k) => iv((k % 7) + 1, minutes(k * 10), minutes(k * 10 + 5)))
    expect(ZOpeningHoursRequest.safeParse({ intervals: many }).success).toBe(false)
    expect(ZOpeningHoursRequest.safeParse({ intervals: many.slice(0, 70) }).success).toBe(true)
    expect(ZOpeningHoursRequest.safeParse({ intervals: [], timeZone: 'Europe/Paris' }).success).toBe(false)
  })
})

const minutes = (m: number) =>
  `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`

describe('ZClosureRequest', () => {
  it('accepts a one-day closure and a range, trimming the reason', () => {
    expect(
      ZClosureRequest.parse({ startDate: '2026-12-24', endDate: '2026-12-24', reason: ' Noël ' }),
    ).toEqual({
      startDate: '2026-12-24',
      endDate: '2026-12-24',
      reason: 'Noël',
    })
    expect(
      ZClosureRequest.safeParse({ startDate: '2026-12-24', endDate: '2027-01-02', reason: 'Fêtes' }).success,
    ).toBe(true)
  })

  it('refuses an end before the start, on endDate', () => {
    expect(
      issues(ZClosureRequest.safeParse({ startDate: '2026-05-02', endDate: '2026-05-01', reason: 'Pont' })),
    ).toEqual([{ path: 'endDate', message: 'end date must not be before start date' }])
    // Across a year boundary: compared as dates, not as day-of-month.
    expect(
      issues(ZClosureRequest.safeParse({ startDate: '2027-01-01', endDate: '2026-12-31', reason: 'x' })),
    ).toEqual([{ path: 'endDate', message: 'end date must not be before start date' }])
  })

  it('refuses a blank reason and a non-date', () => {
    expect(
      issues(
        ZClosureRequest.safeParse({ startDate: '2026-05-01', endDate: '2026-05-01', reason: '   ' }),
      ).map((i) => i.path),
    ).toEqual(['reason'])
    expect(
      issues(ZClosureRequest.safeParse({ startDate: '2026-05-01', endDate: '2026-02-30', reason: 'x' })).map(
        (i) => i.path,
      ),
    ).toEqual(['endDate'])
  })
})

describe('ZSlug and ZCreateLieuRequest', () => {
  it.each([
    ['la-grange', true],
    ['lieu42', true],
    ['a', false],
    ['La-Grange', false],
    ['la--grange', false],
    ['-grange', false],
    ['la_grange', false],
    ['l'.repeat(61), false],
  ])('slug %j → %s', (slug, ok) => {
    expect(ZSlug.safeParse(slug).success).toBe(ok)
  })

  it('normalises a whole lieu and defaults networkId to null', () => {
    const out = ZCreateLieuRequest.parse({
      slug: 'la-grange',
      name: ' La Grange ',
      description: '',
      timeZone: 'Europe/Paris',
      address: {
        street: '2 chemin du Moulin',
        postalCode: '12490',
        city: 'Saint-Rome-de-Tarn',
        country: 'FR',
      },
      contact: { email: ' Bonjour@LaGrange.fr ', phone: null, website: 'https://lagrange.fr' },
      legal: {
        legalName: 'Association La Grange',
        siret: '732 829 320 00074',
        vatNumber: null,
        vatExempt: true,
      },
    })
    expect(out.name).toBe('La Grange')
    expect(out.contact.email).toBe('bonjour@lagrange.fr')
    expect(out.legal.siret).toBe('73282932000074')
    expect(out.networkId).toBeNull()
  })
})
