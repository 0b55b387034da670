// QUALITY.md P8: the JavaScript a first visit downloads (the entry script and the chunks it
// preloads, as listed by the built index.html) must stay under 250 KB gzipped. Lazy routes do not
// count. Run after `vite build`; exits 1 over the budget.
import fs from 'node:fs'
import path from 'node:path'
import zlib from 'node:zlib'

const BUDGET_KB = 250
const dist = path.join(path.dirname(new URL(import.meta.url).pathname), '..', 'dist')
const html = fs.readFileSync(path.join(dist, 'index.html'), 'utf8')
const files = [
  ...html.matchAll(/<script[^>]*type="module"[^>]*src="([^"]+\.js)"/g),
  ...html.matchAll(/<link[^>]*rel="modulepreload"[^>]*href="([^"]+\.js)"/g),
].map((m) => m[1])
if (files.length === 0) {
  console.error('no entry script found in client/dist/index.html')
  process.exit(1)
}
let total = 0
for (const f of [...new Set(files)]) {
  const gz = zlib.gzipSync(fs.readFileSync(path.join(dist, f.replace(/^\//, '')))).length
  total += gz
  console.log(`${(gz / 1024).toFixed(1).padStart(7)} KB  ${f}`)
}
const kb = total / 1024
console.log(`${kb.toFixed(1).padStart(7)} KB  initial JavaScript, gzipped (budget ${BUDGET_KB} KB)`)
if (kb > BUDGET_KB) {
  console.error(`over budget by ${(kb - BUDGET_KB).toFixed(1)} KB: make the new pages lazy routes`)
  process.exit(1)
}
