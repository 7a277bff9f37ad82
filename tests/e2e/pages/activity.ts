import type { Locator } from 'playwright-core'
import type { DashboardPage } from './dashboard'

/** Activity: the weekday × hour heatmap and its peak. */
export class ActivityPage {
  static readonly route = 'activity'
  constructor(readonly d: DashboardPage) {}

  get peak(): Locator {
    return this.d.byTestId('peak')
  }
}
