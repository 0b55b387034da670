import { describe, expect, it } from 'vitest'
import { nextOccupancy } from './sequence.ts'
import type { Occupancy } from './schema.ts'

const o = (seq: number, lieuId = '11111111-1111-4111-8111-111111111111'): Occupancy => ({
  lieuId,
  seq,
  at: '2026-11-27T09:00:00.000Z',
  openNow: true,
  nextOpening: null,
  seatsTotal: 1,
  seatsFreeNow: 1,
  resources: [],
  peopleIn: null,
})

describe('nextOccupancy', () => {
  it('applies the next one, ignores stale and other lieux, resyncs on a gap or without a snapshot', () => {
    expect(nextOccupancy(o(3), o(4)).action).toBe('apply')
    expect(nextOccupancy(o(3), o(3)).action).toBe('ignore')
    expect(nextOccupancy(o(3), o(2))).toEqual({ action: 'ignore', state: o(3) })
    expect(nextOccupancy(o(3), o(6))).toEqual({ action: 'resync', state: o(6) })
    expect(nextOccupancy(null, o(1)).action).toBe('resync')
    expect(nextOccupancy(o(3), o(9, '22222222-2222-4222-8222-222222222222')).action).toBe('ignore')
  })
})
