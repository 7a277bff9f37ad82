import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core'
import { ROOT, type Served } from './harness'

export const SCREENSHOTS = join(ROOT, 'tests/e2e/screenshots')

/** Page object for the dashboard served by `observatory serve`. */
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

  async setRange(preset: string): Promise<void> {
    await this.page.selectOption('[data-testid=range]', preset)
  }

  byTestId(id: string): Locator {
    return this.page.locator(`[data-testid="${id}"]`)
  }

  kpiValue(id: string): Locator {
    return this.byTestId(id).locator('.kpi-value')
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
