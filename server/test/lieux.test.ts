import { describe, expect, it } from 'vitest'
import { lastEmail, lieuBody, useTestApp } from './support/test-app.ts'

const t = useTestApp({ now: '2026-11-27T09:00:00Z' }) // a Friday, 10:00 in Paris

describe('lieux', () => {
  it('creates a lieu whose creator is owner, and refuses a taken slug naming the field', async () => {
    const { agent, id } = await t.login()
    const res = await agent.post('/api/v1/lieux').send(lieuBody('la-fabrik'))
    expect(res.status).toBe(201)
    expect(res.body).toMatchObject({ slug: 'la-fabrik', myRole: 'owner', timeZone: 'Europe/Paris', legal: { vatExempt: true, siret: '73282932000074' } })
    expect(await t.deps.db.lieuMembership.findFirst({ where: { userId: id } })).toMatchObject({ role: 'owner' })
    const again = await (await t.login()).agent.post('/api/v1/lieux').send(lieuBody('la-fabrik'))
    expect(again.status).toBe(409)
    expect(again.body).toMatchObject({ code: 'slug_taken', errors: [{ field: 'slug' }] })
  })

  it('refuses an unverified account, an unknown zone and an invalid SIRET', async () => {
    const unverified = await t.createUser({ verified: false })
    expect(unverified).toBeTruthy()
    const { agent } = await t.login()
    const zone = await agent.post('/api/v1/lieux').send(lieuBody('zone', { timeZone: 'Mars/Olympus' }))
    expect(zone.status).toBe(400)
    expect(zone.body.errors).toEqual([{ field: 'timeZone', message: 'unknown IANA time zone' }])
    const siret = await agent.post('/api/v1/lieux').send(lieuBody('siret', { legal: { legalName: 'X', siret: '12345678901234', vatNumber: null, vatExempt: false } }))
    expect(siret.body.errors[0].field).toBe('legal.siret')
    const both = await agent.post('/api/v1/lieux').send(lieuBody('vat', { legal: { legalName: 'X', siret: null, vatNumber: 'FR40552100554', vatExempt: true } }))
    expect(both.body.errors[0].field).toBe('legal.vatNumber')
    expect(await t.deps.db.lieu.count({ where: { slug: { in: ['zone', 'siret', 'vat'] } } })).toBe(0)
  })

  it('replaces opening hours (several intervals a day) and the public page shows them and whether it is open', async () => {
    const { agent } = await t.login()
    const lieu = (await agent.post('/api/v1/lieux').send(lieuBody('le-moulin'))).body
    const hours = await agent.put(`/api/v1/lieux/${lieu.id}/opening-hours`).send({
      intervals: [
        { weekday: 5, start: '14:00', end: '18:00' },
        { weekday: 5, start: '09:00', end: '12:30' },
        { weekday: 6, start: '10:00', end: '24:00' },
      ],
    })
    expect(hours.status).toBe(200)
    expect(hours.body.openingHours).toEqual([
      { weekday: 5, start: '09:00', end: '12:30' },
      { weekday: 5, start: '14:00', end: '18:00' },
      { weekday: 6, start: '10:00', end: '24:00' },
    ])
    const pub = await t.agent().get('/api/v1/public/lieux/le-moulin')
    expect(pub.status).toBe(200)
    expect(pub.body).toMatchObject({ openNow: true, nextOpening: null, openingHours: hours.body.openingHours })
    expect(pub.body).not.toHaveProperty('legal')
    expect(pub.body).not.toHaveProperty('id')

    t.clock.set('2026-11-27T12:00:00Z') // 13:00 in Paris: lunch break
    expect((await t.agent().get('/api/v1/public/lieux/le-moulin')).body).toMatchObject({ openNow: false, nextOpening: '2026-11-27T14:00:00+01:00' })
    t.clock.set('2026-11-27T09:00:00Z')

    const overlap = await agent.put(`/api/v1/lieux/${lieu.id}/opening-hours`).send({
      intervals: [
        { weekday: 1, start: '09:00', end: '12:00' },
        { weekday: 1, start: '11:00', end: '13:00' },
      ],
    })
    expect(overlap.status).toBe(400)
    expect(overlap.body.errors).toEqual([{ field: 'intervals.1.start', message: 'overlaps another interval of the same day' }])
    expect((await agent.get(`/api/v1/lieux/${lieu.id}`)).body.openingHours).toHaveLength(3)
  })

  it('adds and removes closures; the public page lists the upcoming ones and is closed during them', async () => {
    const { agent } = await t.login()
    const lieu = (await agent.post('/api/v1/lieux').send(lieuBody('la-forge'))).body
    await agent.put(`/api/v1/lieux/${lieu.id}/opening-hours`).send({ intervals: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, start: '09:00', end: '18:00' })) })
    const past = await agent.post(`/api/v1/lieux/${lieu.id}/closures`).send({ startDate: '2026-08-01', endDate: '2026-08-15', reason: 'Été' })
    const today = await agent.post(`/api/v1/lieux/${lieu.id}/closures`).send({ startDate: '2026-11-27', endDate: '2026-11-30', reason: 'Inventaire' })
    expect(today.status).toBe(201)
    expect(today.body).toMatchObject({ startDate: '2026-11-27', endDate: '2026-11-30', reason: 'Inventaire' })
    const pub = (await t.agent().get('/api/v1/public/lieux/la-forge')).body
    expect(pub.upcomingClosures).toEqual([{ startDate: '2026-11-27', endDate: '2026-11-30', reason: 'Inventaire' }])
    expect(pub).toMatchObject({ openNow: false, nextOpening: '2026-12-01T09:00:00+01:00' })

    const backwards = await agent.post(`/api/v1/lieux/${lieu.id}/closures`).send({ startDate: '2026-12-10', endDate: '2026-12-01', reason: 'x' })
    expect(backwards.body.errors).toEqual([{ field: 'endDate', message: 'end date must not be before start date' }])
    expect((await agent.delete(`/api/v1/lieux/${lieu.id}/closures/${past.body.id}`)).status).toBe(204)
    expect((await agent.delete(`/api/v1/lieux/${lieu.id}/closures/${past.body.id}`)).status).toBe(404)
  })

  it('lets managers edit identity, but only owners the legal identity', async () => {
    const owner = await t.login()
    const lieu = (await owner.agent.post('/api/v1/lieux').send(lieuBody('atelier'))).body
    const manager = await t.login()
    await t.deps.db.lieuMembership.create({ data: { lieuId: lieu.id, userId: manager.id, role: 'manager' } })
    const rename = await manager.agent.patch(`/api/v1/lieux/${lieu.id}`).send({ name: 'L’Atelier', address: { street: '3 place du Mandarous', postalCode: '12100', city: 'Millau', country: 'FR' } })
    expect(rename.status).toBe(200)
    expect(rename.body).toMatchObject({ name: 'L’Atelier', address: { city: 'Millau' }, myRole: 'manager' })
    const legal = await manager.agent.patch(`/api/v1/lieux/${lieu.id}`).send({ legal: { legalName: 'Other', siret: null, vatNumber: null, vatExempt: false } })
    expect(legal.status).toBe(403)
    const byOwner = await owner.agent.patch(`/api/v1/lieux/${lieu.id}`).send({ legal: { legalName: 'SCIC Atelier', siret: '55210055400013', vatNumber: 'FR40552100554', vatExempt: false } })
    expect(byOwner.body.legal).toEqual({ legalName: 'SCIC Atelier', siret: '55210055400013', vatNumber: 'FR40552100554', vatExempt: false })
  })
})

