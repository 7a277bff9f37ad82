import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { percentiles } from '../../electron/core/metrics/common'
import { serveReady } from '../../tests/helpers/serve-ready'
import { BrowserNotFound } from '../browser/find-browser'
import { launchBrowser, resolveBrowser, type BrowserSpec } from '../browser/launch-browser'
import { spawnServe } from './serve-sweep'

/**
 * The dashboards' speed in Chromium (found as the e2e tests find it, scripts/browser/) against
 * `observatory serve` over the bench store: navigation → Overview numbers and its main chart drawn, and range switch → new numbers drawn.
 */
export async function benchDashboard(opts: {
  cli: string
  repo: string
  db: string
  roots: string[]
}): Promise<void> {
  if (!existsSync(join(opts.repo, 'out/renderer/index.html'))) {
    console.log('dashboard: skipped (needs a built renderer: npm run build)')
    return
  }
  let spec: BrowserSpec
  try {
    spec = await resolveBrowser()
  } catch (e) {
    if (!(e instanceof BrowserNotFound)) throw e
    console.log(`dashboard: skipped (${e.message})`)
    return
  }
  const { child, token } = spawnServe(opts)
  const base = await serveReady(child)
  const browser = await launchBrowser(spec)
  console.log(`dashboard: ${spec.source} browser ${browser.version()}`)
  try {
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-US' })
    const loads: number[] = []
    for (let i = 0; i < 6; i++) {
      const page = await ctx.newPage()
      const t = performance.now()
      await page.goto(`${base}#token=${token}`)
      await page.locator('[data-testid=kpi-cost] .kpi-value').waitFor()
      // setOption draws every series at once, so the first path in the SVG means the chart is drawn.
      await page
        .locator('[data-chart="Cost over time, by model"] svg path')
        .first()
        .waitFor({ state: 'attached' })
      loads.push(performance.now() - t)
      await page.close()
    }
    const page = await ctx.newPage()
    await page.goto(`${base}#token=${token}`)
    await page.locator('[data-testid=kpi-cost] .kpi-value').waitFor()
    const switches: number[] = []
    const each: string[] = []
    const presets: string[] = []
    for (const preset of ['7d', '90d', '24h', '30d', '1y', '7d', '30d', '90d']) {
      const before = await page.locator('[data-testid=kpi-tokens] .kpi-value').getAttribute('title')
      const t = performance.now()
      await page.selectOption('[data-testid=range]', preset)
      await page.waitForFunction(
        (b) => {
          type El = { getAttribute(n: string): string | null }
          const doc = (globalThis as unknown as { document: { querySelector(s: string): El | null } })
            .document
          const el = doc.querySelector('[data-testid=kpi-tokens] .kpi-value')
          return el !== null && el.getAttribute('title') !== b && doc.querySelector('.stale') === null
        },
        before,
        { polling: 'raf' },
      )
      switches.push(performance.now() - t)
      each.push(`${preset} ${switches.at(-1)!.toFixed(0)}`)
      presets.push(`${preset} ${(performance.now() - t).toFixed(0)}`)
    }
    const f = (xs: number[]) =>
      `first ${xs[0]!.toFixed(0)} ms, median ${percentiles(xs).p50!.toFixed(0)} ms, max ${Math.max(...xs).toFixed(0)} ms`
    console.log(
      `dashboard: navigation → Overview numbers and chart drawn: ${f(loads)} over ${loads.length} loads`,
    )
    console.log(
      `dashboard: range switch → new numbers drawn: ${f(switches)} over ${switches.length} switches (${each.join(', ')} ms)`,
    )
  } finally {
    await browser.close()
    child.kill('SIGTERM')
  }
}
