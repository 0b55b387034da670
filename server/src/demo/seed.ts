import { DateTime } from 'luxon'
import type { Db, Tx } from '../db/prisma.ts'
import { hashToken, newToken } from '../auth/tokens.ts'
import { issueInvoice } from '../invoices/issue.ts'

// Demo data for a first start: a network of two lieux and one account per persona. Known
// passwords: demo instances only (env validation forbids DEMO_DATA in production).
export const DEMO_PASSWORD = 'fabrique-demo'
/**
 * argon2id(DEMO_PASSWORD) at our parameters, computed once: the first start then spends neither
 * the time nor the 19 MiB of a hash (a test checks it still verifies).
 */
export const DEMO_PASSWORD_HASH = '$argon2id$v=19$m=19456,t=2,p=1$x2lA48Nrjz5n0QSXf9nc8w$gjq0b93yiwBVAbhMx5KC68mrNFqoTC/yJWqEgRmu3c4'
export const demoPersonas = [
  { key: 'member', label: 'Membre (salariée)', email: 'membre@fabrique.demo', name: 'Camille Martin', password: DEMO_PASSWORD },
  { key: 'manager', label: 'Gestionnaire', email: 'gestion@fabrique.demo', name: 'Sophie Durand', password: DEMO_PASSWORD },
  { key: 'employer', label: 'Employeur (admin)', email: 'employeur@fabrique.demo', name: 'Karim Benali', password: DEMO_PASSWORD },
  { key: 'coordinator', label: 'Coordination réseau', email: 'reseau@fabrique.demo', name: 'Élise Roux', password: DEMO_PASSWORD },
] as const

const weekdays = (days: number[], intervals: [number, number][]) =>
  days.flatMap((weekday) => intervals.map(([startMinute, endMinute]) => ({ weekday, startMinute, endMinute })))