describe('team and invitations', () => {
  it('invites by e-mail; the invitee accepts with that address and gets the role', async () => {
    const owner = await t.login({ name: 'Owner' })
    const lieu = (await owner.agent.post('/api/v1/lieux').send(lieuBody('coop'))).body
    const inv = await owner.agent.post(`/api/v1/lieux/${lieu.id}/invitations`).send({ email: 'New.Manager@example.org', role: 'manager' })
    expect(inv.status).toBe(201)
    expect(inv.body).toMatchObject({ email: 'new.manager@example.org', role: 'manager' })
    const { token, text } = await lastEmail(t, 'new.manager@example.org')
    expect(text).toContain('Owner vous invite à rejoindre Lieu coop en tant que gestionnaire')

    const preview = await t.agent().get(`/api/v1/invitations/${token}`)
    expect(preview.body).toMatchObject({ lieu: { slug: 'coop' }, role: 'manager' })

    const stranger = await t.login()
    const wrongAccount = await stranger.agent.post('/api/v1/invitations/accept').send({ token })
    expect(wrongAccount.status).toBe(403)

    const invitee = await t.login({ email: 'new.manager@example.org' })
    const accepted = await invitee.agent.post('/api/v1/invitations/accept').send({ token })
    expect(accepted.status).toBe(200)
    expect(accepted.body).toMatchObject({ id: lieu.id, myRole: 'manager' })
    expect((await invitee.agent.post('/api/v1/invitations/accept').send({ token })).status).toBe(410)

    const team = (await owner.agent.get(`/api/v1/lieux/${lieu.id}/team`)).body
    expect(team.members.map((m: { email: string; role: string }) => [m.email, m.role]).sort()).toEqual(
      [[owner.email, 'owner'], ['new.manager@example.org', 'manager']].sort(),
    )
    expect(team.invitations).toEqual([])
  })

  it('keeps at least one owner, and only owners touch owners', async () => {
    const owner = await t.login()
    const lieu = (await owner.agent.post('/api/v1/lieux').send(lieuBody('garde'))).body
    const manager = await t.login()
    await t.deps.db.lieuMembership.create({ data: { lieuId: lieu.id, userId: manager.id, role: 'manager' } })

    const demoteSelf = await owner.agent.patch(`/api/v1/lieux/${lieu.id}/members/${owner.id}`).send({ role: 'member' })
    expect(demoteSelf.status).toBe(409)
    expect(demoteSelf.body.code).toBe('last_owner')
    expect((await owner.agent.delete(`/api/v1/lieux/${lieu.id}/members/${owner.id}`)).body.code).toBe('last_owner')
    expect((await manager.agent.patch(`/api/v1/lieux/${lieu.id}/members/${manager.id}`).send({ role: 'owner' })).status).toBe(403)
    expect((await manager.agent.post(`/api/v1/lieux/${lieu.id}/invitations`).send({ email: 'x@example.org', role: 'owner' })).status).toBe(403)

    const promote = await owner.agent.patch(`/api/v1/lieux/${lieu.id}/members/${manager.id}`).send({ role: 'owner' })
    expect(promote.body.role).toBe('owner')
    expect((await owner.agent.delete(`/api/v1/lieux/${lieu.id}/members/${owner.id}`)).status).toBe(204) // leaves
    expect(await t.deps.db.lieuMembership.count({ where: { lieuId: lieu.id } })).toBe(1)
  })

  it('revokes a pending invitation, which then no longer works', async () => {
    const owner = await t.login()
    const lieu = (await owner.agent.post('/api/v1/lieux').send(lieuBody('revoque'))).body
    const inv = (await owner.agent.post(`/api/v1/lieux/${lieu.id}/invitations`).send({ email: 'later@example.org' })).body
    const { token } = await lastEmail(t, 'later@example.org')
    expect((await owner.agent.delete(`/api/v1/lieux/${lieu.id}/invitations/${inv.id}`)).status).toBe(204)
    expect((await t.agent().get(`/api/v1/invitations/${token}`)).status).toBe(410)
  })
})

