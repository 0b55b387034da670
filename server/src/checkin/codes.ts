import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'
import type { Db } from '../db/prisma.ts'

// Check-in codes. A booking code is `B.<bookingId>.<expiry>.<mac>`, a member card
// `M.<userId>.<expiry>.<mac>`: expiry in Unix seconds, mac = base64url(HMAC-SHA256(key, `<id>.<expiry>`)).
// The key of each kind is derived from the AppSecret `checkin_key` (32 random bytes created on first
// use, shared by every process), HMAC(checkin_key, 'booking' | 'member'), so a booking code can
// never pass for a member card or the other way round.

export type CodeKind = 'booking' | 'member'
const PREFIX: Record<CodeKind, string> = { booking: 'B', member: 'M' }
const KEY_NAME = 'checkin_key'
const CODE_RE = /^([BM])\.([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.(\d{1,12})\.([A-Za-z0-9_-]{43})$/

const keys = new WeakMap<Db, Promise<Buffer>>()

/** The shared key: inserted once (the first process wins the race), then read by everyone. */
export function checkinKey(db: Db): Promise<Buffer> {
  let k = keys.get(db)
  if (!k) {
    k = (async () => {
      const fresh = randomBytes(32).toString('base64url')
      await db.$executeRaw`INSERT INTO app_secrets (name, value) VALUES (${KEY_NAME}, ${fresh}) ON CONFLICT (name) DO NOTHING`
      const row = await db.appSecret.findUniqueOrThrow({ where: { name: KEY_NAME } })
      return Buffer.from(row.value, 'base64url')
    })()
    k.catch(() => keys.delete(db))
    keys.set(db, k)
  }
  return k
}

const mac = (key: Buffer, kind: CodeKind, id: string, expiry: number) => {
  const kindKey = createHmac('sha256', key).update(kind).digest()
  return createHmac('sha256', kindKey).update(`${id}.${expiry}`).digest()
}

export async function signCode(db: Db, kind: CodeKind, id: string, expiresAt: Date): Promise<string> {
  const expiry = Math.floor(expiresAt.getTime() / 1000)
  return `${PREFIX[kind]}.${id}.${expiry}.${mac(await checkinKey(db), kind, id, expiry).toString('base64url')}`
}

export type VerifiedCode = { kind: CodeKind; id: string; expiresAt: Date }

/** The code's kind, id and expiry when its signature is ours (expiry NOT checked here); else null. */
export async function verifyCode(db: Db, code: string): Promise<VerifiedCode | null> {
  const m = CODE_RE.exec(code.trim())
  if (!m) return null
  const kind: CodeKind = m[1] === 'B' ? 'booking' : 'member'
  const id = m[2]!
  const expiry = Number(m[3])
  // Compare the text, not decoded bytes: base64 decoding ignores the last character's spare bits,
  // so two spellings would otherwise pass for one signature.
  const given = Buffer.from(m[4]!, 'utf8')
  const expected = Buffer.from(mac(await checkinKey(db), kind, id, expiry).toString('base64url'), 'utf8')
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null
  return { kind, id, expiresAt: new Date(expiry * 1000) }
}

/** The code as a standalone, scalable SVG (black on white, medium error correction). */
export async function qrSvg(code: string): Promise<string> {
  const { default: QRCode } = await import('qrcode') // on first use: keeps the idle server small
  return QRCode.toString(code, { type: 'svg', errorCorrectionLevel: 'M', margin: 2, color: { dark: '#000000', light: '#ffffff' } })
}
