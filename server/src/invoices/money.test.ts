import { describe, expect, it } from 'vitest'
import { divRound, documentTotals, formatEuros, formatRate, lineAmounts } from './money.ts'
import { canonicalJson } from './chain.ts'
import { creditNoteLines, remainingPerLine } from './credit.ts'
import { csvField, journalCsv, journalLines } from './export.ts'
import { pdfText } from './pdf.ts'

const NB = '\u00a0'

describe('divRound (half away from zero)', () => {
  it.each([
    [5000, 10000, 1],
    [4999, 10000, 0],
    [15000, 10000, 2],
    [-5000, 10000, -1],
    [-4999, 10000, 0],
    [0, 10000, 0],
    [25, 10, 3],
    [-25, 10, -3],
  ])('%i / %i → %i', (n, d, q) => expect(divRound(n, d)).toBe(q))
})

describe('lineAmounts: quantity × unit excl., VAT per line rounded half-up to the cent', () => {
  it.each([
    // quantity, unit excl (cents), rate (bp), excl, vat, incl
    [1, 1000, 2000, 1000, 200, 1200],
    [3, 333, 2000, 999, 200, 1199], // 199.8 → 200
    [1, 2, 2000, 2, 0, 2], // 0.4 → 0
    [1, 3, 2000, 3, 1, 4], // 0.6 → 1
    [1, 25, 2000, 25, 5, 30], // exactly 5
    [1, 10, 550, 10, 1, 11], // 0.55 → 1
    [1, 9, 550, 9, 0, 9], // 0.495 → 0
    [1, 1, 5000, 1, 1, 2], // 0.5 → 1 (half-up)
    [1, 100, 210, 100, 2, 102], // 2.1 → 2
    [1, 1999, 1000, 1999, 200, 2199], // 199.9 → 200
    [1.5, 2000, 2000, 3000, 600, 3600], // hours
    [0.5, 1999, 2000, 1000, 200, 1200], // 999.5 → 1000
    [1.15, 100, 2000, 115, 23, 138], // no float drift: 1.15 × 100 = 115
    [0.333, 100, 2000, 33, 7, 40], // 33.3 → 33; 6.6 → 7
    [12, 0, 2000, 0, 0, 0],
    [2, 4500, 0, 9000, 0, 9000], // VAT-exempt
    [100_000, 100_000_000, 2000, 10_000_000_000_000, 2_000_000_000_000, 12_000_000_000_000], // extremes stay exact
  ])('%f × %i at %i bp → %i + %i = %i', (quantity, unit, rate, excl, vat, incl) => {
    expect(lineAmounts({ quantity, unitPriceExclCents: unit, vatRateBp: rate })).toEqual({
      totalExclCents: excl,
      vatCents: vat,
      totalInclCents: incl,
    })
  })

  it('a negative unit price (credit note) gives exactly the negated amounts', () => {
    for (const [q, u, r] of [
      [1, 3, 2000],
      [0.5, 1999, 2000],
      [3, 333, 550],
      [1, 1, 5000],
    ] as const) {
      const pos = lineAmounts({ quantity: q, unitPriceExclCents: u, vatRateBp: r })
      const neg = lineAmounts({ quantity: q, unitPriceExclCents: -u, vatRateBp: r })
      expect(neg).toEqual({
        totalExclCents: -pos.totalExclCents,
        vatCents: -pos.vatCents,
        totalInclCents: -pos.totalInclCents,
      })
    }
  })

  it('refuses more than three decimals of quantity', () => {
    expect(() => lineAmounts({ quantity: 1.0001, unitPriceExclCents: 100, vatRateBp: 0 })).toThrow(RangeError)
  })
})

