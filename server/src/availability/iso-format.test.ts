import fc from 'fast-check'
import { DateTime } from 'luxon'
import { describe, expect, it } from 'vitest'
import { isoInZone } from './iso-format.ts'

const zones = ['Europe/Paris', 'America/St_Johns', 'Australia/Lord_Howe', 'Asia/Kathmandu', 'Pacific/Chatham', 'America/Santiago', 'Europe/London', 'Pacific/Kiritimati', 'Pacific/Pago_Pago', 'Africa/Casablanca', 'Asia/Tehran', 'America/New_York', 'Etc/UTC', 'UTC']

describe('isoInZone', () => {
  it('formats exactly as luxon toISO, across DST transitions, 2020–2030', () => {
    fc.assert(
      fc.property(fc.constantFrom(...zones), fc.integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2030, 11, 31) }), fc.boolean(), (zone, raw, whole) => {
        const ms = whole ? Math.floor(raw / 60_000) * 60_000 : raw
        expect(isoInZone(zone)(ms)).toBe(DateTime.fromMillis(ms, { zone }).toISO({ suppressMilliseconds: true }))
      }),
      { seed: 20261127, numRuns: 2000 },
    )
  })

  it('gets both sides of the Paris transitions right', () => {
    const f = isoInZone('Europe/Paris')
    expect(f(Date.UTC(2026, 2, 29, 0, 59))).toBe('2026-03-29T01:59:00+01:00')
    expect(f(Date.UTC(2026, 2, 29, 1, 0))).toBe('2026-03-29T03:00:00+02:00')
    expect(f(Date.UTC(2026, 9, 25, 0, 30))).toBe('2026-10-25T02:30:00+02:00')
    expect(f(Date.UTC(2026, 9, 25, 1, 30))).toBe('2026-10-25T02:30:00+01:00')
  })
})
