import { describe, expect, it } from 'vitest'
import { lieuBody, useTestApp } from './support/test-app.ts'

const t = useTestApp()

describe('profile', () => {
  it('updates name, phone, language and visibility', async () => {
    const { agent } = await t.login()
    const res = await agent.patch('/api/v1/me').send({ name: 'Zoé Lefèvre', phone: '+33 6 12 34 56 78', locale: 'en', visibleToCommunity: true })
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({ name: 'Zoé Lefèvre', phone: '+33 6 12 34 56 78', locale: 'en', visibleToCommunity: true })
    const bad = await agent.patch('/api/v1/me').send({ locale: 'de' })
    expect(bad.body.errors[0].field).toBe('locale')
  })

  it('changes the password only with the current one, ending the other sessions', async () => {
    const u = await t.createUser()
    const a = t.agent()
    const b = t.agent()
    await a.post('/api/v1/auth/login').send({ email: u.email, password: u.password })
    await b.post('/api/v1/auth/login').send({ email: u.email, password: u.password })
    const wrong = await a.post('/api/v1/me/password').send({ currentPassword: 'nope nope nope', newPassword: 'fresh passphrase' })
    expect(wrong.body.errors).toEqual([{ field: 'currentPassword', message: 'wrong password' }])
    expect((await a.post('/api/v1/me/password').send({ currentPassword: u.password, newPassword: 'fresh passphrase' })).status).toBe(204)
    expect((await a.get('/api/v1/me')).status).toBe(200)
    expect((await b.get('/api/v1/me')).status).toBe(401)
  })

  it('lists sessions and ends one by its id', async () => {
    const u = await t.createUser()
    const a = t.agent()
    const b = t.agent()
    await a.post('/api/v1/auth/login').set('User-Agent', 'Laptop').send({ email: u.email, password: u.password })
    await b.post('/api/v1/auth/login').set('User-Agent', 'Phone').send({ email: u.email, password: u.password })
    const list = (await a.get('/api/v1/me/sessions')).body as { id: string; current: boolean; userAgent: string }[]
    expect(list).toHaveLength(2)
    const phone = list.find((s) => s.userAgent === 'Phone')!
    expect(phone.current).toBe(false)
    expect((await a.delete(`/api/v1/me/sessions/${phone.id}`)).status).toBe(204)
    expect((await b.get('/api/v1/me')).status).toBe(401)
  })
})

describe('GDPR', () => {
  it('exports the account as a JSON download without secrets', async () => {
    const { agent, email } = await t.login({ name: 'Export Me' })
    await agent.post('/api/v1/lieux').send(lieuBody('export-lieu'))
    const res = await agent.get('/api/v1/me/export')
    expect(res.status).toBe(200)
    expect(res.headers['content-disposition']).toMatch(/attachment; filename="?fabrique-[0-9a-f-]+\.json"?/)
    expect(res.body.account).toMatchObject({ email, name: 'Export Me' })
    expect(res.body.lieux).toEqual([expect.objectContaining({ slug: 'export-lieu', role: 'owner' })])
    expect(res.body.sessions).toHaveLength(1)
    expect(JSON.stringify(res.body)).not.toMatch(/argon2|password_hash|passwordHash|token/)
  })

  it('deletes the account with its password; a sole owner must hand over first', async () => {
    const owner = await t.login()
    const lieu = (await owner.agent.post('/api/v1/lieux').send(lieuBody('a-transmettre'))).body
    const refused = await owner.agent.delete('/api/v1/me').send({ password: 'correct horse battery' })
    expect(refused.status).toBe(409)
    expect(refused.body.code).toBe('last_owner')
    expect(refused.body.detail).toContain('Lieu a-transmettre')

    const other = await t.login()
    await t.deps.db.lieuMembership.create({ data: { lieuId: lieu.id, userId: other.id, role: 'owner' } })
    expect((await owner.agent.delete('/api/v1/me').send({ password: 'wrong password!' })).status).toBe(400)
    const ok = await owner.agent.delete('/api/v1/me').send({ password: 'correct horse battery' })
    expect(ok.status).toBe(204)
    expect(await t.deps.db.user.findUnique({ where: { id: owner.id } })).toBeNull()
    expect(await t.deps.db.session.count({ where: { userId: owner.id } })).toBe(0)
    expect(await t.deps.db.outboxEmail.count({ where: { to: owner.email } })).toBe(0)
    expect((await owner.agent.get('/api/v1/me')).status).toBe(401)
  })
})
