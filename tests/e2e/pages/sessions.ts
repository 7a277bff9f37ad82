import type { Locator } from 'playwright-core'
import type { DashboardPage } from './dashboard'

/** Sessions: the paged list, and a session's detail view. */
export class SessionsPage {
  static readonly route = 'sessions'
  constructor(readonly d: DashboardPage) {}

  get count(): Locator {
    return this.d.byTestId('sessions-count')
  }

  /** Opens the first session of the list; resolves once its detail shows. */
  async openFirst(): Promise<void> {
    await this.d.page.locator('[data-testid=sessions-body] tr').first().click()
    await this.d.byTestId('session-all').waitFor()
  }

  /** The detail view's cost of the whole session (main thread and subagents). */
  get sessionCost(): Locator {
    return this.d.byTestId('session-all').locator('.kpi-value')
  }
}
