import { DateTime } from 'luxon'
import type { Db } from '../db/prisma.ts'
import { hashPassword } from '../auth/password.ts'

// Demo data for a first start: a network of two lieux and one account per persona. Known
// passwords: demo instances only (env validation forbids DEMO_DATA in production).
export const DEMO_PASSWORD = 'fabrique-demo'
export const demoPersonas = [
  { key: 'member', label: 'Membre', email: 'membre@fabrique.demo', name: 'Camille Martin', password: DEMO_PASSWORD },
  { key: 'manager', label: 'Gestionnaire', email: 'gestion@fabrique.demo', name: 'Sophie Durand', password: DEMO_PASSWORD },
  { key: 'employer', label: 'Employeur (admin)', email: 'employeur@fabrique.demo', name: 'Karim Benali', password: DEMO_PASSWORD },
  { key: 'coordinator', label: 'Coordination réseau', email: 'reseau@fabrique.demo', name: 'Élise Roux', password: DEMO_PASSWORD },
] as const

const weekdays = (days: number[], intervals: [number, number][]) =>
  days.flatMap((weekday) => intervals.map(([startMinute, endMinute]) => ({ weekday, startMinute, endMinute })))

/** Seeds once: does nothing when any account exists. Returns whether it seeded. */
export async function seedDemo(db: Db, now = new Date()): Promise<boolean> {
  if ((await db.user.count()) > 0) return false
  const passwordHash = await hashPassword(DEMO_PASSWORD)
  const today = DateTime.fromJSDate(now, { zone: 'Europe/Paris' }).startOf('day')
  const date = (d: DateTime) => new Date(`${d.toISODate()}T00:00:00Z`)

  await db.$transaction(async (tx) => {
    const users: Record<string, string> = {}
    for (const p of demoPersonas) {
      const u = await tx.user.create({ data: { email: p.email, name: p.name, passwordHash, emailVerifiedAt: now, locale: 'fr' } })
      users[p.key] = u.id
    }
    const network = await tx.network.create({
      data: {
        slug: 'sud-aveyron',
        name: 'Tiers-lieux du Sud-Aveyron',
        description: 'Un réseau de lieux partagés entre Millau et la vallée du Tarn.',
        coordinators: { create: { userId: users.coordinator! } },
      },
    })
    await tx.lieu.create({
      data: {
        slug: 'la-grange',
        name: 'La Grange',
        description: 'Tiers-lieu rural dans une ancienne grange : espace de coworking, atelier bois et fablab, café associatif.',
        networkId: network.id,
        timeZone: 'Europe/Paris',
        street: '2 chemin du Moulin',
        postalCode: '12490',
        city: 'Saint-Rome-de-Tarn',
        contactEmail: 'bonjour@lagrange.fabrique.demo',
        contactPhone: '05 65 00 00 01',
        legalName: 'Association La Grange',
        siret: '73282932000074',
        vatExempt: true,
        openingHours: { create: [...weekdays([2, 3, 4, 5], [[540, 750], [840, 1080]]), ...weekdays([6], [[570, 750]])] },
        closures: { create: [{ startDate: date(today.plus({ days: 10 })), endDate: date(today.plus({ days: 11 })), reason: 'Chantier participatif : isolation de l’atelier' }] },
        memberships: {
          create: [
            { userId: users.manager!, role: 'manager' },
            { userId: users.member!, role: 'member' },
          ],
        },
      },
    })
    await tx.lieu.create({
      data: {
        slug: 'le-quai',
        name: 'Le Quai',
        description: 'Espace de coworking en centre-ville, face au Tarn : bureaux partagés, salles de réunion, studio.',
        networkId: network.id,
        timeZone: 'Europe/Paris',
        street: '14 quai Sully Chaliès',
        postalCode: '12100',
        city: 'Millau',
        contactEmail: 'contact@lequai.fabrique.demo',
        contactPhone: '05 65 00 00 02',
        website: 'https://lequai.fabrique.demo',
        legalName: 'SCIC Le Quai',
        siret: '55210055400013',
        vatNumber: 'FR40552100554',
        openingHours: { create: [...weekdays([1, 2, 3, 4, 5], [[510, 1140]]), ...weekdays([6], [[600, 1020]])] },
        closures: {
          create: [{ startDate: new Date(`${today.year}-12-24T00:00:00Z`), endDate: new Date(`${today.year + 1}-01-01T00:00:00Z`), reason: 'Fermeture de fin d’année' }],
        },
        memberships: {
          create: [
            { userId: users.manager!, role: 'owner' },
            { userId: users.member!, role: 'member' },
            { userId: users.employer!, role: 'member' },
          ],
        },
      },
    })
    await tx.employer.create({
      data: { name: 'Coopérative Sud Numérique', siret: '40483304800022', memberships: { create: { userId: users.employer!, role: 'admin' } } },
    })
  })
  return true
}
