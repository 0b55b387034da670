import { describe, expect, it } from 'vitest'
import { describeUserAgent } from './userAgent.ts'
import { exportFileName } from './exportFileName.ts'

describe('describeUserAgent', () => {
  it('names common browsers and systems', () => {
    expect(describeUserAgent('Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0')).toBe(
      'Firefox · Linux',
    )
    expect(
      describeUserAgent(
        'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36 Edg/126.0',
      ),
    ).toBe('Edge · Windows')
    expect(
      describeUserAgent(
        'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1',
      ),
    ).toBe('Safari · iOS')
    expect(describeUserAgent('curl/8.5.0')).toBe('curl/8.5.0')
    expect(describeUserAgent(null)).toBeNull()
  })
})

describe('exportFileName', () => {
  it('dates the file with the local calendar day', () => {
    expect(exportFileName(new Date(2025, 2, 31, 23, 59))).toBe('fabrique-export-2025-03-31.json')
  })
})
