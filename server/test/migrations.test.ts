import { createHash, randomBytes } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest'
import {
  defaultMigrationsDir,
  deployMigrations,
  migrationNames,
  migrationStatus,
  pendingMigrations,
} from '@fabrique/prisma/migrations'
import { ensureDatabase, migrate } from '../src/db/bootstrap.ts'
import { adminQuery, withDatabase } from './support/database.ts'

// bootstrap.ts runs the migration CLI through promisify(execFile): spy on that (the real one runs).
const spawned = vi.hoisted(() => ({
  calls: [] as { file: string; args: string[]; env: Record<string, string | undefined> }[],
}))
vi.mock('node:child_process', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:child_process')>()
  const { promisify: p } = await import('node:util')
  const real = (actual.execFile as unknown as Record<symbol, (...a: unknown[]) => Promise<unknown>>)[
    p.custom
  ]!
  const execFile = Object.assign(
    (...a: unknown[]) => (actual.execFile as (...a: unknown[]) => unknown)(...a),
    {
      [p.custom]: (file: string, args: string[], opts: { env: Record<string, string | undefined> }) => {
        spawned.calls.push({ file, args, env: opts.env })
        return real(file, args, opts)
      },
    },
  )
  return { ...actual, execFile, default: { ...actual, execFile } }
})

const admin = inject('pgAdminUrl')
const names = migrationNames()
const created: string[] = []

async function freshDatabase(): Promise<string> {
  const name = `fabrique_mig_${randomBytes(5).toString('hex')}`
  created.push(name)
  await adminQuery(admin, `CREATE DATABASE "${name}"`)
  return withDatabase(admin, name)
}

async function query<T extends pg.QueryResultRow = Record<string, unknown>>(
  url: string,
  sql: string,
  params: unknown[] = [],
) {
  const c = new pg.Client({ connectionString: url })
  await c.connect()
  try {
    return (await c.query<T>(sql, params)).rows
  } finally {
    await c.end()
  }
}

async function databaseExists(name: string) {
  return (await query(admin, 'SELECT 1 FROM pg_database WHERE datname = $1', [name])).length === 1
}

/** The SQLSTATE and constraint a statement fails with. */
async function failure(url: string, sql: string) {
  try {
    await query(url, sql)
  } catch (e) {
    const err = e as { code?: string; constraint?: string }
    return { code: err.code, constraint: err.constraint }
  }
  return null
}

let deployedUrl: string
let deployResults: string[][]

beforeAll(async () => {
  expect(names.length).toBeGreaterThan(0)
  deployedUrl = await freshDatabase()
  // (a) two deploys on the same empty database at once, as two servers starting together would.
  deployResults = await Promise.all([
    deployMigrations({ url: deployedUrl }),
    deployMigrations({ url: deployedUrl }),
  ])
})

afterAll(async () => {
  for (const name of created)
    await adminQuery(admin, `DROP DATABASE IF EXISTS "${name.replace(/"/g, '""')}" WITH (FORCE)`).catch(
      () => {},
    )
})

describe('deployMigrations', () => {
  it('two concurrent deploys both resolve and apply each migration exactly once between them', () => {
    expect([...deployResults[0]!, ...deployResults[1]!].sort()).toEqual(names)
  })

  it('records each migration once, finished, with the sha256 of its migration.sql as checksum', async () => {
    const rows = await query<{
      migration_name: string
      checksum: string
      finished_at: Date | null
      rolled_back_at: Date | null
      applied_steps_count: number
      logs: string | null
    }>(
      deployedUrl,
      'SELECT migration_name, checksum, finished_at, rolled_back_at, applied_steps_count, logs FROM _prisma_migrations ORDER BY migration_name',
    )
    expect(rows.map((r) => r.migration_name)).toEqual(names)
    for (const r of rows) {
      const sql = fs.readFileSync(path.join(defaultMigrationsDir, r.migration_name, 'migration.sql'))
      expect(r.checksum).toBe(createHash('sha256').update(sql).digest('hex'))
      expect(r.finished_at).toBeInstanceOf(Date)
      expect(r.rolled_back_at).toBeNull()
      expect(r.applied_steps_count).toBe(1)
    }
  })

  it('leaves nothing pending, and a further deploy applies nothing', async () => {
    expect(await pendingMigrations({ url: deployedUrl })).toEqual([])
    expect(await deployMigrations({ url: deployedUrl })).toEqual([])
    expect((await query(deployedUrl, 'SELECT count(*)::int AS n FROM _prisma_migrations'))[0]!.n).toBe(
      names.length,
    )
  })

  it('cleans up its shadow databases', async () => {
    expect(
      await query(
        admin,
        `SELECT datname FROM pg_database WHERE datname LIKE 'prisma_shadow_${process.pid}_%'`,
      ),
    ).toEqual([])
  })
})

