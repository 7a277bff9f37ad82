import { appendFileSync, mkdirSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parse } from 'csv-parse/sync'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import Database from 'better-sqlite3'
import type {
  HealthResult,
  HeatmapResult,
  ModelsResult,
  ProjectsResult,
  ResponseTimesResult,
  SeriesResult,
  SessionDetailResult,
  SessionsResult,
  SettingsResult,
  SummaryResult,
  ToolsResult,
} from '../../shared/contract'
import { TOKEN_KIND_LABELS } from '../../shared/charts/common'
import { formatDuration, formatExact, formatMoney, formatTokens } from '../../shared/format'
import { TOKEN_KINDS } from '../../shared/tokens'
import { cleanup, copyFixtures, tempDir } from '../helpers/store'
import { DashboardPage } from './dashboard-page'
import { buildAll, launch, serve, type Served } from './harness'

/**
 * The dashboards in Debian Chromium against `observatory serve` over the real fixtures: every page
 * shows the contract's numbers, the range changes them, an appended line appears without a reload,
 * and an empty root gets the empty state. Screenshots of every page (light and dark) go to
 * tests/e2e/screenshots/.
 */
let dir: string
let served: Served
let browser: Browser
const ALL = { range: { preset: 'all' }, timezone: 'UTC' }
const money = (v: number | null) => formatMoney(v, undefined, 'en-US')

/** One assistant response as Claude Code writes it, timestamped now, with its own ids. */
function assistantLine(id: string, input: number, output: number): string {
  return `${JSON.stringify({
    type: 'assistant',
    sessionId: `e2e-${id}-session`,
    uuid: `e2e-${id}-1`,
    requestId: `req_e2e_${id}`,
    timestamp: new Date().toISOString(),
    cwd: `/home/dev/e2e-${id}`,
    message: {
      id: `msg_e2e_${id}`,
      model: 'claude-sonnet-4-5',
      role: 'assistant',
      content: [{ type: 'text', text: 'hi' }],
      usage: {
        input_tokens: input,
        output_tokens: output,
        cache_read_input_tokens: 0,
        cache_creation_input_tokens: 0,
      },
    },
  })}\n`
}

/** The first main transcript under a root's projects folder. */
function firstTranscript(root: string): string {
  const projects = join(root, 'projects')
  return (readdirSync(projects, { recursive: true }) as string[])
    .map((f) => join(projects, f))
    .find((f) => f.endsWith('.jsonl') && !f.includes('subagents'))!
}

beforeAll(async () => {
  buildAll()
  dir = tempDir('obs-e2e-')
  copyFixtures(join(dir, 'claude'))
  served = await serve(join(dir, 'claude'), join(dir, 'e2e.db'), dir)
  browser = await launch()
}, 240_000)
afterAll(async () => {
  await browser?.close()
  served?.stop()
  cleanup(dir)
})

