import {
  REQUESTS,
  type ApiError,
  type ApiResult,
  type PushEvents,
  type RequestName,
  type ResultMap,
  type ValidArgs,
} from '../../../shared/contract'
import { ACTION_NAMES, type QUERY_NAMES } from '../../../shared/contract/names'
import { ConfigError } from '../prices/overrides'
import { asStoreError, StoreError, type Db } from '../store/db'
import { heatmap } from '../metrics/heatmap'
import { series } from '../metrics/series'
import { summary } from '../metrics/summary'
import { models } from '../metrics/models'
import { responseTimes } from '../metrics/response-times'
import { projects } from '../metrics/projects'
import { sessions } from '../metrics/sessions'
import { sessionDetail } from '../metrics/session-detail'
import { tools } from '../metrics/tools'
import { agents } from '../metrics/agents'
import { cache } from '../metrics/cache'
import { forecast } from '../metrics/forecast'
import { compare } from '../metrics/compare'
import { health, QueryTimings } from '../metrics/health'
import { alertInputs } from '../metrics/alert-inputs'
import { listAlerts } from '../alerts/alert-store'
import { PriceBook } from '../prices/price-book'
import { BUCKET_MS } from '../store/buckets'
import { LimitError } from '../metrics/limits'
import { ResultCache } from './result-cache'
import { z } from 'zod'

type QueryName = (typeof QUERY_NAMES)[number]
type ActionName = (typeof ACTION_NAMES)[number]

type Handlers = {
  [K in QueryName]: (
    db: Db,
    args: ValidArgs<K>,
    now: number,
    prices: PriceBook,
    timings: QueryTimings,
  ) => ResultMap[K]
}

/** Settings and sources: supplied by the host that owns the roots (CoreHost); mutations are never cached. */
export type ActionHandlers = {
  [K in ActionName]: (args: ValidArgs<K>) => ResultMap[K] | Promise<ResultMap[K]>
}

const HANDLERS: Handlers = {
  summary,
  series,
  heatmap,
  models,
  responseTimes,
  projects,
  sessions,
  session: sessionDetail,
  tools,
  agents,
  cache,
  forecast,
  compare,
  health: (db, _args, _now, _prices, timings) => health(db, timings),
  alertInputs,
  alerts: (db, args, now) => listAlerts(db, args.limit, now),
}

/** An action refused for a reason the user can fix (a missing folder, no transcripts in it). */
export class ActionError extends Error {}

const fail = (code: ApiError['code'], message: string): ApiResult<never> => ({
  ok: false,
  error: { code, message },
})

/**
 * The contract's server side: validates arguments, runs the query, and answers `{ok, value}` or
 * `{ok: false, error}` — it never throws. Results are cached per request, arguments and 15-minute
 * slot of "now" in a byte-bounded LRU cache; `invalidate()` (on the data-changed push event) clears it.
 */
export class Api {
  readonly timings = new QueryTimings()

  constructor(
    private readonly db: Db,
    private readonly now: () => number = Date.now,
    private readonly log: (msg: string) => void = () => {},
    private prices: PriceBook = new PriceBook(),
    private readonly actions: Partial<ActionHandlers> = {},
    private readonly cache = new ResultCache<ApiResult<unknown>>(),
  ) {}

  private gate: () => string | null = () => null

  /** While `gate` returns a message (the store is being upgraded), every request but health answers it. */
  setGate(gate: () => string | null): void {
    this.gate = gate
  }

  setPrices(prices: PriceBook): void {
    this.prices = prices
    this.invalidate()
  }

