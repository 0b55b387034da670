import { randomBytes } from 'node:crypto'
import { expect, test } from '@playwright/test'
import { latestEmail, linkIn, login, snap } from '../support/helpers.ts'

test('a visitor registers, verifies the address from the e-mail, and reaches the account', async ({
  page,
  request,
}, testInfo) => {
  const email = `visiteur-${randomBytes(4).toString('hex')}@example.org`
  const name = 'Inès Visiteuse'
  const password = 'une phrase de passe assez longue'

  await page.goto('/')
  await page.getByRole('main').getByRole('link', { name: 'Créer un compte' }).click()
  await expect(page).toHaveURL(/\/inscription$/)
  await expect(page.getByRole('heading', { level: 1, name: 'Créer un compte' })).toBeVisible()
  await page.getByLabel('Nom').fill(name)
  await page.getByLabel('Adresse e-mail').fill(email)
  await page.getByLabel('Mot de passe', { exact: true }).fill(password)
  await snap(page, testInfo, '01-inscription')
  await page.getByRole('button', { name: 'Créer mon compte' }).click()

  await expect(page.getByRole('heading', { level: 1, name: 'Vérifiez votre boîte mail' })).toBeVisible()
  await expect(page.getByText(email)).toBeVisible()
  await snap(page, testInfo, '02-verifiez-votre-boite')

  // Not verified yet: logging in is refused, with a way to get the e-mail again.
  const early = await page.context().newPage()
  await early.goto('/connexion')
  await early.getByLabel('Adresse e-mail').fill(email)
  await early.getByLabel('Mot de passe', { exact: true }).fill(password)
  await early.getByRole('button', { name: 'Se connecter' }).click()
  await expect(early.getByRole('alert').filter({ hasText: 'pas encore vérifiée' })).toBeVisible()
  await early.close()

  const mail = await latestEmail(request, email)
  const link = linkIn(mail.text, '/verifier')
  await page.goto(link)
  await expect(page.getByRole('heading', { level: 1, name: 'Adresse vérifiée' })).toBeVisible()
  await expect(page.getByText(`Bienvenue, ${name} !`)).toBeVisible()
  await snap(page, testInfo, '03-adresse-verifiee')

  // Verifying logs in: the home page greets the new member, the account page shows the address.
  await page.getByRole('link', { name: 'Continuer' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Mes lieux' })).toBeVisible()
  await expect(page.getByText(`Bonjour, ${name}`)).toBeVisible()
  await page
    .getByRole('navigation', { name: 'Navigation principale' })
    .getByRole('link', { name: 'Mon compte' })
    .click()
  await expect(page.getByRole('heading', { level: 1, name: 'Mon compte' })).toBeVisible()
  await expect(page.getByRole('main').getByText(email)).toBeVisible()
  await snap(page, testInfo, '04-mon-compte')

  // Log out, then log in again with the new password.
  await page
    .getByRole('navigation', { name: 'Navigation principale' })
    .getByRole('button', { name: 'Se déconnecter', exact: true })
    .click()
  await expect(page.getByRole('heading', { level: 1, name: 'Bienvenue sur Fabrique' })).toBeVisible()
  await login(page, email, password)
  await expect(page.getByText(`Bonjour, ${name}`)).toBeVisible()

  // The verification link is single-use.
  await page.goto(link)
  await expect(
    page.getByRole('heading', { level: 1, name: 'Vérification de l’adresse e-mail' }),
  ).toBeVisible()
  await expect(page.getByRole('alert').filter({ hasText: 'n’est plus valable' })).toBeVisible()
})
