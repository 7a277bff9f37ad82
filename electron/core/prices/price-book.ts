import type { calcPrice as CalcPrice, ModelPrice, TieredPrices } from '@pydantic/genai-prices'
import { lazyRequire } from '../lazy-require'
import { createHash } from 'node:crypto'
import type { TokenCounts } from '../../../shared/tokens'
import { PRICE_DATA_VERSION } from './price-data-version'
import type { PriceOverrides, Rates } from './overrides'
import { CORRECTIONS, type CorrectionSet } from './corrections'
import { DAY_MS } from '../store/buckets'

type Rate = number | TieredPrices

/** $ per million tokens for each kind; tiered rates depend on the request's total input. */
interface ResolvedRates {
  input: Rate
  output: Rate
  cacheWrite5m: Rate
  cacheWrite1h: Rate
  cacheRead: Rate
}

let calcPriceFn: typeof CalcPrice | undefined
/** The price data set is large; load it on the first model we need to price. */
function loadPriceData(): typeof CalcPrice {
  return (calcPriceFn ??= (lazyRequire('@pydantic/genai-prices') as { calcPrice: typeof CalcPrice })
    .calcPrice)
}

function calcPrice(...args: Parameters<typeof CalcPrice>): ReturnType<typeof CalcPrice> {
  return loadPriceData()(...args)
}

function rateAt(r: Rate, totalInput: number): number {
  if (typeof r === 'number') return r
  let p = r.base
  for (const t of r.tiers) if (totalInput > t.start) p = t.price
  return p
}

/**
 * Fills the five rates from a genai-prices entry the way genai-prices itself decomposes usage:
 * an unpriced cache kind falls back to its parent (1h write → 5m write → input; read → input).
 * Input and output must be priced, or the model counts as unpriced.
 */
function fromModelPrice(p: ModelPrice): ResolvedRates | null {
  const input = p.input_mtok
  const output = p.output_mtok
  if (input === undefined || output === undefined) return null
  const cw = p.cache_write_mtok ?? input
  return {
    input,
    output,
    cacheWrite5m: cw,
    cacheWrite1h: p.cache_write_1h_mtok ?? cw,
    cacheRead: p.cache_read_mtok ?? input,
  }
}

function fromOverride(r: Rates): ResolvedRates {
  return {
    input: r.input,
    output: r.output,
    cacheWrite5m: r.cacheWrite5m ?? r.input * 1.25,
    cacheWrite1h: r.cacheWrite1h ?? r.input * 2,
    cacheRead: r.cacheRead ?? r.input * 0.1,
  }
}

/**
 * Cost of a response = Σ tokens of each kind × the rate of its model on its day. Models with no
 * known price are unpriced: `cost` returns null, never 0.
 */
export class PriceBook {
  readonly version: string
  private readonly cache = new Map<string, ResolvedRates | null>()

  /** `corrections`: the built-in layer over the bundled data (null: the bundled data alone). */
  constructor(
    private readonly overrides: PriceOverrides = {},
    private readonly corrections: CorrectionSet | null = CORRECTIONS,
  ) {
    const keys = Object.keys(overrides)
    const data = corrections
      ? `${PRICE_DATA_VERSION}+corrections:${corrections.revision}`
      : PRICE_DATA_VERSION
    this.version =
      keys.length === 0
        ? data
        : `${data}+overrides:${createHash('sha256').update(JSON.stringify(overrides)).digest('hex').slice(0, 10)}`
  }

  /** Rates for a model at a time (prices can change by date), memoized per model and UTC day. */
  private rates(model: string, ts: number): ResolvedRates | null {
    const day = Math.floor(ts / DAY_MS)
    const k = `${model}\u0000${day}`
    const hit = this.cache.get(k)
    if (hit !== undefined) return hit
    const r = this.resolve(model, new Date(day * DAY_MS))
    this.cache.set(k, r)
    return r
  }

  private resolve(model: string, day: Date): ResolvedRates | null {
    const o = this.override(model)
    if (o) return fromOverride(o)
    if (model === '<synthetic>' || model === 'unknown') return null
    const probe = { input_tokens: 1, output_tokens: 1 }
    const hit =
      calcPrice(probe, model, { providerId: 'anthropic', timestamp: day }) ??
      calcPrice(probe, model, { timestamp: day })
    if (!hit) return null
    const fix = hit.provider.id === 'anthropic' ? this.corrections?.models[hit.model.id] : undefined
    return fix ? { ...fix } : fromModelPrice(hit.model_price)
  }

  /** Exact id first, then the longest `prefix*` pattern. */
  private override(model: string): Rates | undefined {
    const exact = this.overrides[model]
    if (exact) return exact
    let best: { len: number; r: Rates } | undefined
    for (const [pat, r] of Object.entries(this.overrides)) {
      if (!pat.endsWith('*')) continue
      const pre = pat.slice(0, -1)
      if (model.startsWith(pre) && (!best || pre.length > best.len)) best = { len: pre.length, r }
    }
    return best?.r
  }

  /** Loads the price data now (an ingest does it while it waits for its first parsed file). */
  prepare(): void {
    loadPriceData()
  }

  isPriced(model: string, ts: number): boolean {
    return this.rates(model, ts) !== null
  }

  cost(t: TokenCounts, model: string, ts: number): number | null {
    const r = this.rates(model, ts)
    if (r === null) return null
    const totalInput = t.input + t.cacheWrite5m + t.cacheWrite1h + t.cacheRead
    return (
      (t.input * rateAt(r.input, totalInput) +
        t.output * rateAt(r.output, totalInput) +
        t.cacheWrite5m * rateAt(r.cacheWrite5m, totalInput) +
        t.cacheWrite1h * rateAt(r.cacheWrite1h, totalInput) +
        t.cacheRead * rateAt(r.cacheRead, totalInput)) /
      1e6
    )
  }
}
