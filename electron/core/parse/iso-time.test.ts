import { describe, expect, it } from 'vitest'
import { parseIsoTime } from './iso-time'

describe('parseIsoTime', () => {
  it('equals Date.parse on toISOString output across the years transcripts span', () => {
    let seed = 7
    const rnd = (): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31
    for (let i = 0; i < 20000; i++) {
      const iso = new Date(Date.UTC(2024, 0, 1) + Math.floor(rnd() * 4 * 365 * 86_400_000)).toISOString()
      expect(parseIsoTime(iso), iso).toBe(Date.parse(iso))
    }
  })

  it('reads the last days of months and leap days, and years below 100', () => {
    for (const s of [
      '2024-02-29T10:00:00.000Z',
      '2000-02-29T00:00:00.000Z',
      '2025-01-31T23:59:59.999Z',
      '2025-04-30T12:00:00.000Z',
      '2025-12-31T23:59:59.999Z',
      '0100-01-01T00:00:00.000Z',
    ])
      expect(parseIsoTime(s), s).toBe(Date.parse(s))
    expect(parseIsoTime('0050-06-15T12:00:00.000Z')).toBe(new Date('0050-06-15T12:00:00.000Z').getTime())
  })

  it('reads other ISO 8601 shapes with a zone as that instant', () => {
    expect(parseIsoTime('2025-01-01T10:00:00Z')).toBe(Date.UTC(2025, 0, 1, 10))
    expect(parseIsoTime('2025-01-01T10:00Z')).toBe(Date.UTC(2025, 0, 1, 10))
    expect(parseIsoTime('2025-01-01T10:00:00.000+02:00')).toBe(Date.UTC(2025, 0, 1, 8))
    expect(parseIsoTime('2025-01-01T10:00:00-0530')).toBe(Date.UTC(2025, 0, 1, 15, 30))
    expect(parseIsoTime('2025-01-01T10:00:00.123456Z')).toBe(Date.UTC(2025, 0, 1, 10, 0, 0, 123))
    expect(parseIsoTime('2024-02-29T23:30:00+01:00')).toBe(Date.UTC(2024, 1, 29, 22, 30))
  })

  it('rejects out-of-range fields instead of rolling them over, and times without a zone', () => {
    for (const s of [
      '2025-02-29T10:00:00.000Z',
      '2025-02-30T10:00:00.000Z',
      '2025-02-30T10:00:00+01:00',
      '2100-02-29T10:00:00.000Z',
      '2025-04-31T23:59:59.999Z',
      '2025-13-01T00:00:00.000Z',
      '2025-00-10T00:00:00.000Z',
      '2025-01-00T00:00:00.000Z',
      '2025-01-01T24:00:00.000Z',
      '2025-01-01T24:00:00Z',
      '2025-01-01T10:60Z',
      '2025-01-01T23:60:00.000Z',
      '2025-01-01T23:59:60.000Z',
      '2025-01-01T10:00:00+25:00',
      '2025-01-01T10:00:00.000',
      '2025-01-01T10:00:00',
      '2025-01-01',
      '2025-01-01Z',
      '2025-01-01 10:00:00.000Z',
      '2025-01-01T10:00:00,000Z',
      '2025-0a-01T10:00:00.000Z',
      '+02025-01-01T10:00:00.000Z',
      'Wed Jan 01 2025 10:00:00 GMT+0000',
      '1735725600000',
      'yesterday, around noon Z',
      '',
    ])
      expect(parseIsoTime(s), s).toBeNaN()
  })
})
