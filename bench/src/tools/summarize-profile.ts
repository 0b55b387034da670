// Self time by function (and by package) of a .cpuprofile written by node --cpu-prof.
//   node bench/src/tools/summarize-profile.ts /tmp/fabrique-prof/*.cpuprofile
import fs from 'node:fs'

interface Node {
  id: number
  callFrame: { functionName: string; url: string; lineNumber: number }
  children?: number[]
}
const file = process.argv[2]!
const p = JSON.parse(fs.readFileSync(file, 'utf8')) as {
  nodes: Node[]
  samples: number[]
  timeDeltas: number[]
}
const byId = new Map(p.nodes.map((n) => [n.id, n]))
const self = new Map<number, number>()
p.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (p.timeDeltas[i] ?? 0)))
const total = [...self.values()].reduce((s, x) => s + x, 0)
const fn = new Map<string, number>()
const pkg = new Map<string, number>()
for (const [id, us] of self) {
  const n = byId.get(id)!
  const url = n.callFrame.url
  const m = /node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?((?:@[^/]+\/)?[^/]+)/.exec(url)
  const where = m
    ? m[1]!
    : url.startsWith('file://')
      ? url.replace(/^.*\/work\/main\//, '')
      : url || `(${n.callFrame.functionName})`
  const key = `${n.callFrame.functionName || '(anon)'} ${where}:${n.callFrame.lineNumber}`
  fn.set(key, (fn.get(key) ?? 0) + us)
  const pk = m
    ? m[1]!
    : url.startsWith('node:')
      ? 'node:' + url.slice(5).split('/')[0]
      : url.includes('/work/main/')
        ? url
            .replace(/^.*\/work\/main\//, '')
            .split('/')
            .slice(0, 2)
            .join('/')
        : n.callFrame.functionName || '(native)'
  pkg.set(pk, (pkg.get(pk) ?? 0) + us)
}
const top = (m: Map<string, number>, k: number) =>
  [...m.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, k)
    .map(
      ([name, us]) =>
        `${(us / 1000).toFixed(0).padStart(7)} ms ${((100 * us) / total).toFixed(1).padStart(5)}%  ${name}`,
    )
    .join('\n')
console.log(
  `total sampled ${(total / 1000).toFixed(0)} ms\n\nby package:\n${top(pkg, 25)}\n\nby function:\n${top(fn, 40)}`,
)
