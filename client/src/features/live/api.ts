import { z } from 'zod'
import {
  ZCheckInCodeDto,
  ZCreatedDeviceDto,
  ZDeviceDto,
  ZDeviceSelfDto,
  ZKioskBookingResult,
  ZKioskScanResult,
  ZLobbyDto,
  ZMemberCodeDto,
  type CreateDeviceRequest,
} from '@fabrique/shared/checkin/schema'
import { api, apiRequest } from '../../lib/api.ts'

const id = (s: string) => encodeURIComponent(s)

/** Calls a lobby or kiosk device makes: `Authorization: Device <token>`, no cookie needed. */
const device = (token: string) => ({ Authorization: `Device ${token}` })

export const checkinApi = {
  bookingCode: (bookingId: string, signal?: AbortSignal) => api.get(`/bookings/${id(bookingId)}/check-in-code`, ZCheckInCodeDto, signal),
  memberCode: (signal?: AbortSignal) => api.get('/me/member-code', ZMemberCodeDto, signal),
}

export const devicesApi = {
  list: (lieuId: string, signal?: AbortSignal) => api.get(`/lieux/${id(lieuId)}/devices`, z.array(ZDeviceDto), signal),
  create: (lieuId: string, body: CreateDeviceRequest) => api.post(`/lieux/${id(lieuId)}/devices`, body, ZCreatedDeviceDto),
  revoke: (lieuId: string, deviceId: string) => api.delete(`/lieux/${id(lieuId)}/devices/${id(deviceId)}`),
}

export const deviceApi = {
  me: (token: string, signal?: AbortSignal) => apiRequest('GET', '/device/me', { schema: ZDeviceSelfDto, headers: device(token), signal }),
  lobby: (token: string, signal?: AbortSignal) => apiRequest('GET', '/lobby', { schema: ZLobbyDto, headers: device(token), signal }),
  scan: (token: string, code: string) => apiRequest('POST', '/kiosk/scan', { body: { code }, schema: ZKioskScanResult, headers: device(token) }),
  checkIn: (token: string, memberCode: string, bookingId: string) =>
    apiRequest('POST', '/kiosk/check-in', { body: { memberCode, bookingId }, schema: ZKioskBookingResult, headers: device(token) }),
  walkIn: (token: string, memberCode: string, resourceId: string) =>
    apiRequest('POST', '/kiosk/walk-in', { body: { memberCode, resourceId }, schema: ZKioskBookingResult, headers: device(token) }),
}

/** An SVG document as a data: URL for an <img> (never injected as markup: scripts in it cannot run). */
export function svgDataUrl(svg: string): string {
  const bytes = new TextEncoder().encode(svg)
  let bin = ''
  for (const b of bytes) bin += String.fromCharCode(b)
  return `data:image/svg+xml;base64,${btoa(bin)}`
}
