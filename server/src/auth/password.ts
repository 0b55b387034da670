import { hash, verify } from '@node-rs/argon2'

// argon2id at OWASP ASVS 5.0 parameters or above (m = 19 MiB, t = 2, p = 1). @node-rs/argon2
// hashes on libuv's thread pool, off the event loop.
const PARAMS = { algorithm: 2 /* Algorithm.Argon2id (a const enum) */, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const

export function hashPassword(password: string): Promise<string> {
  return hash(password, PARAMS)
}

export async function verifyPassword(stored: string, password: string): Promise<boolean> {
  try {
    return await verify(stored, password)
  } catch {
    return false
  }
}

// Verified against when the e-mail is unknown, so a login takes as long either way.
let dummy: Promise<string> | undefined
export async function burnPasswordCheck(password: string): Promise<void> {
  dummy ??= hashPassword('fabrique-timing-equaliser')
  await verifyPassword(await dummy, password)
}
