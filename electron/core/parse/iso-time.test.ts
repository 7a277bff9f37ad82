import { describe, expect, it } from 'vitest'
import { parseIsoTime } from './iso-time'

const same = (s: string): void => {
  const want = Date.parse(s)
  const got = parseIsoTime(s)
  if (Number.isNaN(want)) expect(got, s).toBeNaN()
  else expect(got, s).toBe(want)
}

describe('parseIsoTime', () => {
  it('equals Date.parse on toISOString output across the years transcripts span', () => {
    let seed = 7
    const rnd = (): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31
    for (let i = 0; i < 20000; i++) {
      const iso = new Date(Date.UTC(2024, 0, 1) + Math.floor(rnd() * 4 * 365 * 86_400_000)).toISOString()
      same(iso)
    }
  })

  it('leaves every other shape and every out-of-range field to Date.parse', () => {
    for (const s of [
      '0000-01-01T00:00:00.000Z',
      '0050-06-15T12:00:00.000Z',
      '0099-12-31T23:59:59.999Z',
      '0100-01-01T00:00:00.000Z',
      '2025-02-29T10:00:00.000Z',
      '2025-02-30T10:00:00.000Z',
      '2025-04-31T23:59:59.999Z',
      '2025-13-01T00:00:00.000Z',
      '2025-00-10T00:00:00.000Z',
      '2025-01-01T24:00:00.000Z',
      '2025-01-01T23:60:00.000Z',
      '2025-01-01T23:59:60.000Z',
      '2025-01-01T10:00:00Z',
      '2025-01-01T10:00:00.000+02:00',
      '2025-01-01 10:00:00.000Z',
      '2025-01-01T10:00:00,000Z',
      '2025-0a-01T10:00:00.000Z',
      '2025-01-01T10:00:00.0000',
      'yesterday, around noon Z',
      '',
    ])
      same(s)
  })
})
