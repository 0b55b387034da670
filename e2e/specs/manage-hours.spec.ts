import { expect, test, type Locator, type Page } from '@playwright/test'
import { login, personas, snap } from '../support/helpers.ts'

/** The row of the public opening-hours table for a day (its header may say "(aujourd’hui)"). */
const hoursRow = (page: Page, day: string): Locator =>
  page
    .getByRole('table', { name: 'Horaires d’ouverture' })
    .getByRole('row')
    .filter({ has: page.getByRole('rowheader', { name: new RegExp(`^${day}`) }) })

test('the manager edits Le Quai’s opening hours and the public page shows them', async ({
  page,
  browser,
}, testInfo) => {
  await login(page, personas.manager.email)

  // From the home "Mes lieux" list to Le Quai's settings.
  await page.getByRole('link', { name: 'Gérer Le Quai' }).click()
  await expect(page).toHaveURL(/\/lieux\/[^/]+\/gerer$/)
  await expect(page.getByRole('heading', { level: 1, name: 'Le Quai' })).toBeVisible()
  await snap(page, testInfo, '01-gerer-le-quai')

  await page
    .getByRole('navigation', { name: 'Sections de la gestion du lieu' })
    .getByRole('link', { name: 'Horaires' })
    .click()
  await expect(page).toHaveURL(/\/gerer\/horaires$/)

  // Sunday: closed in the demo data; made 10:00–12:00 (any earlier rows removed, so a retry works too).
  const sunday = page.getByRole('group', { name: 'Dimanche' })
  const removeButtons = sunday.getByRole('button', { name: /^Retirer/ })
  while ((await removeButtons.count()) > 0) await removeButtons.first().click()
  await expect(sunday.getByText('Fermé')).toBeVisible()
  await sunday.getByRole('button', { name: /Ajouter une plage/ }).click()
  await sunday.getByRole('textbox', { name: 'Ouverture, Dimanche, plage 1' }).fill('10:00')
  await sunday.getByRole('textbox', { name: 'Fermeture, Dimanche, plage 1' }).fill('12:00')

  // Saturday: 10:00–17:00 in the demo data; now closes at 18:30.
  const saturday = page.getByRole('group', { name: 'Samedi' })
  await saturday.getByRole('textbox', { name: 'Fermeture, Samedi, plage 1' }).fill('18:30')
  await snap(page, testInfo, '02-horaires-modifies')

  await page.getByRole('button', { name: 'Enregistrer les horaires' }).click()
  await expect(page.getByRole('status').filter({ hasText: 'Modifications enregistrées.' })).toBeVisible()
  await snap(page, testInfo, '03-horaires-enregistres')

  // The form shows what the server kept after a reload.
  await page.reload()
  await expect(page.getByRole('textbox', { name: 'Ouverture, Dimanche, plage 1' })).toHaveValue('10:00')
  await expect(page.getByRole('textbox', { name: 'Fermeture, Samedi, plage 1' })).toHaveValue('18:30')

  // A visitor (fresh context, not logged in) sees the new hours on the public page.
  const { baseURL, locale, timezoneId } = testInfo.project.use
  const visitor = await browser.newContext({ baseURL, locale, timezoneId })
  try {
    const pub = await visitor.newPage()
    await pub.goto('/l/le-quai')
    await expect(pub.getByRole('heading', { level: 1, name: 'Le Quai' })).toBeVisible()
    await expect(
      pub
        .getByRole('navigation', { name: 'Navigation principale' })
        .getByRole('link', { name: 'Se connecter' }),
    ).toBeVisible()
    await expect(hoursRow(pub, 'Dimanche')).toContainText('10:00–12:00')
    await expect(hoursRow(pub, 'Samedi')).toContainText('10:00–18:30')
    await expect(hoursRow(pub, 'Lundi')).toContainText('08:30–19:00')
    await snap(pub, testInfo, '04-page-publique')
  } finally {
    await visitor.close()
  }
})

test('invalid hours are refused with a message next to the field', async ({ page }) => {
  await login(page, personas.manager.email)
  await page.getByRole('link', { name: 'Gérer La Grange' }).click()
  await page
    .getByRole('navigation', { name: 'Sections de la gestion du lieu' })
    .getByRole('link', { name: 'Horaires' })
    .click()
  const tuesday = page.getByRole('group', { name: 'Mardi' })
  const end = tuesday.getByRole('textbox', { name: 'Fermeture, Mardi, plage 1' })
  await end.fill('25:99')
  await page.getByRole('button', { name: 'Enregistrer les horaires' }).click()
  await expect(end).toHaveAttribute('aria-invalid', 'true')
  await expect(page.getByRole('status').filter({ hasText: 'Modifications enregistrées.' })).toHaveCount(0)
})