describe('migrationStatus', () => {
  let url: string
  let editedDir: string
  beforeAll(async () => {
    url = await freshDatabase()
    editedDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fabrique-migrations-'))
    fs.cpSync(defaultMigrationsDir, editedDir, { recursive: true })
  })
  afterAll(() => fs.rmSync(editedDir, { recursive: true, force: true }))

  it('reports every migration pending before deploy, and nothing after', async () => {
    expect(await pendingMigrations({ url })).toEqual(names)
    const before = await migrationStatus({ url })
    expect({ pending: before.pending, failed: before.failed, edited: before.edited }).toEqual({
      pending: names,
      failed: [],
      edited: [],
    })
    expect(await deployMigrations({ url })).toEqual(names)
    expect(await migrationStatus({ url })).toEqual({ pending: [], failed: [], edited: [], history: null })
  })

  // The engine spells the diagnostic 'databaseIsBehind': merely pending migrations are not a history problem.
  it('does not report a history problem for a database that is merely behind', async () => {
    const behind = await freshDatabase()
    expect((await migrationStatus({ url: behind })).history).toBeNull()
  })

  it('reports a migration edited after it was applied (one byte changed)', async () => {
    const last = names.at(-1)!
    const file = path.join(editedDir, last, 'migration.sql')
    const bytes = fs.readFileSync(file)
    // One byte of the leading comment (every migration starts with one): still valid SQL.
    const at = bytes.indexOf('-- ') + 3
    expect(at).toBeGreaterThan(2)
    bytes[at] = bytes[at] === 0x58 ? 0x59 : 0x58
    fs.writeFileSync(file, bytes)
    expect(await pendingMigrations({ url, migrationsDir: editedDir })).toEqual([])
    const s = await migrationStatus({ url, migrationsDir: editedDir })
    expect(s.edited).toEqual([last])
    expect(s.pending).toEqual([])
    expect(s.failed).toEqual([])
    // The real folder is untouched and still matches.
    expect((await migrationStatus({ url })).edited).toEqual([])
  })

  it('reports a migration that failed, keeping it pending', async () => {
    const failedUrl = await freshDatabase()
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fabrique-migrations-'))
    try {
      fs.cpSync(defaultMigrationsDir, dir, { recursive: true })
      const broken = '99991231000000_broken'
      fs.mkdirSync(path.join(dir, broken))
      fs.writeFileSync(path.join(dir, broken, 'migration.sql'), 'SELECT 1/0;\n')
      await expect(deployMigrations({ url: failedUrl, migrationsDir: dir })).rejects.toThrow(
        /division by zero/,
      )
      expect(await pendingMigrations({ url: failedUrl, migrationsDir: dir })).toEqual([broken])
      const s = await migrationStatus({ url: failedUrl, migrationsDir: dir })
      expect(s.failed).toEqual([broken])
      expect(s.pending).toEqual([broken])
      expect(s.edited).toEqual([])
    } finally {
      fs.rmSync(dir, { recursive: true, force: true })
    }
  })
})

