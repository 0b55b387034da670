import { expect, test, type Browser, type Page, type TestInfo } from '@playwright/test'
import { latestEmail, linkIn, login, personas } from '../support/helpers.ts'

// Live occupancy end to end: a kiosk check-in updates the lobby screen (and the member planning)
// open in other pages, without a reload.
//
// The demo lieux are open only on weekdays by day, and a check-in needs a booking starting within
// 15 minutes: to run at any hour, the manager sets up a throw-away lieu open around the clock
// (bookable on a 5-minute grid) and invites the demo member. The devices are the real thing: a kiosk
// created through "Écrans et bornes", a lobby screen through the API.

const TV = { width: 1920, height: 1080 }
const TABLET = { width: 1024, height: 768 }
const PHONE = { width: 390, height: 844 }
const SHOTS = process.env.LIVE_SHOTS_DIR // e.g. /tmp/shots-live while developing

async function shot(page: Page, testInfo: TestInfo, name: string, fullPage = false) {
  const path = testInfo.outputPath(`${name}.png`)
  await page.screenshot({ path, fullPage })
  await testInfo.attach(name, { path, contentType: 'image/png' })
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage })
}

/** A JSON call from inside the page (same origin: the session cookie and Origin header the server expects). */
async function call<T = unknown>(page: Page, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
  const r = await page.evaluate(
    async ({ method, path, body, headers }) => {
      const res = await fetch(`/api/v1${path}`, {
        method,
        headers: { Accept: 'application/json', ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}), ...headers },
        body: body !== undefined ? JSON.stringify(body) : undefined,
      })
      const text = await res.text()
      return { status: res.status, text }
    },
    { method, path, body, headers },
  )
  if (r.status >= 400) throw new Error(`${method} ${path} → ${r.status}: ${r.text}`)
  return (r.text ? JSON.parse(r.text) : undefined) as T
}

async function newPage(browser: Browser, testInfo: TestInfo, viewport: { width: number; height: number }): Promise<Page> {
  const { baseURL, locale, timezoneId } = testInfo.project.use
  const ctx = await browser.newContext({ baseURL, locale, timezoneId, viewport })
  return ctx.newPage()
}

const MIN = 60_000

