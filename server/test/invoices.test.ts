import { beforeAll, describe, expect, it } from 'vitest'
import type { InvoiceDto } from '@fabrique/shared/invoices/schema'
import { issueInvoice } from '../src/invoices/issue.ts'
import { issueCreditNote } from '../src/invoices/credit.ts'
import { GENESIS_HASH } from '../src/invoices/chain.ts'
import {
  MENTION_LATE_PENALTY,
  MENTION_NO_DISCOUNT,
  MENTION_RECOVERY,
  MENTION_VAT_EXEMPT,
} from '../src/invoices/legal.ts'
import type { InvoiceLineInput } from '../src/invoices/types.ts'
import { lieuBody, useTestApp } from './support/test-app.ts'
import { expectProblem, type Agent } from './support/route-table.ts'

// Invoices and credit notes: gap-free numbers under concurrency and rollbacks, the lieu's local
// year, immutability (the trigger), the hash chain and its verification, credit caps, the
// VAT-exempt mention, the accounting export and the PDF. Docs: docs/invoices.md.

const t = useTestApp({ now: '2026-11-27T09:00:00Z' })
const NOW = new Date('2026-11-27T09:00:00Z')
const VAT_LEGAL = {
  legalName: 'SAS La Fabrique',
  siret: '73282932000074',
  vatNumber: 'FR44732829320',
  vatExempt: false,
}

interface World {
  owner: Agent
  ownerId: string
  member: Agent
  memberId: string
  /** A VAT-registered lieu. */
  lieu: string
  /** A VAT-exempt one (lieuBody's default). */
  exempt: string
}
const w = {} as World
let slugs = 0

async function newLieu(legal: object = VAT_LEGAL) {
  const res = await w.owner.post('/api/v1/lieux').send(lieuBody(`lieu-${++slugs}`, { legal }))
  expect(res.status, res.text).toBe(201)
  return res.body.id as string
}

const line = (over: Partial<InvoiceLineInput> = {}): InvoiceLineInput => ({
  label: 'Journée coworking',
  quantity: 1,
  unitPriceExclCents: 2000,
  vatRateBp: 2000,
  ...over,
})
const buyer = { userId: null, name: 'Camille Client', email: 'camille@example.org' }

/** One invoice in its own transaction (generous limits: tests race many of them on a pool of 5). */
const issue = (lieuId: string, now = NOW, lines = [line()]) =>
  t.deps.db.$transaction((tx) => issueInvoice(tx, { lieuId, buyer, lines }, now), {
    maxWait: 60_000,
    timeout: 60_000,
  })

const chainOf = (lieuId: string) =>
  t.deps.db.invoice.findMany({ where: { lieuId }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] })

async function verify(lieuId: string) {
  const res = await w.owner.get(`/api/v1/lieux/${lieuId}/invoices/verify`)
  expect(res.status, res.text).toBe(200)
  return res.body as { ok: boolean; checked: number; firstBrokenNumber: string | null }
}

beforeAll(async () => {
  const o = await t.login({ name: 'Olga Owner' })
  w.owner = o.agent
  w.ownerId = o.id
  const m = await t.login({ name: 'Marc Member', email: 'marc@example.org' })
  w.member = m.agent
  w.memberId = m.id
  w.lieu = await newLieu()
  w.exempt = await newLieu({
    legalName: 'Association Test',
    siret: '73282932000074',
    vatNumber: null,
    vatExempt: true,
  })
  await t.deps.db.lieuMembership.createMany({
    data: [
      { lieuId: w.lieu, userId: w.memberId, role: 'member' },
      { lieuId: w.exempt, userId: w.memberId, role: 'member' },
    ],
  })
})

