// A CPU profile of POST /api/v1/bookings (or, with --read, of a manager's GET of a day's 200
// bookings), one at a time, app built in this process (no job
// workers), then the functions with the most self time. Not a benchmark: a tool to find where
// the time goes.
//   node --cpu-prof --cpu-prof-dir=/tmp/fabrique-prof bench/src/tools/profile-booking.ts [--n=500]
import { args, withBenchDb } from '../lib/common.ts'
import { inProcessApp } from '../lib/inproc.ts'
import {
  createLieu,
  createResources,
  createUsers,
  insertBookings,
  localDayStart,
  loginAll,
  openDb,
  request,
} from '../lib/world.ts'

const a = args()
const N = a.num('n', 500, 100)
const READ = a.raw.read === true
await withBenchDb(async (bench) => {
  const db = openDb(bench.url)
  const [manager, member] = await createUsers(db, 2, 'prof-')
  const lieu = await createLieu(db, { managerId: manager!.id, memberIds: [member!.id] })
  const desks = await createResources(
    db,
    lieu.id,
    Array.from({ length: 100 }, (_, i) => ({ kind: 'desk' as const, name: `Bureau ${i}` })),
  )
  await db.$disconnect()
  if (READ) {
    const day = localDayStart(3)
    await insertBookings(
      bench.url,
      desks.flatMap((d) =>
        [8, 10].map((h) => ({
          lieuId: lieu.id,
          resourceId: d.id,
          userId: member!.id,
          start: day.plus({ hours: h }).toJSDate(),
          end: day.plus({ hours: h + 2 }).toJSDate(),
          exclusive: true,
        })),
      ),
    )
    const app = await inProcessApp(bench.url)
    try {
      const [cookie] = await loginAll(app.origin, [manager!])
      const url = `${app.origin}/api/v1/lieux/${lieu.id}/bookings?from=${encodeURIComponent(day.toUTC().toISO()!)}&to=${encodeURIComponent(day.plus({ days: 1 }).toUTC().toISO()!)}`
      const t = performance.now()
      for (let i = 0; i < N; i++) {
        const r = await request(url, { headers: { Origin: app.origin, Cookie: cookie! } })
        if (r.status !== 200) throw new Error(`${r.status} ${r.body}`)
      }
      console.log(`${N} reads in ${(performance.now() - t).toFixed(0)} ms`)
    } finally {
      await app.stop()
    }
    return
  }
  const app = await inProcessApp(bench.url)
  try {
    const [cookie] = await loginAll(app.origin, [member!])
    const t0 = localDayStart(2).toMillis()
    const t = performance.now()
    for (let i = 0; i < N; i++) {
      const start = t0 + Math.floor(i / desks.length) * 1800_000
      const r = await request(`${app.origin}/api/v1/bookings`, {
        method: 'POST',
        headers: { Origin: app.origin, Cookie: cookie! },
        body: {
          resourceId: desks[i % desks.length]!.id,
          startsAt: new Date(start).toISOString(),
          endsAt: new Date(start + 1800_000).toISOString(),
        },
      })
      if (r.status !== 201) throw new Error(`${r.status} ${r.body}`)
    }
    const ms = performance.now() - t
    const cpu = process.cpuUsage()
    console.log(
      `${N} bookings in ${ms.toFixed(0)} ms (${(ms / N).toFixed(2)} ms each); process CPU so far ${((cpu.user + cpu.system) / 1000).toFixed(0)} ms`,
    )
  } finally {
    await app.stop()
  }
})
