import { expect, test } from '@playwright/test'
import { login, personas, snap } from '../support/helpers.ts'

test.describe('each demo persona can log in', () => {
  test('membre (member of Le Quai and La Grange)', async ({ page }, testInfo) => {
    await login(page, personas.member.email)
    await expect(page.getByText(`Bonjour, ${personas.member.name}`)).toBeVisible()
    const lieux = page.getByRole('list', { name: 'Mes lieux' })
    await expect(lieux.getByRole('heading', { name: 'Le Quai' })).toBeVisible()
    await expect(lieux.getByRole('heading', { name: 'La Grange' })).toBeVisible()
    // A member does not manage.
    await expect(lieux.getByRole('link', { name: /^Gérer/ })).toHaveCount(0)
    await snap(page, testInfo, 'persona-membre')
  })

  test('gestion (owner of Le Quai, manager of La Grange)', async ({ page }, testInfo) => {
    await login(page, personas.manager.email)
    await expect(page.getByText(`Bonjour, ${personas.manager.name}`)).toBeVisible()
    await expect(page.getByRole('link', { name: 'Gérer Le Quai' })).toBeVisible()
    await expect(page.getByRole('link', { name: 'Gérer La Grange' })).toBeVisible()
    await snap(page, testInfo, 'persona-gestion')
  })

  test('employeur (member of Le Quai, admin of an employer)', async ({ page }, testInfo) => {
    await login(page, personas.employer.email)
    await expect(page.getByText(`Bonjour, ${personas.employer.name}`)).toBeVisible()
    await expect(
      page.getByRole('list', { name: 'Mes lieux' }).getByRole('heading', { name: 'Le Quai' }),
    ).toBeVisible()
    await expect(page.getByRole('heading', { name: 'Mes employeurs' })).toBeVisible()
    await expect(page.getByText('Coopérative Sud Numérique')).toBeVisible()
    await snap(page, testInfo, 'persona-employeur')
  })

  test('réseau (coordinator of the Sud-Aveyron network)', async ({ page }, testInfo) => {
    await login(page, personas.coordinator.email)
    await expect(page.getByText(`Bonjour, ${personas.coordinator.name}`)).toBeVisible()
    await expect(page.getByRole('heading', { name: 'Mes réseaux' })).toBeVisible()
    await page.getByRole('link', { name: 'Tiers-lieux du Sud-Aveyron' }).click()
    await expect(page).toHaveURL(/\/reseaux\/[^/]+$/)
    await expect(page.getByRole('heading', { level: 1, name: 'Tiers-lieux du Sud-Aveyron' })).toBeVisible()
    await snap(page, testInfo, 'persona-reseau')
  })

  test('a wrong password is refused', async ({ page }) => {
    await page.goto('/connexion')
    await page.getByLabel('Adresse e-mail').fill(personas.member.email)
    await page.getByLabel('Mot de passe', { exact: true }).fill('pas le bon mot de passe')
    await page.getByRole('button', { name: 'Se connecter' }).click()
    await expect(
      page.getByRole('alert').filter({ hasText: 'Adresse e-mail ou mot de passe incorrect' }),
    ).toBeVisible()
    await expect(page).toHaveURL(/\/connexion/)
  })
})
