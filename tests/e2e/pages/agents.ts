import type { Locator } from 'playwright-core'
import type { DashboardPage } from './dashboard'

/** Agents & tools: subagent outcomes, the tools table and the most frequent errors. */
export class AgentsPage {
  static readonly route = 'agents'
  constructor(readonly d: DashboardPage) {}

  get outcomes(): Locator {
    return this.d.byTestId('outcomes')
  }

  get tableExports(): Locator {
    return this.d.byTestId('export-table')
  }
}
