import { appendFileSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { SummaryResult } from '../../shared/contract'
import { formatExact, formatTokens } from '../../shared/format'
import { ALL, assistantLine, firstTranscript, money, useServedFixtures } from './fixture'
import { serve } from './harness'
import { DashboardPage } from './pages/dashboard'
import { OverviewPage } from './pages/overview'

/**
 * Overview (where the dashboard opens) over the real fixtures: the KPIs are the contract's numbers,
 * the range changes them, an appended line appears without a reload, and an empty root gets the
 * empty state. Screenshots go to tests/e2e/screenshots/.
 */
const e = useServedFixtures()

describe('Overview', () => {
  it('shows the contract’s KPIs and the cost chart (screenshots light and dark)', async () => {
    const s = await e.served.call<SummaryResult>('summary', ALL)
    for (const scheme of ['light', 'dark'] as const) {
      const d = await DashboardPage.open(e.browser, e.served, scheme)
      const o = new OverviewPage(d)
      await d.setRange('all')
      await d.settled()
      expect(await o.kpi('kpi-cost').textContent()).toBe(money(s.cost.value))
      expect(await o.kpi('kpi-tokens').textContent()).toBe(formatTokens(s.tokens.total.value, 'en-US'))
      expect(await o.kpi('kpi-tokens').getAttribute('title')).toBe(formatExact(s.tokens.total.value, 'en-US'))
      expect(await o.kpi('kpi-sessions').textContent()).toBe(formatExact(s.sessions.value, 'en-US'))
      expect(await o.costChart.count()).toBe(1)
      await d.screenshot(`overview-${scheme}`)
      expect(d.errors).toEqual([])
      await d.close()
    }
  })

  it('the range selector changes the numbers', async () => {
    const d = await DashboardPage.open(e.browser, e.served)
    const o = new OverviewPage(d)
    for (const preset of ['all', '1y']) {
      const s = await e.served.call<SummaryResult>('summary', { range: { preset }, timezone: 'UTC' })
      await d.setRange(preset)
      await expect
        .poll(() => o.kpi('kpi-tokens').getAttribute('title'))
        .toBe(formatExact(s.tokens.total.value, 'en-US'))
    }
    const all = await e.served.call<SummaryResult>('summary', ALL)
    const year = await e.served.call<SummaryResult>('summary', { range: { preset: '1y' }, timezone: 'UTC' })
    expect(year.tokens.total.value).not.toBe(all.tokens.total.value)
    await d.close()
    // A 4K screen: the layout scales up (larger base font) instead of leaving tiny text in a huge window.
    const big = await DashboardPage.open(e.browser, e.served, 'light', { width: 3840, height: 2160 })
    await big.setRange('all')
    await big.settled()
    expect(
      await big.page
        .locator('html')
        .evaluate(
          (el) =>
            (
              globalThis as unknown as { getComputedStyle(e: unknown): { fontSize: string } }
            ).getComputedStyle(el).fontSize,
        ),
    ).toBe('18px')
    await big.screenshot('overview-4k')
    await big.close()
  })

  it('a line appended to a transcript shows up without a reload, keeping the page state', async () => {
    const d = await DashboardPage.open(e.browser, e.served)
    const o = new OverviewPage(d)
    await d.setRange('all')
    await d.settled()
    const before = await e.served.call<SummaryResult>('summary', ALL)
    appendFileSync(firstTranscript(join(e.dir, 'claude')), assistantLine('live', 1000, 234567))
    const expected = (before.tokens.total.value ?? 0) + 1000 + 234567
    await expect
      .poll(() => o.kpi('kpi-tokens').getAttribute('title'), { timeout: 10_000 })
      .toBe(formatExact(expected, 'en-US'))
    expect(await d.page.locator('[data-testid=range]').inputValue()).toBe('all') // no reload: the range stayed
    await d.close()
  })

  it('an empty root shows where Observatory looked and how to add a folder', async () => {
    const empty = join(e.dir, 'empty-root')
    mkdirSync(join(empty, 'projects'), { recursive: true })
    const other = await serve(empty, join(e.dir, 'empty.db'), e.dir)
    try {
      const d = await DashboardPage.open(e.browser, other)
      const o = new OverviewPage(d)
      await o.noData.waitFor()
      const text = await o.noData.textContent()
      expect(text).toContain(join(e.dir, 'none'))
      expect(text).toContain(empty)
      expect(await o.noData.getByRole('link', { name: 'add a folder' }).count()).toBe(1)
      await d.screenshot('empty-state')
      await d.close()
    } finally {
      other.stop()
    }
  })
})
