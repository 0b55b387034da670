import { execFile } from 'node:child_process'
import { createRequire } from 'node:module'
import { promisify } from 'node:util'
import pg from 'pg'
import type { Logger } from 'pino'
import { pendingMigrations } from '@fabrique/prisma/migrations'

/** Creates the database named in `url` when it does not exist (connecting to `postgres`). */
export async function ensureDatabase(url: string): Promise<void> {
  const u = new URL(url)
  const name = decodeURIComponent(u.pathname.slice(1))
  u.pathname = '/postgres'
  const admin = new pg.Client({ connectionString: u.toString() })
  await admin.connect()
  try {
    const r = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])
    if (r.rowCount === 0) {
      await admin.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`).catch((e: { code?: string }) => {
        if (e.code !== '42P04' && e.code !== '23505') throw e // created meanwhile by another process (23505: at the same instant)
      })
    }
  } finally {
    await admin.end()
  }
}

/**
 * Applies pending migrations. A warm start checks `_prisma_migrations` with one query and skips the
 * schema engine; otherwise the engine deploys under Prisma's advisory lock, so processes starting
 * together apply each migration once.
 */
export async function migrate(url: string, logger?: Logger): Promise<string[]> {
  const pending = await pendingMigrations({ url })
  if (pending.length === 0) return []
  logger?.info({ pending }, 'applying database migrations')
  // In a child process: the WASM schema engine would otherwise stay in this server's memory.
  const cli = createRequire(import.meta.url).resolve('@fabrique/prisma/migrate-cli')
  const { stdout } = await promisify(execFile)(process.execPath, [cli, 'deploy'], { env: { ...process.env, DATABASE_URL: url } })
  logger?.info({ result: stdout.trim() }, 'migrations applied')
  return pending
}
