import { describe, expect, it } from 'vitest'
import type { ResponseTimesResult } from '../../shared/contract'
import { formatDuration } from '../../shared/format'
import { ALL, inBothSchemes, useServedFixtures } from './fixture'
import { ResponseTimesPage } from './pages/response-times'

/** Response times over the real fixtures: the median turn is the contract's. */
const e = useServedFixtures()

describe('Response times', () => {
  it('shows the contract’s median turn', async () => {
    const rt = await e.served.call<ResponseTimesResult>('responseTimes', { ...ALL, groupBy: 'week' })
    await inBothSchemes(e, ResponseTimesPage, async (r, d) => {
      await d.settled()
      expect(await r.turnP50.textContent()).toBe(formatDuration(rt.turns.p50, 'en-US'))
    })
  })
})
