import { describe, it } from 'vitest'
import { inBothSchemes, useServedFixtures } from './fixture'
import { ProjectsPage } from './pages/projects'

/** Projects over the real fixtures: two checked projects are drawn side by side. */
const e = useServedFixtures()

describe('Projects', () => {
  it('compares two projects in a chart', async () => {
    await inBothSchemes(e, ProjectsPage, async (p, d) => {
      await d.settled()
      await p.compare(0, 1)
      await p.comparisonChart.waitFor()
    })
  })
})
