import { useEffect, useState, useSyncExternalStore } from 'react'
import type { ObservatoryApi } from '../../../shared/app-api'
import type { RequestArgs, RequestName, ResultMap } from '../../../shared/contract'

export interface QueryState<T> {
  data?: T
  error?: string
  /** true while a request for this key is in flight (data may still show the previous answer). */
  loading: boolean
  /** data is the answer to the previous arguments, shown until the new one arrives. */
  stale?: boolean
}

interface Entry {
  state: QueryState<unknown>
  listeners: Set<() => void>
  name: RequestName
  args: unknown
  seq: number
}

/**
 * A small query layer: results keyed by request + arguments, shared by every component that asks
 * for the same thing, refetched when a push event says the data changed. A refetch keeps showing
 * the previous answer until the new one arrives, so views do not flash, lose scroll or chart zoom.
 */
export class QueryClient {
  private readonly entries = new Map<string, Entry>()

  constructor(readonly api: ObservatoryApi) {
    api.on('data-changed', () => this.invalidate())
  }

  static key(name: string, args: unknown): string {
    return `${name}:${JSON.stringify(args ?? {})}`
  }

  entry(name: RequestName, args: unknown): Entry {
    const key = QueryClient.key(name, args)
    let e = this.entries.get(key)
    if (!e) {
      e = { state: { loading: false }, listeners: new Set(), name, args, seq: 0 }
      this.entries.set(key, e)
    }
    return e
  }

  fetch(e: Entry): void {
    const seq = ++e.seq
    this.set(e, { ...e.state, loading: true })
    void this.api.call(e.name, e.args as never).then((r) => {
      if (seq !== e.seq) return // a newer request for this key answered or will
      this.set(
        e,
        r.ok
          ? { data: r.value, loading: false }
          : { data: e.state.data, error: r.error.message, loading: false },
      )
    })
  }

  /** Refetches what is on screen; forgets the rest (they refetch when shown again). */
  invalidate(): void {
    for (const [key, e] of this.entries) {
      if (e.listeners.size > 0) this.fetch(e)
      else this.entries.delete(key)
    }
  }

  private set(e: Entry, state: QueryState<unknown>): void {
    e.state = state
    for (const l of e.listeners) l()
  }
}

let client: QueryClient | undefined
export function setQueryClient(c: QueryClient): void {
  client = c
}
export function queryClient(): QueryClient {
  if (!client) throw new Error('query client not set')
  return client
}

/** The answer to `name(args)`, kept current; pass `null` args to skip the request. */
export function useQuery<K extends RequestName>(
  name: K,
  args: RequestArgs<K> | null,
): QueryState<ResultMap[K]> {
  const c = queryClient()
  const e = args === null ? null : c.entry(name, args)
  const state = useSyncExternalStore(
    (cb) => {
      if (!e) return () => {}
      e.listeners.add(cb)
      return () => e.listeners.delete(cb)
    },
    () => (e ? e.state : IDLE),
  )
  useEffect(() => {
    if (e && e.state.data === undefined && !e.state.loading && e.state.error === undefined) c.fetch(e)
  }, [c, e])
  // While new arguments load, keep showing the last answer (marked stale) instead of a blank view.
  const [last, setLast] = useState<unknown>(undefined)
  if (state.data !== undefined && state.data !== last) setLast(state.data)
  if (state.data === undefined && state.error === undefined && last !== undefined)
    return { data: last as ResultMap[K], loading: true, stale: true }
  return state as QueryState<ResultMap[K]>
}

const IDLE: QueryState<never> = { loading: false }
