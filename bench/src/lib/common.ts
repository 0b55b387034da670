// What every benchmark shares: its own database, the real app as a child process, statistics,
// the printed table and the results file. Loopback only; every loop is bounded.
import { spawn, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import http from 'node:http'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import pg from 'pg'
import { deployMigrations } from '@fabrique/prisma/migrations'

export const repoRoot = path.resolve(import.meta.dirname, '../../..')
export const resultsDir = path.join(repoRoot, 'bench', 'results')

// ─── Command line ────────────────────────────────────────────────────────────

/** `--quick`, `--rounds=50`, `--duration=5` … */
export function args() {
  const out: Record<string, string | true> = {}
  for (const a of process.argv.slice(2)) {
    const m = /^--([\w-]+)(?:=(.*))?$/.exec(a)
    if (m) out[m[1]!] = m[2] ?? true
  }
  const num = (name: string, full: number, quick: number) => {
    const v = out[name]
    if (typeof v === 'string' && Number.isFinite(Number(v))) return Number(v)
    return out.quick ? quick : full
  }
  return { quick: out.quick === true, num, raw: out }
}

// ─── Database ────────────────────────────────────────────────────────────────

export function withDatabase(url: string, name: string): string {
  const u = new URL(url)
  u.pathname = `/${name}`
  return u.toString()
}

async function adminQuery(adminUrl: string, sql: string) {
  const c = new pg.Client({ connectionString: adminUrl })
  await c.connect()
  try {
    await c.query(sql)
  } finally {
    await c.end()
  }
}

export interface BenchDb {
  url: string
  name: string
  drop(): Promise<void>
}

/** A fresh `fabrique_bench_<random>` database on DATABASE_URL's server (or 127.0.0.1:5432), migrated. */
export async function createBenchDb(): Promise<BenchDb> {
  const adminUrl = withDatabase(
    process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres',
    'postgres',
  )
  const name = `fabrique_bench_${randomBytes(5).toString('hex')}`
  await adminQuery(adminUrl, `CREATE DATABASE "${name}"`)
  const url = withDatabase(adminUrl, name)
  let dropped = false
  const drop = async () => {
    if (dropped) return
    dropped = true
    await adminQuery(adminUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)
  }
  try {
    await deployMigrations({ url })
  } catch (e) {
    await drop()
    throw e
  }
  return { url, name, drop }
}

// ─── Processes ───────────────────────────────────────────────────────────────

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer()
    s.once('error', reject)
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo
      s.close(() => resolve(port))
    })
  })
}

export interface Child {
  origin: string
  port: number
  pid: number
  stop(): Promise<void>
  /** Lines the child wrote to stderr/stdout (warnings, errors). */
  output: string[]
}

/** Polls GET `path` until 200 (at most `ms`). */
async function waitReady(origin: string, urlPath: string, child: ChildProcess, ms: number) {
  const until = Date.now() + ms
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`child exited with ${child.exitCode}`)
    const ok = await new Promise<boolean>((resolve) => {
      const req = http.get(`${origin}${urlPath}`, (res) => {
        res.resume()
        resolve(res.statusCode === 200)
      })
      req.on('error', () => resolve(false))
      req.setTimeout(1000, () => req.destroy())
    })
    if (ok) return
    await sleep(200)
  }
  throw new Error(`${origin}${urlPath} not ready after ${ms} ms`)
}

/** Children still running, ended if this process is interrupted or exits. */
const children = new Set<ChildProcess>()
process.on('exit', () => {
  for (const c of children) c.kill('SIGKILL')
})

function spawnChild(
  script: string,
  env: Record<string, string>,
  port: number,
  readyPath: string,
  nodeArgs: string[] = [],
): Promise<Child> {
  const origin = `http://127.0.0.1:${port}`
  const child = spawn(process.execPath, [...nodeArgs, script], {
    cwd: repoRoot,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  children.add(child)
  child.once('exit', () => children.delete(child))
  const output: string[] = []
  const keep = (b: Buffer) => {
    for (const line of b.toString().split('\n')) if (line.trim() && output.length < 200) output.push(line)
  }
  child.stdout!.on('data', keep)
  child.stderr!.on('data', keep)
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return
    child.kill('SIGTERM')
    const t = setTimeout(() => child.kill('SIGKILL'), 15_000)
    await exited
    clearTimeout(t)
  }
  return waitReady(origin, readyPath, child, 60_000).then(
    () => ({ origin, port, pid: child.pid!, stop, output }),
    async (e) => {
      await stop()
      throw new Error(`${script} did not start: ${e}\n${output.join('\n')}`)
    },
  )
}

/**
 * The real app (`node server/src/main.ts`) on a free loopback port, in production mode, no demo
 * data, warnings only. Its Prisma pool is the default (10), its job workers run as in production.
 */
export async function startApp(
  databaseUrl: string,
  extra: { env?: Record<string, string>; nodeArgs?: string[] } = {},
): Promise<Child> {
  const port = await freePort()
  return spawnChild(
    path.join(repoRoot, 'server/src/main.ts'),
    {
      DATABASE_URL: databaseUrl,
      PORT: String(port),
      HOST: '127.0.0.1',
      APP_ORIGIN: `http://127.0.0.1:${port}`,
      LOG_LEVEL: 'warn',
      DEMO_DATA: 'false',
      NODE_ENV: 'production',
      ...extra.env,
    },
    port,
    '/readyz',
    extra.nodeArgs,
  )
}

/** Another script of bench/src as a child HTTP server (the baselines), ready on GET /ready. */
export async function startScript(
  file: string,
  env: Record<string, string>,
  nodeArgs: string[] = [],
): Promise<Child> {
  const port = await freePort()
  return spawnChild(
    path.join(repoRoot, 'bench/src', file),
    { ...env, PORT: String(port) },
    port,
    '/ready',
    nodeArgs,
  )
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

// ─── Statistics and output ───────────────────────────────────────────────────

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))
  return sorted[i]!
}

