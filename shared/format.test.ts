import { describe, expect, it } from 'vitest'
import {
  formatChange,
  formatDuration,
  formatExact,
  formatMoney,
  formatMoneyShort,
  formatPercent,
  formatTokens,
} from './format'

describe('formatting', () => {
  it('shows money with 2 decimals, significant digits below a cent, and unknown for null (never $0)', () => {
    expect(formatMoney(1234.5, undefined, 'en-US')).toBe('$1,234.50')
    expect(formatMoney(0.0042, undefined, 'en-US')).toBe('$0.0042')
    expect(formatMoney(0, undefined, 'en-US')).toBe('$0.00')
    expect(formatMoney(null, undefined, 'en-US')).toBe('unknown')
    expect(formatMoney(10, { code: 'EUR', perUsd: 0.5 }, 'de-DE')).toBe('5,00\u00a0€')
    expect(formatMoneyShort(12_345, undefined, 'en-US')).toBe('$12.3K')
  })

  it('abbreviates tokens and keeps an exact form, in the locale', () => {
    expect(formatTokens(999, 'en-US')).toBe('999')
    expect(formatTokens(1_234_567, 'en-US')).toBe('1.2M')
    expect(formatExact(1_234_567, 'en-US')).toBe('1,234,567')
    expect(formatExact(1_234_567, 'de-DE')).toBe('1.234.567')
    expect(formatTokens(null)).toBe('—')
  })

  it('formats ratios, changes and durations', () => {
    expect(formatPercent(0.8765, 'en-US')).toBe('87.7%')
    expect(formatChange(0.125, undefined, 'en-US')).toBe('+12.5%')
    expect(formatChange(-0.03, undefined, 'en-US')).toBe('-3.0%')
    expect(formatChange(null, 'no previous period')).toBe('no previous period')
    expect(formatDuration(850)).toBe('850 ms')
    expect(formatDuration(12_340, 'en-US')).toBe('12.3 s')
    expect(formatDuration(245_000)).toBe('4 min 05 s')
    expect(formatDuration(7_800_000)).toBe('2 h 10 min')
  })
})
