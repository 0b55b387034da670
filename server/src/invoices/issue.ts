// Issuing a document (invoice or credit note) inside the caller's transaction: the lieu's chain
// lock, the gap-free number, the snapshots, the hash. See docs/invoices.md.
import { randomUUID } from 'node:crypto'
import { DateTime } from 'luxon'
import type { Prisma } from '@fabrique/prisma/client'
import type { BuyerSnapshot, InvoiceLineDto } from '@fabrique/shared/invoices/schema'
import type { FieldIssue } from '@fabrique/shared/errors'
import type { Tx } from '../db/prisma.ts'
import { AppError, notFound } from '../http/problem.ts'
import { documentHash, GENESIS_HASH } from './chain.ts'
import { documentNumber, sellerSnapshot, type LieuLegal } from './legal.ts'
import { documentTotals, lineAmounts, QUANTITY_SCALE } from './money.ts'
import type { InvoiceLineInput, IssueInvoice, IssueInvoiceInput } from './types.ts'

export type DocumentKind = 'invoice' | 'credit_note'

const lieuLegalSelect = {
  name: true,
  legalName: true,
  street: true,
  postalCode: true,
  city: true,
  country: true,
  siret: true,
  vatNumber: true,
  vatExempt: true,
  contactEmail: true,
  contactPhone: true,
  website: true,
  timeZone: true,
} as const

/** What a document says, decided once the lieu's chain is locked (so it sees every earlier document). */
export interface DocumentContent {
  buyer: BuyerSnapshot
  lines: InvoiceLineDto[]
  dueDays: number
  creditsInvoiceId: string | null
  creditNote?: { reason: string; invoiceNumber: string; invoiceIssuedAt: Date }
  /** Overrides the lieu's current VAT status (a credit note keeps its invoice's). */
  vatExempt?: boolean
  paymentMethod: string | null
  paidAt: Date | null
}

/**
 * Serialises the lieu's documents: invoices and credit notes chain in one order, so every issuing
 * transaction of the lieu takes this lock first (then the counter row of its kind and year).
 */
