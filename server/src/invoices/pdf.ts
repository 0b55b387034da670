// The PDF of an invoice or a credit note (A4, French), drawn with pdfkit's standard fonts.
import { paymentMethodLabel, type InvoiceDto } from '@fabrique/shared/invoices/schema'
import { frenchDate } from './legal.ts'
import { formatEuros, formatQuantity, formatRate } from './money.ts'

// The standard PDF fonts speak WinAnsi: Latin-1 plus these.
const WIN_ANSI_EXTRA = new Set('€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ')

/** Text the standard fonts can draw: accents kept, other scripts reduced to their base letter or "?". */
export function pdfText(s: string): string {
  let out = ''
  for (const ch of s.normalize('NFC').replace(/\u202f/g, '\u00a0')) {
    const c = ch.codePointAt(0)!
    if ((c >= 0x20 && c <= 0x7e) || (c >= 0xa0 && c <= 0xff) || WIN_ANSI_EXTRA.has(ch)) out += ch
    else if (c === 0x0a) out += '\n'
    else if (c < 0x20 || (c >= 0x7f && c < 0xa0)) out += ' '
    else if (/\p{Extended_Pictographic}|\p{M}|\p{Cf}/u.test(ch)) continue
    else {
      const base = ch.normalize('NFD')[0]!
      out += base.codePointAt(0)! < 0x7f ? base : '?'
    }
  }
  return out
}

const A4 = { width: 595.28, height: 841.89 }
const M = 50 // margins
const W = A4.width - 2 * M
const INK = '#1f2328'
const MUTED = '#5b6169'
const RULE = '#d0d7de'
const ACCENT = '#2f5d50'

