/** The preload bridge's shape (grows into the full typed contract in the metrics issue). */
export interface TodayTotals {
  date: string
  inputTokens: number
  outputTokens: number
  cacheCreationTokens: number
  cacheReadTokens: number
  totalTokens: number
  totalCost: number | null
  unpricedTokens: number
}

export type Result<T> = { seq: number; ok: true; value: T } | { seq: number; ok: false; error: string }

export interface ObservatoryApi {
  today(): Promise<Result<TodayTotals>>
}
