#!/usr/bin/env node
// Every check of the project, in order, with one summary at the end. Run by `npm test` (through
// scripts/fabrique.mjs, which first makes sure of Node 24, pnpm, dependencies, the Prisma client and
// the built client), or directly: `node scripts/test-all.mjs [--only a,b] [--skip a,b]`.
//
//   typecheck    pnpm -r typecheck (every package)
//   lint         pnpm lint (eslint .)
//   unit         Vitest: shared, server unit tests (server/src), client        TZ=Asia/Kathmandu
//   integration  Vitest: server integration tests (server/test, real PostgreSQL)  TZ=Asia/Kathmandu
//   e2e          Playwright against the real server and the built client          TZ=Asia/Kathmandu
//
// Steps keep going after a failure so the summary is complete. The last line is always
// `N passed, N failed` (`, N skipped` when any): test counts over every step that ran tests.
// The exit code is non-zero when any step failed. JSON reports land in a temporary folder (printed).
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const GROUPS = ['typecheck', 'lint', 'unit', 'integration', 'e2e']

// ---- arguments ----------------------------------------------------------------------------------
function parseArgs(argv) {
  const opts = { only: null, skip: new Set() }
  const list = (v, flag) => {
    if (!v) die(`${flag} needs a value: ${GROUPS.join(', ')}`)
    const names = v
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean)
    for (const n of names) if (!GROUPS.includes(n)) die(`unknown step "${n}" (known: ${GROUPS.join(', ')})`)
    return names
  }
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]
    const [flag, inline] = a.includes('=')
      ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)]
      : [a, undefined]
    if (flag === '--only') opts.only = new Set([...(opts.only ?? []), ...list(inline ?? argv[++i], flag)])
    else if (flag === '--skip') for (const n of list(inline ?? argv[++i], flag)) opts.skip.add(n)
    else if (GROUPS.includes(a))
      opts.only = new Set([...(opts.only ?? []), a]) // `npm test -- e2e`
    else if (a === '-h' || a === '--help') {
      console.log(`usage: node scripts/test-all.mjs [--only ${GROUPS.join('|')}[,…]] [--skip …]`)
      process.exit(0)
    } else die(`unknown argument "${a}" (try --help)`)
  }
  return opts
}
function die(msg) {
  console.error(`[test-all] ${msg}`)
  process.exit(2)
}
const opts = parseArgs(process.argv.slice(2))
const wanted = (group) => (opts.only ? opts.only.has(group) : true) && !opts.skip.has(group)

// ---- environment --------------------------------------------------------------------------------
const tty = process.stdout.isTTY && !process.env.NO_COLOR
const c = (code) => (s) => (tty ? `\x1b[${code}m${s}\x1b[0m` : String(s))
const bold = c('1')
const green = c('32')
const red = c('31')
const yellow = c('33')
const dim = c('2')
const cyan = c('36')

// Same PATH as scripts/fabrique.mjs, so running this file directly works too.
process.env.PATH = [
  path.join(root, '.tools', 'node_modules', '.bin'),
  path.join(root, 'node_modules', '.bin'),
  process.env.PATH,
].join(path.delimiter)
const reportDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fabrique-test-reports-'))
const testEnv = { TZ: 'Asia/Kathmandu', FORCE_COLOR: tty ? '1' : '0' }

