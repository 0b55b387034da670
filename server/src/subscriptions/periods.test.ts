import { describe, expect, it } from 'vitest'
import { addIntervals, sliceAt, slices } from './periods.ts'

const d = (s: string) => new Date(s)
const iso = (x: Date | undefined | null) => x?.toISOString()

describe('addIntervals', () => {
  it('adds months and years in the lieu’s zone, across DST and short months', () => {
    // 10:00 Paris in winter (UTC+1) → 10:00 Paris in summer (UTC+2).
    expect(iso(addIntervals(d('2026-03-15T09:00:00Z'), 'month', 1, 'Europe/Paris'))).toBe(
      '2026-04-15T08:00:00.000Z',
    )
    expect(iso(addIntervals(d('2027-01-31T09:00:00Z'), 'month', 1, 'Europe/Paris'))).toBe(
      '2027-02-28T09:00:00.000Z',
    )
    expect(iso(addIntervals(d('2028-02-29T09:00:00Z'), 'year', 1, 'Europe/Paris'))).toBe(
      '2029-02-28T09:00:00.000Z',
    )
    // Midnight local is midnight local a month later.
    expect(iso(addIntervals(d('2026-10-31T23:00:00Z'), 'month', 1, 'Europe/Paris'))).toBe(
      '2026-11-30T23:00:00.000Z',
    )
  })
})

describe('slices', () => {
  const zone = 'Europe/Paris'
  it('a year gives twelve monthly slices, counted from the anchor', () => {
    const anchor = d('2027-01-31T09:00:00Z')
    const all = slices(anchor, addIntervals(anchor, 'year', 1, zone), zone)
    expect(all).toHaveLength(12)
    expect(iso(all[1]!.start)).toBe('2027-02-28T09:00:00.000Z')
    expect(iso(all[2]!.start)).toBe('2027-03-31T08:00:00.000Z') // 10:00 Paris, summer time
    expect(iso(all[11]!.end)).toBe('2028-01-31T09:00:00.000Z')
    for (let i = 1; i < all.length; i++) expect(all[i]!.start).toEqual(all[i - 1]!.end)
  })
  it('sliceAt finds the slice holding an instant, null outside the span', () => {
    const anchor = d('2026-11-27T09:00:00Z')
    const end = addIntervals(anchor, 'month', 2, zone)
    expect(sliceAt(anchor, end, zone, d('2026-11-26T09:00:00Z'))).toBeNull()
    expect(sliceAt(anchor, end, zone, end)).toBeNull()
    expect(iso(sliceAt(anchor, end, zone, anchor)!.start)).toBe(iso(anchor))
    const s = sliceAt(anchor, end, zone, d('2027-01-03T00:00:00Z'))!
    expect(iso(s.start)).toBe('2026-12-27T09:00:00.000Z')
    expect(iso(s.end)).toBe('2027-01-27T09:00:00.000Z')
    // The last instant of a slice is in it; the slice's end is the next one's.
    expect(iso(sliceAt(anchor, end, zone, d('2026-12-27T08:59:59.999Z'))!.start)).toBe(iso(anchor))
  })
  it('a span shorter than a month is one slice', () => {
    const anchor = d('2026-11-27T09:00:00Z')
    const end = d('2026-12-01T00:00:00Z')
    expect(slices(anchor, end, zone)).toEqual([{ start: anchor, end }])
  })
})
