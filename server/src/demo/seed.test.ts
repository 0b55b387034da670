import { describe, expect, it } from 'vitest'
import { verifyPassword } from '../auth/password.ts'
import { DEMO_PASSWORD, DEMO_PASSWORD_HASH } from './seed.ts'

describe('demo accounts', () => {
  it('store an argon2id hash of the printed demo password, at our parameters', async () => {
    expect(DEMO_PASSWORD_HASH).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/)
    expect(await verifyPassword(DEMO_PASSWORD_HASH, DEMO_PASSWORD)).toBe(true)
    expect(await verifyPassword(DEMO_PASSWORD_HASH, 'not-the-demo-password')).toBe(false)
  })
})
