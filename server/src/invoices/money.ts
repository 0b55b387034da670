// Money for invoices: integer cents, VAT rates in basis points, rounding per line (as French
// invoices require). Pure; no floating-point cents anywhere.

/** Quantities carry at most three decimals (1.5 h, 0.25 month); they are computed in thousandths. */
export const QUANTITY_SCALE = 1000

/** `n / d` rounded half away from zero (half-up on the magnitude), for integers n and d > 0. */
export function divRound(n: number, d: number): number {
  const q = Math.floor((Math.abs(n) * 2 + d) / (2 * d))
  return n < 0 && q !== 0 ? -q : q
}

export interface LineAmounts {
  /** quantity × unit price, excluding VAT, rounded to the cent. */
  totalExclCents: number
  /** VAT of the line, rounded to the cent. */
  vatCents: number
  /** totalExclCents + vatCents. */
  totalInclCents: number
}

/** Quantity → thousandths (refuses more than three decimals). */
export function quantityMillis(quantity: number): number {
  const m = Math.round(quantity * QUANTITY_SCALE)
  if (Math.abs(m / QUANTITY_SCALE - quantity) > 1e-9)
    throw new RangeError(`quantity ${quantity} has more than three decimals`)
  return m
}

/**
 * One line: excl = quantity × unit (rounded), VAT = excl × rate (rounded half-up to the cent),
 * incl = excl + VAT. A negative unit price (a credit note) gives exactly the negated amounts.
 */
export function lineAmounts(line: {
  quantity: number
  unitPriceExclCents: number
  vatRateBp: number
}): LineAmounts {
  const totalExclCents = divRound(quantityMillis(line.quantity) * line.unitPriceExclCents, QUANTITY_SCALE)
  const vatCents = divRound(totalExclCents * line.vatRateBp, 10_000)
  return { totalExclCents, vatCents, totalInclCents: totalExclCents + vatCents }
}

export interface VatBreakdownRow {
  vatRateBp: number
  baseExclCents: number
  vatCents: number
}

export interface DocumentTotals {
  totalExclCents: number
  totalVatCents: number
  totalInclCents: number
  /** One row per rate, by ascending rate: the sums of the lines' rounded amounts. */
  vatBreakdown: VatBreakdownRow[]
}

/** Totals of a document from its computed lines (the sums of the per-line rounded amounts). */
export function documentTotals(lines: (LineAmounts & { vatRateBp: number })[]): DocumentTotals {
  const byRate = new Map<number, VatBreakdownRow>()
  let excl = 0
  let vat = 0
  for (const l of lines) {
    excl += l.totalExclCents
    vat += l.vatCents
    const row = byRate.get(l.vatRateBp) ?? { vatRateBp: l.vatRateBp, baseExclCents: 0, vatCents: 0 }
    row.baseExclCents += l.totalExclCents
    row.vatCents += l.vatCents
    byRate.set(l.vatRateBp, row)
  }
  return {
    totalExclCents: excl,
    totalVatCents: vat,
    totalInclCents: excl + vat,
    vatBreakdown: [...byRate.values()].sort((a, b) => a.vatRateBp - b.vatRateBp),
  }
}

const NBSP = '\u00a0'

/** 123450 → "1 234,50 €" (French: no-break spaces between thousands and before €, decimal comma). */
export function formatEuros(cents: number): string {
  return `${formatDecimal(cents)}${NBSP}€`
}

/** 123450 → "1 234,50" (grouped, decimal comma). */
export function formatDecimal(cents: number, group = true): string {
  if (!Number.isSafeInteger(cents)) throw new RangeError(`not an amount in cents: ${cents}`)
  const sign = cents < 0 ? '-' : ''
  const abs = Math.abs(cents)
  const units = String(Math.floor(abs / 100))
  const decimals = String(abs % 100).padStart(2, '0')
  const grouped = group ? units.replace(/\B(?=(\d{3})+(?!\d))/g, NBSP) : units
  return `${sign}${grouped},${decimals}`
}

/** 2000 → "20 %", 550 → "5,5 %", 0 → "0 %". */
export function formatRate(bp: number): string {
  const s = (bp / 100)
    .toFixed(2)
    .replace(/\.?0+$/, '')
    .replace('.', ',')
  return `${s}${NBSP}%`
}

/** 1.5 → "1,5". */
export function formatQuantity(q: number): string {
  return String(q).replace('.', ',')
}
