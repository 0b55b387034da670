import { gzipSync } from 'node:zlib'
import { expect } from 'vitest'
import type { z } from 'zod'
import { ZProblem, type ErrorCode } from '@fabrique/shared/errors'
import type { Method } from '../../src/http/route.ts'
import { send, type Agent } from './route-table.ts'

/**
 * The bad-input case generator shared by the bad-input suites (bad-input.test.ts and the domains'
 * `<domain>.bad-input.test.ts`): from one well-formed body and its schema, every way of sending it
 * wrong (the envelope, unknown fields, wrong types, huge strings, NUL, well-typed but wrong values,
 * seeded random junk), each with the refusal it must get; `run` sends a case, `verdict` checks it.
 */

export type Json = unknown
export type Path = (string | number)[]

export function leaves(v: Json, path: Path = []): { path: Path; value: Json }[] {
  if (Array.isArray(v)) return v.flatMap((x, i) => leaves(x, [...path, i]))
  if (v !== null && typeof v === 'object')
    return Object.entries(v).flatMap(([k, x]) => leaves(x, [...path, k]))
  return [{ path, value: v }]
}
/** Every object inside `v` (for unknown nested fields), by path. */
export function objects(v: Json, path: Path = []): Path[] {
  if (Array.isArray(v)) return v.flatMap((x, i) => objects(x, [...path, i]))
  if (v !== null && typeof v === 'object')
    return [path, ...Object.entries(v).flatMap(([k, x]) => objects(x, [...path, k]))]
  return []
}
export function setAt(v: Json, path: Path, value: Json): Json {
  const copy = structuredClone(v) as Record<string | number, Json>
  let cur = copy
  for (const k of path.slice(0, -1)) cur = cur[k] as Record<string | number, Json>
  cur[path.at(-1)!] = value
  return copy
}
export const dotted = (p: Path | string) => (typeof p === 'string' ? p : p.join('.'))

/** Deterministic junk (mulberry32), so a failure replays. */
export function rng(seed: number) {
  let a = seed >>> 0
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0
    let x = Math.imul(a ^ (a >>> 15), 1 | a)
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296
  }
  const int = (n: number) => Math.floor(next() * n)
  const pick = <T>(xs: readonly T[]) => xs[int(xs.length)]!
  return { next, int, pick }
}
export const alphabets = [
  'abcdefghijklmnopqrstuvwxyz0123456789',
  ' \t\n\r\u000b\u000c\u0001\u001f\u007f',
  '\'";--/*%_\\<>&{}[]()$`|',
  '🏡🎉☕👩‍👩‍👧\u200d\ufe0f',
  'مقهىעברית\u202e\u202c\u200f\u200e',
  'e\u0301\u0308\u200b\ufeff\u00a0',
]
export function junkFor(r: ReturnType<typeof rng>): Json {
  const str = (max: number) => {
    let s = ''
    const n = r.int(max)
    for (let i = 0; i < n; i++) {
      const chars = [...r.pick(alphabets)]
      s += chars[r.int(chars.length)]
    }
    return s
  }
  const kinds: (() => Json)[] = [
    () => r.int(2_000_000) - 1_000_000,
    () => r.next() * 1e308,
    () => -r.next(),
    () => Number.MAX_SAFE_INTEGER + 2,
    () => r.next() < 0.5,
    () => null,
    () => [],
    () => ({}),
    () => [str(10), r.int(9)],
    () => ({ [str(6) || 'k']: str(6) }),
    () => JSON.parse('['.repeat(64) + ']'.repeat(64)) as Json,
    () => str(40),
    () => str(3),
    () => '9'.repeat(400),
    () => ' '.repeat(r.int(300)),
    () => '2026-' + str(5),
    () => `${25 + r.int(75)}:${r.int(99)}`,
    () => "'; DROP TABLE users;--",
    () => '<script>alert(1)</script>',
  ]
  return r.pick(kinds)()
}

export interface Case {
  name: string
  /** A JSON value to send as application/json… */
  body?: Json
  /** …or raw bytes with their own headers. */
  raw?: { data: string | Buffer; headers: Record<string, string> }
  status: number
  code: ErrorCode
  /** Every field issue must name this field (or one inside it). */
  field?: string
  /** The field issues, exactly. */
  errors?: { field: string; message: string }[]
}

export function typeSwaps(v: Json, isNullable: boolean): Json[] {
  const common: Json[] = [{ nested: { deeper: true } }]
  if (!isNullable) common.push(null)
  if (typeof v === 'string') return [42, true, [v], ...common]
  if (typeof v === 'number') return [String(v), true, [v], ...common]
  if (typeof v === 'boolean') return [String(v), 1, ...common]
  if (Array.isArray(v)) return ['x', 3, { 0: v[0] }, ...(isNullable ? [] : [null])]
  if (v === null) return [42, true, { nested: 1 }]
  return ['x', 3, [v], ...(isNullable ? [] : [null])]
}