export function latencyStats(values: number[]) {
  const s = [...values].sort((a, b) => a - b)
  const r = (x: number) => Math.round(x * 100) / 100
  return {
    n: s.length,
    p50: r(percentile(s, 50)),
    p90: r(percentile(s, 90)),
    p99: r(percentile(s, 99)),
    max: r(s.at(-1) ?? NaN),
  }
}

export const median = (values: number[]) =>
  percentile(
    [...values].sort((a, b) => a - b),
    50,
  )
export const round = (x: number, digits = 2) => Math.round(x * 10 ** digits) / 10 ** digits

export function machine() {
  return {
    nproc: os.availableParallelism(),
    cpu: os.cpus()[0]?.model ?? 'unknown',
    memGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
  }
}

/** Prints `rows` as an aligned table. */
export function printTable(title: string, rows: Record<string, unknown>[]) {
  console.log(`\n${title}`)
  if (rows.length === 0) return
  const cols = [...new Set(rows.flatMap((r) => Object.keys(r)))]
  const cell = (v: unknown) =>
    v === undefined || v === null ? '' : typeof v === 'number' ? String(round(v)) : String(v)
  const width = cols.map((c) => Math.max(c.length, ...rows.map((r) => cell(r[c]).length)))
  const line = (vals: string[]) => '  ' + vals.map((v, i) => v.padEnd(width[i]!)).join('  ')
  console.log(line(cols))
  console.log(line(width.map((w) => '-'.repeat(w))))
  for (const r of rows) console.log(line(cols.map((c) => cell(r[c]))))
}

/** Prints the JSON line and appends the result to bench/results/<date>-<name>.json (an array). */
export function record(name: string, result: Record<string, unknown>) {
  const entry = { benchmark: name, date: new Date().toISOString(), machine: machine(), ...result }
  console.log(`\nRESULT ${JSON.stringify(entry)}`)
  fs.mkdirSync(resultsDir, { recursive: true })
  const file = path.join(resultsDir, `${entry.date.slice(0, 10)}-${name}.json`)
  let list: unknown[] = []
  if (fs.existsSync(file)) {
    try {
      const prev = JSON.parse(fs.readFileSync(file, 'utf8')) as unknown
      list = Array.isArray(prev) ? prev : [prev]
    } catch {
      list = []
    }
  }
  list.push(entry)
  fs.writeFileSync(file, JSON.stringify(list, null, 2) + '\n')
  console.log(`appended to ${path.relative(repoRoot, file)}`)
}

/** Runs `body` with a database and always drops it (also on Ctrl-C). */
export async function withBenchDb(body: (db: BenchDb) => Promise<void>) {
  const db = await createBenchDb()
  const onSignal = () => {
    for (const c of children) c.kill('SIGKILL')
    void db.drop().finally(() => process.exit(130))
  }
  process.once('SIGINT', onSignal)
  process.once('SIGTERM', onSignal)
  try {
    await body(db)
  } finally {
    await db.drop()
    process.off('SIGINT', onSignal)
    process.off('SIGTERM', onSignal)
  }
}

/** CPU time (user + system, ms) used so far by process `pid` (Linux /proc; NaN elsewhere). */
export function procCpuMs(pid: number): number {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8')
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    // utime and stime are fields 14 and 15 of stat (11 and 12 after the command name).
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100
  } catch {
    return NaN
  }
}

/**
 * CPU time (ms) of the PostgreSQL backends connected to database `dbName` (Linux; NaN when
 * unreadable). Backends that exit during a measurement take their time with them, so measure
 * while the pools are open.
 */
export function postgresCpuMs(dbName: string): number {
  let total = 0
  try {
    for (const d of fs.readdirSync('/proc')) {
      if (!/^\d+$/.test(d)) continue
      let cmd = ''
      try {
        cmd = fs.readFileSync(`/proc/${d}/cmdline`, 'utf8')
      } catch {
        continue
      }
      if (cmd.startsWith('postgres:') && cmd.includes(` ${dbName} `)) total += procCpuMs(Number(d))
    }
    return total
  } catch {
    return NaN
  }
}
