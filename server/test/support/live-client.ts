import http from 'node:http'
import type { AddressInfo } from 'node:net'
import request from 'supertest'
import { io as ioClient, type Socket } from 'socket.io-client'
import { ZLieuJoinAck, ZOccupancy, type ClientToServerEvents, type LieuJoinAck, type Occupancy, type ServerToClientEvents } from '@fabrique/shared/live/schema'
import type { Express } from 'express'

export type LiveClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>

/** A socket.io client that records every `occupancy` event (parsed by the shared schema). */
export interface LiveClient {
  socket: LiveClientSocket
  events: Occupancy[]
  /** Resolves with the first recorded event (past or future) matching, or rejects after `ms`. */
  waitFor(pred: (o: Occupancy) => boolean, ms?: number, what?: string): Promise<Occupancy>
  join(lieuId: string): Promise<LieuJoinAck>
  close(): void
}

export function liveClient(base: string, opts: { cookie?: string; origin?: string; deviceToken?: string; autoConnect?: boolean } = {}): LiveClient {
  const headers: Record<string, string> = {}
  if (opts.cookie) headers.cookie = opts.cookie
  if (opts.origin) headers.origin = opts.origin
  const socket: LiveClientSocket = ioClient(base, {
    path: '/socket.io',
    transports: ['websocket'],
    extraHeaders: headers,
    auth: opts.deviceToken ? { deviceToken: opts.deviceToken } : {},
    reconnection: false,
    forceNew: true,
    autoConnect: opts.autoConnect ?? true,
  })
  const events: Occupancy[] = []
  const waiters = new Set<() => void>()
  socket.on('occupancy', (o) => {
    events.push(ZOccupancy.parse(o))
    for (const w of waiters) w()
  })
  return {
    socket,
    events,
    waitFor(pred, ms = 5000, what = 'an occupancy event') {
      return new Promise((resolve, reject) => {
        const check = () => {
          const hit = events.find(pred)
          if (hit) {
            waiters.delete(check)
            clearTimeout(timer)
            resolve(hit)
          }
        }
        const timer = setTimeout(() => {
          waiters.delete(check)
          reject(new Error(`${what}: not within ${ms} ms (got seqs ${events.map((e) => `${e.lieuId.slice(0, 4)}#${e.seq}`).join(', ')})`))
        }, ms)
        waiters.add(check)
        check()
      })
    },
    async join(lieuId) {
      const ack = await socket.timeout(5000).emitWithAck('lieu:join', { lieuId })
      return ZLieuJoinAck.parse(ack)
    },
    close: () => socket.close(),
  }
}

/** Resolves on connect, rejects with the connect_error's message. */
export function connected(c: LiveClient): Promise<void> {
  return new Promise((resolve, reject) => {
    if (c.socket.connected) return resolve()
    c.socket.once('connect', () => resolve())
    c.socket.once('connect_error', (e) => reject(e))
  })
}

/** The connect_error message a refused client gets. */
export function refusal(c: LiveClient): Promise<string> {
  return new Promise((resolve, reject) => {
    c.socket.once('connect', () => reject(new Error('connected, expected a refusal')))
    c.socket.once('connect_error', (e) => resolve(e.message))
  })
}

/** Logs in again (a new session) and returns the cookie pair "name=value". */
export async function sessionCookie(app: Express | string, origin: string, email: string, password = 'correct horse battery'): Promise<string> {
  const res = await request(app).post('/api/v1/auth/login').set('Origin', origin).send({ email, password })
  if (res.status !== 200) throw new Error(`login failed: ${res.status} ${JSON.stringify(res.body)}`)
  const set = ([] as string[]).concat(res.headers['set-cookie'] ?? [])
  const pair = set.map((c) => c.split(';')[0]!).find((c) => c.includes('fabrique_session='))
  if (!pair) throw new Error('no session cookie')
  return pair
}

export async function listen(server: http.Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`
}
