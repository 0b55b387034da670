import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { contains, intersect, normalize, subtract } from './intervals.ts'
import type { Interval } from './types.ts'

const iv = (start: number, end: number): Interval => ({ start, end })

describe('interval maths', () => {
  it.each([
    ['sorts and merges overlaps', [iv(5, 7), iv(1, 3), iv(2, 4)], [iv(1, 4), iv(5, 7)]],
    ['merges adjacent intervals', [iv(1, 2), iv(2, 3)], [iv(1, 3)]],
    ['drops empty and inverted ones', [iv(3, 3), iv(5, 4), iv(1, 2)], [iv(1, 2)]],
    ['keeps a contained one inside', [iv(1, 10), iv(2, 3)], [iv(1, 10)]],
  ])('normalize %s', (_name, input, expected) => {
    expect(normalize(input)).toEqual(expected)
  })

  it.each([
    ['overlaps', [iv(1, 5), iv(8, 12)], [iv(3, 9)], [iv(3, 5), iv(8, 9)]],
    ['touching is empty', [iv(1, 5)], [iv(5, 9)], []],
    ['one side empty', [iv(1, 5)], [], []],
  ])('intersect %s', (_name, a, b, expected) => {
    expect(intersect(a, b)).toEqual(expected)
  })

  it.each([
    ['a hole in the middle', [iv(0, 10)], [iv(3, 5)], [iv(0, 3), iv(5, 10)]],
    ['a range covering several', [iv(0, 2), iv(4, 6), iv(8, 10)], [iv(1, 9)], [iv(0, 1), iv(9, 10)]],
    ['everything', [iv(0, 2), iv(4, 6)], [iv(0, 6)], []],
    ['touching leaves all', [iv(2, 4)], [iv(0, 2), iv(4, 6)], [iv(2, 4)]],
  ])('subtract %s', (_name, a, b, expected) => {
    expect(subtract(a, b)).toEqual(expected)
  })

  it.each([
    [iv(2, 4), true],
    [iv(0, 5), true],
    [iv(4, 6), false], // across a gap
    [iv(6, 7), true],
    [iv(5, 6), false],
    [iv(9, 11), false],
  ])('contains %o → %s', (interval, expected) => {
    expect(contains([iv(0, 5), iv(6, 9)], interval)).toBe(expected)
  })
  it('an empty list contains nothing', () => expect(contains([], iv(1, 2))).toBe(false))
})

// Oracle: intervals over small integers, compared point by point.
const arbList = fc.array(
  fc.tuple(fc.integer({ min: 0, max: 60 }), fc.integer({ min: 0, max: 12 })).map(([s, l]) => iv(s, s + l)),
  { maxLength: 8 },
)
const covered = (list: Interval[], t: number) => list.some((i) => i.start <= t && t < i.end)
const isNormalized = (list: Interval[]) =>
  list.every((i, k) => i.start < i.end && (k === 0 || list[k - 1]!.end < i.start))

describe('interval maths, against a point-by-point oracle', () => {
  const params = { seed: 20260329, numRuns: 300 }
  it('normalize, intersect, subtract and contains agree with the oracle', () => {
    fc.assert(
      fc.property(
        arbList,
        arbList,
        fc.integer({ min: 0, max: 70 }),
        fc.integer({ min: 1, max: 15 }),
        (ra, rb, s, l) => {
          const a = normalize(ra)
          const b = normalize(rb)
          const inter = intersect(a, b)
          const diff = subtract(a, b)
          for (const list of [a, b, inter, diff]) expect(isNormalized(list)).toBe(true)
          for (let t = 0; t < 75; t++) {
            expect(covered(a, t)).toBe(covered(ra, t))
            expect(covered(inter, t)).toBe(covered(a, t) && covered(b, t))
            expect(covered(diff, t)).toBe(covered(a, t) && !covered(b, t))
          }
          let inside = true
          for (let t = s; t < s + l; t++) inside &&= covered(a, t)
          expect(contains(a, iv(s, s + l))).toBe(inside)
        },
      ),
      params,
    )
  })
})
