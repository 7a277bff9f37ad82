import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import type { ModelsResult } from '../../shared/contract'
import { ALL, cell, inBothSchemes, readTableCsv, useServedFixtures } from './fixture'
import { DashboardPage } from './pages/dashboard'
import { ModelsPage } from './pages/models'

/** Models over the real fixtures: one row per model; the header's and the table's exports. */
const e = useServedFixtures()

describe('Models', () => {
  it('has one row per model the contract gives', async () => {
    const models = await e.served.call<ModelsResult>('models', ALL)
    await inBothSchemes(e, ModelsPage, async (m, d) => {
      await d.settled()
      expect(await m.rows.count()).toBe(models.models.length)
    })
  })

  it('exports the page with its range from the header (CSV parsed back, PDF written)', async () => {
    const d = await DashboardPage.open(e.browser, e.served)
    await d.setRange('all')
    await d.show(ModelsPage)
    await d.settled()
    await d.byTestId('export').selectOption('models:csv')
    await expect.poll(() => d.byTestId('export-status').textContent()).toMatch(/^Saved .*\.csv$/)
    const path = (await d.byTestId('export-status').textContent())!.slice('Saved '.length)
    const csv = readFileSync(path, 'utf8').trim().split('\r\n')
    const models = await e.served.call<ModelsResult>('models', ALL)
    expect(csv).toHaveLength(models.models.length + 1)
    expect(csv[0]!.startsWith('Model,Responses,Cost (USD)')).toBe(true)
    await d.byTestId('export').selectOption('models:pdf')
    await expect.poll(() => d.byTestId('export-status').textContent()).toMatch(/\.pdf$/)
    await d.close()
  })

  it('the table’s CSV button writes that table with the range, equal to the contract’s answer', async () => {
    const d = await DashboardPage.open(e.browser, e.served)
    await d.setRange('all')
    await d.show(ModelsPage)
    await d.settled()
    const models = await e.served.call<ModelsResult>('models', ALL)
    expect(models.models.length).toBeGreaterThan(1)
    const m = readTableCsv(e, await d.exportTableCsv('Models'))
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
    expect(d.errors).toEqual([])
    await d.close()
  })
})
