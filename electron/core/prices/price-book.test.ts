import { calcPrice } from '@pydantic/genai-prices'
import { describe, expect, it } from 'vitest'
import { PriceBook } from './price-book'

const T = Date.UTC(2026, 3, 18)
const tokens = { input: 1234, output: 5678, cacheWrite5m: 20_000, cacheWrite1h: 30_000, cacheRead: 150_000 }

describe('PriceBook', () => {
  it.each([
    'claude-sonnet-4-20250514',
    'claude-opus-4-1-20250805',
    'claude-haiku-4-5-20251001',
    'claude-opus-4-5-20251101',
    'claude-opus-4-6',
    'claude-opus-4-7',
  ])('prices %s exactly as genai-prices does, per token kind (without corrections)', (model) => {
    const ref = calcPrice(
      {
        input_tokens: tokens.input + tokens.cacheWrite5m + tokens.cacheWrite1h + tokens.cacheRead,
        cache_write_tokens: tokens.cacheWrite5m + tokens.cacheWrite1h,
        cache_write_1h_tokens: tokens.cacheWrite1h,
        cache_read_tokens: tokens.cacheRead,
        output_tokens: tokens.output,
      },
      model,
      { providerId: 'anthropic', timestamp: new Date(T) },
    )
    expect(ref).not.toBeNull()
    expect(new PriceBook({}, null).cost(tokens, model, T)).toBeCloseTo(ref!.total_price, 10)
  })

  it('uses the price in force on the response day (long-context tiers before a price change)', () => {
    // Opus 4.6 had >200k-token tiers until 2026-03-13 in the price data.
    const big = { input: 10, output: 1000, cacheWrite5m: 0, cacheWrite1h: 0, cacheRead: 250_000 }
    const book = new PriceBook()
    const before = book.cost(big, 'claude-opus-4-6', Date.UTC(2026, 1, 1))!
    const after = book.cost(big, 'claude-opus-4-6', Date.UTC(2026, 3, 1))!
    expect(before).toBeGreaterThan(after)
    expect(after).toBeCloseTo((10 * 5 + 1000 * 25 + 250_000 * 0.5) / 1e6, 12)
  })

  it('returns null (unknown), never 0, for a model with no price', () => {
    const book = new PriceBook()
    expect(book.cost(tokens, 'glm-4.5-unknown-model', T)).toBeNull()
    expect(book.cost(tokens, '<synthetic>', T)).toBeNull()
  })

  it('applies user overrides by exact id or prefix pattern and versions them', () => {
    const book = new PriceBook({
      'glm-*': { input: 1, output: 2 },
      'claude-opus-4-7': { input: 10, output: 10, cacheRead: 0 },
    })
    expect(
      book.cost({ input: 1e6, output: 1e6, cacheWrite5m: 0, cacheWrite1h: 0, cacheRead: 0 }, 'glm-4.5', T),
    ).toBe(3)
    expect(
      book.cost(
        { input: 0, output: 0, cacheWrite5m: 0, cacheWrite1h: 0, cacheRead: 1e6 },
        'claude-opus-4-7',
        T,
      ),
    ).toBe(0)
    expect(book.version).toMatch(/^genai-prices@[\d.]+\+corrections:\d+\+overrides:[0-9a-f]{10}$/)
    expect(new PriceBook().version).toMatch(/^genai-prices@[\d.]+\+corrections:\d+$/)
    expect(new PriceBook({}, null).version).toMatch(/^genai-prices@[\d.]+$/)
  })
})
