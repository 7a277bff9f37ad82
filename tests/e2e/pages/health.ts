import type { Locator } from 'playwright-core'
import type { DashboardPage } from './dashboard'

/** Health: what is watched and read, and the store's state. */
export class HealthPage {
  static readonly route = 'health'
  constructor(readonly d: DashboardPage) {}

  get panel(): Locator {
    return this.d.byTestId('health')
  }

  get main(): Locator {
    return this.d.page.locator('main')
  }
}