/** Per route, a value that is well-typed but wrong at a dotted path, and the field that must be named. */
export type Semantic = [path: string, value: unknown, field: string][]

/**
 * The cases for one route with a body: `valid` is a well-formed body (`schema` accepts it), `seed`
 * makes the random junk replay; `nullable` lists the top-level fields accepting null (null is no
 * type swap there), `semantic` the well-typed but wrong values of this route.
 */
export function casesFor(
  valid: Record<string, unknown>,
  schema: z.ZodType,
  seed: number,
  opts: { nullable?: string[]; semantic?: Semantic } = {},
): Case[] {
  const cases: Case[] = []
  const json = { 'Content-Type': 'application/json' }
  // The envelope.
  cases.push({
    name: 'malformed JSON',
    raw: { data: '{bad', headers: json },
    status: 400,
    code: 'malformed_json',
  })
  cases.push({
    name: 'truncated JSON',
    raw: { data: JSON.stringify(valid).slice(0, -3), headers: json },
    status: 400,
    code: 'malformed_json',
  })
  cases.push({
    name: 'bare string',
    raw: { data: '"text"', headers: json },
    status: 400,
    code: 'malformed_json',
  })
  cases.push({ name: 'bare number', raw: { data: '42', headers: json }, status: 400, code: 'malformed_json' })
  cases.push({
    name: 'text/plain',
    raw: { data: JSON.stringify(valid), headers: { 'Content-Type': 'text/plain' } },
    status: 415,
    code: 'unsupported_media_type',
  })
  cases.push({
    name: 'form-encoded',
    raw: { data: 'a=1&b=2', headers: { 'Content-Type': 'application/x-www-form-urlencoded' } },
    status: 415,
    code: 'unsupported_media_type',
  })
  cases.push({
    name: 'latin1 charset',
    raw: { data: JSON.stringify(valid), headers: { 'Content-Type': 'application/json; charset=latin1' } },
    status: 415,
    code: 'unsupported_media_type',
  })
  cases.push({
    name: 'UTF-8 bytes labelled UTF-16',
    raw: { data: JSON.stringify(valid), headers: { 'Content-Type': 'application/json; charset=utf-16' } },
    status: 400,
    code: 'malformed_json',
  })
  cases.push({
    name: 'unknown content encoding',
    raw: { data: JSON.stringify(valid), headers: { ...json, 'Content-Encoding': 'compress' } },
    status: 415,
    code: 'unsupported_media_type',
  })
  cases.push({
    name: 'gzip header, not gzip',
    raw: { data: JSON.stringify(valid), headers: { ...json, 'Content-Encoding': 'gzip' } },
    status: 400,
    code: 'validation_failed',
  })
  cases.push({
    name: 'gzip bomb-ish (1 MB of spaces inflated)',
    raw: { data: gzipSync(Buffer.alloc(1_000_000, ' ')), headers: { ...json, 'Content-Encoding': 'gzip' } },
    status: 413,
    code: 'payload_too_large',
  })
  cases.push({
    name: 'array body',
    body: [valid],
    status: 400,
    code: 'validation_failed',
    errors: [{ field: '', message: expect.any(String) as unknown as string }],
  })
  cases.push({ name: 'null body', raw: { data: 'null', headers: json }, status: 400, code: 'malformed_json' })
  cases.push({
    name: 'body over 100 KB',
    body: { ...valid, padding: 'x'.repeat(110_000) },
    status: 413,
    code: 'payload_too_large',
  })
  // Unknown fields, at the top and in every nested object.
  for (const extra of ['isAdmin', 'constructor', 'role_override']) {
    if (extra in valid) continue
    cases.push({
      name: `unknown field ${extra}`,
      body: { ...valid, [extra]: true },
      status: 400,
      code: 'validation_failed',
      errors: [{ field: extra, message: 'unknown field' }],
    })
  }
  cases.push({
    name: 'unknown field __proto__',
    raw: { data: JSON.stringify(valid).replace(/^\{/, '{"__proto__":{"isAdmin":true},'), headers: json },
    status: 400,
    code: 'validation_failed',
    errors: [{ field: '__proto__', message: 'unknown field' }],
  })
  for (const p of objects(valid).filter((p) => p.length > 0)) {
    cases.push({
      name: `unknown field ${dotted(p)}.extra`,
      body: setAt(valid, [...p, 'extra'], 1),
      status: 400,
      code: 'validation_failed',
      errors: [{ field: `${dotted(p)}.extra`, message: 'unknown field' }],
    })
  }
  // Wrong types for each top-level field.
  for (const [k, v] of Object.entries(valid)) {
    for (const bad of typeSwaps(v, opts.nullable?.includes(k) ?? false)) {
      cases.push({
        name: `${k} = ${JSON.stringify(bad)}`,
        body: { ...valid, [k]: bad },
        status: 400,
        code: 'validation_failed',
        field: k,
      })
    }
  }
  // A 90 KB string in every string field (under the body limit, far over every field's).
  for (const { path, value } of leaves(valid)) {
    if (typeof value !== 'string') continue
    cases.push({
      name: `90 KB ${dotted(path)}`,
      body: setAt(valid, path, 'x'.repeat(90_000)),
      status: 400,
      code: 'validation_failed',
      field: dotted(path),
    })
    // PostgreSQL text cannot hold NUL. Passwords and tokens are only ever hashed, so any character goes there.
    if (!/password|token/i.test(dotted(path))) {
      cases.push({
        name: `NUL in ${dotted(path)}`,
        body: setAt(valid, path, `${value}\u0000`),
        status: 400,
        code: 'validation_failed',
        field: dotted(path),
      })
    }
  }
  // Well-typed but wrong.
  for (const [p, bad, field] of opts.semantic ?? []) {
    cases.push({
      name: `${p} = ${JSON.stringify(bad).slice(0, 40)}`,
      body: setAt(
        valid,
        p.split('.').map((s) => (/^\d+$/.test(s) ? Number(s) : s)),
        bad,
      ),
      status: 400,
      code: 'validation_failed',
      field,
    })
  }
  // Generated junk in random places (only values the schema refuses: valid ones would be written).
  const r = rng(seed)
  const spots = [...leaves(valid).map((l) => l.path), ...Object.keys(valid).map((k) => [k])]
  let made = 0
  for (let tries = 0; made < 13 && tries < 200; tries++) {
    const p = r.pick(spots)
    const junk = junkFor(r)
    const body = setAt(valid, p, junk)
    if (schema.safeParse(body).success) continue
    made++
    cases.push({
      name: `junk #${tries} at ${dotted(p)}: ${JSON.stringify(junk).slice(0, 40)}`,
      body,
      status: 400,
      code: 'validation_failed',
      field: dotted(p),
    })
  }
  return cases
}

/** Sends one case: its JSON body, or its raw bytes with their own headers. */
export async function run(agent: Agent, method: Method, url: string, c: Case) {
  if (!c.raw) return send(agent, method, url, c.body)
  let req = agent[method](url)
  for (const [h, v] of Object.entries(c.raw.headers)) req = req.set(h, v)
  // As is: superagent would otherwise re-encode a Buffer labelled JSON.
  return req.serialize((x: unknown) => x as string).send(c.raw.data)
}

/** Checks one response against its case; returns a description of what is wrong, or null. */
export function verdict(
  c: Case,
  res: { status: number; headers: Record<string, string>; text: string },
): string | null {
  const got = `${res.status} ${res.text.slice(0, 200)}`
  if (res.status >= 500) return `5xx: ${got}`
  if (!/^application\/problem\+json/.test(res.headers['content-type'] ?? ''))
    return `not problem+json: ${got}`
  let body: unknown
  try {
    body = JSON.parse(res.text)
  } catch {
    return `unparseable: ${got}`
  }
  const p = ZProblem.safeParse(body)
  if (!p.success) return `not a problem: ${got}`
  if (res.status !== c.status || p.data.code !== c.code) return `expected ${c.status} ${c.code}, got ${got}`
  const errors = p.data.errors ?? []
  if (c.field !== undefined) {
    if (errors.length === 0) return `no field named (expected ${c.field}): ${got}`
    const off = errors.filter((e) => e.field !== c.field && !e.field.startsWith(`${c.field}.`))
    if (off.length) return `expected issues on ${c.field}, got ${JSON.stringify(errors)}`
  }
  if (c.errors) {
    try {
      expect(errors).toEqual(c.errors)
    } catch {
      return `expected errors ${JSON.stringify(c.errors)}, got ${JSON.stringify(errors)}`
    }
  }
  return null
}

/** Path parameters that cannot name anything (each must be a 404). */
export const junkIds = [
  'not-a-uuid',
  "'; drop table users;--",
  '00000000-0000-4000-8000-000000000000',
  'a/b',
  '..',
  '\u0000',
  'é',
  '1 OR 1=1',
  'x'.repeat(2000),
]
