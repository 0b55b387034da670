import { execFileSync } from 'node:child_process'
import { defineConfig, devices } from '@playwright/test'

// End-to-end tests against the real server (built client in client/dist, demo data, a fresh
// database per run: see support/server.mjs). Chromium comes from the system (Debian's package):
// Playwright's own browser download is not available here.

// One port for the whole run: picked once by the runner process (workers inherit the env).
// 3100 when free, else any free port. E2E_PORT forces one.
function pickPort(): string {
  const probe = `const s=require('net').createServer();s.once('error',()=>{const t=require('net').createServer();t.listen(0,'127.0.0.1',()=>{console.log(t.address().port);t.close()})});s.listen(3100,'127.0.0.1',()=>{console.log(3100);s.close()})`
  return execFileSync(process.execPath, ['-e', probe], { encoding: 'utf8' }).trim()
}
process.env.E2E_PORT ??= pickPort()
const port = process.env.E2E_PORT
const baseURL = `http://localhost:${port}`

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
  webServer: {
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
})
