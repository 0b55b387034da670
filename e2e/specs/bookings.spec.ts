import { expect, test, type Page } from '@playwright/test'
import { login, personas, snap } from '../support/helpers.ts'

// Demo data (server/src/demo/seed.ts): Le Quai (Mon–Fri 08:30–19:00) has desks "Poste 1"…"Poste 6",
// the room "Salle du Tarn" (approval required) and the zone "Open space"; La Grange (Tue–Fri
// 09:00–12:30 and 14:00–18:00) has the machine "Découpeuse laser", which needs the habilitation
// "Découpe laser" that the demo member does not hold. Times are the lieu's (Europe/Paris).

/** The Tuesday at least two days ahead, in Paris: open in both lieux, inside every booking window. */
function nextTuesday(): string {
  const paris = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit' })
  const [y, m, d] = paris.format(new Date()).split('-').map(Number)
  const date = new Date(Date.UTC(y!, m! - 1, d! + 2))
  while (date.getUTCDay() !== 2) date.setUTCDate(date.getUTCDate() + 1)
  return date.toISOString().slice(0, 10)
}

/** The lieu's id, from "Mes lieux" (the logged-in user's /me). */
async function lieuId(page: Page, name: string): Promise<string> {
  const me = (await (await page.request.get('/api/v1/me')).json()) as { lieux: { id: string; name: string }[] }
  return me.lieux.find((l) => l.name === name)!.id
}

test('a member books a desk and sees it in the planning and in “Mes réservations”', async ({ page }, testInfo) => {
  const day = nextTuesday()
  await login(page, personas.member.email)

  // From "Mes lieux" to Le Quai's planning.
  await page.getByRole('link', { name: 'Réserver Le Quai' }).click()
  await expect(page).toHaveURL(/\/lieux\/[^/]+\/reserver$/)
  await expect(page.getByRole('heading', { level: 1, name: 'Réserver' })).toBeVisible()
  await expect(page.getByRole('navigation', { name: 'Types de ressources' }).getByRole('link', { name: 'Bureaux' })).toHaveAttribute('aria-current', 'page')

  await page.getByLabel('Aller à la date').fill(day)
  const free = page.getByRole('button', { name: 'Réserver Poste 3, 14:00–14:30' })
  await expect(free).toBeVisible()
  await free.click()

  const dialog = page.getByRole('dialog', { name: 'Réserver : Poste 3' })
  await expect(dialog).toBeVisible()
  await expect(dialog.getByLabel('Début')).toHaveValue(/.+/)
  await expect(dialog.getByLabel('Début').locator('option:checked')).toHaveText('14:00')
  await dialog.getByLabel('Fin').selectOption({ label: '15:00' })
  await dialog.getByLabel('Note (facultatif)').fill('Appel client à 14 h 30')
  await snap(page, testInfo, 'booking-dialog')
  await dialog.getByRole('button', { name: 'Réserver', exact: true }).click()

  await expect(dialog).toBeHidden()
  await expect(page.getByRole('status').filter({ hasText: 'C’est réservé : Poste 3' })).toContainText('14:00–15:00')
  // The planning now shows the slot taken (offering the waitlist).
  await expect(page.getByRole('button', { name: 'Poste 3, 14:00–14:30 : pris — rejoindre la liste d’attente' })).toBeVisible()
  await expect(page.getByRole('button', { name: 'Poste 3, 14:30–15:00 : pris — rejoindre la liste d’attente' })).toBeVisible()
  await snap(page, testInfo, 'planning-after-booking')

  await page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Mes réservations' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Mes réservations' })).toBeVisible()
  const item = page.getByRole('listitem').filter({ hasText: 'Poste 3' }).filter({ hasText: '14:00–15:00' })
  await expect(item).toContainText('Le Quai')
  await expect(item).toContainText('Confirmée')
  await expect(item).toContainText('Annulable jusqu’au')
  await expect(item.getByRole('button', { name: /^Annuler Poste 3/ })).toBeVisible()
  await snap(page, testInfo, 'mes-reservations')
})