describe('a manual invoice', () => {
  it('to a member, paid on site: number, snapshots, per-line VAT, mentions, due date', async () => {
    const res = await w.owner.post(`/api/v1/lieux/${w.lieu}/invoices`).send({
      buyer: { userId: w.memberId },
      lines: [
        { label: 'Salle Chêne (heures)', quantity: 1.5, unitPriceExclCents: 1999, vatRateBp: 2000 },
        { label: 'Café', quantity: 3, unitPriceExclCents: 3, vatRateBp: 550 },
      ],
      payment: { method: 'on_site' },
    })
    expect(res.status, res.text).toBe(201)
    const inv = res.body as InvoiceDto
    expect(inv.number).toMatch(/^F-2026-\d{6}$/)
    expect(inv).toMatchObject({
      kind: 'invoice',
      year: 2026,
      issuedAt: '2026-11-27T09:00:00.000Z',
      dueAt: '2026-12-27T09:00:00.000Z',
      buyer: { userId: w.memberId, name: 'Marc Member', email: 'marc@example.org' },
      // 1.5 × 19.99 = 29.985 → 29.99 (2999); VAT 599.8 → 600; 3 × 0.03 = 9; VAT 0.495 → 0.
      lines: [
        { totalExclCents: 2999, vatCents: 600, totalInclCents: 3599 },
        { totalExclCents: 9, vatCents: 0, totalInclCents: 9 },
      ],
      totalExclCents: 3008,
      totalVatCents: 600,
      totalInclCents: 3608,
      vatBreakdown: [
        { vatRateBp: 550, baseExclCents: 9, vatCents: 0 },
        { vatRateBp: 2000, baseExclCents: 2999, vatCents: 600 },
      ],
      paymentMethod: 'on_site',
      paidAt: '2026-11-27T09:00:00.000Z',
      status: 'paid',
      seller: {
        legalName: 'SAS La Fabrique',
        siret: '73282932000074',
        vatNumber: 'FR44732829320',
        vatExempt: false,
        address: { street: '1 rue de la Paix', postalCode: '12100', city: 'Millau', country: 'FR' },
      },
    })
    expect(inv.seller.mentions).toEqual([
      'Conditions de paiement : 30 jours à compter de la date de facture, soit au plus tard le 27/12/2026.',
      MENTION_NO_DISCOUNT,
      MENTION_LATE_PENALTY,
      MENTION_RECOVERY,
    ])
    expect(inv.seller.mentions.join(' ')).not.toContain('293 B')
    expect(inv.hash).toMatch(/^[0-9a-f]{64}$/)
    // The member sees it among theirs, and alone.
    const mine = await w.member.get('/api/v1/me/invoices')
    expect(mine.body.map((x: InvoiceDto) => x.id)).toContain(inv.id)
    expect((await w.member.get(`/api/v1/invoices/${inv.id}`)).status).toBe(200)
  })

  it('to someone outside the lieu, unpaid; payment recorded once', async () => {
    const res = await w.owner.post(`/api/v1/lieux/${w.lieu}/invoices`).send({
      buyer: {
        name: 'SARL Voisine',
        email: 'Compta@Voisine.example',
        address: '3 place du Mandarous\n12100 Millau',
      },
      lines: [line()],
      dueDays: 0,
    })
    expect(res.status, res.text).toBe(201)
    expect(res.body).toMatchObject({
      buyer: {
        userId: null,
        name: 'SARL Voisine',
        email: 'compta@voisine.example',
        address: '3 place du Mandarous\n12100 Millau',
      },
      status: 'unpaid',
      paidAt: null,
      dueAt: '2026-11-27T09:00:00.000Z',
    })
    expect(res.body.seller.mentions[0]).toBe('Conditions de paiement : paiement à réception de la facture.')
    const url = `/api/v1/invoices/${res.body.id}/payment`
    const paid = await w.owner
      .post(url)
      .send({ method: 'bank_transfer', paidAt: '2026-11-26T15:00:00+01:00' })
    expect(paid.status, paid.text).toBe(200)
    expect(paid.body).toMatchObject({
      status: 'paid',
      paymentMethod: 'bank_transfer',
      paidAt: '2026-11-26T14:00:00.000Z',
      hash: res.body.hash,
    })
    expectProblem(
      await w.owner.post(url).send({ method: 'cash', paidAt: '2026-11-26T15:00:00Z' }),
      409,
      'invoice_already_paid',
    )
    // Concurrent recordings of another invoice: exactly one wins.
    const other = await w.owner
      .post(`/api/v1/lieux/${w.lieu}/invoices`)
      .send({ buyer: { userId: w.memberId }, lines: [line()] })
    const tries = await Promise.all(
      Array.from({ length: 5 }, () =>
        w.owner
          .post(`/api/v1/invoices/${other.body.id}/payment`)
          .send({ method: 'cheque', paidAt: '2026-11-27T08:00:00Z' }),
      ),
    )
    expect(tries.map((r) => r.status).sort()).toEqual([200, 409, 409, 409, 409])
    expect((await verify(w.lieu)).ok).toBe(true)
  })
})