describe('dashboards in Chromium', () => {
  it('every page renders the contract’s numbers (and screenshots of each, light and dark)', async () => {
    const s = await served.call<SummaryResult>('summary', ALL)
    const series = await served.call<SeriesResult>('series', { ...ALL, groupBy: 'day', breakdownBy: 'model' })
    const heat = await served.call<HeatmapResult>('heatmap', ALL)
    const rt = await served.call<ResponseTimesResult>('responseTimes', { ...ALL, groupBy: 'week' })
    const sessions = await served.call<SessionsResult>('sessions', ALL)
    const tools = await served.call<ToolsResult>('tools', { ...ALL, groupBy: 'week' })
    const top = sessions.sessions[0]!
    const detail = await served.call<SessionDetailResult>('session', { id: top.id })
    for (const scheme of ['light', 'dark'] as const) {
      const d = await DashboardPage.open(browser, served, scheme)
      await d.setRange('all')
      await d.settled()
      expect(await d.kpiValue('kpi-cost').textContent()).toBe(money(s.cost.value))
      expect(await d.kpiValue('kpi-tokens').textContent()).toBe(formatTokens(s.tokens.total.value, 'en-US'))
      expect(await d.kpiValue('kpi-tokens').getAttribute('title')).toBe(
        formatExact(s.tokens.total.value, 'en-US'),
      )
      expect(await d.kpiValue('kpi-sessions').textContent()).toBe(formatExact(s.sessions.value, 'en-US'))
      expect(await d.page.locator('[data-chart="Cost over time, by model"] svg').count()).toBe(1)
      await d.screenshot(`overview-${scheme}`)

      await d.goto('cost')
      await d.page.getByRole('radio', { name: 'Day' }).click()
      await d.settled()
      // The table under the chart: one row per period with data, totals as the contract says.
      const busiest = [...series.points].sort((a, b) => (b.cost ?? 0) - (a.cost ?? 0))[0]!
      const row = d.page.locator('tbody tr', { hasText: busiest.label })
      await expect.poll(() => row.locator('td b').textContent()).toBe(money(busiest.cost))
      await d.screenshot(`cost-${scheme}`)

      await d.goto('activity')
      await d.settled()
      await expect
        .poll(() => d.byTestId('peak').textContent())
        .toContain(`${String(heat.peakHour).padStart(2, '0')}:00`)
      await d.screenshot(`activity-${scheme}`)

      await d.goto('response-times')
      await d.settled()
      expect(await d.byTestId('turn-p50').locator('.kpi-value').textContent()).toBe(
        formatDuration(rt.turns.p50, 'en-US'),
      )
      await d.screenshot(`response-times-${scheme}`)

      await d.goto('models')
      await d.settled()
      expect(await d.page.locator('table tbody tr').count()).toBe(
        (await served.call<{ models: unknown[] }>('models', ALL)).models.length,
      )
      await d.screenshot(`models-${scheme}`)

      await d.goto('projects')
      await d.settled()
      const boxes = d.page.getByRole('checkbox', { name: /^Compare / })
      await boxes.nth(0).check()
      await boxes.nth(1).check()
      await d.page.locator('[data-chart="Project comparison"] svg').waitFor()
      await d.screenshot(`projects-${scheme}`)

      await d.goto('sessions')
      await d.settled()
      expect(await d.byTestId('sessions-count').textContent()).toBe(
        `1–${sessions.total} of ${sessions.total}`,
      )
      await d.screenshot(`sessions-${scheme}`)
      await d.page.locator('[data-testid=sessions-body] tr').first().click()
      await d.byTestId('session-all').waitFor()
      expect(await d.byTestId('session-all').locator('.kpi-value').textContent()).toBe(
        money(detail.totals.all.cost),
      )
      await d.settled()
      await d.screenshot(`session-${scheme}`)

      await d.goto('agents')
      await d.settled()
      expect(await d.byTestId('outcomes').textContent()).toContain(
        formatExact(tools.outcomes.endedNormally, 'en-US'),
      )
      await d.screenshot(`agents-${scheme}`)

      await d.goto('settings')
      await d.settled()
      expect(await d.byTestId('sources').textContent()).toContain(join(dir, 'claude'))
      await d.screenshot(`settings-${scheme}`)

      await d.goto('health')
      await d.settled()
      expect(await d.byTestId('health').textContent()).toContain('Files watched')
      await d.screenshot(`health-${scheme}`)
      expect(d.errors).toEqual([])
      await d.close()
    }
  }, 180_000)

  it('the range selector changes the numbers', async () => {
    const d = await DashboardPage.open(browser, served)
    for (const preset of ['all', '1y']) {
      const s = await served.call<SummaryResult>('summary', { range: { preset }, timezone: 'UTC' })
      await d.setRange(preset)
      await expect
        .poll(() => d.kpiValue('kpi-tokens').getAttribute('title'))
        .toBe(formatExact(s.tokens.total.value, 'en-US'))
    }
    const all = await served.call<SummaryResult>('summary', ALL)
    const year = await served.call<SummaryResult>('summary', { range: { preset: '1y' }, timezone: 'UTC' })
    expect(year.tokens.total.value).not.toBe(all.tokens.total.value)
    await d.close()
    // A 4K screen: the layout scales up (larger base font) instead of leaving tiny text in a huge window.
    const big = await DashboardPage.open(browser, served, 'light', { width: 3840, height: 2160 })
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
  }, 60_000)

  it('a line appended to a transcript shows up without a reload, keeping the page state', async () => {
    const d = await DashboardPage.open(browser, served)
    await d.setRange('all')
    await d.settled()
    const before = await served.call<SummaryResult>('summary', ALL)
    appendFileSync(firstTranscript(join(dir, 'claude')), assistantLine('live', 1000, 234567))
    const expected = (before.tokens.total.value ?? 0) + 1000 + 234567
    await expect
      .poll(() => d.kpiValue('kpi-tokens').getAttribute('title'), { timeout: 10_000 })
      .toBe(formatExact(expected, 'en-US'))
    expect(await d.page.locator('[data-testid=range]').inputValue()).toBe('all') // no reload: the range stayed
    await d.close()
  }, 60_000)

  it('settings are saved through the contract: the theme applies at once, an added folder is read', async () => {
    const d = await DashboardPage.open(browser, served)
    await d.goto('settings')
    await d.byTestId('theme').selectOption('dark')
    await d.page.getByRole('button', { name: 'Save settings' }).click()
    await expect.poll(() => d.page.locator('html').getAttribute('data-theme')).toBe('dark')
    expect((await served.call<SettingsResult>('settings')).settings.theme).toBe('dark')
    // A folder without transcripts is refused with the reason; a copy of the fixtures is added.
    mkdirSync(join(dir, 'nothing-here'))
    await d.page.getByLabel('Folder path').fill(join(dir, 'nothing-here'))
    await d.page.getByRole('button', { name: 'Add folder' }).click()
    await expect
      .poll(() => d.page.getByRole('alert').first().textContent())
      .toContain('no Claude Code transcripts')
    const backup = copyFixtures(join(dir, 'backup'))
    await d.page.getByLabel('Folder path').fill(backup)
    await d.page.getByRole('button', { name: 'Add folder' }).click()
    await expect.poll(() => d.byTestId('sources').textContent(), { timeout: 10_000 }).toContain(backup)
    // The backup overlaps what is stored: the totals do not change.
    const before = await served.call<SummaryResult>('summary', ALL)
    await expect
      .poll(
        async () =>
          (await served.call<SettingsResult>('settings')).sources.find((x) => x.path === backup)?.files,
      )
      .toBeGreaterThan(20)
    expect((await served.call<SummaryResult>('summary', ALL)).tokens.total.value).toBe(
      before.tokens.total.value,
    )
    // Removing the backup with its data, after the confirmation: the live folder still holds it all.
    await d.removeSource(backup, true)
    await expect
      .poll(() => d.byTestId('sources').locator('tr', { hasText: backup }).count(), { timeout: 20_000 })
      .toBe(0)
    await expect
      .poll(async () => (await served.call<SummaryResult>('summary', ALL)).tokens.total.value, {
        timeout: 20_000,
      })
      .toBe(before.tokens.total.value)
    expect((await served.call<SettingsResult>('settings')).sources.map((x) => x.path)).not.toContain(backup)
    // The data panel says nothing was pruned and the archive is off.
    await expect.poll(() => d.byTestId('upkeep').textContent()).toContain('Nothing deleted')
    await served.call('saveSettings', { theme: 'system' })
    await d.close()
  }, 60_000)

  it('exports the page with its range from the header (CSV parsed back, PDF written)', async () => {
    mkdirSync(join(dir, 'Downloads'), { recursive: true })
    const d = await DashboardPage.open(browser, served)
    await d.setRange('all')
    await d.goto('models')
    await d.settled()
    await d.byTestId('export').selectOption('models:csv')
    await expect.poll(() => d.byTestId('export-status').textContent()).toMatch(/^Saved .*\.csv$/)
    const path = (await d.byTestId('export-status').textContent())!.slice('Saved '.length)
    const csv = readFileSync(path, 'utf8').trim().split('\r\n')
    const models = await served.call<{ models: { model: string }[] }>('models', ALL)
    expect(csv).toHaveLength(models.models.length + 1)
    expect(csv[0]!.startsWith('Model,Responses,Cost (USD)')).toBe(true)
    await d.byTestId('export').selectOption('models:pdf')
    await expect.poll(() => d.byTestId('export-status').textContent()).toMatch(/\.pdf$/)
    await d.close()
  }, 60_000)

  it('a table’s CSV button writes that table with the range, equal to the contract’s answer', async () => {
    mkdirSync(join(dir, 'Downloads'), { recursive: true })
    /** A CSV cell as the export writes a value: numbers in full, unknown as an empty cell. */
    const cell = (v: string | number | null) => (v === null ? '' : String(v))
    const readCsv = (path: string) => {
      expect(path.startsWith(join(dir, 'Downloads'))).toBe(true)
      return parse(readFileSync(path, 'utf8'), { record_delimiter: '\r\n' }) as string[][]
    }
    const d = await DashboardPage.open(browser, served)
    await d.setRange('all')
    await d.goto('models')
    await d.settled()
    const models = await served.call<ModelsResult>('models', ALL)
    expect(models.models.length).toBeGreaterThan(1)
    const m = readCsv(await d.exportTableCsv('Models'))
    expect(m[0]).toEqual([
      'Model',
      'Responses',
      'Cost (USD)',
      'Avg input',
      'Avg output',
      'Cache hit rate',
      'Share',
      'Avg response (ms)',
    ])
    expect(m.slice(1)).toEqual(
      models.models.map((r) => [
        r.model,
        cell(r.responses),
        cell(r.cost),
        cell(r.avgInputTokens),
        cell(r.avgOutputTokens),
        cell(r.cacheHitRate),
        cell(r.share),
        cell(r.avgResponseMs),
      ]),
    )

    // Cost & tokens: the per-period table follows the page's grouping (its title names it).
    await d.goto('cost')
    await d.page.getByRole('radio', { name: 'Week' }).click()
    await d.settled()
    const weeks = await served.call<SeriesResult>('series', { ...ALL, groupBy: 'week', breakdownBy: 'model' })
    const c = readCsv(await d.exportTableCsv('Cost and tokens per week'))
    expect(c[0]).toEqual([
      'Period',
      'Cost (USD)',
      ...TOKEN_KINDS.map((k) => TOKEN_KIND_LABELS[k]),
      'Total tokens',
      'Unpriced tokens',
      'Responses',
    ])
    expect(c.slice(1)).toEqual(
      weeks.points.map((p) => [
        p.label,
        cell(p.cost),
        ...TOKEN_KINDS.map((k) => cell(p.tokens[k])),
        cell(TOKEN_KINDS.reduce((a, k) => a + p.tokens[k], 0)),
        cell(p.unpricedTokens),
        cell(p.responses),
      ]),
    )

    // Agents & tools: two tables of the same view (tools), each exported on its own.
    await d.goto('agents')
    await d.settled()
    expect(await d.byTestId('export-table').count()).toBe(3)
    const tools = await served.call<ToolsResult>('tools', { ...ALL, groupBy: 'week' })
    expect(tools.tools.length).toBeGreaterThan(1)
    const t = readCsv(await d.exportTableCsv('Tools'))
    expect(t[0]).toEqual(['Tool', 'Calls', 'Errors', 'Error rate'])
    expect(t.slice(1)).toEqual(
      tools.tools.map((r) => [r.name, cell(r.calls), cell(r.errors), cell(r.errorRate)]),
    )
    expect(tools.topErrors.length).toBeGreaterThan(0)
    const e = readCsv(await d.exportTableCsv('Most frequent errors'))
    expect(e[0]).toEqual(['Count', 'Tools', 'Message'])
    expect(e.slice(1)).toEqual(tools.topErrors.map((r) => [cell(r.count), r.tools.join(' '), r.message]))

    // The filters apply: one project's tools only.
    const project = (await served.call<ProjectsResult>('projects', ALL)).projects[0]!
    await d.setProjectFilter(project.path)
    await d.settled()
    const one = await served.call<ToolsResult>('tools', {
      ...ALL,
      groupBy: 'day',
      filters: { projects: [project.path] },
    })
    const calls = (x: ToolsResult) => x.tools.reduce((a, r) => a + r.calls, 0)
    expect(calls(one)).toBeLessThan(calls(tools))
    const f = readCsv(await d.exportTableCsv('Tools'))
    expect(f.slice(1)).toEqual(
      one.tools.map((r) => [r.name, cell(r.calls), cell(r.errors), cell(r.errorRate)]),
    )
    expect(d.errors).toEqual([])
    await d.close()
  }, 60_000)

  it('an empty root shows where Observatory looked and how to add a folder', async () => {
    const empty = join(dir, 'empty-root')
    mkdirSync(join(empty, 'projects'), { recursive: true })
    const other = await serve(empty, join(dir, 'empty.db'), dir)
    try {
      const d = await DashboardPage.open(browser, other)
      await d.byTestId('no-data').waitFor()
      const text = await d.byTestId('no-data').textContent()
      expect(text).toContain(join(dir, 'none'))
      expect(text).toContain(empty)
      expect(await d.byTestId('no-data').getByRole('link', { name: 'add a folder' }).count()).toBe(1)
      await d.screenshot('empty-state')
      await d.close()
    } finally {
      other.stop()
    }
  }, 60_000)
})

