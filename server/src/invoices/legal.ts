// The seller's identity and the legal mentions of a French invoice or credit note. Pure.
import { DateTime } from 'luxon'
import type { SellerSnapshot } from '@fabrique/shared/invoices/schema'

export const MENTION_VAT_EXEMPT = 'TVA non applicable, art. 293 B du CGI'
export const MENTION_NO_DISCOUNT = 'Pas d’escompte pour paiement anticipé.'
export const MENTION_LATE_PENALTY = 'Pénalités de retard : trois fois le taux d’intérêt légal.'
export const MENTION_RECOVERY =
  'Indemnité forfaitaire pour frais de recouvrement : 40 € (art. L441-10 du Code de commerce).'

export interface LieuLegal {
  name: string
  legalName: string
  street: string
  postalCode: string
  city: string
  country: string
  siret: string | null
  vatNumber: string | null
  vatExempt: boolean
  contactEmail: string | null
  contactPhone: string | null
  website: string | null
  timeZone: string
}

/** 2026-11-27T09:00Z in Europe/Paris → "27/11/2026". */
export const frenchDate = (d: Date, zone: string) => DateTime.fromJSDate(d, { zone }).toFormat('dd/LL/yyyy')

export function paymentTerms(dueDays: number, dueAt: Date, zone: string): string {
  return dueDays === 0
    ? 'Conditions de paiement : paiement à réception de la facture.'
    : `Conditions de paiement : ${dueDays} jours à compter de la date de facture, soit au plus tard le ${frenchDate(dueAt, zone)}.`
}

/** The seller block and the mentions of a document, as they stand at issue time. */
export function sellerSnapshot(
  lieu: LieuLegal,
  doc: {
    kind: 'invoice' | 'credit_note'
    dueDays: number
    dueAt: Date
    creditNote?: { reason: string; invoiceNumber: string; invoiceIssuedAt: Date }
  },
): SellerSnapshot {
  const mentions: string[] = []
  if (doc.creditNote) {
    mentions.push(
      `Avoir sur la facture ${doc.creditNote.invoiceNumber} du ${frenchDate(doc.creditNote.invoiceIssuedAt, lieu.timeZone)}.`,
      `Motif : ${doc.creditNote.reason}`,
    )
  }
  if (lieu.vatExempt) mentions.push(MENTION_VAT_EXEMPT)
  if (doc.kind === 'invoice') {
    mentions.push(
      paymentTerms(doc.dueDays, doc.dueAt, lieu.timeZone),
      MENTION_NO_DISCOUNT,
      MENTION_LATE_PENALTY,
      MENTION_RECOVERY,
    )
  }
  return {
    name: lieu.name,
    legalName: lieu.legalName.trim() || lieu.name,
    address: { street: lieu.street, postalCode: lieu.postalCode, city: lieu.city, country: lieu.country },
    siret: lieu.siret,
    vatNumber: lieu.vatExempt ? null : lieu.vatNumber,
    vatExempt: lieu.vatExempt,
    email: lieu.contactEmail,
    phone: lieu.contactPhone,
    website: lieu.website,
    timeZone: lieu.timeZone,
    mentions,
    ...(doc.creditNote
      ? {
          creditNote: {
            reason: doc.creditNote.reason,
            invoiceNumber: doc.creditNote.invoiceNumber,
            invoiceIssuedAt: doc.creditNote.invoiceIssuedAt.toISOString(),
          },
        }
      : {}),
  }
}

/** F-2026-000042 / AV-2026-000003. */
export function documentNumber(kind: 'invoice' | 'credit_note', year: number, sequence: number): string {
  return `${kind === 'invoice' ? 'F' : 'AV'}-${year}-${String(sequence).padStart(6, '0')}`
}