describe('numbering', () => {
  it('50 invoices and 5 credit notes issued in parallel transactions: gap-free per kind, one valid chain', async () => {
    const lieuId = await newLieu()
    const first = []
    for (let i = 0; i < 5; i++) first.push(await issue(lieuId))
    const results = await Promise.all([
      ...Array.from({ length: 50 }, () => issue(lieuId)),
      ...first.map((f) =>
        t.deps.db.$transaction((tx) => issueCreditNote(tx, f.id, 'full', 'Annulation', NOW), {
          maxWait: 60_000,
          timeout: 60_000,
        }),
      ),
    ])
    const invoiceNumbers = results.slice(0, 50).map((r) => r.number)
    expect(new Set(invoiceNumbers).size).toBe(50)
    const rows = await chainOf(lieuId)
    const seqs = (kind: string) =>
      rows
        .filter((r) => r.kind === kind)
        .map((r) => r.sequence)
        .sort((a, b) => a - b)
    expect(seqs('invoice')).toEqual(Array.from({ length: 55 }, (_, i) => i + 1))
    expect(seqs('credit_note')).toEqual([1, 2, 3, 4, 5])
    expect(
      rows
        .filter((r) => r.kind === 'credit_note')
        .map((r) => r.number)
        .sort(),
    ).toEqual(['AV-2026-000001', 'AV-2026-000002', 'AV-2026-000003', 'AV-2026-000004', 'AV-2026-000005'])
    // One chain: genesis first, every link to the one before, no two documents on the same predecessor.
    expect(rows[0]!.previousHash).toBe(GENESIS_HASH)
    rows.slice(1).forEach((r, i) => expect(r.previousHash).toBe(rows[i]!.hash))
    expect(new Set(rows.map((r) => r.previousHash)).size).toBe(rows.length)
    const counters = await t.deps.db.invoiceCounter.findMany({ where: { lieuId }, orderBy: { kind: 'asc' } })
    expect(counters.map((c) => [c.kind, c.year, c.next])).toEqual([
      ['credit_note', 2026, 6],
      ['invoice', 2026, 56],
    ])
    expect(await verify(lieuId)).toEqual({ ok: true, checked: 60, firstBrokenNumber: null })
  })

  it('a rolled-back transaction gives its number back (gap-free with failures, in parallel too)', async () => {
    const lieuId = await newLieu()
    await issue(lieuId)
    const failing = () =>
      t.deps.db.$transaction(
        async (tx) => {
          await issueInvoice(tx, { lieuId, buyer, lines: [line()] }, NOW)
          throw new Error('payment provider said no')
        },
        { maxWait: 60_000, timeout: 60_000 },
      )
    await expect(failing()).rejects.toThrow('payment provider said no')
    expect((await issue(lieuId)).number).toBe('F-2026-000002')
    const mixed = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) => (i % 2 ? failing() : issue(lieuId))),
    )
    expect(mixed.filter((r) => r.status === 'fulfilled')).toHaveLength(10)
    const rows = await chainOf(lieuId)
    expect(rows.map((r) => r.sequence).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 12 }, (_, i) => i + 1),
    )
    // A refused invoice (VAT on an exempt lieu) consumes nothing either.
    await expect(issue(w.exempt, NOW, [line()])).rejects.toMatchObject({ code: 'vat_exempt_lieu' })
    expect((await verify(lieuId)).ok).toBe(true)
  })

  it('the year is the lieu’s local year: 2026-12-31T23:30Z in Europe/Paris is 2027', async () => {
    const lieuId = await newLieu()
    expect((await issue(lieuId, new Date('2026-12-31T22:59:59Z'))).number).toBe('F-2026-000001')
    expect((await issue(lieuId, new Date('2026-12-31T23:00:00Z'))).number).toBe('F-2027-000001')
    expect((await issue(lieuId, new Date('2026-12-31T23:30:00Z'))).number).toBe('F-2027-000002')
    const rows = await chainOf(lieuId)
    expect(rows.map((r) => [r.year, r.sequence])).toEqual([
      [2026, 1],
      [2027, 1],
      [2027, 2],
    ])
    // A document is never dated before the one chained before it (numbers follow dates).
    const late = await issue(lieuId, new Date('2026-12-30T10:00:00Z'))
    expect(late.number).toBe('F-2027-000003')
    const row = await t.deps.db.invoice.findUniqueOrThrow({ where: { id: late.id } })
    expect(row.issuedAt.toISOString()).toBe('2026-12-31T23:30:00.000Z')
    expect((await verify(lieuId)).ok).toBe(true)
  })
})

