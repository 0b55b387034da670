// Seeding (users, a lieu, resources with Prisma; bulk bookings with raw pg), logging in through
// the real API, and a small keep-alive HTTP client.
import { randomUUID } from 'node:crypto'
import http from 'node:http'
import pg from 'pg'
import { DateTime } from 'luxon'
import type { Prisma } from '@fabrique/prisma/client'
import { createPrisma } from '../../../server/src/db/prisma.ts'
import { hashPassword } from '../../../server/src/auth/password.ts'

export const PASSWORD = 'bench horse battery staple'
export const ZONE = 'Europe/Paris'
export type Db = ReturnType<typeof createPrisma>

export const openDb = (url: string) => createPrisma(url, 4)

/** `n` verified users sharing one password hash (argon2 once). */
export async function createUsers(db: Db, n: number, prefix: string) {
  const passwordHash = await hashPassword(PASSWORD)
  const users = Array.from({ length: n }, (_, i) => ({
    id: randomUUID(),
    email: `${prefix}${i}@bench.example.org`,
    name: `${prefix} ${i}`,
    passwordHash,
    emailVerifiedAt: new Date(),
  }))
  await db.user.createMany({ data: users })
  return users.map((u) => ({ id: u.id, email: u.email }))
}

export interface LieuSpec {
  managerId: string
  memberIds: string[]
  /** Weekly opening intervals; default every day 00:00–24:00. */
  openingHours?: { weekday: number; startMinute: number; endMinute: number }[]
  bookingRules?: Record<string, unknown>
}

export async function createLieu(db: Db, spec: LieuSpec) {
  const slug = `bench-${randomUUID().slice(0, 8)}`
  const lieu = await db.lieu.create({
    data: {
      slug,
      name: `Lieu ${slug}`,
      timeZone: ZONE,
      bookingRules: { bookingWindowDays: 400, ...spec.bookingRules },
      openingHours: {
        create:
          spec.openingHours ??
          [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, startMinute: 0, endMinute: 1440 })),
      },
    },
  })
  await db.lieuMembership.createMany({
    data: [
      { lieuId: lieu.id, userId: spec.managerId, role: 'manager' as const },
      ...spec.memberIds.map((userId) => ({ lieuId: lieu.id, userId, role: 'member' as const })),
    ],
  })
  return lieu
}

export async function createResources(
  db: Db,
  lieuId: string,
  list: {
    kind: 'desk' | 'room' | 'machine' | 'zone'
    name: string
    capacity?: number
    rules?: Record<string, unknown>
  }[],
) {
  const rows = list.map((r) => ({
    id: randomUUID(),
    lieuId,
    kind: r.kind,
    name: r.name,
    capacity: r.capacity ?? 1,
    rules: (r.rules ?? {}) as Prisma.InputJsonObject,
  }))
  await db.resource.createMany({ data: rows })
  return rows
}

export interface SeedBooking {
  lieuId: string
  resourceId: string
  userId: string
  start: Date
  end: Date
  /** End of the held block (buffer after included); default `end`. */
  blockEnd?: Date
  seats?: number
  exclusive: boolean
}

/** Bulk insert of confirmed bookings (unnest), 2,000 rows a statement. */
export async function insertBookings(url: string, rows: SeedBooking[]) {
  const c = new pg.Client({ connectionString: url })
  await c.connect()
  try {
    for (let i = 0; i < rows.length; i += 2000) {
      const part = rows.slice(i, i + 2000)
      await c.query(
        `INSERT INTO bookings (id, lieu_id, resource_id, user_id, booked_by_id, starts_at, ends_at, block_starts_at, block_ends_at, seats, exclusive, status, updated_at)
         SELECT gen_random_uuid(), l, r, u, u, s, e, s, be, n, x, 'confirmed', now()
         FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::timestamptz[], $5::timestamptz[], $6::timestamptz[], $7::int[], $8::bool[]) AS t(l, r, u, s, e, be, n, x)`,
        [
          part.map((b) => b.lieuId),
          part.map((b) => b.resourceId),
          part.map((b) => b.userId),
          part.map((b) => b.start),
          part.map((b) => b.end),
          part.map((b) => b.blockEnd ?? b.end),
          part.map((b) => b.seats ?? 1),
          part.map((b) => b.exclusive),
        ],
      )
    }
  } finally {
    await c.end()
  }
}

/** Local midnight of the day `daysAhead` after today, in the lieu's zone. */
export const localDayStart = (daysAhead: number) =>
  DateTime.now().setZone(ZONE).startOf('day').plus({ days: daysAhead })

// ─── HTTP ────────────────────────────────────────────────────────────────────

export const agent = new http.Agent({ keepAlive: true, maxSockets: 512 })

export interface Reply {
  status: number
  body: string
  ms: number
  headers: http.IncomingHttpHeaders
}

/** One request over the keep-alive agent; `ms` from send to the last byte. */
export function request(
  url: string,
  o: { method?: string; headers?: Record<string, string>; body?: unknown } = {},
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const payload = o.body === undefined ? undefined : JSON.stringify(o.body)
    const t0 = performance.now()
    const req = http.request(
      url,
      {
        method: o.method ?? 'GET',
        agent,
        headers: {
          ...(payload
            ? { 'Content-Type': 'application/json', 'Content-Length': String(Buffer.byteLength(payload)) }
            : {}),
          ...o.headers,
        },
      },
      (res) => {
        const chunks: Buffer[] = []
        res.on('data', (c: Buffer) => chunks.push(c))
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            body: Buffer.concat(chunks).toString(),
            ms: performance.now() - t0,
            headers: res.headers,
          }),
        )
        res.on('error', reject)
      },
    )
    req.setTimeout(60_000, () => req.destroy(new Error('request timed out after 60 s')))
    req.on('error', reject)
    req.end(payload)
  })
}

/**
 * Logs in through POST /api/v1/auth/login and returns the session cookie. Each account logs in
 * from its own loopback address (X-Forwarded-For 127.1.x.y; the app trusts the loopback proxy),
 * so a hundred logins do not trip the per-address rate limit (100 per 15 min).
 */
export async function login(origin: string, email: string, i: number): Promise<string> {
  const r = await request(`${origin}/api/v1/auth/login`, {
    method: 'POST',
    headers: { Origin: origin, 'X-Forwarded-For': `127.1.${(i >> 8) & 255}.${i & 255}` },
    body: { email, password: PASSWORD },
  })
  if (r.status !== 200) throw new Error(`login ${email}: ${r.status} ${r.body.slice(0, 200)}`)
  const set = ([] as string[]).concat(r.headers['set-cookie'] ?? [])
  const cookie = set.map((c) => c.split(';')[0]!).find((c) => /session=/.test(c) && !/=$/.test(c))
  if (!cookie) throw new Error(`login ${email}: no session cookie`)
  return cookie
}

export async function loginAll(origin: string, users: { email: string }[], offset = 0) {
  const out: string[] = []
  // Ten at a time: argon2 runs on the server's thread pool.
  for (let i = 0; i < users.length; i += 10) {
    out.push(
      ...(await Promise.all(users.slice(i, i + 10).map((u, j) => login(origin, u.email, offset + i + j)))),
    )
  }
  return out
}