describe('the hand-written check constraints', () => {
  let lieuId: string
  beforeAll(async () => {
    const rows = await query<{ id: string }>(
      deployedUrl,
      `INSERT INTO lieux (id, slug, name, time_zone, updated_at) VALUES (gen_random_uuid(), 'la-grange', 'La Grange', 'Europe/Paris', now()) RETURNING id`,
    )
    lieuId = rows[0]!.id
  })

  const interval = (weekday: number, start: number, end: number) =>
    `INSERT INTO opening_intervals (id, lieu_id, weekday, start_minute, end_minute) VALUES (gen_random_uuid(), '${lieuId}', ${weekday}, ${start}, ${end})`

  it('accept valid rows at the bounds', async () => {
    expect(await failure(deployedUrl, interval(1, 0, 1440))).toBeNull()
    expect(await failure(deployedUrl, interval(7, 540, 541))).toBeNull()
    expect(
      await failure(
        deployedUrl,
        `INSERT INTO closures (id, lieu_id, start_date, end_date, reason) VALUES (gen_random_uuid(), '${lieuId}', '2026-12-24', '2026-12-24', 'Noël')`,
      ),
    ).toBeNull()
    expect(
      await failure(
        deployedUrl,
        `INSERT INTO users (id, email, password_hash, name, updated_at) VALUES (gen_random_uuid(), 'alice@example.org', 'x', 'Alice', now())`,
      ),
    ).toBeNull()
  })

  it.each([
    ['weekday 8', () => interval(8, 540, 600), 'opening_intervals_weekday'],
    ['weekday 0', () => interval(0, 540, 600), 'opening_intervals_weekday'],
    ['an end past 24:00', () => interval(1, 540, 1441), 'opening_intervals_minutes'],
    ['a negative start', () => interval(1, -1, 600), 'opening_intervals_minutes'],
    ['an empty interval', () => interval(1, 600, 600), 'opening_intervals_minutes'],
    [
      'a closure ending before it starts',
      () =>
        `INSERT INTO closures (id, lieu_id, start_date, end_date, reason) VALUES (gen_random_uuid(), '${lieuId}', '2026-12-24', '2026-12-23', 'x')`,
      'closures_dates',
    ],
    [
      'an e-mail with capitals',
      () =>
        `INSERT INTO users (id, email, password_hash, name, updated_at) VALUES (gen_random_uuid(), 'Bob@example.org', 'x', 'Bob', now())`,
      'users_email_lower',
    ],
  ])('refuse %s with 23514', async (_name, sql, constraint) => {
    expect(await failure(deployedUrl, sql())).toEqual({ code: '23514', constraint })
  })
})

describe('bootstrap: ensureDatabase', () => {
  it('creates a missing database, and is a no-op when it exists', async () => {
    const name = `fabrique_mig_${randomBytes(5).toString('hex')}`
    created.push(name)
    const url = withDatabase(admin, name)
    expect(await databaseExists(name)).toBe(false)
    await ensureDatabase(url)
    expect(await databaseExists(name)).toBe(true)
    await query(url, 'CREATE TABLE kept (id int)')
    await ensureDatabase(url)
    expect(await query(url, `SELECT to_regclass('kept')::text AS t`)).toEqual([{ t: 'kept' }])
  })

  it('handles a name that needs quoting', async () => {
    const name = `fabrique_mig_${randomBytes(4).toString('hex')}-"Q"`
    created.push(name)
    await ensureDatabase(withDatabase(admin, encodeURIComponent(name)))
    expect(await databaseExists(name)).toBe(true)
  })

  it('two processes creating the same database at once both succeed', async () => {
    const name = `fabrique_mig_${randomBytes(5).toString('hex')}`
    created.push(name)
    const url = withDatabase(admin, name)
    await Promise.all([ensureDatabase(url), ensureDatabase(url), ensureDatabase(url)])
    expect(await databaseExists(name)).toBe(true)
  })
})

describe('bootstrap: migrate', () => {
  const logger = () => ({ info: vi.fn() })

  it('deploys pending migrations in a child process running the migration CLI', async () => {
    const url = await freshDatabase()
    spawned.calls.length = 0
    const log = logger()
    expect(await migrate(url, log as never)).toEqual(names)
    expect(spawned.calls).toHaveLength(1)
    const call = spawned.calls[0]!
    expect(call.file).toBe(process.execPath)
    expect(call.args).toHaveLength(2)
    expect(call.args[0]).toBe(path.resolve(defaultMigrationsDir, '../tools/migrate-cli.ts'))
    expect(call.args[1]).toBe('deploy')
    expect(call.env.DATABASE_URL).toBe(url)
    expect(log.info).toHaveBeenCalledWith({ pending: names }, 'applying database migrations')
    expect(log.info).toHaveBeenCalledWith({ result: `Applied: ${names.join(', ')}` }, 'migrations applied')
    expect(await pendingMigrations({ url })).toEqual([])
    expect(
      (
        await query(url, 'SELECT count(*)::int AS n FROM _prisma_migrations WHERE finished_at IS NOT NULL')
      )[0]!.n,
    ).toBe(names.length)
  })

  it('returns [] without starting a child when nothing is pending', async () => {
    spawned.calls.length = 0
    const log = logger()
    expect(await migrate(deployedUrl, log as never)).toEqual([])
    expect(spawned.calls).toEqual([])
    expect(log.info).not.toHaveBeenCalled()
  })

  it('rejects when the child fails', async () => {
    const url = await freshDatabase()
    await query(url, 'CREATE TABLE "users" (id int)')
    spawned.calls.length = 0
    await expect(migrate(url)).rejects.toThrow(/deploy failed/)
    expect(spawned.calls).toHaveLength(1)
    expect(await pendingMigrations({ url })).toEqual(names)
  })
})
