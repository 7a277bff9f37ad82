import { calcPrice, findProvider } from '@pydantic/genai-prices'
import { describe, expect, it } from 'vitest'
import type { TokenCounts } from '../../../shared/tokens'
import { PriceBook } from './price-book'

/**
 * Anthropic's published long-context rule (platform.claude.com/docs/en/about-claude/pricing
 * #long-context-pricing), checked for every Claude entry of the bundled price data: over 200K total
 * input (input + cache writes + cache reads) the whole request is priced at the long-context rates,
 * with the cache multipliers on top (5m write 1.25×, 1h write 2×, read 0.1× the input rate).
 */
interface LongContext {
  input: number
  output: number
  /** The rates applied until this UTC day (exclusive); always when absent. */
  until?: string
}

const SONNET_LC: LongContext = { input: 6, output: 22.5 }
/** The 1M window went GA at standard pricing on 2026-03-13 for Opus 4.6 and Sonnet 4.6. */
const GA = '2026-03-13'

/** Bundled entry id → a model id Claude Code logs, and its published long-context rates (null: none). */
const CLAUDE: Record<string, { model: string; lc: LongContext | null }> = {
  'claude-sonnet-4-0': { model: 'claude-sonnet-4-20250514', lc: SONNET_LC },
  'claude-sonnet-4-5': { model: 'claude-sonnet-4-5-20250929', lc: SONNET_LC },
  'claude-sonnet-4-6': { model: 'claude-sonnet-4-6', lc: { ...SONNET_LC, until: GA } },
  'claude-opus-4-6': { model: 'claude-opus-4-6', lc: { input: 10, output: 37.5, until: GA } },
  // "Claude 4.6 and later models include the full 1M token context window at standard pricing."
  'claude-opus-4-7': { model: 'claude-opus-4-7', lc: null },
  'claude-opus-4-8': { model: 'claude-opus-4-8', lc: null },
  'claude-opus-5': { model: 'claude-opus-5', lc: null },
  'claude-opus-5-5': { model: 'claude-opus-5-5', lc: null },
  'claude-sonnet-5': { model: 'claude-sonnet-5', lc: null },
  'claude-fable-5': { model: 'claude-fable-5', lc: null },
  'claude-fable-5-1': { model: 'claude-fable-5-1', lc: null },
  // 200K context window: no long-context rate published.
  'claude-haiku-4-5': { model: 'claude-haiku-4-5-20251001', lc: null },
  'claude-opus-4-5': { model: 'claude-opus-4-5-20251101', lc: null },
  'claude-opus-4-1': { model: 'claude-opus-4-1-20250805', lc: null },
  'claude-opus-4-0': { model: 'claude-opus-4-20250514', lc: null },
  'claude-3-7-sonnet-latest': { model: 'claude-3-7-sonnet-20250219', lc: null },
  'claude-3-5-sonnet': { model: 'claude-3-5-sonnet-20241022', lc: null },
  'claude-3-5-haiku-latest': { model: 'claude-3-5-haiku-20241022', lc: null },
  'claude-3-opus-latest': { model: 'claude-3-opus-20240229', lc: null },
  'claude-3-sonnet': { model: 'claude-3-sonnet-20240229', lc: null },
  'claude-3-haiku': { model: 'claude-3-haiku-20240307', lc: null },
  'claude-2': { model: 'claude-2.1', lc: null },
  'claude-v1': { model: 'claude-v1', lc: null },
}

/** Days to price on: during the 1M beta of Sonnet 4 / 4.5 / 4.6 / Opus 4.6, and after Opus 4.6 went GA. */
const DAYS = ['2026-03-01', '2026-04-18']

/** Total input 200,001 / 200,000: one token over the threshold, and exactly at it. */
function request(totalInput: number): TokenCounts {
  return {
    input: 1,
    output: 2_000,
    cacheWrite5m: 60_000,
    cacheWrite1h: 40_000,
    cacheRead: totalInput - 100_001,
  }
}

