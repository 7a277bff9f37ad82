import { describe, expect, it } from 'vitest'
import type { HeatmapResult } from '../../shared/contract'
import { ALL, inBothSchemes, useServedFixtures } from './fixture'
import { ActivityPage } from './pages/activity'

/** Activity over the real fixtures: the heatmap's peak hour is the contract's. */
const e = useServedFixtures()

describe('Activity', () => {
  it('shows the contract’s peak hour', async () => {
    const heat = await e.served.call<HeatmapResult>('heatmap', ALL)
    await inBothSchemes(e, ActivityPage, async (a, d) => {
      await d.settled()
      await expect.poll(() => a.peak.textContent()).toContain(`${String(heat.peakHour).padStart(2, '0')}:00`)
    })
  })
})
