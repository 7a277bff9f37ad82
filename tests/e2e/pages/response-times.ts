import type { Locator } from 'playwright-core'
import type { DashboardPage } from './dashboard'

/** Response times: turn and response percentiles. */
export class ResponseTimesPage {
  static readonly route = 'response-times'
  constructor(readonly d: DashboardPage) {}

  get turnP50(): Locator {
    return this.d.byTestId('turn-p50').locator('.kpi-value')
  }
}
