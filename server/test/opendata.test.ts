import vm from 'node:vm'
import { describe, expect, it } from 'vitest'
import { ZOpenDataLieu, ZOpenDataNetwork } from '@fabrique/shared/opendata/schema'
import { useTestApp } from './support/test-app.ts'
import { bookingWorld } from './support/booking-world.ts'

// Friday 2026-11-27, 10:00 in Paris.
const NOW = '2026-11-27T09:00:00Z'
const t = useTestApp({ now: NOW })

const get = (path: string) => t.agent().get(path).set('Origin', 'https://mairie-millau.example')

describe('open data of a lieu', () => {
  it('is public, CORS-enabled, cacheable with an ETag, and counts free places by kind when open', async () => {
    t.clock.set(NOW)
    const w = await bookingWorld(t)
    await t.deps.db.lieu.update({ where: { id: w.lieu.id }, data: { city: 'Millau' } })
    const url = `/api/v1/open-data/lieux/${w.lieu.slug}`
    const res = await get(url)
    expect(res.status, res.text).toBe(200)
    expect(res.headers['access-control-allow-origin']).toBe('*')
    expect(res.headers['cross-origin-resource-policy']).toBe('cross-origin')
    expect(res.headers['cache-control']).toBe('public, max-age=1, stale-while-revalidate=30')
    expect(res.headers.etag).toMatch(/^W\/"/)
    expect(ZOpenDataLieu.parse(res.body)).toEqual({
      name: w.lieu.name,
      slug: w.lieu.slug,
      city: 'Millau',
      timeZone: 'Europe/Paris',
      openNow: true,
      nextOpening: null,
      seatsFreeByKind: { desk: 1, zone: 3, room: 1, machine: 1 },
      updatedAt: NOW.replace('Z', '.000Z'),
    })
    // Unchanged content revalidates, even a minute later.
    t.clock.set('2026-11-27T09:01:00Z')
    const again = await get(url).set('If-None-Match', res.headers.etag!)
    expect(again.status).toBe(304)

    // A booking now changes the numbers (and the ETag); no personal data appears.
    await t.deps.db.booking.create({
      data: { lieuId: w.lieu.id, resourceId: w.zone.id, userId: w.alice.id, startsAt: new Date('2026-11-27T09:00:00Z'), endsAt: new Date('2026-11-27T11:00:00Z'), blockStartsAt: new Date('2026-11-27T09:00:00Z'), blockEndsAt: new Date('2026-11-27T11:00:00Z'), seats: 2, exclusive: false, status: 'checked_in', note: 'Alice note' },
    })
    await t.deps.db.resource.update({ where: { id: w.machine.id }, data: { outOfService: true, outOfServiceReason: 'Lentille cassée' } })
    const after = await get(url).set('If-None-Match', res.headers.etag!)
    expect(after.status).toBe(200)
    expect(after.body.seatsFreeByKind).toEqual({ desk: 1, zone: 1, room: 1, machine: 0 })
    for (const who of [w.alice, w.bob, w.manager]) {
      expect(after.text).not.toContain(who.id)
      expect(after.text).not.toContain(who.email)
    }
    for (const s of ['Alice', 'Manon', 'Membre', 'note', w.lieu.id, w.zone.id]) expect(after.text).not.toContain(s)
  })

  it('says closed, with the next opening in the lieu’s offset, and no free places', async () => {
    const w = await bookingWorld(t)
    t.clock.set('2026-11-27T19:30:00Z') // 20:30 in Paris, closed since 20:00
    const res = await get(`/api/v1/open-data/lieux/${w.lieu.slug}`)
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({ openNow: false, nextOpening: '2026-11-28T08:00:00+01:00', seatsFreeByKind: { desk: 0, zone: 0, room: 0, machine: 0 } })
    t.clock.set(NOW)
  })

  it('unknown or malformed slugs are 404 problem+json; writes are not allowed', async () => {
    for (const slug of ['nope-nope', 'UPPER', '%00', 'a'.repeat(61)]) {
      const res = await get(`/api/v1/open-data/lieux/${slug}`)
      expect(res.status, slug).toBe(404)
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/)
    }
    expect((await t.agent().post('/api/v1/open-data/lieux/x').send({})).status).toBe(404)
    expect((await t.agent().options('/api/v1/open-data/lieux/x')).headers['access-control-allow-methods']).toBeUndefined()
  })
})

