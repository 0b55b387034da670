import { randomBytes } from 'node:crypto'
import { expect, test, type Page } from '@playwright/test'
import { latestEmail, linkIn, login, personas, snap } from '../support/helpers.ts'

// Demo data (server/src/demo/seed.ts): « Coopérative Sud Numérique » (admin: the employer persona)
// bought 20 × « Journée découverte » from Le Quai, valid in the whole network, on the monthly
// invoice; Camille (the member persona) is its employee, up to 8 days a month, Monday to Friday, and
// used 3 days last month (2 at La Grange, 1 at Le Quai). La Grange has the desk « Bureau de la mezzanine ».

/** The next given weekday (0 = Sunday) at least `ahead` days away, in Paris. */
function nextWeekday(weekday: number, ahead: number): string {
  const paris = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit' })
  const [y, m, d] = paris.format(new Date()).split('-').map(Number)
  const date = new Date(Date.UTC(y!, m! - 1, d! + ahead))
  while (date.getUTCDay() !== weekday) date.setUTCDate(date.getUTCDate() + 1)
  return date.toISOString().slice(0, 10)
}

async function lieuId(page: Page, name: string): Promise<string> {
  const me = (await (await page.request.get('/api/v1/me')).json()) as { lieux: { id: string; name: string }[] }
  return me.lieux.find((l) => l.name === name)!.id
}

test('an employer admin follows the pools and the usage, and invites someone who joins', async ({ page, browser, request }, testInfo) => {
  await login(page, personas.employer.email)
  await page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Employeur' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Coopérative Sud Numérique' })).toBeVisible()
  const pool = page.getByRole('listitem').filter({ hasText: '20 × Journée découverte (réseau)' })
  await expect(pool).toContainText('Valable dans tout le réseau : La Grange et Le Quai')
  await expect(pool).toContainText('facturé chaque mois, à l’usage')
  await snap(page, testInfo, 'employeur-pass')

  // Last month's usage: totals per employee and lieu, and the CSV of the same.
  await page.getByRole('link', { name: 'Utilisation' }).click()
  await page.getByRole('button', { name: 'Mois précédent' }).click()
  const table = page.getByRole('table', { name: /^Utilisation — / })
  await expect(table.getByRole('row').filter({ hasText: 'La Grange' })).toContainText('Camille Martin')
  await expect(table.getByRole('row', { name: /Total/ })).toContainText('45,00')
  await expect(page.getByRole('link', { name: /Exporter en CSV/ })).toHaveAttribute('href', /format=csv/)
  await snap(page, testInfo, 'employeur-utilisation')

  // Invite someone by e-mail; the link in the e-mail leads to the invitation page.
  const email = `salariee-${randomBytes(4).toString('hex')}@example.org`
  await page.getByRole('link', { name: 'Salarié·es' }).click()
  await expect(page.getByText('Jusqu’à 8 jours par mois · Dans tous les lieux où les pass sont valables · Du lundi au vendredi')).toBeVisible()
  await page.getByLabel('Adresse e-mail').fill(email)
  await page.getByRole('button', { name: 'Envoyer l’invitation' }).click()
  await expect(page.getByRole('status').filter({ hasText: `Invitation envoyée à ${email}.` })).toBeVisible()
  await expect(page.getByRole('region', { name: 'Invitations en attente' }).getByRole('button', { name: `Annuler l’invitation ${email}` })).toBeVisible()
  await snap(page, testInfo, 'employeur-salaries')

  const link = linkIn((await latestEmail(request, email, 'employer_invitation')).text, '/employeur/invitation')
  const invitee = await (await browser.newContext()).newPage()
  await invitee.goto(link)
  await expect(invitee.getByRole('heading', { level: 1, name: 'Invitation employeur' })).toBeVisible()
  await expect(invitee.getByText('Coopérative Sud Numérique vous invite')).toBeVisible()
  await invitee.getByRole('main').getByRole('link', { name: 'Créer un compte' }).click()
  await expect(invitee.getByLabel('Adresse e-mail')).toHaveValue(email)
  await invitee.getByLabel('Nom').fill('Alex Moreau')
  await invitee.getByLabel('Mot de passe', { exact: true }).fill('une phrase de passe assez longue')
  await invitee.getByRole('button', { name: 'Créer mon compte' }).click()
  await expect(invitee.getByRole('heading', { level: 1, name: 'Vérifiez votre boîte mail' })).toBeVisible()
  await invitee.goto(linkIn((await latestEmail(request, email, 'verify_email')).text, '/verifier'))
  await invitee.getByRole('link', { name: 'Continuer' }).click()
  await invitee.getByRole('button', { name: 'Rejoindre Coopérative Sud Numérique' }).click()
  await expect(invitee).toHaveURL(/\/compte#mes-employeurs$/)
  await expect(invitee.getByRole('heading', { name: 'Mes employeurs' })).toBeVisible()
  await expect(invitee.getByRole('heading', { name: 'Ce que voit votre employeur' })).toBeVisible()
  await invitee.context().close()
})

test('a member sees in the booking dialog whether the employer pays, and why not', async ({ page }, testInfo) => {
  await login(page, personas.member.email)
  const grange = await lieuId(page, 'La Grange')

  await page.goto(`/lieux/${grange}/reserver?type=bureaux&date=${nextWeekday(2, 2)}`)
  await page.getByRole('button', { name: 'Réserver Bureau de la mezzanine, 10:00–10:30' }).click()
  const dialog = page.getByRole('dialog', { name: 'Réserver : Bureau de la mezzanine' })
  await expect(dialog.getByText('Pris en charge par Coopérative Sud Numérique')).toBeVisible()
  await snap(page, testInfo, 'reservation-employeur')
  await dialog.getByLabel('Payer moi-même').check()
  await expect(dialog.getByText(/à régler sur place/)).toBeVisible()
  await dialog.getByRole('button', { name: 'Annuler' }).click()

  // Saturday is outside the allocation (Monday to Friday): the member pays, and is told why.
  await page.goto(`/lieux/${grange}/reserver?type=bureaux&date=${nextWeekday(6, 2)}`)
  await page.getByRole('button', { name: 'Réserver Bureau de la mezzanine, 10:00–10:30' }).click()
  await expect(dialog.getByText('Coopérative Sud Numérique ne prend pas en charge le samedi.')).toBeVisible()
  await expect(dialog.getByText(/à régler sur place/)).toBeVisible()
  await dialog.getByRole('button', { name: 'Annuler' }).click()

  // "Mon compte": the allocation in words and exactly what the employer sees.
  await page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Mon compte' }).click()
  const mine = page.getByRole('region', { name: 'Mes employeurs' })
  await expect(mine.getByText('Jusqu’à 8 jours par mois')).toBeVisible()
  await expect(mine.getByRole('heading', { name: 'Ce que voit votre employeur' })).toBeVisible()
  await expect(mine.getByRole('button', { name: /Quitter cet employeur/ })).toBeVisible()
})

test('a network coordinator reads what each lieu owes the others', async ({ page }, testInfo) => {
  await login(page, personas.coordinator.email)
  await page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Règlements' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Règlements entre lieux' })).toBeVisible()
  await page.getByRole('button', { name: 'Mois précédent' }).click()
  const row = page.getByRole('table').getByRole('row').filter({ hasText: 'La Grange' })
  await expect(row).toContainText('Le Quai')
  await expect(row).toContainText('30,00')
  await expect(page.getByText(/^Le Quai reverse 30,00\s€ HT à La Grange\.$/)).toBeVisible()
  await snap(page, testInfo, 'reseau-reglements')
})
