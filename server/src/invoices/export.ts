// The accounting export: the sales journal of a period as FEC-style CSV lines. Pure.
import { DateTime } from 'luxon'
import { formatDecimal, formatRate } from './money.ts'

export const ACCOUNT_CUSTOMERS = '411'
export const ACCOUNT_SALES = '706'
export const ACCOUNT_VAT_COLLECTED = '44571'

export const EXPORT_COLUMNS = [
  'JournalCode',
  'JournalLib',
  'EcritureNum',
  'EcritureDate',
  'CompteNum',
  'CompteLib',
  'PieceRef',
  'PieceDate',
  'EcritureLib',
  'Debit',
  'Credit',
] as const

export interface ExportDocument {
  kind: 'invoice' | 'credit_note'
  number: string
  issuedAt: Date
  buyerName: string
  totalExclCents: number
  totalInclCents: number
  vatBreakdown: { vatRateBp: number; vatCents: number }[]
}

export interface JournalLine {
  journalCode: string
  journalLib: string
  ecritureNum: string
  ecritureDate: string
  compteNum: string
  compteLib: string
  pieceRef: string
  pieceDate: string
  ecritureLib: string
  /** Cents, never negative; one of debit and credit is 0. */
  debitCents: number
  creditCents: number
}

/** An amount on its side: positive on `normal`, negative on the other side (a credit note reverses). */
function sided(amount: number, normal: 'debit' | 'credit') {
  const debit = (normal === 'debit') === amount >= 0
  return { debitCents: debit ? Math.abs(amount) : 0, creditCents: debit ? 0 : Math.abs(amount) }
}

/**
 * One entry per document, one line per account: 411 customers debit incl. VAT, 706 sales credit
 * excl. VAT, 44571 VAT collected credit per rate. A credit note (negative amounts) lands on the
 * opposite sides. Each entry balances: 411 = 706 + Σ 44571.
 */
export function journalLines(docs: ExportDocument[], zone: string): JournalLine[] {
  const out: JournalLine[] = []
  for (const d of docs) {
    const date = DateTime.fromJSDate(d.issuedAt, { zone }).toFormat('yyyyLLdd')
    const what = d.kind === 'invoice' ? 'Facture' : 'Avoir'
    const base = {
      journalCode: 'VT',
      journalLib: 'Ventes',
      ecritureNum: d.number,
      ecritureDate: date,
      pieceRef: d.number,
      pieceDate: date,
      ecritureLib: `${what} ${d.number} ${d.buyerName}`.slice(0, 200),
    }
    out.push({
      ...base,
      compteNum: ACCOUNT_CUSTOMERS,
      compteLib: 'Clients',
      ...sided(d.totalInclCents, 'debit'),
    })
    out.push({
      ...base,
      compteNum: ACCOUNT_SALES,
      compteLib: 'Prestations de services',
      ...sided(d.totalExclCents, 'credit'),
    })
    for (const v of d.vatBreakdown) {
      if (v.vatCents === 0) continue
      out.push({
        ...base,
        compteNum: ACCOUNT_VAT_COLLECTED,
        compteLib: `TVA collectée ${formatRate(v.vatRateBp)}`,
        ...sided(v.vatCents, 'credit'),
      })
    }
  }
  return out
}

/** A CSV field: quoted when it holds the separator, a quote or a line break; formula-looking text defused. */
export function csvField(v: string): string {
  let s = v.replace(/\r\n|\r|\n/g, ' ')
  if (/^[=+\-@\t]/.test(s)) s = `'${s}`
  return /[;"]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s
}

/** The CSV text: a header, `;` separators, decimal commas without grouping, CRLF line ends. */
export function journalCsv(lines: JournalLine[]): string {
  const rows = [EXPORT_COLUMNS.join(';')]
  for (const l of lines) {
    rows.push(
      [
        l.journalCode,
        l.journalLib,
        l.ecritureNum,
        l.ecritureDate,
        l.compteNum,
        l.compteLib,
        l.pieceRef,
        l.pieceDate,
        l.ecritureLib,
        formatDecimal(l.debitCents, false),
        formatDecimal(l.creditCents, false),
      ]
        .map(csvField)
        .join(';'),
    )
  }
  return rows.join('\r\n') + '\r\n'
}
