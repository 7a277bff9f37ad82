import { describe, expect, it } from 'vitest'
import type { SeriesResult } from '../../shared/contract'
import { TOKEN_KIND_LABELS } from '../../shared/charts/common'
import { TOKEN_KINDS } from '../../shared/tokens'
import { ALL, cell, inBothSchemes, money, readTableCsv, useServedFixtures } from './fixture'
import { DashboardPage } from './pages/dashboard'
import { CostPage } from './pages/cost'

/** Cost & tokens over the real fixtures: the table is the contract's series, and its CSV too. */
const e = useServedFixtures()

describe('Cost & tokens', () => {
  it('the table under the chart has one row per period with data, totals as the contract says', async () => {
    const series = await e.served.call<SeriesResult>('series', {
      ...ALL,
      groupBy: 'day',
      breakdownBy: 'model',
    })
    const busiest = [...series.points].sort((a, b) => (b.cost ?? 0) - (a.cost ?? 0))[0]!
    await inBothSchemes(e, CostPage, async (c, d) => {
      await c.groupBy('Day')
      await d.settled()
      await expect.poll(() => c.periodCost(busiest.label).textContent()).toBe(money(busiest.cost))
    })
  })

  it('the per-period table’s CSV button follows the page’s grouping (its title names it)', async () => {
    const d = await DashboardPage.open(e.browser, e.served)
    await d.setRange('all')
    const c = await d.show(CostPage)
    await c.groupBy('Week')
    await d.settled()
    const weeks = await e.served.call<SeriesResult>('series', {
      ...ALL,
      groupBy: 'week',
      breakdownBy: 'model',
    })
    const rows = readTableCsv(e, await d.exportTableCsv('Cost and tokens per week'))
    expect(rows[0]).toEqual([
      'Period',
      'Cost (USD)',
      ...TOKEN_KINDS.map((k) => TOKEN_KIND_LABELS[k]),
      'Total tokens',
      'Unpriced tokens',
      'Responses',
    ])
    expect(rows.slice(1)).toEqual(
      weeks.points.map((p) => [
        p.label,
        cell(p.cost),
        ...TOKEN_KINDS.map((k) => cell(p.tokens[k])),
        cell(TOKEN_KINDS.reduce((a, k) => a + p.tokens[k], 0)),
        cell(p.unpricedTokens),
        cell(p.responses),
      ]),
    )
    expect(d.errors).toEqual([])
    await d.close()
  })
})
