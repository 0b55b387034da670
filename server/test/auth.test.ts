import { describe, expect, it } from 'vitest'
import { lastEmail, ORIGIN, useTestApp } from './support/test-app.ts'

const t = useTestApp({ rateLimits: { loginPerAccount: { points: 3, duration: 900 } } })

const cookieOf = (res: { headers: Record<string, unknown> }) =>
  ([] as string[]).concat((res.headers['set-cookie'] as string[] | undefined) ?? []).find((c) => c.startsWith('fabrique_session='))

describe('registration and e-mail verification', () => {
  it('registers, mails a link, verifies (logging in), then logs in with the password', async () => {
    const a = t.agent()
    const reg = await a.post('/api/v1/auth/register').send({ email: 'Alice@Example.org', password: 'a long passphrase', name: 'Alice' })
    expect(reg.status).toBe(201)
    const user = await t.deps.db.user.findUniqueOrThrow({ where: { email: 'alice@example.org' } })
    expect(user.emailVerifiedAt).toBeNull()
    expect(user.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/)

    const beforeVerify = await a.post('/api/v1/auth/login').send({ email: 'alice@example.org', password: 'a long passphrase' })
    expect(beforeVerify.status).toBe(403)
    expect(beforeVerify.body.code).toBe('email_not_verified')

    const mail = await lastEmail(t, 'alice@example.org')
    expect(mail.kind).toBe('verify_email')
    expect(mail.text).toContain(`${ORIGIN}/verifier?token=`)
    const verified = await a.post('/api/v1/auth/verify-email').send({ token: mail.token })
    expect(verified.status).toBe(200)
    expect(verified.body).toMatchObject({ email: 'alice@example.org', emailVerified: true })
    expect((await a.get('/api/v1/me')).body.name).toBe('Alice')

    // A verification link works once.
    const again = await t.agent().post('/api/v1/auth/verify-email').send({ token: mail.token })
    expect(again.status).toBe(410)
    expect(again.body.code).toBe('token_invalid')
  })

  it('answers a second registration of a known address like the first, and mails the owner instead', async () => {
    const u = await t.createUser()
    const res = await t.agent().post('/api/v1/auth/register').send({ email: u.email, password: 'another passphrase', name: 'Intruder' })
    expect(res.status).toBe(201)
    expect((await lastEmail(t, u.email)).kind).toBe('account_exists')
    expect(await t.deps.db.user.count({ where: { email: u.email } })).toBe(1)
  })

  it('refuses a short password, naming the field, and writes nothing', async () => {
    const res = await t.agent().post('/api/v1/auth/register').send({ email: 'short@example.org', password: 'short', name: 'S' })
    expect(res.status).toBe(400)
    expect(res.headers['content-type']).toContain('application/problem+json')
    expect(res.body.errors).toEqual([{ field: 'password', message: 'at least 10 characters' }])
    expect(await t.deps.db.user.count({ where: { email: 'short@example.org' } })).toBe(0)
  })
})