describe('documentTotals', () => {
  it('sums the per-line rounded amounts, with a breakdown per rate', () => {
    const lines = [
      { vatRateBp: 2000, ...lineAmounts({ quantity: 1, unitPriceExclCents: 3, vatRateBp: 2000 }) },
      { vatRateBp: 2000, ...lineAmounts({ quantity: 1, unitPriceExclCents: 3, vatRateBp: 2000 }) },
      { vatRateBp: 550, ...lineAmounts({ quantity: 2, unitPriceExclCents: 1050, vatRateBp: 550 }) },
      { vatRateBp: 0, ...lineAmounts({ quantity: 1, unitPriceExclCents: 500, vatRateBp: 0 }) },
    ]
    const t = documentTotals(lines)
    // Per line: 0.6 → 1 twice (2), not 1.2 → 1 on the sum: rounding per line.
    expect(t.vatBreakdown).toEqual([
      { vatRateBp: 0, baseExclCents: 500, vatCents: 0 },
      { vatRateBp: 550, baseExclCents: 2100, vatCents: 116 }, // 115.5 → 116
      { vatRateBp: 2000, baseExclCents: 6, vatCents: 2 },
    ])
    expect(t).toMatchObject({ totalExclCents: 2606, totalVatCents: 118, totalInclCents: 2724 })
  })
  it('an empty document is zero', () => {
    expect(documentTotals([])).toEqual({
      totalExclCents: 0,
      totalVatCents: 0,
      totalInclCents: 0,
      vatBreakdown: [],
    })
  })
})

describe('formatEuros (French)', () => {
  it.each([
    [123450, `1${NB}234,50${NB}€`],
    [0, `0,00${NB}€`],
    [5, `0,05${NB}€`],
    [100, `1,00${NB}€`],
    [99999, `999,99${NB}€`],
    [100000, `1${NB}000,00${NB}€`],
    [123456789, `1${NB}234${NB}567,89${NB}€`],
    [-123450, `-1${NB}234,50${NB}€`],
    [-5, `-0,05${NB}€`],
  ])('%i → %s', (cents, s) => expect(formatEuros(cents)).toBe(s))
  it('refuses non-integer cents', () => expect(() => formatEuros(1.5)).toThrow())
  it('rates', () => {
    expect(formatRate(2000)).toBe(`20${NB}%`)
    expect(formatRate(550)).toBe(`5,5${NB}%`)
    expect(formatRate(210)).toBe(`2,1${NB}%`)
    expect(formatRate(0)).toBe(`0${NB}%`)
  })
})

describe('credit note lines', () => {
  const inv = [
    {
      label: 'Bureau',
      quantity: 3,
      unitPriceExclCents: 333,
      vatRateBp: 2000,
      ...lineAmounts({ quantity: 3, unitPriceExclCents: 333, vatRateBp: 2000 }),
    },
    {
      label: 'Café',
      quantity: 1,
      unitPriceExclCents: 3,
      vatRateBp: 2000,
      ...lineAmounts({ quantity: 1, unitPriceExclCents: 3, vatRateBp: 2000 }),
    },
  ]
  it('partial credits, then the rest: the invoice nets to exactly zero', () => {
    const first = creditNoteLines(inv, remainingPerLine(inv, []), [{ line: 0, quantity: 1 }])
    expect(first).toEqual([
      expect.objectContaining({
        quantity: 1,
        unitPriceExclCents: -333,
        totalExclCents: -333,
        vatCents: -67,
        creditsLine: 0,
      }),
    ])
    const second = creditNoteLines(inv, remainingPerLine(inv, [first]), [{ line: 0, quantity: 1 }])
    const rest = creditNoteLines(inv, remainingPerLine(inv, [first, second]), 'full')
    const all = [...inv, ...first, ...second, ...rest]
    expect(documentTotals(all)).toMatchObject({ totalExclCents: 0, totalVatCents: 0, totalInclCents: 0 })
    expect(() => creditNoteLines(inv, remainingPerLine(inv, [first, second, rest]), 'full')).toThrow(
      /credited in full/,
    )
  })
  it('never more than what is left on a line', () => {
    const first = creditNoteLines(inv, remainingPerLine(inv, []), [{ line: 0, quantity: 2.5 }])
    expect(() =>
      creditNoteLines(inv, remainingPerLine(inv, [first]), [{ line: 0, quantity: 0.501 }]),
    ).toThrow(/more than what is left/)
    expect(() => creditNoteLines(inv, remainingPerLine(inv, []), [{ line: 2, quantity: 1 }])).toThrow()
  })
})

