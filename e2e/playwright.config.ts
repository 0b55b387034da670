import { execFileSync } from 'node:child_process'
import { defineConfig, devices } from '@playwright/test'

// End-to-end tests against the real server (built client in client/dist, demo data, a fresh
// database per run: see support/server.mjs). Chromium comes from the system (Debian's package):
// Playwright's own browser download is not available here.

// One port for the whole run: picked once by the runner process (workers inherit the env).
// 3100 when free, else any free port. E2E_PORT forces one.
function pickPort(preferred: number): string {
  const probe = `const s=require('net').createServer();s.once('error',()=>{const t=require('net').createServer();t.listen(0,'127.0.0.1',()=>{console.log(t.address().port);t.close()})});s.listen(${preferred},'127.0.0.1',()=>{console.log(${preferred});s.close()})`
  return execFileSync(process.execPath, ['-e', probe], { encoding: 'utf8' }).trim()
}
process.env.E2E_PORT ??= pickPort(3100)
const port = process.env.E2E_PORT
const baseURL = `http://localhost:${port}`
// A second server with card payments on (a fake Stripe beside it): specs/card-payments.spec.ts.
// The first keeps the manual-only configuration the other specs expect.
process.env.E2E_STRIPE_PORT ??= (() => {
  for (let i = 0; i < 5; i++) {
    const p = pickPort(3101 + i)
    if (p !== port) return p
  }
  throw new Error('no free port for the card-payments server')
})()
const stripePort = process.env.E2E_STRIPE_PORT
const stripeBaseURL = `http://localhost:${stripePort}`

export default defineConfig({
  testDir: './specs',
  outputDir: './test-results',
  fullyParallel: true,
  forbidOnly: Boolean(process.env.CI),
  retries: process.env.CI ? 1 : 0,
  workers: process.env.CI ? 2 : undefined,
  timeout: 30_000,
  globalTimeout: 10 * 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list']],
  use: {
    baseURL,
    locale: 'fr-FR',
    timezoneId: 'Europe/Paris',
    screenshot: 'on',
    trace: 'retain-on-failure',
  },
  projects: [
    {
      name: 'chromium',
      use: {
        ...devices['Desktop Chrome'],
        launchOptions: {
          executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
          args: [
            '--headless',
            '--no-sandbox',
            '--disable-gpu',
            '--disable-quic',
            '--no-first-run',
            '--disable-background-networking',
            '--disable-component-update',
            '--disable-sync',
          ],
        },
      },
    },
  ],
  webServer: [
    {
      command: `"${process.execPath}" support/server.mjs`,
      url: `${baseURL}/readyz`,
      env: { PORT: port, APP_ORIGIN: baseURL, LOG_LEVEL: 'warn' },
      reuseExistingServer: false,
      timeout: 180_000,
      stdout: 'ignore',
      stderr: 'pipe',
      // SIGTERM lets support/server.mjs stop the server and drop its database.
      gracefulShutdown: { signal: 'SIGTERM', timeout: 20_000 },
    },
    {
      command: `"${process.execPath}" support/server.mjs`,
      url: `${stripeBaseURL}/readyz`,
      // Its own embedded PostgreSQL port, when no PostgreSQL is reachable (the first uses 54349).
      env: {
        PORT: stripePort,
        APP_ORIGIN: stripeBaseURL,
        LOG_LEVEL: 'warn',
        E2E_STRIPE: '1',
        EMBEDDED_PG_PORT: '54359',
      },
      reuseExistingServer: false,
      timeout: 180_000,
      stdout: 'ignore',
      stderr: 'pipe',
      gracefulShutdown: { signal: 'SIGTERM', timeout: 20_000 },
    },
  ],
})
