import { defineConfig } from 'vitest/config'

// Unit tests (src/**/*.test.ts, pure) and integration tests (test/**/*.test.ts, real PostgreSQL:
// each file in its own database cloned from a migrated template, so files run in parallel).
// Run under TZ=Asia/Kathmandu (set by the test command) so code that forgets a zone fails loudly.
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    pool: 'forks',
    maxWorkers: 3,
    testTimeout: 20_000,
    hookTimeout: 60_000,
  },
})