test('a check-in at the kiosk updates the lobby screen and the planning without reload', async ({ page, browser }, testInfo) => {
  test.setTimeout(90_000)
  const suffix = Math.random().toString(36).slice(2, 8)

  // ─── The manager sets up a lieu open around the clock ─────────────────────
  await login(page, personas.manager.email)
  const lieu = await call<{ id: string; slug: string }>(page, 'POST', '/lieux', {
    slug: `live-${suffix}`,
    name: `La Passerelle ${suffix}`,
    description: 'Lieu de test du direct.',
    timeZone: 'Europe/Paris',
    address: { street: '1 quai du Tarn', postalCode: '81000', city: 'Albi', country: 'FR' },
    contact: { email: null, phone: null, website: null },
    legal: { legalName: '', siret: null, vatNumber: null, vatExempt: true },
  })
  await call(page, 'PUT', `/lieux/${lieu.id}/opening-hours`, {
    intervals: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start: '00:00', end: '24:00' })),
  })
  const rules = { granularityMinutes: 5, minDurationMinutes: 5 }
  const zone = await call<{ id: string }>(page, 'POST', `/lieux/${lieu.id}/resources`, { kind: 'zone', name: 'Open space', capacity: 6, rules })
  await call(page, 'POST', `/lieux/${lieu.id}/resources`, { kind: 'desk', name: 'Poste 1', rules })
  const room = await call<{ id: string }>(page, 'POST', `/lieux/${lieu.id}/resources`, { kind: 'room', name: 'Salle du Tarn', capacity: 8, rules })
  const machine = await call<{ id: string }>(page, 'POST', `/lieux/${lieu.id}/resources`, { kind: 'machine', name: 'Imprimante 3D', rules })
  await call(page, 'POST', `/lieux/${lieu.id}/invitations`, { email: personas.member.email, role: 'member' })

  // ─── The member joins and books the open space from the next slot (in 6–11 min) ──
  const member = await newPage(browser, testInfo, PHONE)
  await login(member, personas.member.email)
  const invitation = linkIn((await latestEmail(page.request, personas.member.email, 'invitation')).text, '/invitation')
  const token = new URLSearchParams(invitation.split('?')[1]).get('token')
  await call(member, 'POST', '/invitations/accept', { token })
  const start = Math.ceil((Date.now() + 6 * MIN) / (5 * MIN)) * 5 * MIN
  // One hour, or up to midnight (Paris) when that comes first: a booking stays within its day.
  const [h, m] = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Paris', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
    .format(start)
    .split(':')
    .map(Number)
  const end = start + Math.min(60, 24 * 60 - (h! * 60 + m!)) * MIN
  const booking = await call<{ id: string }>(
    member,
    'POST',
    '/bookings',
    { resourceId: zone.id, startsAt: new Date(start).toISOString(), endsAt: new Date(end).toISOString(), seats: 1 },
    { 'Idempotency-Key': `live-e2e-${suffix}` },
  )
  // Later the same day (when there is room before midnight): the room and the machine, for the lobby.
  if (h! * 60 + m! + 120 < 24 * 60) {
    const at = (from: number, minutes: number) => ({ startsAt: new Date(from).toISOString(), endsAt: new Date(from + minutes * MIN).toISOString() })
    await call(member, 'POST', '/bookings', { resourceId: room.id, ...at(start + 60 * MIN, 60) }, { 'Idempotency-Key': `live-e2e-room-${suffix}` })
    await call(member, 'POST', '/bookings', { resourceId: machine.id, ...at(start, 45) }, { 'Idempotency-Key': `live-e2e-machine-${suffix}` })
  }

  // ─── The manager enables a kiosk through "Écrans et bornes" ───────────────
  await page.goto(`/lieux/${lieu.id}/gerer`)
  await page.getByRole('navigation', { name: 'Sections de la gestion du lieu' }).getByRole('link', { name: 'Écrans et bornes' }).click()
  await expect(page).toHaveURL(/\/gerer\/ecrans$/)
  await page.getByLabel('Type').selectOption({ label: 'Borne d’accueil (tablette)' })
  await page.getByLabel('Nom de l’appareil').fill('Tablette de l’entrée')
  await page.getByRole('button', { name: 'Ajouter l’appareil' }).click()
  const created = page.getByRole('region', { name: '« Tablette de l’entrée » est prêt' })
  await expect(created).toBeVisible()
  const kioskUrl = await created.getByRole('textbox').inputValue()
  expect(kioskUrl).toMatch(/\/borne#token=[A-Za-z0-9_-]{43}$/)
  await expect(page.getByRole('heading', { name: 'Intégrer sur votre site' })).toBeVisible()
  await expect(page.locator('pre.snippet')).toContainText(`data-fabrique-lieu="${lieu.slug}"`)
  await shot(page, testInfo, 'devices-tab', true)
  // …and a lobby screen through the API.
  const lobbyDevice = await call<{ token: string }>(page, 'POST', `/lieux/${lieu.id}/devices`, { kind: 'lobby', name: 'TV du hall' })

  // ─── The lobby screen, on the TV ──────────────────────────────────────────
  const lobby = await newPage(browser, testInfo, TV)
  await lobby.goto(`/ecran#token=${lobbyDevice.token}`)
  await expect(lobby.getByRole('heading', { level: 1, name: `La Passerelle ${suffix}` })).toBeVisible()
  // The token left the address bar (kept in localStorage).
  await expect.poll(() => new URL(lobby.url()).hash).toBe('')
  const seatsFree = lobby.getByTestId('seats-free')
  // 6 seats in the open space + 1 desk; the booking has not started yet.
  await expect(seatsFree).toHaveText('7')
  await expect(lobby.getByText('Salle du Tarn')).toBeVisible()

  // ─── The member's planning shows the live badges ──────────────────────────
  await member.goto(`/lieux/${lieu.id}/reserver?type=espaces`)
  await expect(member.getByText('En direct')).toBeVisible()
  await expect(member.getByText('6/6 places libres')).toBeVisible()

  // ─── The member's access code, on the phone ───────────────────────────────
  await member.goto('/reservations')
  await member.getByRole('button', { name: 'Code d’accès Open space' }).click()
  const qr = member.getByRole('dialog', { name: 'Code d’accès — Open space' })
  await expect(qr.getByRole('img', { name: /QR code d’accès : Open space/ })).toBeVisible()
  await expect(qr).toContainText('Valable de')
  await shot(member, testInfo, 'member-qr-phone')
  await qr.getByRole('button', { name: 'Fermer' }).last().click()
  await member.goto(`/lieux/${lieu.id}/reserver?type=espaces`)
  await expect(member.getByText('6/6 places libres')).toBeVisible()

  // ─── Check-in at the kiosk, with the booking's code typed (as a USB scanner does) ──
  const code = await call<{ code: string }>(member, 'GET', `/bookings/${booking.id}/check-in-code`)
  const kiosk = await newPage(browser, testInfo, TABLET)
  await kiosk.goto(kioskUrl.replace(/^https?:\/\/[^/]+/, ''))
  await expect(kiosk.getByRole('heading', { level: 1, name: 'Bonjour ! Scannez votre code' })).toBeVisible()
  await shot(kiosk, testInfo, 'kiosk-idle-tablet')
  await expect(kiosk.getByLabel('Code')).toBeFocused()
  await kiosk.keyboard.type(code.code)
  await kiosk.keyboard.press('Enter')
  await expect(kiosk.getByRole('heading', { level: 1, name: 'Bonjour Camille !' })).toBeVisible()
  await expect(kiosk.getByText('Arrivée enregistrée : Open space')).toBeVisible()
  await shot(kiosk, testInfo, 'kiosk-welcome-tablet')

  // ─── The lobby screen and the planning follow, without reload ─────────────
  await expect(seatsFree).toHaveText('6')
  await expect(member.getByText('5/6 places libres')).toBeVisible()
  await shot(lobby, testInfo, 'lobby-tv')
  await shot(member, testInfo, 'member-planning-phone', true)

  // ─── Who's in, for the manager ────────────────────────────────────────────
  await page.goto(`/lieux/${lieu.id}/presences`)
  await expect(page.getByRole('heading', { level: 1, name: 'Qui est là' })).toBeVisible()
  const row = page.getByRole('row').filter({ hasText: 'Camille Martin' })
  await expect(row).toContainText('Open space')
  await expect(row.getByRole('button', { name: 'Départ Camille Martin, Open space' })).toBeVisible()
  await shot(page, testInfo, 'presences-desktop', true)

  await page.goto(`/lieux/${lieu.id}/planning`)
  await expect(page.getByText('En direct')).toBeVisible()
  await shot(page, testInfo, 'manager-planning-desktop')

  // The kiosk goes back to its idle screen by itself…
  await expect(kiosk.getByRole('heading', { level: 1, name: 'Bonjour ! Scannez votre code' })).toBeVisible({ timeout: 12_000 })
  // …and a member card offers today's bookings and the free seats for a walk-in.
  const card = await call<{ code: string }>(member, 'GET', '/me/member-code')
  await kiosk.getByLabel('Code').fill(card.code)
  await kiosk.getByRole('button', { name: 'Valider' }).click()
  await expect(kiosk.getByRole('heading', { level: 1, name: 'Bonjour Camille !' })).toBeVisible()
  await expect(kiosk.getByRole('button', { name: /^Partir Open space/ })).toBeVisible()
  await expect(kiosk.getByRole('button', { name: /^Poste 1/ })).toBeVisible()
  await shot(kiosk, testInfo, 'kiosk-member-tablet')
  // Checking out from there: the lobby gets its seat back.
  await kiosk.getByRole('button', { name: /^Partir Open space/ }).click()
  await expect(kiosk.getByRole('heading', { level: 1, name: 'À bientôt Camille !' })).toBeVisible()
  await expect(seatsFree).toHaveText('7')

  // A wrong code gets a plain answer.
  await kiosk.getByRole('button', { name: 'Suivant' }).click()
  await kiosk.getByLabel('Code').fill('pas-un-code')
  await kiosk.keyboard.press('Enter')
  await expect(kiosk.getByRole('alert')).toContainText('Ce code n’est pas reconnu ici.')
  await shot(kiosk, testInfo, 'kiosk-error-tablet')
})