describe('accounting export', () => {
  const docs = [
    {
      kind: 'invoice' as const,
      number: 'F-2026-000001',
      issuedAt: new Date('2026-11-27T09:00:00Z'),
      buyerName: 'Zoé; "la" Cliente',
      totalExclCents: 2606,
      totalInclCents: 2724,
      vatBreakdown: [
        { vatRateBp: 0, vatCents: 0 },
        { vatRateBp: 550, vatCents: 116 },
        { vatRateBp: 2000, vatCents: 2 },
      ],
    },
    {
      kind: 'credit_note' as const,
      number: 'AV-2026-000001',
      issuedAt: new Date('2026-11-30T23:30:00Z'), // 1 December in Paris
      buyerName: '=HYPERLINK("x")',
      totalExclCents: -1000,
      totalInclCents: -1200,
      vatBreakdown: [{ vatRateBp: 2000, vatCents: -200 }],
    },
  ]
  it('one line per account, credit notes reversed, every entry balanced', () => {
    const lines = journalLines(docs, 'Europe/Paris')
    expect(
      lines.map((l) => [l.ecritureNum, l.compteNum, l.debitCents, l.creditCents, l.ecritureDate]),
    ).toEqual([
      ['F-2026-000001', '411', 2724, 0, '20261127'],
      ['F-2026-000001', '706', 0, 2606, '20261127'],
      ['F-2026-000001', '44571', 0, 116, '20261127'],
      ['F-2026-000001', '44571', 0, 2, '20261127'],
      ['AV-2026-000001', '411', 0, 1200, '20261201'],
      ['AV-2026-000001', '706', 1000, 0, '20261201'],
      ['AV-2026-000001', '44571', 200, 0, '20261201'],
    ])
    const sum = (k: 'debitCents' | 'creditCents') => lines.reduce((s, l) => s + l[k], 0)
    expect(sum('debitCents')).toBe(sum('creditCents'))
    const csv = journalCsv(lines)
    const rows = csv.trimEnd().split('\r\n')
    expect(rows[0]).toBe(
      'JournalCode;JournalLib;EcritureNum;EcritureDate;CompteNum;CompteLib;PieceRef;PieceDate;EcritureLib;Debit;Credit',
    )
    expect(rows[1]).toBe(
      'VT;Ventes;F-2026-000001;20261127;411;Clients;F-2026-000001;20261127;"Facture F-2026-000001 Zoé; ""la"" Cliente";27,24;0,00',
    )
    expect(rows[5]).toMatch(/;"Avoir AV-2026-000001 =HYPERLINK\(""x""\)";0,00;12,00$/)
    expect(rows[7]).toContain(`;44571;TVA collectée 20${NB}%;`)
    expect(rows[7]).toMatch(/;2,00;0,00$/)
  })
  it('csvField defuses formulas and quotes separators', () => {
    expect(csvField('=1+1')).toBe("'=1+1")
    expect(csvField('a;b')).toBe('"a;b"')
    expect(csvField('line\nbreak')).toBe('line break')
  })
})

describe('canonicalJson', () => {
  it('sorts keys at every level and drops undefined', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: 1, y: 2 }], c: null }, u: undefined })).toBe(
      '{"a":{"c":null,"d":[1,{"y":2,"z":1}]},"b":1}',
    )
  })
})

describe('pdfText', () => {
  it('keeps French, reduces what the standard fonts cannot draw', () => {
    expect(pdfText('Café « Œuvre » — 12 € ’')).toBe('Café « Œuvre » — 12 € ’')
    expect(pdfText('Ștefan 🎉\u200d مقهى')).toBe('Stefan  ????')
  })
})
