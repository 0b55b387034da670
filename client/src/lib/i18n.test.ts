import { describe, expect, it } from 'vitest'
import { readFileSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { createInstance } from 'i18next'
import { z } from 'zod'
import { errorCodes } from '@fabrique/shared/errors'
import { ZLieuIdentity } from '@fabrique/shared/lieux/schema'
import { ZRegisterRequest } from '@fabrique/shared/auth/schema'
import { en, enZod } from './locales/en.ts'
import { fr, frZod } from './locales/fr.ts'
import { frEmployers } from './locales/fr-employers.ts'
import { enEmployers } from './locales/en-employers.ts'
import { installZodErrorMap, translateValidationMessage } from './validation.ts'
import { codeMessage } from './formErrors.ts'

type Tree = { [k: string]: string | Tree }
function flatten(tree: Tree, prefix = ''): string[] {
  return Object.entries(tree).flatMap(([k, v]) =>
    typeof v === 'string' ? [prefix + k] : flatten(v, `${prefix}${k}.`),
  )
}
/** A locale with the strings some pages load with themselves (features/employers/i18n.ts). */
function withLazy(base: Tree, ...bundles: Tree[]): Tree {
  const merge = (a: Tree, b: Tree): Tree => {
    const out: Tree = { ...a }
    for (const [k, v] of Object.entries(b)) {
      const prev = out[k]
      out[k] = typeof v === 'string' || typeof prev !== 'object' ? v : merge(prev, v)
    }
    return out
  }
  return bundles.reduce(merge, base)
}
function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name)
    if (statSync(p).isDirectory()) return sourceFiles(p)
    return /\.tsx?$/.test(name) && !name.endsWith('.test.ts') ? [p] : []
  })
}

describe('translations', () => {
  const frKeys = flatten(withLazy(fr, frEmployers))
  const plainKeys = new Set(frKeys.map((k) => k.replace(/_(one|other)$/, '')))

  it('French and English have the same keys', () => {
    expect(flatten(withLazy(en as Tree, enEmployers)).sort()).toEqual([...frKeys].sort())
    expect(Object.keys(enZod).sort()).toEqual(Object.keys(frZod).sort())
  })

  it('every API error code is translated', () => {
    for (const code of errorCodes) {
      expect(fr.errors, code).toHaveProperty(code)
      expect(en.errors, code).toHaveProperty(code)
    }
  })

  it('every literal key used in the code exists', () => {
    const root = join(import.meta.dirname, '..')
    const missing: string[] = []
    let seen = 0
    for (const file of sourceFiles(root)) {
      const text = readFileSync(file, 'utf8')
      for (const m of text.matchAll(/\bt\(\s*'([a-zA-Z0-9_.]+)'/g)) {
        seen++
        if (!plainKeys.has(m[1]!)) missing.push(`${file}: ${m[1]}`)
      }
      for (const m of text.matchAll(/label: '([a-z]+\.[a-zA-Z0-9_.]+)'/g))
        if (!plainKeys.has(m[1]!)) missing.push(`${file}: ${m[1]}`)
    }
    expect(seen).toBeGreaterThan(150)
    expect(missing).toEqual([])
  })
})

describe('validation messages', () => {
  const i18n = createInstance()
  void i18n.init({
    lng: 'fr',
    resources: { fr: { translation: fr, zod: frZod }, en: { translation: en, zod: enZod } },
    interpolation: { escapeValue: false },
  })
  installZodErrorMap(i18n)

  it('translates the shared schemas’ messages by their text, and leaves unknown ones', () => {
    expect(translateValidationMessage('at least 10 characters', i18n.t)).toBe('Au moins 10 caractères.')
    expect(translateValidationMessage('ISO 3166 country code, e.g. FR', i18n.t)).toBe(
      'Code pays à deux lettres, ex. FR.',
    )
    expect(translateValidationMessage('something new', i18n.t)).toBe('something new')
    expect(translateValidationMessage(codeMessage('email_taken'), i18n.t)).toBe(
      'Un compte existe déjà avec cette adresse e-mail.',
    )
  })

  it('gives zod defaults a human message in the current language', async () => {
    const r = ZRegisterRequest.safeParse({ email: 'x@example.org', password: 'short', name: '' })
    expect(r.success).toBe(false)
    const byPath = Object.fromEntries(r.error!.issues.map((i) => [i.path.join('.'), i.message]))
    expect(byPath.password).toBe('at least 10 characters') // the schema's own message, translated on display
    const identity = ZLieuIdentity.shape.name.safeParse('')
    expect(identity.error!.issues[0]!.message).toBe('Ce champ est obligatoire.')
    await i18n.changeLanguage('en')
    expect(z.string().max(3).safeParse('abcdef').error!.issues[0]!.message).toBe('At most 3 characters.')
    expect(ZLieuIdentity.shape.contact.shape.website.safeParse('ftp://x').error!.issues[0]!.message).toBe(
      'Invalid web address (https://…).',
    )
  })
})
