import { describe, expect, it, vi } from 'vitest'
import type { ObservatoryApi } from './app-api'
import { DEFAULT_CALL_TIMEOUT_MS } from '../electron/main/core-relay'
import { callTimeoutMs, guardedApi } from './guarded-api'

/** A bridge whose `call` does what the test says. */
const bridge = (call: (name: string) => Promise<unknown>): ObservatoryApi =>
  ({ call: (name: string) => call(name), on: () => () => {} }) as unknown as ObservatoryApi

describe('the guarded bridge', () => {
  it('passes good answers through', async () => {
    const api = guardedApi(bridge(async () => ({ ok: true, value: { n: 1 } })))
    expect(await api.call('summary', {})).toEqual({ ok: true, value: { n: 1 } })
    const err = { ok: false, error: { code: 'store', message: 'locked' } }
    expect(await guardedApi(bridge(async () => err)).call('summary', {})).toEqual(err)
  })

  it('answers an error when no answer comes in time', async () => {
    vi.useFakeTimers()
    try {
      const api = guardedApi(
        bridge(() => new Promise(() => {})),
        () => 30,
      )
      let answer: unknown
      void api.call('summary', {}).then((r) => (answer = r))
      // The answer comes when the timeout runs out, not before.
      await vi.advanceTimersByTimeAsync(29)
      expect(answer).toBeUndefined()
      await vi.advanceTimersByTimeAsync(1)
      expect(answer).toMatchObject({
        ok: false,
        error: { code: 'internal', message: 'no answer to "summary" within 0 s' },
      })
    } finally {
      vi.useRealTimers()
    }
  })

  it('answers an error when the call rejects or throws', async () => {
    const rejects = guardedApi(bridge(() => Promise.reject(new Error('An object could not be cloned.'))))
    expect(await rejects.call('summary', {})).toMatchObject({
      ok: false,
      error: { message: '"summary" failed: An object could not be cloned.' },
    })
    const throws = guardedApi(
      bridge(() => {
        throw new Error('bridge gone')
      }),
    )
    expect(await throws.call('summary', {})).toMatchObject({ ok: false, error: { message: /bridge gone/ } })
  })

  it('answers an error for an answer not shaped like the contract', async () => {
    for (const bad of [
      undefined,
      null,
      'ok',
      42,
      {},
      { ok: true },
      { ok: false },
      { ok: false, error: 'x' },
    ]) {
      const r = await guardedApi(bridge(async () => bad)).call('sessions', {})
      expect(r, JSON.stringify(bad)).toMatchObject({ ok: false, error: { code: 'internal' } })
    }
  })

  it('waits longer for exports than for queries', () => {
    expect(callTimeoutMs('exportView')).toBeGreaterThan(callTimeoutMs('summary'))
    expect(callTimeoutMs('summary')).toBeGreaterThanOrEqual(60_000)
  })

  it("waits for an export well past main's own timeout, which starts only once the save dialog closed", () => {
    // The page's clock also runs while the dialog is open; main's relay timeout does not.
    expect(callTimeoutMs('exportView')).toBeGreaterThanOrEqual(DEFAULT_CALL_TIMEOUT_MS + 15 * 60_000)
    expect(callTimeoutMs('exportView')).toBe(30 * 60_000)
  })
})