describe('immutability and the hash chain', () => {
  it('an issued invoice cannot be updated or deleted; recording its payment once can', async () => {
    const lieuId = await newLieu()
    const { id } = await issue(lieuId)
    const sql = (q: string) => t.deps.pool.query(q, [id])
    await expect(sql('UPDATE invoices SET total_incl_cents = 1 WHERE id = $1')).rejects.toThrow(/immutable/)
    await expect(
      sql(`UPDATE invoices SET buyer = '{"name":"Quelqu''un d''autre"}' WHERE id = $1`),
    ).rejects.toThrow(/immutable/)
    await expect(
      sql(`UPDATE invoices SET paid_at = now(), total_excl_cents = 0 WHERE id = $1`),
    ).rejects.toThrow(/immutable/)
    await expect(sql('DELETE FROM invoices WHERE id = $1')).rejects.toThrow(/immutable/)
    await sql(`UPDATE invoices SET paid_at = now(), payment_method = 'cash' WHERE id = $1`)
    await expect(
      sql(`UPDATE invoices SET paid_at = now(), payment_method = 'card' WHERE id = $1`),
    ).rejects.toThrow(/immutable/)
    await expect(sql('UPDATE invoices SET paid_at = NULL WHERE id = $1')).rejects.toThrow(/immutable/)
    expect(await verify(lieuId)).toEqual({ ok: true, checked: 1, firstBrokenNumber: null })
  })

  it('verify finds the first tampered document (trigger disabled to tamper)', async () => {
    const lieuId = await newLieu()
    for (let i = 0; i < 5; i++) await issue(lieuId)
    expect(await verify(lieuId)).toEqual({ ok: true, checked: 5, firstBrokenNumber: null })
    const tamper = async (q: string, params: unknown[]) => {
      const c = await t.deps.pool.connect()
      try {
        await c.query('BEGIN')
        await c.query('ALTER TABLE invoices DISABLE TRIGGER invoices_immutable')
        await c.query(q, params)
        await c.query('ALTER TABLE invoices ENABLE TRIGGER invoices_immutable')
        await c.query('COMMIT')
      } catch (e) {
        await c.query('ROLLBACK')
        throw e
      } finally {
        c.release()
      }
    }
    // A lowered amount on the 3rd invoice.
    await tamper(
      `UPDATE invoices SET total_incl_cents = total_incl_cents - 100 WHERE lieu_id = $1 AND number = 'F-2026-000003'`,
      [lieuId],
    )
    expect(await verify(lieuId)).toMatchObject({ ok: false, firstBrokenNumber: 'F-2026-000003' })
    // Put back: intact again. Then a buyer renamed inside the JSON of the 2nd.
    await tamper(
      `UPDATE invoices SET total_incl_cents = total_incl_cents + 100 WHERE lieu_id = $1 AND number = 'F-2026-000003'`,
      [lieuId],
    )
    expect((await verify(lieuId)).ok).toBe(true)
    await tamper(
      `UPDATE invoices SET buyer = jsonb_set(buyer, '{name}', '"Autre client"') WHERE lieu_id = $1 AND number = 'F-2026-000002'`,
      [lieuId],
    )
    expect(await verify(lieuId)).toMatchObject({ ok: false, firstBrokenNumber: 'F-2026-000002' })
    // A deleted document breaks the link of the one after it.
    const lieu2 = await newLieu()
    for (let i = 0; i < 3; i++) await issue(lieu2)
    await tamper(`DELETE FROM invoices WHERE lieu_id = $1 AND number = 'F-2026-000002'`, [lieu2])
    expect(await verify(lieu2)).toMatchObject({ ok: false, firstBrokenNumber: 'F-2026-000003' })
    // The trigger is back on.
    await expect(t.deps.pool.query(`DELETE FROM invoices WHERE lieu_id = $1`, [lieu2])).rejects.toThrow(
      /immutable/,
    )
  })
})