/** Seeds once: does nothing when any account exists. Returns whether it seeded. */
export async function seedDemo(db: Db, now = new Date()): Promise<boolean> {
  if ((await db.user.count()) > 0) return false
  const passwordHash = DEMO_PASSWORD_HASH
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
    const grange = await tx.lieu.create({
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
    const quai = await tx.lieu.create({
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
    // Resources to book right away.
    await tx.resource.createMany({
      data: [
        ...[1, 2, 3, 4, 5, 6].map((n) => ({
          lieuId: quai.id,
          kind: 'desk' as const,
          name: `Poste ${n}`,
          description: n <= 3 ? 'Bureau près de la fenêtre, écran 27 pouces' : 'Bureau au calme, côté cour',
          amenities: n <= 3 ? ['écran', 'lumière du jour'] : ['calme'],
        })),
        {
          lieuId: quai.id,
          kind: 'room' as const,
          name: 'Salle du Tarn',
          description: 'Salle de réunion pour 10 personnes, écran et visioconférence.',
          capacity: 10,
          amenities: ['écran', 'visioconférence', 'tableau blanc'],
          rules: { approvalRequired: true, minDurationMinutes: 60, bufferAfterMinutes: 15 },
        },
        { lieuId: quai.id, kind: 'zone' as const, name: 'Open space', description: 'Grand plateau partagé, 12 places.', capacity: 12, amenities: ['wifi', 'café'] },
        { lieuId: grange.id, kind: 'zone' as const, name: 'Coworking de la grange', description: '8 places sous la charpente.', capacity: 8, amenities: ['wifi', 'poêle à bois'] },
        { lieuId: grange.id, kind: 'zone' as const, name: 'Atelier bois', description: 'Établis et outillage à main, 6 places.', capacity: 6 },
      ],
    })
    const laser = await tx.habilitation.create({ data: { lieuId: grange.id, name: 'Découpe laser', description: 'Formation de 2 h : sécurité, réglages, matériaux autorisés.' } })
    const cnc = await tx.habilitation.create({ data: { lieuId: grange.id, name: 'Fraiseuse CNC', description: 'Formation d’une demi-journée.' } })
    await tx.resource.create({
      data: { lieuId: grange.id, kind: 'machine', name: 'Découpeuse laser', description: 'Trotec 60 W, plateau 60 × 30 cm.', habilitationId: laser.id, rules: { minDurationMinutes: 30, maxDurationMinutes: 180, quotaMinutesPerWeek: 360 } },
    })
    await tx.resource.create({
      data: { lieuId: grange.id, kind: 'machine', name: 'Fraiseuse CNC', description: 'Utilisable seulement en présence d’un référent.', habilitationId: cnc.id, requiresReferent: true },
    })
    // The manager is trained on both and is the CNC référent on Tuesday and Thursday afternoons.
    for (const h of [laser, cnc]) {
      await tx.habilitationGrant.create({ data: { habilitationId: h.id, userId: users.manager!, grantedById: users.manager!, grantedAt: now } })
    }
    const shifts = []
    for (let d = 0; d < 28; d++) {
      const day = today.plus({ days: d })
      if (day.weekday === 2 || day.weekday === 4) {
        shifts.push({ lieuId: grange.id, habilitationId: cnc.id, userId: users.manager!, startsAt: day.set({ hour: 14 }).toJSDate(), endsAt: day.set({ hour: 18 }).toJSDate() })
      }
    }
    await tx.referentShift.createMany({ data: shifts })
    await tx.lieu.update({ where: { id: grange.id }, data: { bookingRules: { granularityMinutes: 30, bookingWindowDays: 45, cancellationDeadlineMinutes: 120 } } })

    // Le Quai's offer: an adhésion, two plans, a day pass and a carnet; desk and room rates.
    await tx.plan.createMany({
      data: [
        { lieuId: quai.id, kind: 'membership', name: 'Adhésion annuelle', description: 'Soutenir la SCIC et participer à sa vie.', priceCents: 2000, vatRateBp: 0, interval: 'year' },
        {
          lieuId: quai.id,
          name: 'Nomade',
          description: 'Les espaces partagés en accès libre, et des heures de salle.',
          priceCents: 8000,
          vatRateBp: 2000,
          interval: 'month',
          entitlements: { includedKinds: ['zone'], monthlyCreditMinutes: { room: 120 }, memberDiscountBp: 1000 },
        },
        {
          lieuId: quai.id,
          name: 'Résident',
          description: 'Un poste de travail tous les jours, des heures de salle.',
          priceCents: 25000,
          vatRateBp: 2000,
          interval: 'month',
          requiresMembership: true,
          entitlements: { includedKinds: ['desk', 'zone'], monthlyCreditMinutes: { room: 600 }, memberDiscountBp: 1500 },
        },
      ],
    })
    await tx.passProduct.createMany({
      data: [
        { lieuId: quai.id, kind: 'day_pass', name: 'Journée découverte', priceCents: 1500, vatRateBp: 2000, quantity: 1, validityDays: 30 },
        { lieuId: quai.id, kind: 'carnet', name: 'Carnet 10 jours', priceCents: 12000, vatRateBp: 2000, quantity: 10, validityDays: 180 },
      ],
    })
    await tx.resource.updateMany({ where: { lieuId: quai.id, kind: 'desk' }, data: { rates: { hourCents: 300, halfDayCents: 1000, dayCents: 1500, vatRateBp: 2000 } } })
    await tx.resource.updateMany({ where: { lieuId: quai.id, kind: 'room' }, data: { rates: { hourCents: 2000, halfDayCents: 6000, dayCents: 10000, vatRateBp: 2000 } } })

    // La Grange rents two desks by the day (a VAT-exempt association: no VAT on its rates).
    await tx.resource.createMany({
      data: ['Bureau de la mezzanine', 'Bureau près du poêle'].map((name) => ({
        lieuId: grange.id,
        kind: 'desk' as const,
        name,
        description: 'Table de travail, lampe et prise, sous la charpente.',
        amenities: ['wifi', 'calme'],
        rates: { hourCents: 250, halfDayCents: 700, dayCents: 1200, vatRateBp: 0 },
      })),
    })

    await seedEmployer(tx, { users, quaiId: quai.id, grangeId: grange.id, networkId: network.id, today, now })
  })
  return true
}

/**
 * The employer « Coopérative Sud Numérique » (admin: the employer persona) with the member persona
 * as an employee, a network-wide pool of day passes bought from Le Quai on the monthly invoice,
 * some days used last month and this one (at La Grange and Le Quai, so the network settlement has
 * rows), last month's invoice, and a pending invitation. Written as the services would have.
 */
async function seedEmployer(
  tx: Tx,
  d: { users: Record<string, string>; quaiId: string; grangeId: string; networkId: string; today: DateTime; now: Date },
) {
  const { users, today, now } = d
  const employer = await tx.employer.create({
    data: {
      name: 'Coopérative Sud Numérique',
      siret: '40483304800022',
      vatNumber: 'FR83404833048',
      billingAddress: '8 avenue de la République\n12100 Millau',
      billingEmail: 'compta@sud-numerique.fabrique.demo',
      createdAt: today.minus({ months: 2 }).toJSDate(),
      memberships: {
        create: [
          { userId: users.employer!, role: 'admin', createdAt: today.minus({ months: 2 }).toJSDate() },
          { userId: users.member!, role: 'employee', createdAt: today.minus({ months: 2 }).plus({ days: 3 }).toJSDate() },
        ],
      },
    },
  })
  // Camille may use up to 8 days a month, Monday to Friday, in any lieu the pools cover.
  await tx.employerAllocation.createMany({
    data: [
      { employerId: employer.id, userId: users.employer! },
      { employerId: employer.id, userId: users.member!, budgetKind: 'days', budgetPeriod: 'month', budgetAmount: 8, weekdays: [1, 2, 3, 4, 5] },
    ],
  })
  await tx.employerInvitation.create({
    data: {
      employerId: employer.id,
      email: 'lea.garcia@sud-numerique.fabrique.demo',
      role: 'employee',
      tokenHash: hashToken(newToken()),
      invitedById: users.employer!,
      expiresAt: today.plus({ days: 12 }).toJSDate(),
      createdAt: today.minus({ days: 2 }).set({ hour: 10 }).toJSDate(),
    },
  })

  // 20 × « Journée découverte » of Le Quai, valid in the whole network for a year from last month.
  const product = await tx.passProduct.findFirstOrThrow({ where: { lieuId: d.quaiId, kind: 'day_pass' } })
  const boughtOn = today.startOf('month').minus({ months: 1 }).plus({ days: 1 }).set({ hour: 11 })
  const pool = await tx.employerPool.create({
    data: {
      employerId: employer.id,
      sellerLieuId: d.quaiId,
      productId: product.id,
      scope: 'network',
      networkId: d.networkId,
      unit: 'day',
      resourceKind: product.resourceKind,
      productCount: 20,
      quantity: 20,
      remaining: 20,
      productPriceCents: product.priceCents,
      productQuantity: product.quantity,
      vatRateBp: product.vatRateBp,
      label: `20 × ${product.name} (réseau)`,
      validFrom: boughtOn.toJSDate(),
      validUntil: boughtOn.startOf('day').plus({ years: 1 }).toJSDate(),
      billing: 'monthly',
      status: 'active',
      createdById: users.employer!,
      createdAt: boughtOn.toJSDate(),
    },
  })

  // Days Camille used (Tuesday to Friday: both lieux are open), each a booking paid by the pool.
  const desks = {
    [d.quaiId]: (await tx.resource.findFirstOrThrow({ where: { lieuId: d.quaiId, name: 'Poste 1' } })).id,
    [d.grangeId]: (await tx.resource.findFirstOrThrow({ where: { lieuId: d.grangeId, kind: 'desk' } })).id,
  }
  const tuesdayToFriday = (from: DateTime, to: DateTime) => {
    const days: DateTime[] = []
    for (let day = from; day < to; day = day.plus({ days: 1 })) if (day.weekday >= 2 && day.weekday <= 5) days.push(day)
    return days
  }
  const lastMonth = tuesdayToFriday(boughtOn.startOf('day').plus({ days: 3 }), today.startOf('month')).slice(0, 3)
  // This month: past days first; when the month has just begun, days to come at La Grange
  // (away from its closure in ten days). Le Quai's desks stay free for the days to come.
  const thisMonth = tuesdayToFriday(today.startOf('month'), today.endOf('month'))
  const past = thisMonth.filter((day) => day < today).slice(-2)
  const ahead = thisMonth.filter((day) => day > today && Math.abs(day.diff(today.plus({ days: 10 }), 'days').days) > 1.5)
  const used = [
    ...lastMonth.map((day, i) => ({ day, lieuId: i === 1 ? d.quaiId : d.grangeId })),
    ...past.map((day, i) => ({ day, lieuId: i === 0 ? d.quaiId : d.grangeId })),
    ...ahead.slice(0, Math.max(0, 2 - past.length)).map((day) => ({ day, lieuId: d.grangeId })),
  ]
  const billable: { lieuId: string; createdAt: Date; id: string }[] = []
  for (const { day, lieuId } of used) {
    const atQuai = lieuId === d.quaiId
    const startsAt = day.set({ hour: 9 }).toJSDate()
    const endsAt = (atQuai ? day.set({ hour: 17 }) : day.set({ hour: 12, minute: 30 })).toJSDate()
    const createdAt = day.minus({ days: 3 }).set({ hour: 18 }).toJSDate()
    const booking = await tx.booking.create({
      data: {
        lieuId,
        resourceId: desks[lieuId]!,
        userId: users.member!,
        bookedById: users.member!,
        startsAt,
        endsAt,
        blockStartsAt: startsAt,
        blockEndsAt: endsAt,
        exclusive: true,
        status: day < today ? 'completed' : 'confirmed',
        ...(day < today && { checkedInAt: startsAt, checkedOutAt: endsAt }),
        priceExclCents: 0,
        vatRateBp: atQuai ? 2000 : 0,
        paymentMeans: 'employer',
        createdAt,
      },
    })
    const usage = await tx.employerUsage.create({
      data: {
        employerId: employer.id,
        poolId: pool.id,
        userId: users.member!,
        bookingId: booking.id,
        lieuId,
        sellerLieuId: d.quaiId,
        resourceKind: 'desk',
        units: 1,
        days: 1,
        minutes: (endsAt.getTime() - startsAt.getTime()) / 60_000,
        valueExclCents: product.priceCents,
        startsAt,
        endsAt,
        createdAt,
      },
    })
    if (day < today.startOf('month')) billable.push({ lieuId, createdAt, id: usage.id })
  }
  await tx.employerPool.update({ where: { id: pool.id }, data: { remaining: { decrement: used.length } } })

  // Last month's consolidated invoice from Le Quai, as the monthly run issues it on the 1st.
  if (billable.length > 0) {
    const month = today.startOf('month').minus({ months: 1 }).setLocale('fr').toFormat('LLLL yyyy')
    const lieuName = (id: string) => (id === d.quaiId ? 'Le Quai' : 'La Grange')
    const lieux = [...new Set(billable.map((u) => u.lieuId))]
    const invoice = await issueInvoice(
      tx,
      {
        lieuId: d.quaiId,
        buyer: {
          userId: null,
          name: employer.name,
          email: employer.billingEmail,
          address: employer.billingAddress,
          employerId: employer.id,
          siret: employer.siret!,
          vatNumber: employer.vatNumber!,
        },
        lines: lieux.map((lieuId) => ({
          label: `${pool.label} — journée à ${lieuName(lieuId)} (${month})`,
          quantity: billable.filter((u) => u.lieuId === lieuId).length,
          unitPriceExclCents: product.priceCents,
          vatRateBp: product.vatRateBp,
        })),
        dueDays: 30,
      },
      now,
    )
    for (const [line, lieuId] of lieux.entries()) {
      await tx.employerUsage.updateMany({
        where: { id: { in: billable.filter((u) => u.lieuId === lieuId).map((u) => u.id) } },
        data: { invoiceId: invoice.id, invoiceLine: line },
      })
    }
  }
}
