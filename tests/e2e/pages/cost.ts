import type { Locator } from 'playwright-core'
import type { DashboardPage } from './dashboard'

/** Cost & tokens: a chart per period and the table under it. */
export class CostPage {
  static readonly route = 'cost'
  constructor(readonly d: DashboardPage) {}

  async groupBy(period: 'Day' | 'Week' | 'Month'): Promise<void> {
    await this.d.page.getByRole('radio', { name: period }).click()
  }

  /** The bold total of a period's row in the table. */
  periodCost(label: string): Locator {
    return this.d.page.locator('tbody tr', { hasText: label }).locator('td b')
  }
}
