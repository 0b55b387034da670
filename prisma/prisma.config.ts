import path from 'node:path'
import { defineConfig } from 'prisma/config'

// Prisma's native schema engine cannot be downloaded on every machine (offline builds, CI). Point
// the CLI at a stub so that generate/validate/format never try; migrations go through
// tools/migrate-cli.ts, which drives Prisma's own schema engine compiled to WASM.
process.env.PRISMA_SCHEMA_ENGINE_BINARY ??= path.resolve(import.meta.dirname, 'tools/schema-engine-offline-stub.sh')

export default defineConfig({
  schema: 'schema.prisma',
  migrations: { path: 'migrations' },
  // not env('DATABASE_URL'): that throws when unset (e.g. `prisma generate` in CI)
  datasource: { url: process.env.DATABASE_URL ?? '' },
})
