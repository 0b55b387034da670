import { randomBytes } from 'node:crypto'
import { expect, test, type APIRequestContext } from '@playwright/test'
import { latestEmail, linkIn, login, personas, snap } from '../support/helpers.ts'

// Issue #6's journey: a new employer's admin buys 20 day passes of Le Quai valid in the whole
// network, invites an employee who books a desk at La Grange (the network's other lieu), and the
// usage report and the network settlement show that day. A fresh employer account, so the demo
// employer the other specs read stays as seeded.

const PASSWORD = 'une phrase de passe assez longue'

/** An account registered and verified through the API (the pages then log in through the UI). */
async function verifiedAccount(request: APIRequestContext, origin: string, name: string): Promise<string> {
  const email = `${name.split(' ')[0]!.normalize('NFD').replace(/[^a-z]/gi, '').toLowerCase()}-${randomBytes(4).toString('hex')}@example.org`
  const reg = await request.post('/api/v1/auth/register', { data: { name, email, password: PASSWORD }, headers: { Origin: origin } })
  expect(reg.status(), await reg.text()).toBeLessThan(300)
  const token = new URL(`http://x${linkIn((await latestEmail(request, email, 'verify_email')).text, '/verifier')}`).searchParams.get('token')
  const verified = await request.post('/api/v1/auth/verify-email', { data: { token }, headers: { Origin: origin } })
  expect(verified.status(), await verified.text()).toBeLessThan(300)
  return email
}

/** The next Tuesday to Thursday at least 2 days ahead, in Paris (a weekday the desk is open). */
function nextWorkday(): string {
  const paris = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit' })
  const [y, m, d] = paris.format(new Date()).split('-').map(Number)
  const date = new Date(Date.UTC(y!, m! - 1, d! + 2))
  while (![2, 3, 4].includes(date.getUTCDay())) date.setUTCDate(date.getUTCDate() + 1)
  return date.toISOString().slice(0, 10)
}

test('an employer buys 20 network day passes; an invited employee books at La Grange; usage and settlement show it', async ({ browser, request }, testInfo) => {
  const origin = new URL(testInfo.project.use.baseURL!).origin
  const adminEmail = await verifiedAccount(request, origin, 'Nadia Mairie')
  const employeeEmail = await verifiedAccount(request, origin, 'Théo Agent')
  const day = nextWorkday()
  const month = day.slice(0, 7)

  // The admin opens an employer account and buys 20 × « Journée découverte » of Le Quai for the network.
  const admin = await (await browser.newContext()).newPage()
  await login(admin, adminEmail, PASSWORD)
  await admin.goto('/employeur')
  await admin.getByLabel('Nom de la structure').fill('Mairie de Frontignan')
  await admin.getByRole('button', { name: 'Créer le compte employeur' }).click()
  await expect(admin.getByRole('heading', { level: 1, name: 'Mairie de Frontignan' })).toBeVisible()
  const buy = admin.getByRole('region', { name: 'Acheter des pass' })
  const product = buy.getByLabel('Pass à acheter')
  const value = await product.locator('option', { hasText: 'Journée découverte' }).getAttribute('value')
  await product.selectOption(value!)
  await buy.getByLabel('Nombre de pass').fill('20')
  await buy.getByLabel(/Dans tous les lieux du réseau/).check()
  await buy.getByLabel(/Sur facture, chaque fin de mois/).check()
  await buy.getByRole('button', { name: 'Acheter' }).click()
  const pool = admin.getByRole('listitem').filter({ hasText: '20 × Journée découverte (réseau)' })
  await expect(pool).toContainText('Valable dans tout le réseau : La Grange et Le Quai')
  await expect(pool).toContainText(/20 jours\s*restants sur 20 jours/)

  // The admin invites the employee, who accepts.
  await admin.getByRole('link', { name: 'Salarié·es' }).click()
  await admin.getByLabel('Adresse e-mail').fill(employeeEmail)
  await admin.getByRole('button', { name: 'Envoyer l’invitation' }).click()
  await expect(admin.getByRole('status').filter({ hasText: `Invitation envoyée à ${employeeEmail}.` })).toBeVisible()
  const employee = await (await browser.newContext()).newPage()
  await login(employee, employeeEmail, PASSWORD)
  await employee.goto(linkIn((await latestEmail(request, employeeEmail, 'employer_invitation')).text, '/employeur/invitation'))
  await employee.getByRole('button', { name: 'Rejoindre Mairie de Frontignan' }).click()
  await expect(employee).toHaveURL(/\/compte#mes-employeurs$/)

  // La Grange is now one of the employee's lieux: they book a desk there, paid by the employer.
  const me = (await (await employee.request.get('/api/v1/me')).json()) as { lieux: { id: string; name: string }[] }
  const grangeId = me.lieux.find((l) => l.name === 'La Grange')!.id
  await employee.goto(`/lieux/${grangeId}/reserver?type=bureaux&date=${day}`)
  await employee.getByRole('button', { name: 'Réserver Bureau près du poêle, 14:00–14:30' }).click()
  const dialog = employee.getByRole('dialog', { name: 'Réserver : Bureau près du poêle' })
  await expect(dialog.getByText('Pris en charge par Mairie de Frontignan')).toBeVisible()
  await dialog.getByRole('button', { name: 'Réserver', exact: true }).click()
  await expect(dialog).toBeHidden()
  await employee.goto('/reservations')
  await expect(employee.getByRole('listitem').filter({ hasText: 'Bureau près du poêle' }).first()).toContainText('payée par votre employeur')
  await snap(employee, testInfo, 'salarie-reservation-payee')

  // The usage report of that month: one day at La Grange for the employee, totals only.
  await admin.goto(`/employeur/${/\/employeur\/([0-9a-f-]{36})/.exec(admin.url())![1]}/utilisation?mois=${month}`)
  const row = admin.getByRole('table', { name: /^Utilisation — / }).getByRole('row').filter({ hasText: 'Théo Agent' })
  await expect(row).toContainText('La Grange')
  await expect(row).toContainText('1')
  await expect(row).not.toContainText('poêle')
  await snap(admin, testInfo, 'employeur-utilisation-nouveau')
  const pools = admin.getByRole('link', { name: 'Pass' })
  await pools.click()
  await expect(admin.getByRole('listitem').filter({ hasText: '20 × Journée découverte (réseau)' })).toContainText(/19 jours\s*restants sur 20 jours/)

  // The network's coordinator: Le Quai sold the pass, La Grange is owed for the day.
  const coordinator = await (await browser.newContext()).newPage()
  await login(coordinator, personas.coordinator.email)
  await coordinator.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Règlements' }).click()
  await expect(coordinator.getByRole('heading', { level: 1, name: 'Règlements entre lieux' })).toBeVisible()
  await coordinator.goto(`${new URL(coordinator.url()).pathname}?mois=${month}`)
  const owed = coordinator.getByRole('table').getByRole('row').filter({ hasText: 'La Grange' })
  await expect(owed).toContainText('Le Quai')
  await expect(coordinator.getByText(/^Le Quai reverse .* à La Grange\.$/)).toBeVisible()
  await snap(coordinator, testInfo, 'reseau-reglements-nouveau')
})
