import { expect, test, type Page } from '@playwright/test'
import { login, personas, snap } from '../support/helpers.ts'

// Plans and payments at the counter (docs/memberships.md, docs/invoices.md): the manager of Le Quai
// creates a plan, the demo member subscribes and is told to pay on site, the manager records the
// payment, and the member finds the active subscription and its invoice (PDF) in their account.

async function lieuId(page: Page, name: string): Promise<string> {
  const me = (await (await page.request.get('/api/v1/me')).json()) as { lieux: { id: string; name: string }[] }
  return me.lieux.find((l) => l.name === name)!.id
}

test('a plan paid at the counter: subscribe, record the payment, see the invoice', async ({ browser }, testInfo) => {
  test.setTimeout(60_000)
  const planName = `Coworking ${Date.now().toString(36)}`

  // ── The manager creates the plan in the lieu settings.
  const managerCtx = await browser.newContext()
  const manager = await managerCtx.newPage()
  await login(manager, personas.manager.email)
  const quai = await lieuId(manager, 'Le Quai')
  await manager.goto(`/lieux/${quai}/gerer/formules`)
  await expect(manager.getByRole('link', { name: 'Formules et passes' })).toHaveAttribute('aria-current', 'page')
  await manager.getByRole('button', { name: 'Nouvelle formule' }).click()
  const form = manager.getByRole('dialog', { name: 'Nouvelle formule' })
  await form.getByLabel('Nom').fill(planName)
  await form.getByLabel('Prix HT (€)').fill('120')
  await expect(form.getByText('Soit 144,00 € TTC pour le membre.')).toBeVisible()
  await form.getByRole('group', { name: 'Ce que la formule donne' }).getByRole('checkbox', { name: 'postes de travail' }).check()
  await form.getByRole('textbox', { name: 'salles' }).fill('10')
  await form.getByRole('button', { name: 'Enregistrer' }).click()
  await expect(form).toBeHidden()
  const planItem = manager.getByRole('listitem').filter({ hasText: planName })
  await expect(planItem).toContainText('144,00 €')
  await expect(planItem).toContainText('10 h de crédits « salles » chaque mois')

  // ── The member subscribes: nothing to pay online, "à régler sur place".
  const memberCtx = await browser.newContext()
  const member = await memberCtx.newPage()
  await login(member, personas.member.email)
  await member.getByRole('link', { name: 'Formules Le Quai' }).click()
  await expect(member.getByRole('heading', { level: 1, name: 'Formules' })).toBeVisible()
  const card = member.getByRole('listitem').filter({ hasText: planName })
  await expect(card).toContainText('144,00 €')
  await expect(card).toContainText('par mois')
  await expect(card).toContainText('Accès libre aux postes de travail pendant les horaires d’ouverture')
  await card.getByRole('button', { name: `Souscrire ${planName}` }).click()
  await expect(member.getByRole('status').filter({ hasText: 'À régler sur place : présentez-vous à l’accueil' })).toBeVisible()
  await expect(card).toContainText('Demande en attente de paiement')
  await snap(member, testInfo, 'formules-a-regler-sur-place')

  // ── The manager records the payment from "Membres".
  await manager.goto(`/lieux/${quai}/membres`)
  await expect(manager.getByRole('heading', { level: 1, name: 'Membres' })).toBeVisible()
  await manager.getByLabel('Rechercher (nom ou e-mail)').fill(personas.member.email)
  const row = manager.getByRole('listitem').filter({ hasText: personas.member.name }).first()
  await expect(row).toContainText(planName)
  await expect(row).toContainText('À régler')
  await row.getByRole('button', { name: `Enregistrer le paiement ${personas.member.name} ${planName}` }).click()
  const pay = manager.getByRole('dialog', { name: `Paiement : ${personas.member.name} — ${planName}` })
  await pay.getByLabel('Moyen de paiement').selectOption({ label: 'Virement' })
  await pay.getByRole('button', { name: 'Enregistrer le paiement' }).click()
  await expect(pay).toBeHidden()
  await expect(manager.getByRole('status').filter({ hasText: /Paiement enregistré, facture F-\d{4}-\d{6} émise\./ })).toBeVisible()
  await snap(manager, testInfo, 'membres-paiement-enregistre')

  // ── The member sees the subscription active, and the invoice with its PDF.
  await member.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Abonnements' }).click()
  await expect(member.getByRole('heading', { level: 1, name: 'Abonnements et factures' })).toBeVisible()
  const sub = member.getByRole('listitem').filter({ hasText: planName })
  await expect(sub).toContainText('Actif')
  await expect(sub).toContainText(/Période payée : du .+ au .+/)
  await member.getByRole('link', { name: 'Mes factures' }).click()
  const invoice = member.getByRole('listitem').filter({ hasText: planName })
  await expect(invoice).toContainText(/Facture F-\d{4}-\d{6}/)
  await expect(invoice).toContainText('144,00 €')
  await expect(invoice).toContainText('Payée')
  await snap(member, testInfo, 'mes-factures')

  const link = invoice.getByRole('link', { name: /^PDF F-/ })
  await expect(link).toHaveAttribute('target', '_blank')
  const pdfResponse = memberCtx.waitForEvent('response', (r) => /\/invoices\/[^/]+\/pdf$/.test(r.url()))
  const popup = memberCtx.waitForEvent('page')
  await link.click()
  await popup
  const res = await pdfResponse
  expect(res.status()).toBe(200)
  expect(res.headers()['content-type']).toContain('application/pdf')

  await managerCtx.close()
  await memberCtx.close()
})
