// The hash chain of a lieu's documents (invoices and credit notes in one order). Pure.
import { createHash } from 'node:crypto'

export const GENESIS_HASH = '0'.repeat(64)

/** JSON with object keys sorted at every level, no spaces: the same value always gives the same text. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value)) throw new TypeError('not a finite number')
    return JSON.stringify(value)
  }
  if (value instanceof Date) return JSON.stringify(value.toISOString())
  if (Array.isArray(value))
    return `[${value.map((v) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`
}

/**
 * The legal content of a document: what the hash covers. The payment (method, date) is left out on
 * purpose: it is recorded after issue, once (the database trigger allows only that change).
 */
export interface ChainedContent {
  id: string
  lieuId: string
  kind: 'invoice' | 'credit_note'
  number: string
  year: number
  sequence: number
  issuedAt: Date
  dueAt: Date
  seller: unknown
  buyer: unknown
  buyerUserId: string | null
  lines: unknown
  totalExclCents: number
  totalVatCents: number
  totalInclCents: number
  creditsInvoiceId: string | null
  previousHash: string
}

/** sha256 (hex) of the canonical JSON of the document's legal content and the previous hash. */
export function documentHash(d: ChainedContent): string {
  const content = {
    v: 1,
    id: d.id,
    lieuId: d.lieuId,
    kind: d.kind,
    number: d.number,
    year: d.year,
    sequence: d.sequence,
    issuedAt: d.issuedAt.toISOString(),
    dueAt: d.dueAt.toISOString(),
    seller: d.seller,
    buyer: d.buyer,
    buyerUserId: d.buyerUserId,
    lines: d.lines,
    totalExclCents: d.totalExclCents,
    totalVatCents: d.totalVatCents,
    totalInclCents: d.totalInclCents,
    creditsInvoiceId: d.creditsInvoiceId,
    previousHash: d.previousHash,
  }
  return createHash('sha256').update(canonicalJson(content)).digest('hex')
}

/**
 * Walks a lieu's documents in chain order: each must link to the hash of the one before (the first
 * to the genesis hash) and its stored hash must equal the recomputed one. Returns the first
 * document that fails.
 */
export function verifyChain<D extends ChainedContent & { hash: string }>(
  docs: D[],
): { ok: boolean; checked: number; firstBroken: D | null } {
  let previous = GENESIS_HASH
  for (const d of docs) {
    if (d.previousHash !== previous || documentHash(d) !== d.hash)
      return { ok: false, checked: docs.length, firstBroken: d }
    previous = d.hash
  }
  return { ok: true, checked: docs.length, firstBroken: null }
}
