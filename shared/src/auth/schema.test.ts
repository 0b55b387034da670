import { describe, expect, it } from 'vitest'
import { ZEmail, ZLoginRequest, ZNewPassword, ZRegisterRequest } from './schema.ts'

describe('ZEmail', () => {
  it.each([
    ['alice@example.org', 'alice@example.org'],
    ['Alice@Example.ORG', 'alice@example.org'],
    ['  alice@example.org\t', 'alice@example.org'],
    [' Bob.Smith+Tag@Sub.Example.FR ', 'bob.smith+tag@sub.example.fr'],
  ])('%j → %j', (input, out) => {
    expect(ZEmail.parse(input)).toBe(out)
  })

  it.each([['not-an-email'], ['@example.org'], ['alice@'], ['alice example@example.org'], [''], ['   ']])(
    'refuses %j',
    (input) => {
      const r = ZEmail.safeParse(input)
      expect(r.success).toBe(false)
      expect(r.error?.issues.map((i) => i.message)).toEqual(['invalid e-mail address'])
    },
  )

  it('refuses an address over 254 characters', () => {
    const long = `${'a'.repeat(64)}@${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(63)}.org`
    expect(long.length).toBeGreaterThan(254)
    expect(ZEmail.safeParse(long).success).toBe(false)
  })
})

describe('ZNewPassword', () => {
  it.each([
    [9, false, 'at least 10 characters'],
    [10, true, null],
    [64, true, null],
    [128, true, null],
    [129, false, 'at most 128 characters'],
  ])('%i characters → %s', (n, ok, message) => {
    const r = ZNewPassword.safeParse('x'.repeat(n))
    expect(r.success).toBe(ok)
    if (message) expect(r.error?.issues.map((i) => i.message)).toEqual([message])
  })

  it('keeps the password exactly (no trimming: spaces count)', () => {
    expect(ZNewPassword.parse('  ten chars ')).toBe('  ten chars ')
    expect(ZNewPassword.safeParse('  short  ').success).toBe(false)
  })
})

describe('requests', () => {
  it('ZRegisterRequest normalises the e-mail, defaults the locale to fr and refuses unknown keys', () => {
    expect(
      ZRegisterRequest.parse({
        email: ' Alice@Example.org ',
        password: 'a long passphrase',
        name: ' Alice ',
      }),
    ).toEqual({
      email: 'alice@example.org',
      password: 'a long passphrase',
      name: 'Alice',
      locale: 'fr',
    })
    expect(
      ZRegisterRequest.safeParse({
        email: 'a@example.org',
        password: 'a long passphrase',
        name: 'A',
        admin: true,
      }).success,
    ).toBe(false)
    expect(
      ZRegisterRequest.safeParse({ email: 'a@example.org', password: 'a long passphrase', name: '   ' })
        .success,
    ).toBe(false)
  })

  it('ZLoginRequest accepts an old short password (only new ones have a minimum)', () => {
    expect(ZLoginRequest.parse({ email: 'A@B.fr', password: 'short' })).toEqual({
      email: 'a@b.fr',
      password: 'short',
    })
    expect(ZLoginRequest.safeParse({ email: 'a@b.fr', password: '' }).success).toBe(false)
  })
})
