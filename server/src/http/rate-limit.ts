import type pg from 'pg'
import { RateLimiterPostgres, RateLimiterRes } from 'rate-limiter-flexible'
import { AppError } from './problem.ts'

export interface Limit {
  points: number
  /** Window in seconds. */
  duration: number
}

export interface RateLimitSettings {
  loginPerAccount: Limit
  loginPerIp: Limit
  register: Limit
  passwordReset: Limit
  verificationResend: Limit
  /** Card checkouts started by drop-ins (no account) on the public pass route. */
  dropInCheckout: Limit
}

// Defaults for one IP address: generous for a coworking sharing one public address, tight enough
// to stop password guessing against one account.
export const defaultRateLimits: RateLimitSettings = {
  loginPerAccount: { points: 10, duration: 15 * 60 },
  loginPerIp: { points: 100, duration: 15 * 60 },
  register: { points: 20, duration: 3600 },
  passwordReset: { points: 10, duration: 3600 },
  verificationResend: { points: 10, duration: 3600 },
  dropInCheckout: { points: 30, duration: 3600 },
}

export interface Limiter {
  consume(key: string): Promise<void>
  reset(key: string): Promise<void>
}

/** Counters in PostgreSQL (table rate_limits), so every server process shares them. */
export function createLimiters(pool: pg.Pool, settings: RateLimitSettings, clearExpired: boolean) {
  const make = (name: keyof RateLimitSettings): Limiter => {
    const limiter = new RateLimiterPostgres({
      storeClient: pool,
      storeType: 'pool',
      tableName: 'rate_limits',
      tableCreated: true,
      clearExpiredByTimeout: clearExpired,
      keyPrefix: name,
      ...settings[name],
    })
    return {
      async consume(key) {
        try {
          await limiter.consume(key)
        } catch (e) {
          if (e instanceof RateLimiterRes) {
            const retry = Math.max(1, Math.ceil(e.msBeforeNext / 1000))
            throw new AppError('rate_limited', `too many attempts; retry in ${retry} s`, {
              headers: { 'Retry-After': String(retry) },
            })
          }
          throw e
        }
      },
      async reset(key) {
        await limiter.delete(key)
      },
    }
  }
  return {
    loginPerAccount: make('loginPerAccount'),
    loginPerIp: make('loginPerIp'),
    register: make('register'),
    passwordReset: make('passwordReset'),
    verificationResend: make('verificationResend'),
    dropInCheckout: make('dropInCheckout'),
  }
}
export type Limiters = ReturnType<typeof createLimiters>
