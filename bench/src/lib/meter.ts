// Counts and times every query sent through node-postgres in this process (Prisma's pg adapter,
// pg-boss and pg itself share pg's Client), to see how many statements an operation costs and how
// long it waits on them. Used with the app built in-process (one request in flight).
import { createRequire } from 'node:module'
import path from 'node:path'
import { repoRoot } from './common.ts'

interface Entry {
  count: number
  ms: number
}

const shapes = new Map<string, Entry>()
let total = { count: 0, ms: 0 }
let installed = false

/** Shape of a statement for grouping: first words, literals and parameters folded. */
function shape(text: string): string {
  const t = text.replace(/\s+/g, ' ').trim()
  const head = /^(BEGIN|COMMIT|ROLLBACK|SAVEPOINT|RELEASE)/i.exec(t)
  if (head) return head[1]!.toUpperCase()
  const m = /^(SELECT|INSERT INTO|UPDATE|DELETE FROM|WITH)\s+(.*)$/i.exec(t)
  if (!m) return t.slice(0, 70)
  const verb = m[1]!.toUpperCase()
  if (verb === 'SELECT') {
    const from = /\bFROM\s+("?[\w.]+"?(?:\."?\w+"?)?)/i.exec(t)
    if (/pg_advisory_xact_lock/.test(t)) return 'SELECT pg_advisory_xact_lock'
    return `SELECT … FROM ${from?.[1] ?? t.slice(7, 50)}`
  }
  const table = /^("?[\w.]+"?(?:\."?\w+"?)?)/.exec(m[2]!)
  return `${verb} ${table?.[1] ?? ''}`.trim()
}

function recordQuery(text: string, ms: number) {
  const k = shape(text)
  const e = shapes.get(k) ?? { count: 0, ms: 0 }
  e.count++
  e.ms += ms
  shapes.set(k, e)
  total.count++
  total.ms += ms
}

/** Patches pg's Client.prototype.query (the copies the server resolves). Idempotent. */
export function installMeter() {
  if (installed) return
  installed = true
  const fromServer = createRequire(path.join(repoRoot, 'server/src/deps.ts'))
  const adapterDir = path.dirname(fromServer.resolve('@prisma/adapter-pg'))
  const candidates = new Set([
    fromServer.resolve('pg'),
    createRequire(path.join(adapterDir, 'x.js')).resolve('pg'),
  ])
  try {
    const bossDir = path.dirname(fromServer.resolve('pg-boss'))
    candidates.add(createRequire(path.join(bossDir, 'x.js')).resolve('pg'))
  } catch {
    // pg-boss not resolvable: its queries go uncounted.
  }
  for (const file of candidates) {
    const pg = createRequire(import.meta.url)(file) as {
      Client: { prototype: { query: (...a: unknown[]) => unknown } }
    }
    const proto = pg.Client.prototype as { query: (...a: unknown[]) => unknown; __metered?: boolean }
    if (proto.__metered) continue
    proto.__metered = true
    const original = proto.query
    proto.query = function (this: unknown, ...args: unknown[]) {
      const first = args[0] as string | { text?: string } | undefined
      const text = typeof first === 'string' ? first : (first?.text ?? '?')
      const t0 = performance.now()
      // pg-pool's query() passes a callback: time until it is called.
      const last = args.length - 1
      if (typeof args[last] === 'function') {
        const cb = args[last] as (...x: unknown[]) => unknown
        args[last] = (...x: unknown[]) => {
          recordQuery(text, performance.now() - t0)
          return cb(...x)
        }
        return original.apply(this, args)
      }
      const r = original.apply(this, args) as unknown
      if (r && typeof (r as Promise<unknown>).then === 'function') {
        ;(r as Promise<unknown>).then(
          () => recordQuery(text, performance.now() - t0),
          () => recordQuery(text, performance.now() - t0),
        )
      } else recordQuery(text, 0)
      return r
    }
  }
}

export function resetMeter() {
  shapes.clear()
  total = { count: 0, ms: 0 }
}

export function meterSnapshot() {
  return {
    total: { ...total },
    shapes: [...shapes.entries()].map(([k, v]) => ({ shape: k, ...v })).sort((a, b) => b.count - a.count),
  }
}
