import { describe, expect, it } from 'vitest'
import { safeNext } from './next.ts'

describe('safeNext', () => {
  it('keeps same-site paths only', () => {
    expect(safeNext('/invitation?token=abc')).toBe('/invitation?token=abc')
    expect(safeNext('https://evil.example/')).toBeNull()
    expect(safeNext('//evil.example/')).toBeNull()
    expect(safeNext('/\\evil.example')).toBeNull()
    expect(safeNext(null)).toBeNull()
  })
})