describe('credit notes', () => {
  it('partial, then the rest; never more than what is left; the invoice nets to zero', async () => {
    const inv = await w.owner.post(`/api/v1/lieux/${w.lieu}/invoices`).send({
      buyer: { userId: w.memberId },
      lines: [
        { label: 'Carnet 10 journées', quantity: 3, unitPriceExclCents: 333, vatRateBp: 2000 },
        { label: 'Café', quantity: 1, unitPriceExclCents: 3, vatRateBp: 550 },
      ],
    })
    expect(inv.status, inv.text).toBe(201)
    const url = `/api/v1/invoices/${inv.body.id}/credit-note`
    const part = await w.owner
      .post(url)
      .send({ lines: [{ line: 0, quantity: 1 }], reason: 'Une journée non utilisée' })
    expect(part.status, part.text).toBe(201)
    expect(part.body).toMatchObject({
      kind: 'credit_note',
      number: expect.stringMatching(/^AV-2026-\d{6}$/),
      creditsInvoice: { id: inv.body.id, number: inv.body.number },
      buyer: { userId: w.memberId },
      lines: [
        {
          label: 'Carnet 10 journées',
          quantity: 1,
          unitPriceExclCents: -333,
          totalExclCents: -333,
          vatCents: -67,
          creditsLine: 0,
        },
      ],
      totalInclCents: -400,
      seller: { creditNote: { reason: 'Une journée non utilisée', invoiceNumber: inv.body.number } },
    })
    expect(part.body.seller.mentions.slice(0, 2)).toEqual([
      `Avoir sur la facture ${inv.body.number} du 27/11/2026.`,
      'Motif : Une journée non utilisée',
    ])
    const over = await w.owner.post(url).send({ lines: [{ line: 0, quantity: 2.001 }], reason: 'Trop' })
    expect(expectProblem(over, 422, 'credit_exceeds_invoice').errors).toEqual([
      { field: 'lines.0.quantity', message: 'at most 2 left to credit on this line' },
    ])
    expectProblem(
      await w.owner.post(url).send({ lines: [{ line: 7, quantity: 1 }], reason: 'Pas de ligne' }),
      400,
      'validation_failed',
    )
    const afterPart = (await w.owner.get(`/api/v1/invoices/${inv.body.id}`)).body as InvoiceDto
    expect(afterPart).toMatchObject({
      status: 'unpaid',
      remainingInclCents: inv.body.totalInclCents - 400,
      creditNotes: [{ id: part.body.id, totalInclCents: -400 }],
    })
    // Concurrent "full" credit notes: one wins, the others find nothing left.
    const fulls = await Promise.all(
      Array.from({ length: 4 }, () => w.owner.post(url).send({ full: true, reason: 'Résiliation' })),
    )
    expect(fulls.map((r) => r.status).sort()).toEqual([201, 422, 422, 422])
    const rest = fulls.find((r) => r.status === 201)!.body as InvoiceDto
    expect(rest.totalInclCents + part.body.totalInclCents).toBe(-inv.body.totalInclCents)
    const after = (await w.owner.get(`/api/v1/invoices/${inv.body.id}`)).body as InvoiceDto
    expect(after).toMatchObject({ status: 'credited', remainingInclCents: 0 })
    expectProblem(
      await w.owner.post(url).send({ full: true, reason: 'Encore' }),
      422,
      'credit_exceeds_invoice',
    )
    expectProblem(
      await w.owner.post(`/api/v1/invoices/${part.body.id}/credit-note`).send({ full: true, reason: 'x' }),
      422,
      'not_creditable',
    )
    // The member sees their credit notes too.
    expect((await w.member.get(`/api/v1/invoices/${rest.id}`)).status).toBe(200)
    expect((await verify(w.lieu)).ok).toBe(true)
  })
})

describe('a VAT-exempt lieu', () => {
  it('says "TVA non applicable, art. 293 B du CGI" and refuses any VAT', async () => {
    const ok = await w.owner.post(`/api/v1/lieux/${w.exempt}/invoices`).send({
      buyer: { userId: w.memberId },
      lines: [{ label: 'Adhésion annuelle', quantity: 1, unitPriceExclCents: 2000, vatRateBp: 0 }],
    })
    expect(ok.status, ok.text).toBe(201)
    expect(ok.body).toMatchObject({
      seller: { vatExempt: true, vatNumber: null },
      totalVatCents: 0,
      totalInclCents: 2000,
      lines: [{ vatRateBp: 0, vatCents: 0 }],
    })
    expect(ok.body.seller.mentions[0]).toBe(MENTION_VAT_EXEMPT)
    const refused = await w.owner.post(`/api/v1/lieux/${w.exempt}/invoices`).send({
      buyer: { userId: w.memberId },
      lines: [line({ vatRateBp: 0 }), line({ vatRateBp: 550 })],
    })
    expect(expectProblem(refused, 422, 'vat_exempt_lieu').errors?.map((e) => e.field)).toEqual([
      'lines.1.vatRateBp',
    ])
    const pdf = await w.owner.get(`/api/v1/invoices/${ok.body.id}/pdf`)
    expect(pdf.status).toBe(200)
  })
})

