import type { TieredPrices } from '@pydantic/genai-prices'

/**
 * Built-in corrections to the bundled genai-prices snapshot, applied on top of it (the user's
 * prices.json still wins). Each replaces the rates of one bundled model entry.
 *
 * Source: Anthropic, "Pricing › Long context pricing",
 * https://platform.claude.com/docs/en/about-claude/pricing#long-context-pricing (as published
 * 2025-11 and 2026-03): "For Claude Sonnet 4.5 and Sonnet 4, requests exceeding 200k input tokens
 * are charged at premium long context rates" — $6 input / $22.50 output per MTok; "Prompt caching
 * multipliers apply on top of long context pricing" (5m write 1.25×, 1h write 2×, read 0.1× input);
 * "The 200K threshold is based solely on input tokens (including cache reads/writes) … all tokens
 * incur premium pricing". Opus 4.6 and Sonnet 4.6 had such rates until the 1M window went GA on
 * 2026-03-13; "Claude 4.6 and later models include the full 1M token context window at standard
 * pricing"; every other Claude model has a 200K window and no long-context rate. The bundle has
 * all of that except the Sonnet 4 tier.
 */
export interface CorrectionSet {
  /** Bumped on every change of `models`: part of the stored price_version, so stores are re-priced. */
  revision: number
  /** genai-prices model entry id (provider `anthropic`) → the rates that replace the bundled ones. */
  models: Readonly<Record<string, CorrectedRates>>
}

/** $ per million tokens; a tiered rate applies when the request's total input exceeds the tier start. */
export interface CorrectedRates {
  input: number | TieredPrices
  output: number | TieredPrices
  cacheWrite5m: number | TieredPrices
  cacheWrite1h: number | TieredPrices
  cacheRead: number | TieredPrices
}

const LONG_CONTEXT_START = 200_000

function tier(base: number, longContext: number): TieredPrices {
  return { base, tiers: [{ start: LONG_CONTEXT_START, price: longContext }] }
}

export const CORRECTIONS: CorrectionSet = {
  revision: 1,
  models: {
    // claude-sonnet-4-20250514 and its aliases: 1M context beta from 2025-08-12 until 2026-04-30.
    'claude-sonnet-4-0': {
      input: tier(3, 6),
      output: tier(15, 22.5),
      cacheWrite5m: tier(3.75, 7.5),
      cacheWrite1h: tier(6, 12),
      cacheRead: tier(0.3, 0.6),
    },
  },
}
