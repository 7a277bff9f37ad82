import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core'
import { ROOT, type Served } from '../harness'

export const SCREENSHOTS = join(ROOT, 'tests/e2e/screenshots')

/** A page object for one page of the dashboard (pages/*.ts), made on the dashboard it is part of. */
export interface PageClass<T> {
  readonly route: string
  new (d: DashboardPage): T
}

/** Page object for the dashboard served by `observatory serve`: the shell (nav, bar) shared by every page. */
export class DashboardPage {
  readonly errors: string[] = []
  private constructor(
    readonly ctx: BrowserContext,
    readonly page: Page,
  ) {
    page.on('pageerror', (e) => this.errors.push(e.message))
  }

  static async open(
    browser: Browser,
    served: Served,
    colorScheme: 'light' | 'dark' = 'light',
    viewport = { width: 1280, height: 800 },
  ): Promise<DashboardPage> {
    const ctx = await browser.newContext({
      viewport,
      locale: 'en-US',
      timezoneId: 'UTC',
      colorScheme,
    })
    const page = await ctx.newPage()
    const d = new DashboardPage(ctx, page)
    await page.goto(`${served.base}#token=${served.token}`)
    await page.locator('nav[aria-label="Pages"]').waitFor()
    return d
  }

  /** Through the nav, as a user would. */
  async goto(route: string): Promise<void> {
    await this.page.locator(`nav a[href="#/${route}"]`).click()
    await this.page.locator('h1').first().waitFor()
  }

  /** Goes to a page through the nav and returns its page object. */
  async show<T>(P: PageClass<T>): Promise<T> {
    await this.goto(P.route)
    return new P(this)
  }

  async setRange(preset: string): Promise<void> {
    await this.page.selectOption('[data-testid=range]', preset)
  }

  /** The bar's project filter (a project's path; '' for all projects). */
  async setProjectFilter(path: string): Promise<void> {
    const bar = this.page.getByRole('toolbar', { name: 'Range and filters' })
    await bar
      .locator('label', { hasText: /^Project/ })
      .locator('select')
      .selectOption(path)
  }

  byTestId(id: string): Locator {
    return this.page.locator(`[data-testid="${id}"]`)
  }

  kpiValue(id: string): Locator {
    return this.byTestId(id).locator('.kpi-value')
  }

  /** A table's CSV button (DataTable's `exportAs`), by the title of the export table it writes. */
  exportTableButton(table: string): Locator {
    return this.page.getByRole('button', { name: `Export table ${table} as CSV`, exact: true })
  }

  /** Clicks a table's CSV button and returns the path the file was saved to, as its status says. */
  async exportTableCsv(table: string): Promise<string> {
    const button = this.exportTableButton(table)
    const status = this.page
      .locator('.table-tools', { has: button })
      .locator('[data-testid="export-table-status"]')
    await button.click()
    const saved = status.filter({ hasText: /^Saved .*\.csv$/ })
    await saved.waitFor({ timeout: 20_000 })
    return (await saved.textContent())!.slice('Saved '.length)
  }

  /** The store-error banner, shown on every page while the store cannot be used. */
  get storeError(): Locator {
    return this.byTestId('store-error')
  }

  /** Waits until charts have drawn (SVG present) and nothing is loading. */
  async settled(): Promise<void> {
    await this.page.locator('[role=status].loading').first().waitFor({ state: 'detached' })
    await this.page.waitForTimeout(300) // chart animation
  }

  async screenshot(name: string): Promise<void> {
    mkdirSync(SCREENSHOTS, { recursive: true })
    await this.page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true })
  }

  close(): Promise<void> {
    return this.ctx.close()
  }
}
