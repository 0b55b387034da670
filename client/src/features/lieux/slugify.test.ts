import { describe, expect, it } from 'vitest'
import { ZSlug } from '@fabrique/shared/lieux/schema'
import { slugify } from './slug.ts'

describe('slugify', () => {
  it('makes a slug the shared schema accepts', () => {
    for (const [name, slug] of [
      ['Café des Possibles', 'cafe-des-possibles'],
      ["  L'Œuvre — Fab Lab de Saint-Étienne ! ", 'l-oeuvre-fab-lab-de-saint-etienne'],
      ['La Ruche 2.0', 'la-ruche-2-0'],
    ] as const) {
      expect(slugify(name)).toBe(slug)
      expect(ZSlug.safeParse(slug).success).toBe(true)
    }
  })

  it('stays within 60 characters without a trailing dash', () => {
    const s = slugify('Tiers-lieu '.repeat(10))
    expect(s.length).toBeLessThanOrEqual(60)
    expect(s.endsWith('-')).toBe(false)
  })
})
