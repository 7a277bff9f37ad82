import type { Locator } from 'playwright-core'
import type { DashboardPage } from './dashboard'

/** Projects: the list, with side-by-side comparison of the checked ones. */
export class ProjectsPage {
  static readonly route = 'projects'
  constructor(readonly d: DashboardPage) {}

  async compare(...nth: number[]): Promise<void> {
    const boxes = this.d.page.getByRole('checkbox', { name: /^Compare / })
    for (const n of nth) await boxes.nth(n).check()
  }

  get comparisonChart(): Locator {
    return this.d.page.locator('[data-chart="Project comparison"] svg')
  }
}