describe('the PDF', () => {
  it('is an inline A4 PDF named after the number, for the buyer and the managers', async () => {
    const inv = (
      await w.owner
        .post(`/api/v1/lieux/${w.lieu}/invoices`)
        .send({ buyer: { userId: w.memberId }, lines: [line()] })
    ).body as InvoiceDto
    for (const agent of [w.owner, w.member]) {
      const res = await agent
        .get(`/api/v1/invoices/${inv.id}/pdf`)
        .buffer(true)
        .parse((r, cb) => {
          const chunks: Buffer[] = []
          r.on('data', (c: Buffer) => chunks.push(c))
          r.on('end', () => cb(null, Buffer.concat(chunks)))
        })
      expect(res.status).toBe(200)
      expect(res.headers['content-type']).toBe('application/pdf')
      expect(res.headers['content-disposition']).toBe(`inline; filename="${inv.number}.pdf"`)
      const body = res.body as Buffer
      expect(body.subarray(0, 5).toString()).toBe('%PDF-')
      expect(body.toString('latin1')).toContain('/MediaBox [0 0 595.28 841.89]')
    }
  })
})

describe('the accounting export', () => {
  it('FEC columns, ; and decimal commas; every entry and the whole balance; credit notes reversed', async () => {
    const lieuId = await newLieu()
    const a = await issue(lieuId, new Date('2026-11-02T10:00:00Z'), [
      line({ unitPriceExclCents: 12345 }),
      line({ quantity: 3, unitPriceExclCents: 333, vatRateBp: 550 }),
    ])
    await issue(lieuId, new Date('2026-11-15T10:00:00Z'), [line({ vatRateBp: 1000 })])
    await t.deps.db.$transaction((tx) =>
      issueCreditNote(tx, a.id, [{ line: 0, quantity: 1 }], 'Erreur', new Date('2026-11-20T10:00:00Z')),
    )
    await issue(lieuId, new Date('2026-11-30T23:30:00Z')) // 1 December in Paris: outside November
    const res = await w.owner.get(`/api/v1/lieux/${lieuId}/accounting-export?from=2026-11-01&to=2026-11-30`)
    expect(res.status, res.text).toBe(200)
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8')
    expect(res.headers['content-disposition']).toMatch(
      /^attachment; filename="ventes-lieu-\d+-2026-11-01-2026-11-30\.csv"$/,
    )
    const rows = res.text
      .trimEnd()
      .split('\r\n')
      .map((r) => r.split(';'))
    expect(rows[0]).toEqual([
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
    ])
    const body = rows.slice(1)
    const cents = (s: string) => Math.round(Number(s.replace(',', '.')) * 100)
    const entries = new Map<string, { debit: number; credit: number }>()
    for (const r of body) {
      expect(r[9]).toMatch(/^\d+,\d\d$/)
      const e = entries.get(r[2]!) ?? { debit: 0, credit: 0 }
      e.debit += cents(r[9]!)
      e.credit += cents(r[10]!)
      entries.set(r[2]!, e)
    }
    expect([...entries.keys()]).toEqual(['F-2026-000001', 'F-2026-000002', 'AV-2026-000001'])
    for (const [n, e] of entries) expect(e.debit, n).toBe(e.credit)
    // First invoice: 123,45 + 24,69 VAT 20 %; 9,99 + 0,55 VAT 5,5 % → 411 debit 158,68.
    expect(body.filter((r) => r[2] === 'F-2026-000001').map((r) => [r[4], r[9], r[10]])).toEqual([
      ['411', '158,68', '0,00'],
      ['706', '0,00', '133,44'],
      ['44571', '0,00', '0,55'],
      ['44571', '0,00', '24,69'],
    ])
    expect(body.filter((r) => r[2] === 'AV-2026-000001').map((r) => [r[3], r[4], r[9], r[10]])).toEqual([
      ['20261120', '411', '0,00', '148,14'],
      ['20261120', '706', '123,45', '0,00'],
      ['20261120', '44571', '24,69', '0,00'],
    ])
  })
})
