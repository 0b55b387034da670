// Socket.IO on the app's HTTP server: authentication (session cookie, or a lobby/kiosk device
// token), `lieu:join` / `lieu:leave`, and the adapter (Redis Streams with REDIS_URL, else memory).
import type http from 'node:http'
import { parseCookie } from 'cookie'
import type { createClient } from 'redis'
import type { createAdapter } from '@socket.io/redis-streams-adapter'
import { Server, type Socket } from 'socket.io'
import {
  ZLieuJoinAck,
  ZLieuJoinRequest,
  ZLieuLeaveRequest,
  liveConnectErrors,
  liveEvents,
  livePath,
  type ClientToServerEvents,
  type LieuJoinAck,
  type LiveAudience,
  type ServerToClientEvents,
} from '@fabrique/shared/live/schema'
import type { AppDeps } from '../app-deps.ts'
import { hashToken } from '../auth/tokens.ts'
import { cookieName } from '../auth/sessions.ts'
import { lieuAccess, type LieuAccess } from '../lieux/access.ts'
import { forAudience, loadOccupancy } from './occupancy.ts'
import { audiences, createLivePublisher, roomOf, shardOf, type LivePublisherHandle } from './publisher.ts'
import type { CredentialsEnded } from './types.ts'

/** Who a socket is, set at connection (restored with the socket on connection-state recovery). */
export type LiveIdentity =
  | { kind: 'user'; userId: string; sessionToken: string }
  | { kind: 'device'; deviceId: string; lieuId: string; deviceKind: 'kiosk' | 'lobby' }

interface SocketData {
  who: LiveIdentity
}
type LiveSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>
export type LiveIo = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>

export interface LiveServer {
  io: LiveIo
  publisher: LivePublisherHandle
  /** Whether the Redis Streams adapter is in use. */
  clustered: boolean
  /** Disconnects this process's sockets, stops the adapter and Redis; leaves the HTTP server to its owner. */
  close(): Promise<void>
}

export interface LiveOptions {
  /** With it, processes share events through the Redis Streams adapter. */
  redisUrl?: string
  /** How long a dropped client may come back and receive what it missed (connection-state recovery). */
  recoveryMs?: number
}

/**
 * Who may see names. Owners and managers: everyone checked in (they run the place). Members: counts,
 * plus the people who chose to be visible to the community. Coordinators of the lieu's network: counts
 * only — they oversee several lieux but are not part of this lieu's community, and the names of who
 * is in are personal data the lieu has no reason to share with them (data minimisation).
 */
export function audienceFor(access: LieuAccess): LiveAudience {
  if (access === 'owner' || access === 'manager') return 'managers'
  if (access === 'member') return 'members'
  return 'public'
}

/** Rooms naming a socket's credentials, to close it when they end. */
export const credentialRoom = {
  session: (sessionId: string) => `session:${sessionId}`,
  user: (userId: string) => `user:${userId}`,
  device: (deviceId: string) => `device:${deviceId}`,
}