// ---- steps --------------------------------------------------------------------------------------
const vitest = (name, group, pkgDir, filters = []) => {
  const reportFile = path.join(reportDir, `${name.replace(/\W+/g, '-')}.json`)
  return {
    name,
    group,
    cmd: 'pnpm',
    args: [
      'exec',
      'vitest',
      'run',
      ...filters,
      '--passWithNoTests',
      '--reporter=default',
      '--reporter=json',
      `--outputFile=${reportFile}`,
    ],
    cwd: path.join(root, pkgDir),
    env: testEnv,
    report: { kind: 'vitest', file: reportFile },
  }
}
const e2eReport = path.join(reportDir, 'e2e.json')
const steps = [
  {
    name: 'typecheck (all packages)',
    group: 'typecheck',
    cmd: 'pnpm',
    args: ['-r', '--no-bail', 'typecheck'],
    cwd: root,
  },
  { name: 'lint (eslint)', group: 'lint', cmd: 'pnpm', args: ['lint'], cwd: root },
  vitest('shared · unit', 'unit', 'shared'),
  vitest('server · unit', 'unit', 'server', [path.join(root, 'server', 'src') + path.sep]),
  vitest('client · unit', 'unit', 'client'),
  {
    // QUALITY.md P8: the first visit's JavaScript stays under 250 KB gzipped.
    name: 'client · initial bundle (P8)',
    group: 'unit',
    cmd: process.execPath,
    args: [path.join(root, 'client', 'scripts', 'initial-js.mjs')],
    cwd: root,
    precheck() {
      if (!fs.existsSync(path.join(root, 'client', 'dist', 'index.html')))
        return 'client/dist is missing: build the client first (npm test does)'
      return null
    },
  },
  vitest('server · integration', 'integration', 'server', [path.join(root, 'server', 'test') + path.sep]),
  {
    name: 'e2e (playwright)',
    group: 'e2e',
    cmd: 'pnpm',
    args: ['exec', 'playwright', 'test', '--reporter=list,json'],
    cwd: path.join(root, 'e2e'),
    env: { ...testEnv, PLAYWRIGHT_JSON_OUTPUT_NAME: e2eReport },
    report: { kind: 'playwright', file: e2eReport },
    precheck() {
      const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
      if (!fs.existsSync(chromium))
        return `no Chromium at ${chromium} (install it: apt-get install -y chromium, or set CHROMIUM_PATH)`
      if (!fs.existsSync(path.join(root, 'client', 'dist', 'index.html')))
        return 'client/dist is missing: build the client first (npm test does)'
      return null
    },
  },
]

// ---- reports ------------------------------------------------------------------------------------
function readJson(file) {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'))
  } catch {
    return null
  }
}

function vitestCounts(file) {
  const r = readJson(file)
  if (!r) return null
  const failures = []
  for (const f of r.testResults ?? []) {
    const rel = path.relative(root, f.name)
    for (const t of f.assertionResults ?? [])
      if (t.status === 'failed') failures.push(`${rel} › ${t.fullName ?? t.title}`)
    // A file that failed to load has no assertions but a message.
    if (f.status === 'failed' && !(f.assertionResults ?? []).some((t) => t.status === 'failed'))
      failures.push(`${rel} (${(f.message ?? 'failed').split('\n')[0]})`)
  }
  return {
    passed: r.numPassedTests ?? 0,
    failed: r.numFailedTests ?? 0,
    skipped: (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0),
    failures,
    note: r.numFailedTestSuites && !r.numFailedTests ? `${r.numFailedTestSuites} file(s) failed to run` : '',
  }
}

function playwrightCounts(file) {
  const r = readJson(file)
  if (!r) return null
  const s = r.stats ?? {}
  const failures = []
  const walk = (suite, trail) => {
    for (const spec of suite.specs ?? []) {
      for (const t of spec.tests ?? [])
        if (t.status === 'unexpected') failures.push(`${[...trail, spec.title].filter(Boolean).join(' › ')}`)
    }
    for (const child of suite.suites ?? []) walk(child, [...trail, child.title])
  }
  for (const suite of r.suites ?? []) walk(suite, [suite.title])
  for (const e of r.errors ?? []) failures.push(`(run error) ${(e.message ?? String(e)).split('\n')[0]}`)
  return {
    passed: (s.expected ?? 0) + (s.flaky ?? 0),
    failed: s.unexpected ?? 0,
    skipped: s.skipped ?? 0,
    failures,
    note: s.flaky ? `${s.flaky} flaky (passed on retry)` : '',
  }
}

