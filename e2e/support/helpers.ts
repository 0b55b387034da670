import { expect, type APIRequestContext, type Page, type TestInfo } from '@playwright/test'

export const DEMO_PASSWORD = 'fabrique-demo'

export const personas = {
  member: { email: 'membre@fabrique.demo', name: 'Camille Martin' },
  manager: { email: 'gestion@fabrique.demo', name: 'Sophie Durand' },
  employer: { email: 'employeur@fabrique.demo', name: 'Karim Benali' },
  coordinator: { email: 'reseau@fabrique.demo', name: 'Élise Roux' },
} as const

const PHONE = { width: 390, height: 844 }

/**
 * Named screenshots of the current page, desktop then a 390-px phone viewport, saved in the test's
 * output folder (e2e/test-results/…) and attached to the report.
 */
export async function snap(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  const desktop = page.viewportSize()
  const file = (v: string) => testInfo.outputPath(`${name}-${v}.png`)
  await page.screenshot({ path: file('desktop'), fullPage: true })
  await testInfo.attach(`${name} (desktop)`, { path: file('desktop'), contentType: 'image/png' })
  await page.setViewportSize(PHONE)
  await page.screenshot({ path: file('phone'), fullPage: true })
  await testInfo.attach(`${name} (phone 390 px)`, { path: file('phone'), contentType: 'image/png' })
  if (desktop) await page.setViewportSize(desktop)
}

/** Logs in through the /connexion form and waits for the home page ("Mes lieux"). */
export async function login(page: Page, email: string, password = DEMO_PASSWORD): Promise<void> {
  await page.goto('/connexion')
  await expect(page.getByRole('heading', { level: 1, name: 'Se connecter' })).toBeVisible()
  await page.getByLabel('Adresse e-mail').fill(email)
  await page.getByLabel('Mot de passe', { exact: true }).fill(password)
  await page.getByRole('button', { name: 'Se connecter' }).click()
  await expect(page).toHaveURL(/\/$/)
  await expect(page.getByRole('heading', { level: 1, name: 'Mes lieux' })).toBeVisible()
}

interface OutboxEmail {
  id: string
  to: string
  kind: string
  subject: string
  text: string
  createdAt: string
}

/** The newest e-mail to `to` in the development outbox (GET /api/v1/dev/outbox), waiting for it. */
/** The newest e-mail to `to` (of one `kind` when given: other specs mail the same demo people). */
export async function latestEmail(request: APIRequestContext, to: string, kind?: string): Promise<OutboxEmail> {
  let found: OutboxEmail | undefined
  await expect
    .poll(
      async () => {
        const res = await request.get(`/api/v1/dev/outbox?to=${encodeURIComponent(to)}`)
        expect(res.ok()).toBe(true)
        found = ((await res.json()) as OutboxEmail[]).find((m) => kind === undefined || m.kind === kind)
        return found !== undefined
      },
      { message: `an e-mail to ${to} in the outbox`, timeout: 10_000 },
    )
    .toBe(true)
  return found!
}

/** The first link in `text` whose path is `path` (e.g. /verifier), as a path + query to open. */
export function linkIn(text: string, path: string): string {
  const m = new RegExp(`https?://[^\\s]+${path.replace('/', '\\/')}\\?token=[A-Za-z0-9_-]+`).exec(text)
  if (!m) throw new Error(`no ${path}?token=… link in:\n${text}`)
  const u = new URL(m[0])
  return u.pathname + u.search
}
