// Runs P1–P6 one after the other, each in its own process (own database, own app), passing the
// flags on (e.g. --quick). Exits non-zero if one of them crashed (a missed target is not a crash).
//   pnpm bench [--quick]
import { spawnSync } from 'node:child_process'
import path from 'node:path'

const flags = process.argv.slice(2)
const failed: string[] = []
for (const file of [
  'p1-race.ts',
  'p2-throughput.ts',
  'p3-read.ts',
  'p4-availability.ts',
  'p5-broadcast.ts',
  'p6-cluster.ts',
]) {
  console.log(`\n━━━ ${file} ${flags.join(' ')}`)
  const r = spawnSync(process.execPath, [path.join(import.meta.dirname, file), ...flags], {
    stdio: 'inherit',
  })
  if (r.status !== 0) failed.push(file)
}
if (failed.length) {
  console.error(`\nfailed: ${failed.join(', ')}`)
  process.exit(1)
}