  call(name: string, raw: unknown): ApiResult<unknown> {
    if (!Object.hasOwn(REQUESTS, name)) return fail('unknown_request', `unknown request "${name}"`)
    const key = name as RequestName
    const parsed = REQUESTS[key].safeParse(raw ?? {})
    if (!parsed.success) return fail('invalid_arguments', z.prettifyError(parsed.error))
    const closed = key === 'health' ? null : this.gate()
    if (closed) return fail('store', closed)
    if ((ACTION_NAMES as readonly string[]).includes(key)) {
      const r = this.act(key as ActionName, parsed.data)
      return r instanceof Promise ? fail('invalid_arguments', `"${key}" is asynchronous: use callAsync`) : r
    }
    const now = this.now()
    const cacheKey = `${key}\u0000${Math.floor(now / BUCKET_MS)}\u0000${JSON.stringify(parsed.data)}`
    const hit = key === 'health' ? undefined : this.cache.get(cacheKey)
    if (hit) return hit
    let result: ApiResult<unknown>
    try {
      const handler = HANDLERS[key as QueryName] as (...a: unknown[]) => unknown
      const t = performance.now()
      result = { ok: true, value: handler(this.db, parsed.data, now, this.prices, this.timings) }
      this.timings.record(key, performance.now() - t)
    } catch (raw) {
      const err = asStoreError(raw, this.db.name)
      if (err instanceof StoreError) return fail('store', err.message)
      if (err instanceof LimitError) {
        this.log(`request ${key} refused: ${err.message}`)
        return fail('invalid_arguments', err.message)
      }
      this.log(`request ${key} failed: ${(err as Error).stack ?? String(err)}`)
      return fail('internal', `request ${key} failed: ${(err as Error).message}`)
    }
    // Sized by its JSON text: what IPC and HTTP carry. A result over the per-entry cap is not kept.
    if (key !== 'health') this.cache.set(cacheKey, result, JSON.stringify(result).length)
    return result
  }

  /**
   * Like `call`, and also answers the asynchronous actions (an export renders a PDF): what the IPC
   * relay and the HTTP server use.
   */
  async callAsync(name: string, raw: unknown): Promise<ApiResult<unknown>> {
    if (!(ACTION_NAMES as readonly string[]).includes(name)) return this.call(name, raw)
    const parsed = REQUESTS[name as ActionName].safeParse(raw ?? {})
    if (!parsed.success) return fail('invalid_arguments', z.prettifyError(parsed.error))
    const closed = this.gate()
    if (closed) return fail('store', closed)
    return this.act(name as ActionName, parsed.data)
  }

  private act(name: ActionName, args: unknown): ApiResult<unknown> | Promise<ApiResult<unknown>> {
    const handler = this.actions[name] as ((a: unknown) => unknown) | undefined
    if (!handler)
      return fail('unknown_request', `"${name}" is answered by the app or \`observatory serve\` only`)
    try {
      const value = handler(args)
      if (value instanceof Promise)
        return value.then(
          (v): ApiResult<unknown> => {
            this.invalidate()
            return { ok: true, value: v }
          },
          (err: unknown) => this.failure(name, err),
        )
      this.invalidate()
      return { ok: true, value }
    } catch (err) {
      return this.failure(name, err)
    }
  }

  private failure(name: string, raw: unknown): ApiResult<never> {
    const err = asStoreError(raw, this.db.name)
    if (err instanceof StoreError) return fail('store', err.message)
    if (err instanceof ActionError || err instanceof ConfigError)
      return fail('invalid_arguments', err.message)
    this.log(`request ${name} failed: ${(err as Error).stack ?? String(err)}`)
    return fail('internal', `request ${name} failed: ${(err as Error).message}`)
  }

  invalidate(): void {
    this.cache.clear()
  }

  /** The result cache's bound in bytes (Settings → Data, `resultCacheMb`). */
  setCacheBytes(bytes: number): void {
    this.cache.resize(bytes)
  }

  get cacheBytes(): { held: number; max: number } {
    return { held: this.cache.bytes, max: this.cache.maxBytes }
  }
}

/** The data-changed event for an ingest pass, or null when the pass read nothing new. */
export function dataChanged(s: {
  filesRead: number
  newResponses: number
}): PushEvents['data-changed'] | null {
  return s.filesRead === 0
    ? null
    : { at: new Date().toISOString(), newResponses: s.newResponses, filesRead: s.filesRead }
}
