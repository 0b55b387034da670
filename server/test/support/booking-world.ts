import type { BookingRulesPatch } from '@fabrique/shared/resources/rules'
import type { TestApp } from './test-app.ts'

/**
 * A lieu in Europe/Paris, open every day 08:00–20:00, with a desk, a room needing approval, a
 * zone of 3 seats and a laser cutter needing a habilitation; a manager and two members.
 */
export async function bookingWorld(t: TestApp, opts: { rules?: BookingRulesPatch } = {}) {
  const db = t.deps.db
  const manager = await t.login({ name: 'Manon Gestion' })
  const alice = await t.login({ name: 'Alice Membre' })
  const bob = await t.login({ name: 'Bob Membre' })
  const slug = `lieu-${Math.random().toString(36).slice(2, 8)}`
  const lieu = await db.lieu.create({
    data: {
      slug,
      name: `Lieu ${slug}`,
      timeZone: 'Europe/Paris',
      bookingRules: { bookingWindowDays: 400, ...opts.rules },
      openingHours: { create: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, startMinute: 8 * 60, endMinute: 20 * 60 })) },
      memberships: {
        create: [
          { userId: manager.id, role: 'manager' },
          { userId: alice.id, role: 'member' },
          { userId: bob.id, role: 'member' },
        ],
      },
    },
  })
  const laser = await db.habilitation.create({ data: { lieuId: lieu.id, name: 'Découpe laser' } })
  const desk = await db.resource.create({ data: { lieuId: lieu.id, kind: 'desk', name: 'Bureau 1' } })
  const room = await db.resource.create({ data: { lieuId: lieu.id, kind: 'room', name: 'Salle Tarn', capacity: 8, rules: { approvalRequired: true } } })
  const zone = await db.resource.create({ data: { lieuId: lieu.id, kind: 'zone', name: 'Open space', capacity: 3 } })
  const machine = await db.resource.create({ data: { lieuId: lieu.id, kind: 'machine', name: 'Laser', habilitationId: laser.id } })
  return { lieu, manager, alice, bob, desk, room, zone, machine, laser }
}

export const at = (iso: string) => new Date(iso).toISOString()
