import { defineConfig } from '@playwright/test'
export default defineConfig({ testDir: '.', timeout: 150_000, use: { launchOptions: { executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'] } } })
