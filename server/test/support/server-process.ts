import { spawn, type ChildProcess } from 'node:child_process'
import net from 'node:net'
import path from 'node:path'

// The real server, as `pnpm start` runs it: `node src/main.ts` in server/, in a child process.
const serverDir = path.resolve(import.meta.dirname, '../..')

/** Every child started here (or handed to `track`) that has not exited yet. */
const children = new Set<ChildProcess>()

export interface Exit {
  code: number | null
  signal: NodeJS.Signals | null
}

export interface ServerRun {
  child: ChildProcess
  /** stdout and stderr interleaved, as received. */
  output: () => string
  stdout: () => string
  exited: Promise<Exit>
}

/** Keeps `child` on the list that `killLeftovers` empties. */
export function track(child: ChildProcess): ChildProcess {
  children.add(child)
  child.once('exit', () => children.delete(child))
  return child
}

/**
 * Starts `node src/main.ts` with `env` over a clean environment: nothing of vitest's
 * (NODE_ENV=test, …) leaks into the server.
 */
export function startServer(env: Record<string, string>): ServerRun {
  const base: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '',
    TZ: process.env.TZ ?? 'Asia/Kathmandu',
  }
  const child = spawn(process.execPath, ['src/main.ts'], {
    cwd: serverDir,
    env: { ...base, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  children.add(child)
  let out = ''
  let stdout = ''
  child.stdout!.on('data', (d: Buffer) => {
    out += d
    stdout += d
  })
  child.stderr!.on('data', (d: Buffer) => (out += d))
  const exited = new Promise<Exit>((resolve) =>
    child.once('exit', (code, signal) => {
      children.delete(child)
      resolve({ code, signal })
    }),
  )
  return { child, exited, output: () => out, stdout: () => stdout }
}

/** The usual environment of a local server on `port` (demo data, warnings only), with `over` on top. */
export function serverEnv(port: number, over: Record<string, string> = {}): Record<string, string> {
  return {
    PORT: String(port),
    HOST: '127.0.0.1',
    APP_ORIGIN: `http://127.0.0.1:${port}`,
    LOG_LEVEL: 'warn',
    DEMO_DATA: 'true',
    ...over,
  }
}

/**
 * A port free right now, picked at random below Linux's ephemeral range (32768+): `listen(0)`
 * there hands a just-released port to the next caller, and test files starting servers in
 * parallel then raced for the same one.
 */
export async function freePort(): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = 20_000 + Math.floor(Math.random() * 12_000)
    const free = await new Promise<boolean>((resolve) => {
      const s = net.createServer()
      s.once('error', () => resolve(false))
      s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)))
    })
    if (free) return port
  }
  throw new Error('no free port found')
}

/** `p`, or a rejection naming `what` after `ms`. */
export const within = <T>(p: Promise<T>, ms: number, what: string) => {
  let timer: NodeJS.Timeout | undefined
  return Promise.race([
    p,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what}: not within ${ms} ms`)), ms)
    }),
  ]).finally(() => clearTimeout(timer))
}

/** Polls /healthz until it answers 200; fails early when the process exits. */
export async function waitUntilUp(
  run: ServerRun,
  origin: string,
  { timeoutMs = 60_000, intervalMs = 100 } = {},
) {
  let exited = false
  void run.exited.then(() => (exited = true))
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (exited) throw new Error(`server exited before listening:\n${run.output()}`)
    const res = await fetch(`${origin}/healthz`).catch(() => null)
    if (res?.status === 200) {
      // Another process may hold the port (ours then dies of EADDRINUSE): make sure ours lives on.
      await new Promise((r) => setTimeout(r, 300))
      if (exited) throw new Error(`server exited: its port answered for another process:\n${run.output()}`)
      return
    }
    await new Promise((r) => setTimeout(r, intervalMs))
  }
  throw new Error(`server did not answer within ${timeoutMs} ms:\n${run.output()}`)
}

/** Logs in through the real process; `cookie` is the session's `name=value`, when one was set. */
export async function logIn(origin: string, email: string, password: string) {
  const res = await fetch(`${origin}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Origin: origin },
    body: JSON.stringify({ email, password }),
  })
  const cookie = res.headers
    .getSetCookie()
    .find((c) => c.startsWith('fabrique_session='))
    ?.split(';')[0]
  return { status: res.status, cookie }
}

/** SIGKILLs whatever is still running (for afterAll, whatever the tests left behind). */
export function killLeftovers() {
  for (const c of children) c.kill('SIGKILL')
}