export async function attachLive(httpServer: http.Server, deps: AppDeps, opts: LiveOptions = {}): Promise<LiveServer> {
  const { db, config, logger } = deps
  const allowedOrigins = new Set(config.allowedOrigins.map((o) => new URL(o).origin))
  let redis: ReturnType<typeof createClient> | undefined
  let adapter: ReturnType<typeof createAdapter> | undefined
  if (opts.redisUrl) {
    // Loaded only with REDIS_URL: a single process needs neither.
    const [{ createClient }, { createAdapter }] = await Promise.all([import('redis'), import('@socket.io/redis-streams-adapter')])
    redis = createClient({ url: opts.redisUrl })
    redis.on('error', (err: unknown) => logger.warn({ err }, 'live: redis connection error (the adapter resumes the stream on reconnect)'))
    await redis.connect()
    adapter = createAdapter(redis, { streamName: 'fabrique:live', sessionKeyPrefix: 'fabrique:live:session:', maxLen: 10_000 })
  }

  const io: LiveIo = new Server(httpServer, {
    path: livePath,
    serveClient: false,
    // Same-origin only: browsers reach it through the app's own origin (cookies are SameSite=Lax).
    cors: { origin: [...allowedOrigins], credentials: true },
    connectionStateRecovery: { maxDisconnectionDuration: opts.recoveryMs ?? 2 * 60_000, skipMiddlewares: false },
    pingInterval: 25_000,
    pingTimeout: 20_000,
    maxHttpBufferSize: 16_384,
    ...(adapter ? { adapter } : {}),
  })

  io.use(async (socket, next) => {
    try {
      const auth = (socket.handshake.auth ?? {}) as { deviceToken?: unknown }
      if (typeof auth.deviceToken === 'string' && auth.deviceToken.length > 0 && auth.deviceToken.length <= 200) {
        const device = await db.device.findUnique({ where: { tokenHash: hashToken(auth.deviceToken) }, select: { id: true, lieuId: true, kind: true, revokedAt: true } })
        if (!device || device.revokedAt) return next(new Error(liveConnectErrors.unauthenticated))
        socket.data.who = { kind: 'device', deviceId: device.id, lieuId: device.lieuId, deviceKind: device.kind }
        await socket.join(credentialRoom.device(device.id))
        return next()
      }
      // A cookie is an ambient credential: a browser on another site must not ride it (CSWSH).
      const origin = socket.handshake.headers.origin
      if (origin && !allowedOrigins.has(origin)) return next(new Error('origin_rejected'))
      const header = socket.handshake.headers.cookie
      const token = header ? parseCookie(header)[cookieName(config)] : undefined
      const session = token ? await deps.sessions.resolve(token) : null
      if (!token || !session) return next(new Error(liveConnectErrors.unauthenticated))
      socket.data.who = { kind: 'user', userId: session.user.id, sessionToken: token }
      await socket.join([credentialRoom.session(hashToken(token)), credentialRoom.user(session.user.id)])
      next()
    } catch (err) {
      logger.warn({ err }, 'live: authentication failed')
      next(new Error('internal'))
    }
  })

  io.on('connection', (socket: LiveSocket) => {
    socket.on(liveEvents.join, async (raw, ack) => {
      const reply = (a: LieuJoinAck) => {
        if (typeof ack === 'function') ack(config.production ? a : ZLieuJoinAck.parse(a))
      }
      const req = ZLieuJoinRequest.safeParse(raw)
      if (!req.success) return reply({ ok: false, code: 'bad_request' })
      const { lieuId } = req.data
      try {
        const audience = await audienceOf(socket, lieuId)
        if (!audience) return reply({ ok: false, code: socket.disconnected ? 'unauthenticated' : 'not_found' })
        // Join first, then read: an event computed after the snapshot is never missed (the client
        // drops any with seq <= the snapshot's).
        const shard = shardOf(socket.id)
        for (const a of audiences) if (a !== audience) await socket.leave(roomOf(lieuId, a, shard))
        await socket.join(roomOf(lieuId, audience, shard))
        const full = await loadOccupancy(db, lieuId, deps.clock.now())
        reply({ ok: true, audience, snapshot: forAudience(full, audience) })
      } catch (err) {
        logger.warn({ err, lieuId }, 'live: join failed')
        reply({ ok: false, code: 'internal' })
      }
    })

    socket.on(liveEvents.leave, async (raw, ack) => {
      const req = ZLieuLeaveRequest.safeParse(raw)
      if (req.success) for (const a of audiences) await socket.leave(roomOf(req.data.lieuId, a, shardOf(socket.id)))
      if (typeof ack === 'function') ack({ ok: req.success })
    })
  })

  /** The audience of this socket for the lieu, or null when it may not see the lieu. */
  async function audienceOf(socket: LiveSocket, lieuId: string): Promise<LiveAudience | null> {
    const who = socket.data.who
    if (who.kind === 'device') {
      // A device sees its own lieu only, and stops as soon as it is revoked.
      if (who.lieuId !== lieuId) return null
      const d = await db.device.findUnique({ where: { id: who.deviceId }, select: { revokedAt: true } })
      if (!d || d.revokedAt) {
        socket.disconnect(true)
        return null
      }
      return 'public'
    }
    // The session may have ended since the socket connected (logout, expiry): check again.
    const session = await deps.sessions.resolve(who.sessionToken)
    if (!session) {
      socket.disconnect(true)
      return null
    }
    const access = await lieuAccess(db, who.userId, lieuId).catch(() => null)
    return access ? audienceFor(access) : null
  }

  const publisher = Object.assign(createLivePublisher(io, { db, clock: deps.clock, logger, validate: !config.production }), {
    credentialsEnded(ended: CredentialsEnded) {
      // Through the adapter: the sockets of every process of the cluster.
      const target =
        'deviceId' in ended
          ? io.in(credentialRoom.device(ended.deviceId))
          : 'userId' in ended
            ? ended.exceptSessionId
              ? io.in(credentialRoom.user(ended.userId)).except(credentialRoom.session(ended.exceptSessionId))
              : io.in(credentialRoom.user(ended.userId))
            : ended.sessionIds.length
              ? io.in(ended.sessionIds.map(credentialRoom.session))
              : null
      target?.disconnectSockets(true)
    },
  })

  return {
    io,
    publisher,
    clustered: adapter !== undefined,
    async close() {
      await publisher.close()
      io.local.disconnectSockets(true)
      io.engine.close()
      await io.of('/').adapter.close()
      if (redis) await redis.close().catch(() => redis?.destroy())
    },
  }
}
