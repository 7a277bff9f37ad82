import { describe, expect, it } from 'vitest'
import { useFixtureStore, type TestStore } from '../../../tests/helpers/store'
import type { ApiResult } from '../../../shared/contract'
import { Api } from './api'
import { ResultCache } from './result-cache'

describe('ResultCache', () => {
  it('stays under its byte bound when filled past it, evicting the least recently used first', () => {
    const c = new ResultCache<string>(10_000, 2_000)
    const put = (i: number) => c.set(`k${i}`, `v${i}`, 1_000 - `k${i}`.length)
    for (let i = 0; i < 10; i++) expect(put(i)).toBe(true)
    expect(c.bytes).toBe(10_000)
    expect(c.get('k0')).toBe('v0') // k0 is now the most recently used; k1 the least
    for (let i = 10; i < 15; i++) {
      put(i)
      expect(c.bytes).toBeLessThanOrEqual(10_000)
    }
    expect(c.size).toBe(10)
    expect(['k1', 'k2', 'k3', 'k4', 'k5'].filter((k) => c.has(k))).toEqual([])
    expect(['k0', 'k6', 'k9', 'k14'].every((k) => c.has(k))).toBe(true)
  })

  it('a smaller bound evicts the least recently used entries until the rest fits', () => {
    const c = new ResultCache<string>(10_000, 2_000)
    for (let i = 0; i < 10; i++) c.set(`k${i}`, `v${i}`, 1_000 - `k${i}`.length)
    c.get('k0')
    c.resize(3_000)
    expect(c.maxBytes).toBe(3_000)
    expect(c.bytes).toBe(3_000)
    expect(['k0', 'k8', 'k9'].every((k) => c.has(k))).toBe(true)
    expect(c.set('k10', 'v10', 1_000 - 3)).toBe(true)
    expect(c.bytes).toBeLessThanOrEqual(3_000)
    expect(c.has('k8')).toBe(false)
    expect(c.has('k0')).toBe(true)
  })

  it('does not keep an entry over the per-entry cap, and replacing an entry counts it once', () => {
    const c = new ResultCache<string>(10_000, 2_000)
    c.set('a', 'x', 500)
    expect(c.set('big', 'y', 5_000)).toBe(false)
    expect(c.has('big')).toBe(false)
    c.set('a', 'z', 700)
    expect(c.bytes).toBe(701)
    expect(c.get('a')).toBe('z')
    // A replacement over the cap drops the old value rather than keeping a stale one.
    c.set('a', 'w', 5_000)
    expect(c.has('a')).toBe(false)
    expect(c.bytes).toBe(0)
  })
})

describe('the API result cache', () => {
  let store: TestStore
  useFixtureStore((s) => (store = s))

  it('holds at most its byte bound over many distinct requests, and answers but does not keep a huge one', () => {
    const cache = new ResultCache<ApiResult<unknown>>(200_000, 100_000)
    const api = new Api(store.db, () => Date.UTC(2026, 10, 24), undefined, undefined, {}, cache)
    const zones = [
      'UTC',
      'Europe/Paris',
      'Asia/Tokyo',
      'America/New_York',
      'Asia/Kolkata',
      'Australia/Sydney',
    ]
    let answered = 0
    for (const timezone of zones)
      for (const weekStart of [1, 2, 3, 4, 5, 6, 7]) {
        const r = api.call('series', { range: { preset: 'all' }, timezone, weekStart, groupBy: 'week' })
        expect(r.ok).toBe(true)
        answered += JSON.stringify(r).length
        expect(cache.bytes).toBeLessThanOrEqual(200_000)
      }
    expect(answered).toBeGreaterThan(400_000) // the requests together were well over the bound
    expect(cache.size).toBeGreaterThan(0)
    // A repeated request is answered from the cache: the same object.
    const args = { range: { preset: 'all' }, timezone: 'UTC', weekStart: 7, groupBy: 'week' }
    const first = api.call('series', args)
    expect(api.call('series', args)).toBe(first)
    // Hour groups over 90 days are over the per-entry cap: answered, not kept.
    const big = { range: { start: '2026-01-01T00:00:00Z', end: '2026-03-31T00:00:00Z' }, groupBy: 'hour' }
    const r1 = api.call('series', big)
    expect(r1.ok).toBe(true)
    expect(JSON.stringify(r1).length).toBeGreaterThan(100_000)
    const r2 = api.call('series', big)
    expect(r2).toEqual(r1)
    expect(r2).not.toBe(r1)
  })
})