/** Base rates of the bundled entry, from a request far below any tier. */
function baseRates(model: string, day: Date) {
  const p = calcPrice({ input_tokens: 1, output_tokens: 1 }, model, {
    providerId: 'anthropic',
    timestamp: day,
  })
  expect(p).not.toBeNull()
  const price = p!.model_price
  const num = (k: string): number | undefined => {
    const v = price[k]
    return v === undefined || typeof v === 'number' ? v : v.base
  }
  const input = num('input_mtok')!
  // Claude 2 / v1 list no cache rates: they fall back as rule 8 says (1h → 5m write → input; read → input).
  const cw = num('cache_write_mtok') ?? input
  return {
    input,
    output: num('output_mtok')!,
    cacheWrite5m: cw,
    cacheWrite1h: num('cache_write_1h_mtok') ?? cw,
    cacheRead: num('cache_read_mtok') ?? input,
  }
}

function costAt(t: TokenCounts, r: ReturnType<typeof baseRates>): number {
  return (
    (t.input * r.input +
      t.output * r.output +
      t.cacheWrite5m * r.cacheWrite5m +
      t.cacheWrite1h * r.cacheWrite1h +
      t.cacheRead * r.cacheRead) /
    1e6
  )
}

describe('long-context prices of every Claude model in the bundled data', () => {
  it('covers every Claude entry of the bundled price data', () => {
    const ids = findProvider({ providerId: 'anthropic' })!.models.map((m) => m.id)
    expect(Object.keys(CLAUDE).sort()).toEqual([...ids].sort())
  })

  const book = new PriceBook()
  for (const [entry, { model, lc }] of Object.entries(CLAUDE)) {
    for (const d of DAYS) {
      const day = new Date(`${d}T12:00:00Z`)
      const inForce = lc !== null && (lc.until === undefined || d < lc.until)
      it(`${entry} (${model}) on ${d}: just over 200K input at ${inForce ? `$${lc!.input}/$${lc!.output}` : 'base rates'}`, () => {
        const base = baseRates(model, day)
        const over = request(200_001)
        const expected = inForce
          ? costAt(over, {
              input: lc!.input,
              output: lc!.output,
              cacheWrite5m: lc!.input * 1.25,
              cacheWrite1h: lc!.input * 2,
              cacheRead: lc!.input * 0.1,
            })
          : costAt(over, base)
        expect(book.cost(over, model, day.getTime())).toBeCloseTo(expected, 12)
      })
      it(`${entry} (${model}) on ${d}: exactly 200K input at base rates`, () => {
        const at = request(200_000)
        expect(book.cost(at, model, day.getTime())).toBeCloseTo(costAt(at, baseRates(model, day)), 12)
      })
    }
  }

  it('Sonnet 4: the bundled data alone prices 200,001 input at base rates, the correction at $6/$22.50', () => {
    const t = Date.UTC(2025, 8, 29)
    const over = request(200_001)
    const bundled = new PriceBook({}, null).cost(over, 'claude-sonnet-4-20250514', t)!
    const corrected = book.cost(over, 'claude-sonnet-4-20250514', t)!
    expect(bundled).toBeCloseTo(costAt(over, baseRates('claude-sonnet-4-20250514', new Date(t))), 12)
    // 1 × 6 + 2,000 × 22.50 + 60,000 × 7.50 + 40,000 × 12 + 100,000 × 0.60, per million.
    expect(corrected).toBeCloseTo((6 + 45_000 + 450_000 + 480_000 + 60_000) / 1e6, 12)
  })

  it('the user’s prices.json still wins over the correction', () => {
    const user = new PriceBook({ 'claude-sonnet-4-20250514': { input: 3, output: 15 } })
    const over = request(200_001)
    expect(user.cost(over, 'claude-sonnet-4-20250514', Date.UTC(2025, 8, 29))).toBeCloseTo(
      (3 + 30_000 + 60_000 * 3.75 + 40_000 * 6 + 100_000 * 0.3) / 1e6,
      12,
    )
  })
})