describe('login and sessions', () => {
  it('sets an httpOnly SameSite cookie with a 256-bit opaque token and stores only its hash', async () => {
    const u = await t.createUser()
    const res = await t.agent().post('/api/v1/auth/login').send({ email: u.email, password: u.password })
    expect(res.status).toBe(200)
    const cookie = cookieOf(res)!
    expect(cookie).toMatch(/HttpOnly/i)
    expect(cookie).toMatch(/SameSite=Lax/i)
    const token = /fabrique_session=([^;]+)/.exec(cookie)![1]!
    expect(Buffer.from(token, 'base64url')).toHaveLength(32)
    const sessions = await t.deps.db.session.findMany({ where: { userId: u.id } })
    expect(sessions).toHaveLength(1)
    expect(sessions[0]!.id).not.toContain(token)
  })

  it('rotates the session at login: the previous token stops working', async () => {
    const u = await t.createUser()
    const a = t.agent()
    const first = cookieOf(await a.post('/api/v1/auth/login').send({ email: u.email, password: u.password }))!
    const second = cookieOf(await a.post('/api/v1/auth/login').send({ email: u.email, password: u.password }))!
    expect(second).not.toBe(first)
    const old = await t.agent().get('/api/v1/me').set('Cookie', first.split(';')[0]!)
    expect(old.status).toBe(401)
    expect(await t.deps.db.session.count({ where: { userId: u.id } })).toBe(1)
  })

  it('gives the same answer for an unknown address and a wrong password', async () => {
    const u = await t.createUser()
    const wrong = await t.agent().post('/api/v1/auth/login').send({ email: u.email, password: 'not the password' })
    const unknown = await t.agent().post('/api/v1/auth/login').send({ email: 'nobody@example.org', password: 'not the password' })
    expect([wrong.status, unknown.status]).toEqual([401, 401])
    expect(wrong.body.code).toBe('invalid_credentials')
    expect(unknown.body.detail).toBe(wrong.body.detail)
  })

  it('rate-limits login attempts on one account with 429 and Retry-After', async () => {
    const u = await t.createUser()
    const codes: number[] = []
    for (let i = 0; i < 4; i++) {
      codes.push((await t.agent().post('/api/v1/auth/login').send({ email: u.email, password: 'guess guess' })).status)
    }
    expect(codes).toEqual([401, 401, 401, 429])
    const limited = await t.agent().post('/api/v1/auth/login').send({ email: u.email, password: u.password })
    expect(limited.status).toBe(429)
    expect(limited.body.code).toBe('rate_limited')
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0)
  })

  it('expires a session left idle, and one past its absolute lifetime', async () => {
    const { agent } = await t.login()
    expect((await agent.get('/api/v1/me')).status).toBe(200)
    t.clock.advance(73 * 3600_000) // idle limit is 72 h
    expect((await agent.get('/api/v1/me')).status).toBe(401)
    t.clock.set('2026-11-27T09:00:00Z')

    const other = await t.login()
    for (let day = 0; day < 31; day++) {
      t.clock.advance(86400_000) // active every day, never idle…
      await other.agent.get('/api/v1/me')
    }
    expect((await other.agent.get('/api/v1/me')).status).toBe(401) // …but 30 days is the end
    t.clock.set('2026-11-27T09:00:00Z')
  })

  it('logs out one session, or every session', async () => {
    const u = await t.createUser()
    const a = t.agent()
    const b = t.agent()
    await a.post('/api/v1/auth/login').send({ email: u.email, password: u.password })
    await b.post('/api/v1/auth/login').send({ email: u.email, password: u.password })
    expect((await a.post('/api/v1/auth/logout')).status).toBe(204)
    expect((await a.get('/api/v1/me')).status).toBe(401)
    expect((await b.get('/api/v1/me')).status).toBe(200)
    const c = t.agent()
    await c.post('/api/v1/auth/login').send({ email: u.email, password: u.password })
    expect((await c.post('/api/v1/auth/logout-all')).status).toBe(204)
    expect((await b.get('/api/v1/me')).status).toBe(401)
    expect(await t.deps.db.session.count({ where: { userId: u.id } })).toBe(0)
  })

  it('refuses a state-changing request from another origin, or with a session and no origin', async () => {
    const { agent } = await t.login()
    const foreign = await agent.patch('/api/v1/me').set('Origin', 'https://evil.example').send({ name: 'Hacked' })
    expect(foreign.status).toBe(403)
    expect(foreign.body.code).toBe('origin_rejected')
    const cookieOnly = await agent.patch('/api/v1/me').unset('Origin').send({ name: 'Hacked' })
    expect(cookieOnly.status).toBe(403)
    expect((await agent.get('/api/v1/me')).body.name).not.toBe('Hacked')
  })
})

describe('password reset', () => {
  it('mails a one-hour single-use link; the new password works and every session ends', async () => {
    const { agent, email } = await t.login()
    const req = await t.agent().post('/api/v1/auth/password-reset').send({ email })
    expect(req.status).toBe(202)
    const { token, kind } = await lastEmail(t, email)
    expect(kind).toBe('reset_password')
    const ok = await t.agent().post('/api/v1/auth/password-reset/confirm').send({ token, password: 'brand new passphrase' })
    expect(ok.status).toBe(204)
    expect((await agent.get('/api/v1/me')).status).toBe(401)
    const login = await t.agent().post('/api/v1/auth/login').send({ email, password: 'brand new passphrase' })
    expect(login.status).toBe(200)
    const reuse = await t.agent().post('/api/v1/auth/password-reset/confirm').send({ token, password: 'yet another passphrase' })
    expect(reuse.status).toBe(410)
  })

  it('answers 202 for an unknown address, sending nothing', async () => {
    const res = await t.agent().post('/api/v1/auth/password-reset').send({ email: 'ghost@example.org' })
    expect(res.status).toBe(202)
    expect(await t.deps.db.outboxEmail.count({ where: { to: 'ghost@example.org' } })).toBe(0)
  })

  it('refuses an expired link', async () => {
    const u = await t.createUser()
    await t.agent().post('/api/v1/auth/password-reset').send({ email: u.email })
    const { token } = await lastEmail(t, u.email)
    t.clock.advance(61 * 60_000)
    const res = await t.agent().post('/api/v1/auth/password-reset/confirm').send({ token, password: 'brand new passphrase' })
    t.clock.set('2026-11-27T09:00:00Z')
    expect(res.status).toBe(410)
  })
})
