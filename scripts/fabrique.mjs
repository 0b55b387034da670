#!/usr/bin/env node
// The newcomer's entry point: `npm start` and `npm test` land here on any Node. It makes sure of
// Node.js 24 and pnpm (a private copy in .tools/ when the machine lacks them), installs the
// workspace, generates the Prisma client, then runs the real command. Plain Node, no dependencies:
// it must run before anything is installed, on an older Node too.
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const tools = path.join(root, '.tools')
const toolsBin = path.join(tools, 'node_modules', '.bin')
const NODE_MAJOR = 24
const PNPM_SPEC = 'pnpm@10.34.9'

const [command = 'start', ...rest] = process.argv.slice(2)
const say = (line) => console.log(`\x1b[36m[fabrique]\x1b[0m ${line}`)

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { stdio: 'inherit', cwd: root, env: process.env, ...opts })
  if (r.error) throw r.error
  return r.status ?? 1
}
function must(cmd, args, opts) {
  const code = run(cmd, args, opts)
  if (code !== 0) {
    console.error(`[fabrique] ${cmd} ${args.join(' ')} failed (exit ${code})`)
    process.exit(code)
  }
}
function which(bin) {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const p = path.join(dir, bin)
    if (dir && fs.existsSync(p)) return p
  }
  return null
}

// 1. Node.js 24: re-run this script under it when the current Node is older.
const major = Number(process.versions.node.split('.')[0])
if (major < NODE_MAJOR) {
  const privateNode = path.join(toolsBin, 'node')
  if (!fs.existsSync(privateNode)) {
    say(`Fabrique needs Node.js ${NODE_MAJOR} LTS; this machine has ${process.version} (end of life).`)
    say(`Installing a private Node.js ${NODE_MAJOR} and pnpm into .tools/ (from the npm registry, once)…`)
    fs.mkdirSync(tools, { recursive: true })
    if (!fs.existsSync(path.join(tools, 'package.json'))) fs.writeFileSync(path.join(tools, 'package.json'), '{"private":true}\n')
    must('npm', ['install', '--prefix', tools, '--no-audit', '--no-fund', `node@${NODE_MAJOR}`, PNPM_SPEC])
  }
  process.env.PATH = `${toolsBin}${path.delimiter}${process.env.PATH}`
  process.exit(run(privateNode, [fileURLToPath(import.meta.url), command, ...rest]))
}
process.env.PATH = `${toolsBin}${path.delimiter}${path.join(root, 'node_modules', '.bin')}${path.delimiter}${process.env.PATH}`

// 2. pnpm: the machine's if it has one, else a private copy.
if (!which('pnpm')) {
  say(`Installing ${PNPM_SPEC} into .tools/ (once)…`)
  fs.mkdirSync(tools, { recursive: true })
  if (!fs.existsSync(path.join(tools, 'package.json'))) fs.writeFileSync(path.join(tools, 'package.json'), '{"private":true}\n')
  must('npm', ['install', '--prefix', tools, '--no-audit', '--no-fund', PNPM_SPEC])
}

// 3. Dependencies and the Prisma client, when missing or older than the lockfile / schema.
const mtime = (p) => (fs.existsSync(p) ? fs.statSync(p).mtimeMs : 0)
const installed = path.join(root, 'node_modules', '.modules.yaml')
if (mtime(installed) < mtime(path.join(root, 'pnpm-lock.yaml')) || process.env.CI) {
  say('Installing dependencies (pnpm install)…')
  must('pnpm', ['install', '--frozen-lockfile'])
}
const generated = path.join(root, 'prisma', 'generated', 'client', 'client.ts')
if (mtime(generated) < mtime(path.join(root, 'prisma', 'schema.prisma'))) {
  say('Generating the Prisma client…')
  must('pnpm', ['--filter', '@fabrique/prisma', 'generate'])
}

// 4. The built client, when missing or older than its sources.
function newest(dir) {
  let t = 0
  if (!fs.existsSync(dir)) return t
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    if (e.name === 'node_modules' || e.name === 'dist') continue
    const p = path.join(dir, e.name)
    t = Math.max(t, e.isDirectory() ? newest(p) : fs.statSync(p).mtimeMs)
  }
  return t
}
function ensureClientBuilt() {
  const built = path.join(root, 'client', 'dist', 'index.html')
  if (mtime(built) < Math.max(newest(path.join(root, 'client')), newest(path.join(root, 'shared', 'src')))) {
    say('Building the web client…')
    must('pnpm', ['--filter', '@fabrique/client', 'build'])
  }
}

switch (command) {
  case 'start': {
    ensureClientBuilt()
    const production = rest.includes('--production')
    const env = { ...process.env, NODE_ENV: production ? 'production' : (process.env.NODE_ENV ?? 'development') }
    process.exit(run('pnpm', ['--filter', '@fabrique/server', 'start'], { env }))
    break
  }
  case 'dev':
    // The Vite dev server (hot reload) on :5173 proxies /api to the server on :3000.
    process.exit(
      run('pnpm', ['-r', '--parallel', '--filter', '@fabrique/server', '--filter', '@fabrique/client', 'dev'], {
        env: { ...process.env, ALLOWED_ORIGINS: process.env.ALLOWED_ORIGINS ?? 'http://localhost:5173' },
      }),
    )
    break
  case 'test': {
    ensureClientBuilt()
    process.exit(run('node', [path.join(root, 'scripts', 'test-all.mjs'), ...rest]))
    break
  }
  case 'setup':
    ensureClientBuilt()
    break
  default:
    console.error(`usage: node scripts/fabrique.mjs <start [--production] | dev | test | setup>`)
    process.exit(2)
}
