// Live occupancy over Socket.IO (docs/live.md, shared/src/live/schema.ts). Imported by lazy pages
// only: socket.io-client stays out of the first download.
import { useEffect, useRef, useState } from 'react'
import { io, type Socket } from 'socket.io-client'
import { useQueryClient, type QueryKey } from '@tanstack/react-query'
import {
  ZLieuJoinAck,
  ZOccupancy,
  liveConnectErrors,
  liveEvents,
  livePath,
  type ClientToServerEvents,
  type LiveAudience,
  type LiveErrorCode,
  type Occupancy,
  type ServerToClientEvents,
} from '@fabrique/shared/live/schema'
import { liveReduce, nextBoundary, type LiveAction, type LiveModel, type LiveStatus } from './liveState.ts'

export type { LiveStatus } from './liveState.ts'

type LiveSocket = Socket<ServerToClientEvents, ClientToServerEvents>

/** Refused for good (no point retrying): not logged in / revoked token, or a lieu we may not see. */
export type LiveError = 'unauthenticated' | 'not_found'

export interface LiveOccupancy {
  occupancy: Occupancy | null
  status: LiveStatus
  audience: LiveAudience | null
  error: LiveError | null
}

export interface LiveOptions {
  /** A lobby or kiosk device: `auth: { deviceToken }` instead of the session cookie. */
  deviceToken?: string
  /** Something to show before the first snapshot (e.g. GET /lobby's occupancy). */
  initial?: Occupancy | null
}

/** With no event for this long, the snapshot is reloaded anyway (bookings start and end by themselves). */
const REFRESH_MS = 60_000
const ACK_TIMEOUT_MS = 10_000

/**
 * The live occupancy of a lieu: joins on every (re)connection, applies `occupancy` events in seq
 * order, and reloads the snapshot (`lieu:join`) when a seq was skipped, when a booking starts or
 * ends, and at least every minute.
 */
export function useLiveOccupancy(lieuId: string | undefined, opts: LiveOptions = {}): LiveOccupancy {
  const { deviceToken } = opts
  const initialRef = useRef(opts.initial ?? null)
  const [state, setState] = useState<LiveOccupancy>({ occupancy: opts.initial ?? null, status: 'connecting', audience: null, error: null })

  useEffect(() => {
    if (!lieuId) return
    let closed = false
    let model: LiveModel = { occupancy: initialRef.current?.lieuId === lieuId ? initialRef.current : null, resyncing: false }
    let lastJoin = 0
    const socket: LiveSocket = io({
      path: livePath,
      withCredentials: true,
      // Straight to a websocket; long polling only where websockets are blocked.
      transports: ['websocket', 'polling'],
      ...(deviceToken ? { auth: { deviceToken } } : {}),
      reconnectionDelay: 1_000,
      reconnectionDelayMax: 10_000,
    })
    const set = (patch: Partial<LiveOccupancy>) => {
      if (!closed) setState((s) => ({ ...s, ...patch }))
    }
    const dispatch = (action: LiveAction) => {
      const r = liveReduce(model, action)
      const changed = r.model.occupancy !== model.occupancy
      model = r.model
      if (changed) set({ occupancy: model.occupancy })
      if (r.resync) join()
    }

    function join() {
      lastJoin = Date.now()
      socket.timeout(ACK_TIMEOUT_MS).emit(liveEvents.join, { lieuId: lieuId! }, (err, raw) => {
        if (closed) return
        if (err) return dispatch({ type: 'resync-failed' })
        const ack = ZLieuJoinAck.safeParse(raw)
        if (!ack.success) {
          console.error('live: unexpected lieu:join ack', ack.error.issues)
          return dispatch({ type: 'resync-failed' })
        }
        if (!ack.data.ok) {
          dispatch({ type: 'resync-failed' })
          const code: LiveErrorCode = ack.data.code
          if (code === 'not_found' || code === 'unauthenticated') set({ error: code, status: 'offline' })
          return
        }
        set({ audience: ack.data.audience, status: 'live', error: null })
        dispatch({ type: 'snapshot', occupancy: ack.data.snapshot })
      })
    }

    socket.on('connect', () => {
      set({ status: 'live', error: null })
      join()
    })
    let retry: ReturnType<typeof setTimeout> | undefined
    socket.on('disconnect', (reason) => {
      set({ status: 'offline' })
      // The server hung up on us (a restart, a deploy): Socket.IO does not come back by itself
      // then. Try again a little later; a revoked device or an ended session is refused at connect.
      if (reason === 'io server disconnect') retry = setTimeout(() => socket.connect(), 2_000 + Math.random() * 3_000)
    })
    socket.on('connect_error', (e) => {
      // A refusal by the server's middleware is final (socket.active false): no reconnection.
      set({ status: 'offline', ...(e.message === liveConnectErrors.unauthenticated ? { error: 'unauthenticated' as const } : {}) })
    })
    socket.on(liveEvents.occupancy, (raw) => {
      const o = ZOccupancy.safeParse(raw)
      if (!o.success) return console.error('live: unexpected occupancy payload', o.error.issues)
      if (o.data.lieuId === lieuId) dispatch({ type: 'event', occupancy: o.data })
    })

    const timer = setInterval(() => {
      if (!socket.connected) return
      const now = Date.now()
      const boundary = model.occupancy ? nextBoundary(model.occupancy, lastJoin) : null
      if (now - lastJoin >= REFRESH_MS || (boundary !== null && now >= boundary + 1_000)) join()
    }, 5_000)

    return () => {
      closed = true
      clearInterval(timer)
      clearTimeout(retry)
      socket.emit(liveEvents.leave, { lieuId })
      socket.disconnect()
    }
  }, [lieuId, deviceToken])

  return state
}

/** The device variant (lobby screen, kiosk): authenticated by its token, public audience. */
export function useDeviceLiveOccupancy(lieuId: string | undefined, deviceToken: string, initial?: Occupancy | null): LiveOccupancy {
  return useLiveOccupancy(lieuId, { deviceToken, initial })
}

/**
 * Refreshes queries when the live state moves on (another member's booking, a check-in at the
 * door), a little later so a burst of changes costs one refetch.
 */
export function useRefreshOnLiveChange(seq: number | undefined, keys: readonly QueryKey[]) {
  const qc = useQueryClient()
  const first = useRef<number | undefined>(undefined)
  const keysRef = useRef(keys)
  useEffect(() => {
    keysRef.current = keys
  })
  useEffect(() => {
    if (seq === undefined) return
    if (first.current === undefined) {
      first.current = seq
      return
    }
    if (seq === first.current) return
    const t = setTimeout(() => {
      for (const queryKey of keysRef.current) void qc.invalidateQueries({ queryKey })
    }, 250)
    return () => clearTimeout(t)
  }, [seq, qc])
}
