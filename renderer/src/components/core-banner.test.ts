import { expect, it } from 'vitest'
import { coreBannerText } from './core-banner'

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