test('a member without the habilitation is told why the laser cutter cannot be booked', async ({ page }, testInfo) => {
  const day = nextTuesday()
  await login(page, personas.member.email)
  const grange = await lieuId(page, 'La Grange')
  await page.goto(`/lieux/${grange}/reserver?type=machines&date=${day}`)
  await expect(page.getByRole('link', { name: 'Machines' })).toHaveAttribute('aria-current', 'page')

  await page.getByRole('button', { name: 'Réserver Découpeuse laser, 10:00–10:30' }).click()
  const dialog = page.getByRole('dialog', { name: 'Réserver : Découpeuse laser' })
  // The price line and who pays load after the dialog opens: click once the form stopped moving.
  await expect(dialog.getByText('Gratuit', { exact: true })).toBeVisible()
  await expect(dialog.getByRole('group', { name: 'Qui paie ?' })).toBeVisible()
  await dialog.getByRole('button', { name: 'Réserver', exact: true }).click()
  await expect(dialog.getByRole('alert')).toHaveText('Cette machine demande une habilitation : demandez une formation au lieu.')
  await snap(page, testInfo, 'laser-habilitation-missing')

  // Nothing was booked.
  await dialog.getByRole('button', { name: 'Annuler' }).click()
  await expect(page.getByRole('button', { name: 'Réserver Découpeuse laser, 10:00–10:30' })).toBeVisible()
})

test('a manager approves a room request', async ({ page, browser }, testInfo) => {
  const day = nextTuesday()
  const { baseURL, locale, timezoneId } = testInfo.project.use

  // The member asks for the Salle du Tarn (it needs the team's approval).
  const memberCtx = await browser.newContext({ baseURL, locale, timezoneId })
  try {
    const member = await memberCtx.newPage()
    await login(member, personas.member.email)
    const quai = await lieuId(member, 'Le Quai')
    await member.goto(`/lieux/${quai}/reserver?type=salles&date=${day}`)
    await member.getByRole('button', { name: 'Réserver Salle du Tarn, 16:00–16:30' }).click()
    const dialog = member.getByRole('dialog', { name: 'Réserver : Salle du Tarn' })
    await dialog.getByLabel('Fin').selectOption({ label: '17:00' })
    await dialog.getByLabel('Note (facultatif)').fill('Réunion d’équipe')
    await dialog.getByRole('button', { name: 'Réserver', exact: true }).click()
    await expect(member.getByRole('status').filter({ hasText: 'Demande envoyée : Salle du Tarn' })).toBeVisible()
  } finally {
    await memberCtx.close()
  }

  // The manager finds it in "Demandes à valider" and approves it.
  await login(page, personas.manager.email)
  const quai = await lieuId(page, 'Le Quai')
  await page.goto(`/lieux/${quai}/planning?date=${day}`)
  await expect(page.getByRole('heading', { level: 1, name: 'Planning du lieu' })).toBeVisible()
  const requests = page.getByRole('region', { name: /Demandes à valider/ })
  const request = requests.getByRole('listitem').filter({ hasText: 'Salle du Tarn' }).filter({ hasText: personas.member.name })
  await expect(request).toContainText('16:00–17:00')
  await expect(request).toContainText('Réunion d’équipe')
  // The pending booking is on the day grid too.
  await expect(page.getByRole('group', { name: 'Salle du Tarn' }).getByRole('button', { name: new RegExp(`^${personas.member.name}, Salle du Tarn, .*En attente de validation`) })).toBeVisible()
  await snap(page, testInfo, 'demandes-a-valider')

  await request.getByRole('button', { name: `Valider ${personas.member.name}, Salle du Tarn` }).click()
  await expect(page.getByRole('status').filter({ hasText: `Demande de ${personas.member.name} validée.` })).toBeVisible()
  await expect(requests.getByRole('listitem').filter({ hasText: 'Salle du Tarn' }).filter({ hasText: '16:00–17:00' })).toHaveCount(0)
  await expect(page.getByRole('group', { name: 'Salle du Tarn' }).getByRole('button', { name: new RegExp(`^${personas.member.name}, Salle du Tarn, .*Confirmée`) })).toBeVisible()
  await snap(page, testInfo, 'demande-validee')
})