export async function lockLieuChain(tx: Tx, lieuId: string) {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`invoices:${lieuId}`}, 0))`
}

/** The lieu's last document in chain order (the newest of its last invoice and its last credit note). */
async function chainTip(tx: Tx, lieuId: string) {
  const rows = await tx.$queryRaw<{ hash: string; issued_at: Date; created_at: Date }[]>`
    SELECT hash, issued_at, created_at FROM (
      (SELECT hash, issued_at, created_at FROM invoices WHERE lieu_id = ${lieuId}::uuid AND kind = 'invoice'
        ORDER BY year DESC, sequence DESC LIMIT 1)
      UNION ALL
      (SELECT hash, issued_at, created_at FROM invoices WHERE lieu_id = ${lieuId}::uuid AND kind = 'credit_note'
        ORDER BY year DESC, sequence DESC LIMIT 1)
    ) tips ORDER BY created_at DESC LIMIT 1`
  return rows[0] ?? null
}

/**
 * The next number of (lieu, year, kind): one statement that creates or increments the counter row
 * and keeps it locked until the transaction ends. A rollback gives the number back.
 */
async function takeNumber(tx: Tx, lieuId: string, year: number, kind: DocumentKind): Promise<number> {
  const rows = await tx.$queryRaw<{ seq: number }[]>`
    INSERT INTO invoice_counters (lieu_id, year, kind, next) VALUES (${lieuId}::uuid, ${year}::int, ${kind}, 2)
    ON CONFLICT (lieu_id, year, kind) DO UPDATE SET next = invoice_counters.next + 1
    RETURNING next - 1 AS seq`
  return Number(rows[0]!.seq)
}

/**
 * Issues one document of `kind` for the lieu in the caller's transaction. `build` runs under the
 * lieu's chain lock with the issue date and the lieu's legal identity.
 */
export async function issueDocument(
  tx: Tx,
  lieuId: string,
  kind: DocumentKind,
  now: Date,
  build: (ctx: { lieu: LieuLegal; issuedAt: Date }) => Promise<DocumentContent> | DocumentContent,
): Promise<{ id: string; number: string }> {
  const lieu = await tx.lieu.findUnique({ where: { id: lieuId }, select: lieuLegalSelect })
  if (!lieu) throw notFound('lieu')
  await lockLieuChain(tx, lieuId)
  const tip = await chainTip(tx, lieuId)
  // Numbers follow issue dates: a document is never dated before the one chained before it, and
  // the chain order (created_at) is strictly increasing.
  const issuedAt = tip && tip.issued_at > now ? new Date(tip.issued_at) : now
  const createdAt =
    tip && tip.created_at.getTime() >= issuedAt.getTime() ? new Date(tip.created_at.getTime() + 1) : issuedAt
  const content = await build({ lieu, issuedAt })
  const year = DateTime.fromJSDate(issuedAt, { zone: lieu.timeZone }).year
  const sequence = await takeNumber(tx, lieuId, year, kind)
  const number = documentNumber(kind, year, sequence)
  const dueAt = DateTime.fromJSDate(issuedAt, { zone: lieu.timeZone })
    .plus({ days: content.dueDays })
    .toJSDate()
  const seller = sellerSnapshot(
    { ...lieu, vatExempt: content.vatExempt ?? lieu.vatExempt },
    { kind, dueDays: content.dueDays, dueAt, creditNote: content.creditNote },
  )
  const totals = documentTotals(content.lines)
  const doc = {
    id: randomUUID(),
    lieuId,
    kind,
    number,
    year,
    sequence,
    issuedAt,
    dueAt,
    seller,
    buyer: content.buyer,
    buyerUserId: content.buyer.userId,
    buyerEmployerId: content.buyer.employerId ?? null,
    lines: content.lines,
    totalExclCents: totals.totalExclCents,
    totalVatCents: totals.totalVatCents,
    totalInclCents: totals.totalInclCents,
    creditsInvoiceId: content.creditsInvoiceId,
    previousHash: tip?.hash ?? GENESIS_HASH,
  }
  const hash = documentHash(doc)
  await tx.invoice.create({
    data: {
      ...doc,
      seller: doc.seller as Prisma.InputJsonObject,
      buyer: doc.buyer as Prisma.InputJsonObject,
      lines: doc.lines as unknown as Prisma.InputJsonArray,
      paymentMethod: content.paymentMethod,
      paidAt: content.paidAt,
      hash,
      createdAt,
    },
  })
  return { id: doc.id, number }
}

const MAX_TOTAL = 2_000_000_000

/** The lines of an invoice, validated and computed (VAT rounded per line). */
export function computeInvoiceLines(lines: InvoiceLineInput[], vatExempt: boolean): InvoiceLineDto[] {
  const errors: FieldIssue[] = []
  if (lines.length === 0) errors.push({ field: 'lines', message: 'an invoice has at least one line' })
  lines.forEach((l, i) => {
    const f = (k: string, message: string) => errors.push({ field: `lines.${i}.${k}`, message })
    if (typeof l.label !== 'string' || !l.label.trim() || l.label.length > 300)
      f('label', 'a label of 1 to 300 characters')
    if (
      !Number.isFinite(l.quantity) ||
      l.quantity <= 0 ||
      l.quantity > 100_000 ||
      Math.abs(Math.round(l.quantity * QUANTITY_SCALE) / QUANTITY_SCALE - l.quantity) > 1e-9
    )
      f('quantity', 'a positive quantity with at most three decimals')
    if (
      !Number.isSafeInteger(l.unitPriceExclCents) ||
      l.unitPriceExclCents < 0 ||
      l.unitPriceExclCents > 100_000_000
    )
      f('unitPriceExclCents', 'cents, 0 to 100 000 000')
    if (!Number.isInteger(l.vatRateBp) || l.vatRateBp < 0 || l.vatRateBp > 10_000)
      f('vatRateBp', 'basis points, 0 to 10 000')
  })
  if (errors.length) throw new AppError('validation_failed', 'invalid invoice lines', { errors })
  if (vatExempt) {
    const withVat = lines.flatMap((l, i) =>
      l.vatRateBp !== 0
        ? [
            {
              field: `lines.${i}.vatRateBp`,
              message: 'a VAT-exempt lieu (art. 293 B du CGI) invoices at 0 %',
            },
          ]
        : [],
    )
    if (withVat.length)
      throw new AppError(
        'vat_exempt_lieu',
        'the lieu is VAT-exempt (franchise en base): every line’s VAT rate must be 0',
        { errors: withVat },
      )
  }
  const computed = lines.map((l) => ({
    label: l.label.trim(),
    quantity: l.quantity,
    unitPriceExclCents: l.unitPriceExclCents,
    vatRateBp: l.vatRateBp,
    ...lineAmounts(l),
  }))
  if (documentTotals(computed).totalInclCents > MAX_TOTAL) {
    throw new AppError('validation_failed', 'invoice total too large', {
      errors: [{ field: 'lines', message: 'the total must stay under 20 000 000 €' }],
    })
  }
  return computed
}

/**
 * Issues an invoice inside the caller's transaction (the contract of types.ts): the number is
 * taken from the lieu's counter in the same transaction, the document is chained by its hash.
 */
export const issueInvoice: IssueInvoice = async (tx: Tx, input: IssueInvoiceInput, now: Date) => {
  const dueDays = input.dueDays ?? 30
  if (!Number.isInteger(dueDays) || dueDays < 0 || dueDays > 365) {
    throw new AppError('validation_failed', 'invalid payment term', {
      errors: [{ field: 'dueDays', message: '0 to 365 days' }],
    })
  }
  if ((input.paidAt ?? null) !== null && !input.paymentMethod) {
    throw new AppError('validation_failed', 'a payment needs its method', {
      errors: [{ field: 'paymentMethod', message: 'required with paidAt' }],
    })
  }
  return issueDocument(tx, input.lieuId, 'invoice', now, ({ lieu, issuedAt }) => ({
    buyer: {
      userId: input.buyer.userId,
      name: input.buyer.name,
      email: input.buyer.email,
      ...(input.buyer.address ? { address: input.buyer.address } : {}),
      ...(input.buyer.employerId ? { employerId: input.buyer.employerId } : {}),
      ...(input.buyer.siret ? { siret: input.buyer.siret } : {}),
      ...(input.buyer.vatNumber ? { vatNumber: input.buyer.vatNumber } : {}),
    },
    lines: computeInvoiceLines(input.lines, lieu.vatExempt),
    dueDays,
    creditsInvoiceId: null,
    paymentMethod: input.paymentMethod ?? null,
    paidAt: input.paymentMethod ? (input.paidAt ?? issuedAt) : null,
  }))
}
