import type { ObservatoryApi } from './app-api'
import type { ApiResult } from './contract'

/** How long the page waits for an answer: exports and maintenance may write big files, the rest is a query. */
export function callTimeoutMs(name: string): number {
  // 30 min, well past main's 10: the page's clock runs while the save dialog is open, main's starts after.
  if (name === 'exportView') return 1_800_000
  return name === 'maintenance' ? 600_000 : 120_000
}

/** An `internal` failure answer. */
export const fail = (message: string): ApiResult<never> => ({
  ok: false,
  error: { code: 'internal', message },
})

/** The text of whatever a call threw (some values, e.g. null-prototype objects, have none). */
export function reason(err: unknown): string {
  try {
    return err instanceof Error ? err.message : String(err)
  } catch {
    return 'unknown error'
  }
}

/** An answer has the contract's shape: {ok: true, value} or {ok: false, error: {code, message}}. */
function isApiResult(r: unknown): r is ApiResult<unknown> {
  if (typeof r !== 'object' || r === null) return false
  const x = r as { ok?: unknown; value?: unknown; error?: { message?: unknown } }
  if (x.ok === true) return 'value' in x
  return x.ok === false && typeof x.error?.message === 'string'
}

/**
 * The bridge as the page uses it: every call answers within its timeout, a rejected call or an answer
 * not shaped like the contract becomes {ok: false, error}, so no view waits forever or crashes on it.
 */
export function guardedApi(
  api: ObservatoryApi,
  timeoutMs: (name: string) => number = callTimeoutMs,
): ObservatoryApi {
  return {
    ...api,
    call(name, args) {
      const ms = timeoutMs(name)
      let timer: ReturnType<typeof setTimeout> | undefined
      const timeout = new Promise<ApiResult<never>>((resolve) => {
        timer = setTimeout(
          () => resolve(fail(`no answer to "${name}" within ${Math.round(ms / 1000)} s`)),
          ms,
        )
      })
      const answer = Promise.resolve()
        .then(() => api.call(name, args))
        .then(
          (r): ApiResult<never> =>
            isApiResult(r)
              ? (r as ApiResult<never>)
              : fail(`"${name}" got an answer Observatory cannot read`),
          (err: unknown) => fail(`"${name}" failed: ${reason(err)}`),
        )
      return Promise.race([answer, timeout]).finally(() => clearTimeout(timer))
    },
  }
}
