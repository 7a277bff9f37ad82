import type { Locator } from 'playwright-core'
import type { DashboardPage } from './dashboard'

/** Overview: the KPIs and cost by model over time (also where the dashboard opens). */
export class OverviewPage {
  static readonly route = 'overview'
  constructor(readonly d: DashboardPage) {}

  kpi(id: 'kpi-cost' | 'kpi-tokens' | 'kpi-sessions'): Locator {
    return this.d.kpiValue(id)
  }

  get costChart(): Locator {
    return this.d.page.locator('[data-chart="Cost over time, by model"] svg')
  }

  /** The empty state: where Observatory looked and how to add a folder. */
  get noData(): Locator {
    return this.d.byTestId('no-data')
  }
}
