import { describe, expect, it } from 'vitest'
import { groupEdges, groupIndex, groupLabel } from '../metrics/range'
import { dayStartMs, parseDay } from './time'

/** The local day an instant falls in, through the day edges every report uses. */
class DayFormatter {
  constructor(private readonly tz: string) {}

  day(ms: number): string {
    const edges = groupEdges(ms - 86_400_000, ms + 86_400_000, 'day', this.tz, 1)
    return groupLabel(edges[groupIndex(edges, ms)]!, 'day', this.tz)
  }
}

describe('local days', () => {
  it('cuts days at local midnight across a DST change (Europe/Paris, 2026-03-29)', () => {
    const f = new DayFormatter('Europe/Paris')
    // 21:59 UTC on the 28th is 22:59 CET; 22:00 UTC is 23:00 CET (still the 28th); 23:00 UTC is the 29th.
    expect(f.day(Date.UTC(2026, 2, 28, 22, 0))).toBe('2026-03-28')
    expect(f.day(Date.UTC(2026, 2, 28, 23, 0))).toBe('2026-03-29')
    // After the change (CEST, +02:00) the 29th ends at 22:00 UTC.
    expect(f.day(Date.UTC(2026, 2, 29, 21, 45))).toBe('2026-03-29')
    expect(f.day(Date.UTC(2026, 2, 29, 22, 0))).toBe('2026-03-30')
    expect(dayStartMs('2026-03-30', 'Europe/Paris')).toBe(Date.UTC(2026, 2, 29, 22, 0))
  })

  it('handles +05:30 and +05:45 offsets and unsorted input', () => {
    const ist = new DayFormatter('Asia/Kolkata')
    expect(ist.day(Date.UTC(2026, 0, 1, 18, 15))).toBe('2026-01-01')
    expect(ist.day(Date.UTC(2026, 0, 1, 18, 30))).toBe('2026-01-02')
    expect(ist.day(Date.UTC(2026, 0, 1, 18, 15))).toBe('2026-01-01')
    const npt = new DayFormatter('Asia/Kathmandu')
    expect(npt.day(Date.UTC(2026, 0, 1, 18, 0))).toBe('2026-01-01')
    expect(npt.day(Date.UTC(2026, 0, 1, 18, 15))).toBe('2026-01-02')
  })

  it('parses YYYY-MM-DD and YYYYMMDD and rejects impossible dates', () => {
    expect(parseDay('2026-02-28')).toBe('2026-02-28')
    expect(parseDay('20260228')).toBe('2026-02-28')
    expect(parseDay('2026-02-30')).toBeNull()
    expect(parseDay('yesterday')).toBeNull()
  })
})