export async function renderInvoicePdf(inv: InvoiceDto): Promise<Buffer> {
  // Loaded on first use: pdfkit and its fonts cost the idle server ~15 MB.
  const { default: PDFDocument } = await import('pdfkit')
  const zone = inv.seller.timeZone
  const credit = inv.kind === 'credit_note'
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: M, bottom: M, left: M, right: M },
    bufferPages: true,
    info: {
      Title: `${credit ? 'Avoir' : 'Facture'} ${inv.number}`,
      Author: pdfText(inv.seller.legalName),
      Subject: `${credit ? 'Avoir' : 'Facture'} ${inv.number} — ${pdfText(inv.buyer.name)}`,
      Creator: 'Fabrique',
      CreationDate: new Date(inv.issuedAt),
    },
  })
  const chunks: Buffer[] = []
  doc.on('data', (c: Buffer) => chunks.push(c))
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)))
    doc.on('error', reject)
  })

  const t = (s: string) => pdfText(s)
  const text = (
    s: string,
    x: number,
    y: number,
    o: PDFKit.Mixins.TextOptions & { font?: string; size?: number; color?: string } = {},
  ) => {
    doc
      .font(o.font ?? 'Helvetica')
      .fontSize(o.size ?? 9)
      .fillColor(o.color ?? INK)
    doc.text(t(s), x, y, { lineBreak: o.width !== undefined, ...o })
    return doc.y
  }
  const rule = (y: number, color = RULE, width = 0.6) => {
    doc
      .moveTo(M, y)
      .lineTo(M + W, y)
      .lineWidth(width)
      .strokeColor(color)
      .stroke()
  }

  // ── Header: seller (left), document (right) ──
  const s = inv.seller
  let y = M
  y = text(s.legalName, M, y, { font: 'Helvetica-Bold', size: 13, width: 280 })
  if (s.name && s.name !== s.legalName) y = text(s.name, M, y + 1, { size: 9, color: MUTED, width: 280 })
  const sellerLines = [
    s.address.street,
    [s.address.postalCode, s.address.city].filter(Boolean).join(' '),
    s.address.country && s.address.country !== 'FR' ? s.address.country : '',
    s.siret ? `SIRET : ${s.siret}` : '',
    s.vatExempt
      ? 'TVA non applicable, art. 293 B du CGI'
      : s.vatNumber
        ? `N° TVA intracommunautaire : ${s.vatNumber}`
        : '',
    [s.email, s.phone].filter(Boolean).join(' · '),
    s.website ?? '',
  ].filter(Boolean)
  y += 4
  for (const l of sellerLines) y = text(l, M, y, { size: 9, width: 280 })
  const sellerBottom = y

  const rx = M + 300
  const rw = W - 300
  let ry = M
  ry = text(credit ? 'AVOIR' : 'FACTURE', rx, ry, {
    font: 'Helvetica-Bold',
    size: 22,
    color: ACCENT,
    width: rw,
    align: 'right',
  })
  ry = text(`N° ${inv.number}`, rx, ry + 2, { font: 'Helvetica-Bold', size: 11, width: rw, align: 'right' })
  ry = text(`Date d’émission : ${frenchDate(new Date(inv.issuedAt), zone)}`, rx, ry + 4, {
    size: 9,
    width: rw,
    align: 'right',
  })
  if (!credit)
    ry = text(`Date d’échéance : ${frenchDate(new Date(inv.dueAt), zone)}`, rx, ry + 1, {
      size: 9,
      width: rw,
      align: 'right',
    })
  if (credit && s.creditNote) {
    ry = text(
      `Sur la facture ${s.creditNote.invoiceNumber} du ${frenchDate(new Date(s.creditNote.invoiceIssuedAt), zone)}`,
      rx,
      ry + 1,
      {
        size: 9,
        width: rw,
        align: 'right',
      },
    )
  }

  // ── Buyer ──
  let by = Math.max(sellerBottom, ry) + 22
  const boxX = rx - 40
  const boxW = W - (boxX - M)
  const b = inv.buyer
  const buyerLines = [
    b.address ?? '',
    b.siret ? `SIRET ${b.siret}` : '',
    b.vatNumber ? `TVA intracommunautaire ${b.vatNumber}` : '',
    b.email,
  ].filter(Boolean)
  doc.font('Helvetica').fontSize(9)
  const buyerHeight =
    16 +
    doc
      .font('Helvetica-Bold')
      .fontSize(10)
      .heightOfString(t(b.name), { width: boxW - 20 }) +
    buyerLines.reduce(
      (h, l) =>
        h +
        doc
          .font('Helvetica')
          .fontSize(9)
          .heightOfString(t(l), { width: boxW - 20 }),
      0,
    ) +
    12
  doc.roundedRect(boxX, by, boxW, buyerHeight, 4).lineWidth(0.6).strokeColor(RULE).stroke()
  let iy = text(credit ? 'AVOIR ÉMIS POUR' : 'FACTURÉ À', boxX + 10, by + 8, {
    font: 'Helvetica-Bold',
    size: 7.5,
    color: MUTED,
    width: boxW - 20,
  })
  iy = text(b.name, boxX + 10, iy + 2, { font: 'Helvetica-Bold', size: 10, width: boxW - 20 })
  for (const l of buyerLines) iy = text(l, boxX + 10, iy + 1, { size: 9, width: boxW - 20 })
  by += buyerHeight + 24

  // ── Lines ──
  const cols = [
    { key: 'label', title: 'Désignation', w: 181, align: 'left' as const },
    { key: 'qty', title: 'Qté', w: 38, align: 'right' as const },
    { key: 'unit', title: 'PU HT', w: 62, align: 'right' as const },
    { key: 'rate', title: 'Taux', w: 38, align: 'right' as const },
    { key: 'excl', title: 'Total HT', w: 62, align: 'right' as const },
    { key: 'vat', title: 'TVA', w: 56, align: 'right' as const },
    { key: 'incl', title: 'Total TTC', w: 58, align: 'right' as const },
  ]
  const pad = 4
  const bottomLimit = A4.height - M - 40
  const header = (yy: number) => {
    doc.rect(M, yy, W, 18).fill('#eef2f0')
    let x = M
    for (const c of cols) {
      text(c.title, x + pad, yy + 5, {
        font: 'Helvetica-Bold',
        size: 8,
        width: c.w - 2 * pad,
        align: c.align,
      })
      x += c.w
    }
    return yy + 18
  }
  let ty = header(by)
  for (const l of inv.lines) {
    const cells: Record<string, string> = {
      label: l.label,
      qty: formatQuantity(l.quantity),
      unit: formatEuros(l.unitPriceExclCents),
      rate: formatRate(l.vatRateBp),
      excl: formatEuros(l.totalExclCents),
      vat: formatEuros(l.vatCents),
      incl: formatEuros(l.totalInclCents),
    }
    doc.font('Helvetica').fontSize(8.5)
    const h =
      Math.max(...cols.map((c) => doc.heightOfString(t(cells[c.key]!), { width: c.w - 2 * pad }))) +
      2 * pad +
      2
    if (ty + h > bottomLimit) {
      doc.addPage()
      ty = header(M)
    }
    let x = M
    for (const c of cols) {
      text(cells[c.key]!, x + pad, ty + pad + 1, { size: 8.5, width: c.w - 2 * pad, align: c.align })
      x += c.w
    }
    ty += h
    rule(ty)
  }

  // ── VAT breakdown (left) and totals (right) ──
  const blockHeight = 24 + 14 * (inv.vatBreakdown.length + 1) + 60
  if (ty + blockHeight > bottomLimit) {
    doc.addPage()
    ty = M
  }
  let vy = ty + 16
  const vx = M
  const vcols = [
    { title: 'Taux de TVA', w: 70 },
    { title: 'Base HT', w: 80 },
    { title: 'TVA', w: 70 },
  ]
  let x = vx
  for (const c of vcols) {
    text(c.title, x, vy, {
      font: 'Helvetica-Bold',
      size: 8,
      color: MUTED,
      width: c.w - pad,
      align: x === vx ? 'left' : 'right',
    })
    x += c.w
  }
  vy += 13
  for (const v of inv.vatBreakdown) {
    const cells = [formatRate(v.vatRateBp), formatEuros(v.baseExclCents), formatEuros(v.vatCents)]
    x = vx
    cells.forEach((cell, i) => {
      text(cell, x, vy, { size: 8.5, width: vcols[i]!.w - pad, align: i === 0 ? 'left' : 'right' })
      x += vcols[i]!.w
    })
    vy += 13
  }

  const tx = M + W - 210
  let tyy = ty + 16
  const totalRow = (label: string, value: string, bold = false, size = 9) => {
    text(label, tx, tyy, { font: bold ? 'Helvetica-Bold' : 'Helvetica', size, width: 120 })
    text(value, tx + 110, tyy, {
      font: bold ? 'Helvetica-Bold' : 'Helvetica',
      size,
      width: 100,
      align: 'right',
    })
    tyy += size + 6
  }
  totalRow('Total HT', formatEuros(inv.totalExclCents))
  totalRow(s.vatExempt ? 'TVA (non applicable)' : 'Total TVA', formatEuros(inv.totalVatCents))
  doc
    .moveTo(tx, tyy - 2)
    .lineTo(tx + 210, tyy - 2)
    .lineWidth(0.8)
    .strokeColor(INK)
    .stroke()
  tyy += 3
  totalRow(credit ? 'Total de l’avoir TTC' : 'Total TTC', formatEuros(inv.totalInclCents), true, 11)

  // ── Payment status ──
  let py = Math.max(vy, tyy) + 14
  let status: string
  if (credit) {
    status = inv.paidAt
      ? `Remboursé le ${frenchDate(new Date(inv.paidAt), zone)}${inv.paymentMethod ? ` (${paymentMethodLabel[inv.paymentMethod] ?? inv.paymentMethod})` : ''}.`
      : 'Montant à rembourser ou à déduire d’un prochain paiement.'
  } else if (inv.status === 'credited') {
    status = `Facture annulée par avoir (${inv.creditNotes.map((c) => c.number).join(', ')}).`
  } else if (inv.paidAt) {
    status = `Payée le ${frenchDate(new Date(inv.paidAt), zone)}${inv.paymentMethod ? ` par ${paymentMethodLabel[inv.paymentMethod] ?? inv.paymentMethod}` : ''}.`
  } else {
    status = `À payer au plus tard le ${frenchDate(new Date(inv.dueAt), zone)} : ${formatEuros(inv.remainingInclCents)}.`
  }
  const paid = !credit && inv.status === 'paid'
  doc.roundedRect(M, py, W, 24, 3).fill(paid ? '#e6f4ea' : '#f6f8fa')
  text(status, M + 10, py + 8, {
    font: 'Helvetica-Bold',
    size: 9,
    color: paid ? '#1a7f37' : INK,
    width: W - 20,
  })
  py += 24 + 18

  // ── Mentions ──
  doc.font('Helvetica').fontSize(7.5)
  const mentionsHeight = s.mentions.reduce((h, m) => h + doc.heightOfString(t(m), { width: W }) + 2, 0) + 14
  if (py + mentionsHeight > bottomLimit) {
    doc.addPage()
    py = M
  }
  text('Mentions légales', M, py, { font: 'Helvetica-Bold', size: 8, color: MUTED, width: W })
  py = doc.y + 3
  for (const m of s.mentions) py = text(m, M, py, { size: 7.5, color: MUTED, width: W }) + 2

  // ── Footer on every page ──
  const range = doc.bufferedPageRange()
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i)
    const fy = A4.height - M - 12
    rule(fy - 6)
    // Writing below the bottom margin would add a page: lift it for the footer.
    const bottom = doc.page.margins.bottom
    doc.page.margins.bottom = 0
    text(
      `${s.legalName}${s.siret ? ` · SIRET ${s.siret}` : ''} · ${inv.number} · empreinte ${inv.hash.slice(0, 16)}…`,
      M,
      fy,
      {
        size: 7,
        color: MUTED,
        width: W - 60,
      },
    )
    text(`Page ${i + 1}/${range.count}`, M + W - 60, fy, { size: 7, color: MUTED, width: 60, align: 'right' })
    doc.page.margins.bottom = bottom
  }
  doc.end()
  return done
}
