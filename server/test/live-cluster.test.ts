import { spawn, spawnSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { DateTime } from 'luxon'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { nextOccupancy } from '@fabrique/shared/live/sequence'
import type { Occupancy } from '@fabrique/shared/live/schema'
import { adminQuery, reachable, withDatabase } from './support/database.ts'
import { connected, liveClient, type LiveClient } from './support/live-client.ts'
import { freePort, killLeftovers, logIn, serverEnv, startServer as spawnServer, track, waitUntilUp as waitForHealth, type ServerRun } from './support/server-process.ts'

// Two real server processes (`node src/main.ts`) sharing one PostgreSQL database and one Redis
// through the Socket.IO Redis Streams adapter, as in a deployment behind a load balancer.
const clients: LiveClient[] = []

interface Proc {
  run: ServerRun
  child: ServerRun['child']
  origin: string
  output: () => string
  exited: Promise<number | null>
}

function startServer(port: number, env: Record<string, string>): Proc {
  const run = spawnServer(serverEnv(port, env))
  return { run, child: run.child, origin: `http://127.0.0.1:${port}`, output: run.output, exited: run.exited.then((e) => e.code) }
}

const waitUntilUp = (p: Proc, timeoutMs = 90_000) => waitForHealth(p.run, p.origin, { timeoutMs, intervalMs: 150 })

/** The CI Redis on 127.0.0.1:6379, else one started here; no Redis at all fails (never a skip). */
async function redisUrl(): Promise<string> {
  if (await reachable('127.0.0.1', 6379)) return 'redis://127.0.0.1:6379'
  const which = spawnSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' })
  if (which.status !== 0) throw new Error('live-cluster needs Redis: none on 127.0.0.1:6379 and no redis-server binary to start one (apt-get install redis-server)')
  const port = await freePort()
  track(spawn(which.stdout.trim(), ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--daemonize', 'no'], { stdio: 'ignore' }))
  for (let i = 0; i < 100 && !(await reachable('127.0.0.1', port)); i++) await new Promise((r) => setTimeout(r, 50))
  return `redis://127.0.0.1:${port}`
}

const admin = inject('pgAdminUrl')
const dbName = `fabrique_live_${randomBytes(5).toString('hex')}`
let a: Proc
let b: Proc
let cookieA: string
let lieu: { id: string; timeZone: string }
let desks: { id: string; name: string }[]

async function api(p: Proc, method: string, url: string, body?: unknown) {
  const res = await fetch(`${p.origin}/api/v1${url}`, {
    method,
    headers: { Cookie: cookieA, Origin: p.origin, ...(body !== undefined && { 'Content-Type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  return { status: res.status, body: (await res.json().catch(() => null)) as Record<string, unknown> }
}

/** Books a desk for an hour on the next day it can (the demo lieu's hours vs. the real clock). */
async function bookSomewhere(p: Proc, deskIndex: number) {
  const desk = desks[deskIndex]!
  const refusals: unknown[] = []
  for (let d = 1; d <= 10; d++) {
    const day = DateTime.now().setZone(lieu.timeZone).plus({ days: d }).set({ hour: 10, minute: 0, second: 0, millisecond: 0 })
    const res = await api(p, 'POST', '/bookings', { resourceId: desk.id, startsAt: day.toISO(), endsAt: day.plus({ hours: 1 }).toISO() })
    if (res.status === 201) return res.body
    refusals.push(res.body.code ?? res.status)
  }
  throw new Error(`could not book ${desk.name} in the next 10 days: ${refusals.join(', ')}`)
}

beforeAll(async () => {
  const redis = await redisUrl()
  await adminQuery(admin, `CREATE DATABASE "${dbName}"`)
  const env = { DATABASE_URL: withDatabase(admin, dbName), REDIS_URL: redis }
  // One after the other: the first migrates and seeds, the second finds it done.
  a = startServer(await freePort(), env)
  await waitUntilUp(a)
  b = startServer(await freePort(), env)
  await waitUntilUp(b)

  const login = await logIn(a.origin, 'gestion@fabrique.demo', 'fabrique-demo')
  expect(login.status).toBe(200)
  cookieA = login.cookie!
  const me = (await api(a, 'GET', '/me')).body as { lieux: { id: string; slug: string; timeZone: string }[] }
  const quai = me.lieux.find((l) => l.slug === 'le-quai')!
  const detail = (await api(a, 'GET', `/lieux/${quai.id}`)).body as { timeZone: string }
  lieu = { id: quai.id, timeZone: detail.timeZone }
  expect(lieu.timeZone).toBe('Europe/Paris')
  const resources = (await api(a, 'GET', `/lieux/${lieu.id}/resources?kind=desk`)).body as unknown as { id: string; name: string }[]
  desks = resources.sort((x, y) => x.name.localeCompare(y.name))
}, 180_000)

afterAll(async () => {
  for (const c of clients) c.close()
  for (const p of [a, b]) if (p && p.child.exitCode === null) p.child.kill('SIGTERM')
  const stopped = await Promise.race([Promise.all([a?.exited, b?.exited]), new Promise((r) => setTimeout(() => r('timeout'), 20_000))])
  if (stopped === 'timeout') console.error(`a server did not stop on SIGTERM:\nA: ${a?.output()}\nB: ${b?.output()}`)
  killLeftovers()
  await adminQuery(admin, `DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`).catch(() => {})
}, 60_000)

/** A socket on process `p` with the manager's session (logged in through A). */
function managerSocket(p: Proc, reconnection = false) {
  const c = liveClient(p.origin, { cookie: cookieA, origin: p.origin })
  c.socket.io.opts.reconnection = reconnection
  clients.push(c)
  return c
}

async function currentState(p: Proc): Promise<Occupancy> {
  const c = managerSocket(p)
  await connected(c)
  const ack = await c.join(lieu.id)
  c.close()
  if (!ack.ok) throw new Error(`join refused: ${ack.code}`)
  return ack.snapshot
}

/** What the client should show, without the computation instant. */
const shown = (o: Occupancy) => ({ ...o, at: undefined })

describe('two server processes sharing Redis', () => {
  it('a booking through process A reaches a socket connected to process B', { timeout: 30_000 }, async () => {
    const onB = managerSocket(b)
    await connected(onB)
    const ack = await onB.join(lieu.id)
    if (!ack.ok) throw new Error(`join refused: ${ack.code}`)
    const seq0 = ack.snapshot.seq
    const t0 = Date.now()
    await bookSomewhere(a, 0)
    const ev = await onB.waitFor((o) => o.lieuId === lieu.id && o.seq === seq0 + 1, 5000, 'the event on B')
    expect(Date.now() - t0).toBeLessThan(2000)
    expect(ev.peopleIn).toEqual([])
  })

  it('a client that missed events recovers them (connection-state recovery), another resyncs from the seq gap', { timeout: 40_000 }, async () => {
    // Client 1 keeps its session: the Streams adapter stores it in Redis and replays what it missed.
    const recovering = managerSocket(b)
    await connected(recovering)
    const ack = await recovering.join(lieu.id)
    if (!ack.ok) throw new Error(`join refused: ${ack.code}`)
    let shownState: Occupancy = ack.snapshot
    // Client 2 will come back as a brand-new connection (as after a process restart or a long outage).
    const fresh = managerSocket(b)
    await connected(fresh)
    const ack2 = await fresh.join(lieu.id)
    if (!ack2.ok) throw new Error(`join refused: ${ack2.code}`)
    const lastSeenByFresh = ack2.snapshot

    await bookSomewhere(a, 1)
    await recovering.waitFor((o) => o.seq === ack.snapshot.seq + 1)
    // Both drop off (the transport dies, as when a phone loses the network); changes happen meanwhile.
    recovering.socket.io.engine.close()
    fresh.close()
    await new Promise((r) => setTimeout(r, 200))
    expect(recovering.socket.connected).toBe(false)
    const missedFrom = recovering.events.length
    await bookSomewhere(a, 2)
    await bookSomewhere(a, 3)
    const off = await api(a, 'PATCH', `/lieux/${lieu.id}/resources/${desks[4]!.id}`, { outOfService: true, outOfServiceReason: 'Écran cassé' })
    expect(off.status).toBe(200)
    await new Promise((r) => setTimeout(r, 500))

    // Client 1 reconnects: recovered, and receives exactly the missed events in order.
    recovering.socket.connect()
    await connected(recovering)
    expect(recovering.socket.recovered).toBe(true)
    const missed = await (async () => {
      const want = ack.snapshot.seq + 4
      await recovering.waitFor((o) => o.seq === want, 5000, 'the missed events')
      return recovering.events.slice(missedFrom)
    })()
    expect(missed.map((e) => e.seq)).toEqual([ack.snapshot.seq + 2, ack.snapshot.seq + 3, ack.snapshot.seq + 4])
    for (const e of recovering.events.slice(0)) {
      const d = nextOccupancy(shownState, e)
      expect(d.action).not.toBe('resync')
      shownState = d.state!
    }

    // Client 2 comes back without a session: the next event shows a gap, and it reloads the snapshot.
    const back = managerSocket(b)
    await connected(back)
    expect(back.socket.recovered).toBe(false)
    // It had asked for the lieu before; rejoining is how it resubscribes and reloads.
    let freshState: Occupancy = lastSeenByFresh
    const rejoin = await back.join(lieu.id)
    if (!rejoin.ok) throw new Error(`join refused: ${rejoin.code}`)
    expect(rejoin.snapshot.seq).toBeGreaterThan(freshState.seq + 1) // the gap it noticed
    expect(nextOccupancy(freshState, rejoin.snapshot).action).toBe('resync')
    freshState = rejoin.snapshot

    // Both end with the right state: what a new client is told now.
    const truth = await currentState(a)
    expect(shown(shownState)).toEqual(shown(truth))
    expect(shown(freshState)).toEqual(shown(truth))
    expect(truth.resources.find((r) => r.resourceId === desks[4]!.id)).toMatchObject({ state: 'out_of_service', outOfServiceReason: 'Écran cassé' })
  })

  it('both stop cleanly and promptly on SIGTERM, sockets connected', { timeout: 30_000 }, async () => {
    for (const p of [a, b]) {
      const c = managerSocket(p)
      await connected(c)
      await c.join(lieu.id)
    }
    const t0 = Date.now()
    a.child.kill('SIGTERM')
    b.child.kill('SIGTERM')
    expect(await Promise.all([a.exited, b.exited])).toEqual([0, 0])
    expect(Date.now() - t0).toBeLessThan(9000) // not by the 10 s force-close
  })
})
