import type { Locator } from 'playwright-core'
import type { DashboardPage } from './dashboard'

/** Models: one table row per model. */
export class ModelsPage {
  static readonly route = 'models'
  constructor(readonly d: DashboardPage) {}

  get rows(): Locator {
    return this.d.page.locator('table tbody tr')
  }
}