// ---- run ----------------------------------------------------------------------------------------
const results = []
const t0 = performance.now()
for (const step of steps) {
  if (!wanted(step.group)) continue
  console.log(`\n${cyan('━━━')} ${bold(step.name)} ${dim(`$ ${step.cmd} ${step.args.join(' ')}`)}`)
  const started = performance.now()
  let code
  let note = ''
  const problem = step.precheck?.()
  if (problem) {
    console.error(red(problem))
    code = 1
    note = problem
  } else {
    if (step.report) fs.rmSync(step.report.file, { force: true })
    const r = spawnSync(step.cmd, step.args, {
      cwd: step.cwd,
      stdio: 'inherit',
      env: { ...process.env, ...step.env },
    })
    code = r.error ? 1 : (r.status ?? 1)
    if (r.error) note = r.error.message
    else if (r.signal) note = `killed by ${r.signal}`
  }
  const seconds = (performance.now() - started) / 1000
  let counts = null
  if (step.report && !problem) {
    counts =
      step.report.kind === 'vitest' ? vitestCounts(step.report.file) : playwrightCounts(step.report.file)
    if (!counts && code !== 0) note ||= 'no report (crashed before running tests?)'
  }
  const ok = code === 0 && (!counts || counts.failed === 0)
  if (counts?.note) note = [note, counts.note].filter(Boolean).join('; ')
  if (code !== 0 && counts && counts.failed === 0 && !note) note = `exit code ${code}`
  results.push({ ...step, ok, code, seconds, counts, note })
}

// ---- summary ------------------------------------------------------------------------------------
const total = { passed: 0, failed: 0, skipped: 0 }
for (const r of results) {
  if (!r.counts) continue
  total.passed += r.counts.passed
  total.failed += r.counts.failed
  total.skipped += r.counts.skipped
}
const failures = results.flatMap((r) => (r.counts?.failures ?? []).map((f) => `${r.name}: ${f}`))

console.log(`\n${cyan('━━━')} ${bold('Summary')}`)
if (failures.length) {
  console.log(red('Failed tests:'))
  for (const f of failures.slice(0, 30)) console.log(`  ${red('✗')} ${f}`)
  if (failures.length > 30) console.log(`  … and ${failures.length - 30} more`)
  console.log('')
}
const rows = results.map((r) => [
  r.name,
  r.ok ? 'PASS' : 'FAIL',
  r.counts ? String(r.counts.passed) : '-',
  r.counts ? String(r.counts.failed) : '-',
  r.counts ? String(r.counts.skipped) : '-',
  `${r.seconds.toFixed(1)} s`,
  r.note,
])
const header = ['Step', 'Result', 'Passed', 'Failed', 'Skipped', 'Time', 'Notes']
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)))
const fmt = (row, colour = (i, s) => s) =>
  row
    .map((cell, i) => colour(i, i >= 2 && i <= 5 ? cell.padStart(widths[i]) : cell.padEnd(widths[i])))
    .join('  ')
    .trimEnd()
console.log(bold(fmt(header)))
console.log(dim(widths.map((w) => '─'.repeat(w)).join('  ')))
for (const row of rows) {
  console.log(
    fmt(row, (i, s) => (i === 1 ? (row[1] === 'PASS' ? green(s) : red(s)) : i === 6 ? yellow(s) : s)),
  )
}
const failedSteps = results.filter((r) => !r.ok)
console.log(
  dim(
    `\nTotal ${((performance.now() - t0) / 1000).toFixed(1)} s · ${results.length} step(s), ${failedSteps.length} failed · JSON reports: ${reportDir}`,
  ),
)
if (results.some((r) => r.group === 'e2e'))
  console.log(dim(`Playwright screenshots and traces: ${path.join('e2e', 'test-results')}`))
if (results.length === 0) console.log(yellow('No step selected.'))

// The very last line: the total test counts.
console.log(
  `${total.passed} passed, ${total.failed} failed${total.skipped ? `, ${total.skipped} skipped` : ''}`,
)
process.exit(failedSteps.length ? 1 : 0)