describe('open data of a network', () => {
  it('lists every lieu of the network with its numbers', async () => {
    t.clock.set(NOW)
    const a = await bookingWorld(t)
    const b = await bookingWorld(t)
    const n = await t.deps.db.network.create({ data: { slug: 'reseau-aveyron', name: 'Réseau Aveyron' } })
    await t.deps.db.lieu.updateMany({ where: { id: { in: [a.lieu.id, b.lieu.id] } }, data: { networkId: n.id } })
    const res = await get('/api/v1/open-data/networks/reseau-aveyron')
    expect(res.status, res.text).toBe(200)
    expect(res.headers['access-control-allow-origin']).toBe('*')
    expect(res.headers['cache-control']).toBe('public, max-age=1, stale-while-revalidate=30')
    const body = ZOpenDataNetwork.parse(res.body)
    expect(body.network).toEqual({ name: 'Réseau Aveyron', slug: 'reseau-aveyron' })
    expect(body.lieux.map((l) => l.slug).sort()).toEqual([a.lieu.slug, b.lieu.slug].sort())
    expect(body.lieux.every((l) => l.openNow && l.seatsFreeByKind.zone === 3)).toBe(true)
    expect((await get('/api/v1/open-data/networks/unknown')).status).toBe(404)
  })
})

describe('the widget', () => {
  it('is served as JavaScript, loadable from any site, and says open/closed in French or English', async () => {
    const res = await get('/widget.js')
    expect(res.status).toBe(200)
    expect(res.headers['content-type']).toBe('text/javascript; charset=utf-8')
    expect(res.headers['cross-origin-resource-policy']).toBe('cross-origin')
    expect(res.headers['access-control-allow-origin']).toBe('*')
    expect(res.headers['cache-control']).toBe('public, max-age=300')
    expect((await get('/widget.js').set('If-None-Match', res.headers.etag!)).status).toBe(304)

    // Run it against a minimal page: one element, a fetch answering our JSON.
    const el = { attrs: { 'data-fabrique-lieu': 'le-quai', 'data-lang': 'fr' } as Record<string, string>, textContent: '', classList: { add: () => {} }, getAttribute(n: string) { return this.attrs[n] ?? null }, setAttribute(n: string, v: string) { this.attrs[n] = v } }
    const answer = { openNow: false, nextOpening: '2026-11-30T08:30:00+01:00', timeZone: 'Europe/Paris', seatsFreeByKind: { desk: 3, zone: 1, room: 0, machine: 0 } }
    const fetched: string[] = []
    const sandbox: Record<string, unknown> = {
      URL,
      Intl,
      Date: class extends Date { constructor(...a: []) { super(...(a.length ? a : ['2026-11-28T10:00:00Z'] as unknown as [])) } static override now() { return Date.parse('2026-11-28T10:00:00Z') } },
      location: { href: 'https://mairie.example/', origin: 'https://mairie.example' },
      document: { currentScript: { src: 'https://fabrique.example/widget.js' }, readyState: 'complete', querySelectorAll: () => [el], querySelector: () => null, addEventListener: () => {} },
      fetch: (u: string) => { fetched.push(u); return Promise.resolve({ ok: true, json: () => Promise.resolve(answer) }) },
      setInterval: () => 0,
    }
    sandbox.window = sandbox
    vm.runInNewContext(res.text, sandbox)
    await new Promise((r) => setTimeout(r, 10))
    expect(fetched).toEqual(['https://fabrique.example/api/v1/open-data/lieux/le-quai'])
    expect(el.textContent).toBe('Fermé — ouvre lundi à 08:30')
    const text = (sandbox.__fabriqueWidget as { text: (d: unknown, l: string) => string }).text
    expect(text({ ...answer, openNow: true }, 'fr')).toBe('Ouvert maintenant — 4 postes libres')
    expect(text({ ...answer, openNow: true, seatsFreeByKind: { desk: 1, zone: 0, room: 0, machine: 0 } }, 'fr')).toBe('Ouvert maintenant — 1 poste libre')
    expect(text({ ...answer, openNow: true }, 'en')).toBe('Open now — 4 desks free')
    expect(text(answer, 'en')).toBe('Closed — opens Monday at 08:30')
    expect(text({ ...answer, nextOpening: '2026-11-29T08:30:00+01:00' }, 'fr')).toBe('Fermé — ouvre demain à 08:30')
    expect(text({ ...answer, nextOpening: null }, 'fr')).toBe('Fermé')
  })
})
