import { expect, it } from 'vitest'
import type { CoreStatus } from '../../../shared/contract'
import { coreBannerText, refetchOnCoreStatus } from './core-banner'

it('says why the core stopped and when it retries, and nothing while it runs', () => {
  expect(coreBannerText(null)).toBeNull()
  expect(coreBannerText({ state: 'ready', restarts: 2 })).toBeNull()
  expect(coreBannerText({ state: 'starting', restarts: 0 })).toBeNull()
  expect(
    coreBannerText({
      state: 'restarting',
      restarts: 3,
      message: 'the core failed: database is locked',
      retryInMs: 4000,
    }),
  ).toBe("Observatory's data core stopped: the core failed: database is locked. Retrying in 4 s.")
})

it('refetches when the core is ready again after a restart, through the starting the relay emits', () => {
  // What CoreRelay emits (core-relay.test.ts checks it): start, ready, a failure, the restart, ready.
  const seq: CoreStatus[] = [
    { state: 'starting', restarts: 0 },
    { state: 'ready', restarts: 0 },
    { state: 'restarting', restarts: 1, message: 'the core exited (code 3)', retryInMs: 1000 },
    { state: 'starting', restarts: 1 },
    { state: 'ready', restarts: 1 },
  ]
  const refetches = seq.map((s, i) => refetchOnCoreStatus(seq[i - 1] ?? null, s))
  expect(refetches).toEqual([false, true, false, false, true])
  // A ready after a ready only when the core restarted in between (events it did not see).
  expect(refetchOnCoreStatus({ state: 'ready', restarts: 1 }, { state: 'ready', restarts: 1 })).toBe(false)
  expect(refetchOnCoreStatus({ state: 'ready', restarts: 1 }, { state: 'ready', restarts: 2 })).toBe(true)
  // The first status the page hears is its baseline; nothing but ready refetches.
  expect(refetchOnCoreStatus(null, { state: 'ready', restarts: 0 })).toBe(false)
  expect(refetchOnCoreStatus({ state: 'ready', restarts: 0 }, { state: 'stopped', restarts: 0 })).toBe(false)
})
