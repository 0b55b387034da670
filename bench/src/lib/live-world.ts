// What P5 and P6 share: a lieu of 20 resources with some of them busy now and a lobby Device
// (its token's SHA-256 stored, as the app does), the probe preloaded into server children
// (lib/probe.ts), and a way to trigger one occupancy change through the API.
import { createHash, randomBytes } from 'node:crypto'
import os from 'node:os'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import pg from 'pg'
import { round, sleep } from './common.ts'
import {
  createLieu,
  createResources,
  createUsers,
  insertBookings,
  openDb,
  request,
  type SeedBooking,
} from './world.ts'

export const loadavg = () => os.loadavg().map((x) => round(x, 2))

export async function seedLiveLieu(url: string, prefix: string) {
  const db = openDb(url)
  const [manager, ...members] = await createUsers(db, 11, prefix)
  const lieu = await createLieu(db, { managerId: manager!.id, memberIds: members.map((m) => m.id) })
  const resources = await createResources(db, lieu.id, [
    ...Array.from({ length: 12 }, (_, i) => ({ kind: 'desk' as const, name: `Bureau ${i + 1}` })),
    { kind: 'room' as const, name: 'Salle Jaurès', capacity: 6 },
    { kind: 'room' as const, name: 'Salle Louise Michel', capacity: 10 },
    { kind: 'room' as const, name: 'Cabine téléphone', capacity: 1 },
    { kind: 'zone' as const, name: 'Open space rez-de-chaussée', capacity: 20 },
    { kind: 'zone' as const, name: 'Mezzanine', capacity: 12 },
    { kind: 'machine' as const, name: 'Découpeuse laser' },
    { kind: 'machine' as const, name: 'Imprimante 3D Prusa' },
    { kind: 'machine' as const, name: 'Brodeuse numérique' },
  ])
  const desks = resources.filter((r) => r.kind === 'desk')
  const deviceToken = randomBytes(32).toString('base64url')
  await db.device.create({
    data: {
      lieuId: lieu.id,
      kind: 'lobby',
      name: 'Écran du hall (bench)',
      tokenHash: createHash('sha256').update(deviceToken).digest('hex'),
    },
  })
  await db.$disconnect()
  // Busy now: 6 desks (3 checked in), a room, a machine, seats in both zones.
  const now = Date.now()
  const seed: SeedBooking[] = []
  const busy = (r: { id: string }, i: number, seats = 1, exclusive = true) =>
    seed.push({
      lieuId: lieu.id,
      resourceId: r.id,
      userId: members[i % members.length]!.id,
      start: new Date(now - 30 * 60_000),
      end: new Date(now + 2 * 3600_000),
      seats,
      exclusive,
    })
  desks.slice(0, 6).forEach((d, i) => busy(d, i))
  busy(resources[12]!, 6)
  busy(resources[17]!, 7)
  for (let i = 0; i < 5; i++) busy(resources[15]!, i, 2, false)
  for (let i = 0; i < 3; i++) busy(resources[16]!, i + 5, 1, false)
  await insertBookings(url, seed)
  const c = new pg.Client({ connectionString: url })
  await c.connect()
  await c.query(
    `UPDATE bookings SET status = 'checked_in', checked_in_at = now() - interval '20 minutes' WHERE resource_id = ANY($1::uuid[])`,
    [[desks[0]!.id, desks[1]!.id, desks[2]!.id, resources[15]!.id]],
  )
  await c.end()
  return { manager: manager!, lieu, resources, desks, deviceToken }
}

/** The lieu's live sequence number as stored (every process numbers from it). */
export async function liveSeq(url: string, lieuId: string): Promise<number> {
  const c = new pg.Client({ connectionString: url })
  await c.connect()
  try {
    const r = await c.query<{ live_seq: string }>('SELECT live_seq FROM lieux WHERE id = $1', [lieuId])
    return Number(r.rows[0]!.live_seq)
  } finally {
    await c.end()
  }
}

const SLOT = 30 * 60_000

/** The n-th distinct (desk, half-hour) later today, after the seeded bookings (they end 2 h from now). */
export function bookingSlots(desks: { id: string }[]) {
  const t0 = Math.ceil((Date.now() + 2.5 * 3600_000) / SLOT) * SLOT
  let n = 0
  return () => {
    const i = n++
    const start = t0 + Math.floor(i / desks.length) * SLOT
    return {
      resourceId: desks[i % desks.length]!.id,
      startsAt: new Date(start).toISOString(),
      endsAt: new Date(start + SLOT).toISOString(),
    }
  }
}

// ─── The probe (lib/probe.ts) ────────────────────────────────────────────────

const probeFile = path.join(import.meta.dirname, 'probe.ts')

/** Environment and node flags that preload the probe into a child, answering on `port`. */
export const probed = (port: number) => ({
  env: { BENCH_PROBE_PORT: String(port) },
  nodeArgs: ['--expose-gc', '--import', pathToFileURL(probeFile).href],
})

export interface ProbeReading {
  now: number
  patched: string
  rss: number
  heapUsed: number
  loop: { maxMs: number; p99Ms: number; meanMs: number }
  fanouts: { at: number; ms: number; rooms: string[]; sockets: number }[]
  stalls: { at: number; ms: number }[]
}

export async function probe(port: number, q = ''): Promise<ProbeReading> {
  const r = await request(`http://127.0.0.1:${port}/probe?${q}`)
  return JSON.parse(r.body) as ProbeReading
}

/** Memory after a full GC (twice), once things settled. */
export async function settledMemory(port: number) {
  await sleep(1500)
  const p = await probe(port, 'gc=1')
  return { rss: p.rss, heapUsed: p.heapUsed }
}
