/** The five billable token kinds Observatory keeps apart (see ARCHITECTURE.md, "Counting rules"). */
export interface TokenCounts {
  input: number
  output: number
  cacheWrite5m: number
  cacheWrite1h: number
  cacheRead: number
}

export const TOKEN_KINDS = ['input', 'output', 'cacheWrite5m', 'cacheWrite1h', 'cacheRead'] as const
export type TokenKind = (typeof TOKEN_KINDS)[number]

export function emptyTokens(): TokenCounts {
  return { input: 0, output: 0, cacheWrite5m: 0, cacheWrite1h: 0, cacheRead: 0 }
}

export function tokenTotal(t: TokenCounts): number {
  return t.input + t.output + t.cacheWrite5m + t.cacheWrite1h + t.cacheRead
}

export function addTokens(into: TokenCounts, t: TokenCounts): TokenCounts {
  into.input += t.input
  into.output += t.output
  into.cacheWrite5m += t.cacheWrite5m
  into.cacheWrite1h += t.cacheWrite1h
  into.cacheRead += t.cacheRead
  return into
}

/**
 * Cache hit rate: cache reads / (input + cache writes + cache reads), i.e. the share of input tokens
 * served from the cache; null when there was no input at all.
 */
export function cacheHitRate(cacheRead: number, inputAndWrites: number): number | null {
  const denom = inputAndWrites + cacheRead
  return denom === 0 ? null : cacheRead / denom
}
