// The token of a lobby or kiosk device: handed over in the URL fragment (`/borne#token=…`, never
// sent to the server, so never in its logs), kept in localStorage, and removed from the address bar.
import type { DeviceKind } from '@fabrique/shared/checkin/schema'

export const devicePath: Record<DeviceKind, string> = { kiosk: '/borne', lobby: '/ecran' }
const storageKey = (kind: DeviceKind) => `fabrique.device.${kind}`

/** The token in a fragment like `#token=abc` (or null). */
export function tokenFromHash(hash: string): string | null {
  const p = new URLSearchParams(hash.replace(/^#/, ''))
  const t = p.get('token')?.trim()
  return t ? t : null
}

/** The URL to open on the device. */
export function deviceUrl(origin: string, kind: DeviceKind, token: string): string {
  return `${origin}${devicePath[kind]}#token=${encodeURIComponent(token)}`
}

export function readDeviceToken(kind: DeviceKind): string | null {
  try {
    return localStorage.getItem(storageKey(kind))
  } catch {
    return null
  }
}

export function saveDeviceToken(kind: DeviceKind, token: string | null) {
  try {
    if (token) localStorage.setItem(storageKey(kind), token)
    else localStorage.removeItem(storageKey(kind))
  } catch {
    // private mode: the token lives as long as the page
  }
}

/** On page load: a token in the fragment wins (stored, then wiped from the URL); else the stored one. */
export function takeDeviceToken(kind: DeviceKind): string | null {
  const fromHash = tokenFromHash(window.location.hash)
  if (fromHash) {
    saveDeviceToken(kind, fromHash)
    window.history.replaceState(window.history.state, '', window.location.pathname + window.location.search)
    return fromHash
  }
  return readDeviceToken(kind)
}
