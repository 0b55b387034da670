import { createHash, randomBytes } from 'node:crypto'
import type { NextFunction, Request, Response } from 'express'
import type { DeviceKind } from '@fabrique/shared/checkin/schema'
import type { AppDeps } from '../app-deps.ts'
import { AppError } from '../http/problem.ts'

/** A new device token: 32 random bytes, base64url (43 characters). Shown once; only its hash is kept. */
export const newDeviceToken = () => randomBytes(32).toString('base64url')
export const hashDeviceToken = (token: string) => createHash('sha256').update(token, 'utf8').digest('hex')

const TOKEN_RE = /^[A-Za-z0-9_-]{43}$/
const SEEN_EVERY_MS = 60_000

export interface AuthedDevice {
  id: string
  lieuId: string
  kind: DeviceKind
  name: string
}

const unauthenticated = (detail: string) => new AppError('unauthenticated', detail, { headers: { 'WWW-Authenticate': 'Device' } })

/** The token of an `Authorization: Device <token>` header, or null when there is none. */
export function deviceTokenOf(req: Request): string | null {
  const h = req.get('authorization')
  if (!h) return null
  const m = /^Device\s+(\S+)\s*$/i.exec(h)
  return m ? m[1]! : ''
}

/**
 * The device behind a token (revoked or unknown: null). Marks it seen, at most once a minute (a
 * conditional update, so a busy kiosk does not write on every request).
 */
export async function deviceForToken(deps: AppDeps, token: string): Promise<AuthedDevice | null> {
  if (!TOKEN_RE.test(token)) return null
  const d = await deps.db.device.findUnique({
    where: { tokenHash: hashDeviceToken(token) },
    select: { id: true, lieuId: true, kind: true, name: true, revokedAt: true, lastSeenAt: true },
  })
  if (!d || d.revokedAt) return null
  const now = deps.clock.now()
  if (!d.lastSeenAt || now.getTime() - d.lastSeenAt.getTime() >= SEEN_EVERY_MS) {
    await deps.db.device.updateMany({
      where: { id: d.id, revokedAt: null, OR: [{ lastSeenAt: null }, { lastSeenAt: { lte: new Date(now.getTime() - SEEN_EVERY_MS) } }] },
      data: { lastSeenAt: now },
    })
  }
  return { id: d.id, lieuId: d.lieuId, kind: d.kind, name: d.name }
}

/**
 * Authenticates a device request (`Authorization: Device <token>`; no cookie, so no CSRF risk):
 * no, unknown or revoked token → 401; a device of another kind than `kinds` → 403.
 */
export async function requireDevice(deps: AppDeps, req: Request, kinds: readonly DeviceKind[]): Promise<AuthedDevice> {
  const token = deviceTokenOf(req)
  if (token === null) throw unauthenticated('send the device token: Authorization: Device <token>')
  const device = await deviceForToken(deps, token)
  if (!device) throw unauthenticated('unknown or revoked device token')
  if (!kinds.includes(device.kind)) throw new AppError('forbidden', `a ${device.kind} device may not do this`)
  return device
}

type DeviceRequest = Request & { device?: AuthedDevice }

/**
 * Middleware for a group of device routes: authenticates before the body is looked at (an
 * unauthenticated caller learns nothing from validation errors). Read the device with `deviceOf`.
 */
export function deviceAuth(deps: AppDeps, kinds: readonly DeviceKind[]) {
  return (req: Request, _res: Response, next: NextFunction) => {
    requireDevice(deps, req, kinds).then(
      (d) => {
        ;(req as DeviceRequest).device = d
        next()
      },
      (e: unknown) => next(e),
    )
  }
}

/** The device `deviceAuth` authenticated (throws if the route forgot it: a programming error). */
export function deviceOf(req: Request): AuthedDevice {
  const d = (req as DeviceRequest).device
  if (!d) throw new Error('deviceAuth middleware missing on this route')
  return d
}
