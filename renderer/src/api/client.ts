import type { ObservatoryApi } from '../../../shared/app-api'
import type { ApiResult, PushEventName, PushEvents } from '../../../shared/contract'
import { PUSH_EVENT_NAMES } from '../../../shared/contract/names'
import { guardedApi } from '../../../shared/guarded-api'

/**
 * The contract from the page's side: in the desktop app it is the preload's `window.observatory`;
 * in a browser opened from `observatory serve` it is the same contract over HTTP + SSE, with the
 * token the server printed (`#token=…`, kept in sessionStorage for reloads).
 */
export function httpClient(base: string, token: string): ObservatoryApi {
  const listeners = new Map<string, Set<(d: unknown) => void>>()
  let source: EventSource | undefined
  const connect = () => {
    if (source) return
    source = new EventSource(`${base}api/events?token=${encodeURIComponent(token)}`)
    for (const name of PUSH_EVENT_NAMES)
      source.addEventListener(name, (e) => {
        let data: unknown
        try {
          data = JSON.parse((e as MessageEvent<string>).data)
        } catch {
          return console.warn(`ignored a malformed "${name}" event`)
        }
        for (const l of listeners.get(name) ?? []) l(data)
      })
  }
  return {
    async call(name, args) {
      try {
        const r = await fetch(`${base}api/${name}`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify(args ?? {}),
        })
        return (await r.json()) as ApiResult<never>
      } catch (err) {
        return {
          ok: false,
          error: { code: 'internal', message: `cannot reach Observatory: ${(err as Error).message}` },
        }
      }
    },
    on<K extends PushEventName>(name: K, listener: (data: PushEvents[K]) => void) {
      connect()
      const set = listeners.get(name) ?? new Set()
      listeners.set(name, set)
      const l = listener as (d: unknown) => void
      set.add(l)
      return () => set.delete(l)
    },
  }
}

const TOKEN_KEY = 'observatory-token'

/**
 * Picks the bridge: the preload's when present, else HTTP with the token from the URL or the session;
 * either way every call has a timeout and answers an error rather than rejecting (shared/guarded-api.ts).
 */
export function createClient(): ObservatoryApi | null {
  if (window.observatory) return guardedApi(window.observatory)
  const m = /(?:^#|&)token=([^&]+)/.exec(location.hash)
  if (m) {
    sessionStorage.setItem(TOKEN_KEY, decodeURIComponent(m[1]!))
    history.replaceState(null, '', `${location.pathname}${location.search}#/overview`)
  }
  const token = sessionStorage.getItem(TOKEN_KEY)
  return token ? guardedApi(httpClient(`${location.origin}/`, token)) : null
}
