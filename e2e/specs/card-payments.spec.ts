import { expect, test, type Page } from '@playwright/test'
import { login, personas, snap } from '../support/helpers.ts'

// Card payments through Stripe Checkout (docs/payments.md), on the second e2e server: card payments
// on, the SDK pointed at a local fake Stripe (support/fake-stripe.mjs) whose Checkout page, on
// « Payer », sends the signed checkout.session.completed (and invoice.paid) webhooks to the app and
// goes back to the success URL. The app applies them through its job queue, as in production.
test.use({ baseURL: `http://localhost:${process.env.E2E_STRIPE_PORT}` })

async function lieuId(page: Page, name: string): Promise<string> {
  const me = (await (await page.request.get('/api/v1/me')).json()) as {
    lieux: { id: string; name: string }[]
  }
  return me.lieux.find((l) => l.name === name)!.id
}

test('a member subscribes by card: Checkout, then the subscription is active and its invoice is there', async ({
  page,
}, testInfo) => {
  test.setTimeout(60_000)
  await login(page, personas.member.email)
  await page.getByRole('link', { name: 'Formules Le Quai' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Formules' })).toBeVisible()
  await expect(page.getByText('Paiement par carte en ligne, ou sur place et par virement')).toBeVisible()
  const plan = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: 'Nomade' }) })
  await expect(plan).toContainText('96,00 €')
  // Passes are sold by card too.
  const day = page
    .getByRole('listitem')
    .filter({ has: page.getByRole('heading', { name: 'Journée découverte' }) })
  await expect(day.getByRole('button', { name: 'Payer par carte Journée découverte' })).toBeVisible()
  await snap(page, testInfo, 'formules-carte')
  await plan.getByRole('button', { name: 'Payer par carte Nomade' }).click()

  // Stripe's Checkout (the fake): the plan, its price, the member's address.
  await expect(page).toHaveURL(/\/c\/pay\/cs_test_/)
  await expect(page.getByText('Nomade — Le Quai')).toBeVisible()
  await expect(page.getByText('96,00 € par mois')).toBeVisible()
  await expect(page.getByText(personas.member.email)).toBeVisible()
  await snap(page, testInfo, 'checkout-stripe-factice')
  await page.getByRole('button', { name: 'Payer' }).click()

  // Back in Fabrique: active as soon as Stripe's events are applied (the page fetches again meanwhile).
  await expect(page).toHaveURL(/\/compte\/abonnements\?paiement=ok$/)
  await expect(page.getByRole('status').filter({ hasText: 'Paiement par carte reçu' })).toBeVisible()
  const sub = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: /Nomade/ }) })
  await expect(sub).toContainText('Actif', { timeout: 20_000 })
  await expect(sub).toContainText(/Période payée : du .+ au .+/)
  await expect(sub.getByRole('button', { name: 'Gérer mon paiement Nomade' })).toBeVisible()
  await snap(page, testInfo, 'abonnement-carte-actif')
  // Another plan: paid by card, the change applies at once with Stripe's proration (said before confirming).
  await sub.getByRole('button', { name: 'Changer de formule Nomade' }).click()
  const change = page.getByRole('form', { name: 'Changer la formule « Nomade »' })
  await expect(change.getByLabel('Nouvelle formule')).toContainText('Résident — 300,00 € par mois')
  await expect(change).toContainText('Le changement s’applique tout de suite')
  await snap(page, testInfo, 'changer-de-formule')
  await change.getByRole('button', { name: 'Annuler' }).click()
  await expect(change).toBeHidden()

  await page.getByRole('link', { name: 'Mes factures' }).click()
  const invoice = page.getByRole('listitem').filter({ hasText: 'Abonnement « Nomade »' })
  await expect(invoice).toContainText(/Facture F-\d{4}-\d{6}/)
  await expect(invoice).toContainText('96,00 €')
  await expect(invoice).toContainText('Payée')
  await expect(invoice).toContainText('carte bancaire')
  await snap(page, testInfo, 'facture-carte')
})

test('a visitor buys a day pass by card with only an e-mail address', async ({ page, browser }, testInfo) => {
  test.setTimeout(60_000)
  const email = `visiteur-${Date.now().toString(36)}@example.org`
  await page.goto('/l/le-quai')
  await page.getByRole('link', { name: 'Venir à la journée' }).click()
  await expect(page).toHaveURL(/\/l\/le-quai\/pass$/)
  await expect(page.getByRole('heading', { level: 1, name: 'Venir à la journée' })).toBeVisible()
  const pass = page
    .getByRole('listitem')
    .filter({ has: page.getByRole('heading', { name: 'Journée découverte' }) })
  await expect(pass).toContainText('18,00 €')
  // No address yet: the form says so, nothing leaves for Stripe.
  await pass.getByRole('button', { name: 'Payer par carte Journée découverte' }).click()
  await expect(page.getByLabel('Adresse e-mail')).toHaveAttribute('aria-invalid', 'true')
  await expect(page).toHaveURL(/\/l\/le-quai\/pass$/)
  await page.getByLabel('Adresse e-mail').fill(email)
  await page.getByLabel('Nom pour la facture (facultatif)').fill('Dora Visiteuse')
  await snap(page, testInfo, 'pass-journee-visiteur')
  await pass.getByRole('button', { name: 'Payer par carte Journée découverte' }).click()

  await expect(page).toHaveURL(/\/c\/pay\/cs_test_/)
  await expect(page.getByText('18,00 €')).toBeVisible()
  await expect(page.getByText(email)).toBeVisible()
  await page.getByRole('button', { name: 'Payer' }).click()
  await expect(page).toHaveURL(/\/l\/le-quai\/pass\?paiement=ok$/)
  await expect(page.getByRole('status').filter({ hasText: 'Merci ! Votre paiement est reçu' })).toBeVisible()
  await snap(page, testInfo, 'pass-journee-paye')

  // The lieu's invoices show the drop-in's, paid by card, once Stripe's event is applied.
  const ctx = await browser.newContext()
  const manager = await ctx.newPage()
  await login(manager, personas.manager.email)
  const quai = await lieuId(manager, 'Le Quai')
  await expect(async () => {
    await manager.goto(`/lieux/${quai}/factures`)
    await expect(manager.getByRole('row').filter({ hasText: 'Dora Visiteuse' })).toContainText('18,00 €', {
      timeout: 2_000,
    })
  }).toPass({ timeout: 20_000 })
  await ctx.close()
})