describe('a store error in the window', () => {
  it('shows as a banner on every page and on Health while the store is locked, and goes once a pass commits', async () => {
    const root = join(dir, 'locked-claude')
    copyFixtures(root)
    const db = join(dir, 'locked.db')
    const s = await serve(root, db, dir, { OBSERVATORY_BUSY_TIMEOUT_MS: '100' })
    const d = await DashboardPage.open(browser, s)
    const banner = d.byTestId('store-error')
    const other = new Database(db)
    try {
      await d.settled()
      expect(await banner.count()).toBe(0)
      other.exec('BEGIN EXCLUSIVE') // another process holds the store
      appendFileSync(firstTranscript(root), assistantLine('locked', 10, 20))
      await banner.waitFor({ timeout: 20_000 })
      expect(await banner.textContent()).toMatch(/cannot use its store \(locked,.*locked by another process/)
      await d.goto('health')
      await expect.poll(() => d.page.locator('main').textContent(), { timeout: 10_000 }).toMatch(/locked/)
      other.exec('ROLLBACK')
      appendFileSync(firstTranscript(root), assistantLine('unlocked', 10, 20))
      await banner.waitFor({ state: 'detached', timeout: 20_000 })
      const health = await s.call<HealthResult>('health')
      expect(health.storeError).toBeNull()
      expect(d.errors).toEqual([])
    } finally {
      other.close()
      await d.close()
      s.stop()
    }
  }, 90_000)
})