describe('networks', () => {
  it('a coordinator sees every lieu of the network, and only that network', async () => {
    const coordinator = await t.login()
    const owner = await t.login()
    const network = await t.deps.db.network.create({ data: { slug: 'reseau', name: 'Réseau', coordinators: { create: { userId: coordinator.id } } } })
    const inNetwork = (await owner.agent.post('/api/v1/lieux').send(lieuBody('membre-du-reseau'))).body
    await t.deps.db.lieu.update({ where: { id: inNetwork.id }, data: { networkId: network.id } })
    const outside = (await owner.agent.post('/api/v1/lieux').send(lieuBody('hors-reseau'))).body

    const n = await coordinator.agent.get(`/api/v1/networks/${network.id}`)
    expect(n.body.lieux.map((l: { slug: string }) => l.slug)).toEqual(['membre-du-reseau'])
    expect((await coordinator.agent.get(`/api/v1/lieux/${inNetwork.id}`)).body.myRole).toBe('coordinator')
    expect((await coordinator.agent.get(`/api/v1/lieux/${outside.id}`)).status).toBe(404)
    expect((await coordinator.agent.patch(`/api/v1/lieux/${inNetwork.id}`).send({ name: 'Pris' })).status).toBe(403)
    expect((await coordinator.agent.get('/api/v1/me')).body.networks).toEqual([{ id: network.id, slug: 'reseau', name: 'Réseau' }])
  })
})
