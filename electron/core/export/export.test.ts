import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parse } from 'csv-parse/sync'
import { beforeAll, describe, expect, it } from 'vitest'
import type { ProjectsResult, SummaryResult } from '../../../shared/contract'
import { formatMoney } from '../../../shared/format'
import { readPdf } from '../../../tests/helpers/pdf'
import { recount } from '../../../tests/helpers/recount'
import { copyFixtures, openTestStore, tempDir, type TestStore } from '../../../tests/helpers/store'
import { Api } from '../api/api'
import { writeExport } from './write-export'

let dir: string
let store: TestStore
let api: Api
const ALL = { range: { preset: 'all' as const }, timezone: 'UTC', groupBy: 'month' as const }

beforeAll(async () => {
  dir = tempDir('obs-export-')
  copyFixtures(join(dir, 'c'))
  store = openTestStore(join(dir, 'o.db'))
  await store.ingest(join(dir, 'c'))
  api = new Api(store.db, () => Date.UTC(2026, 10, 24))
})

describe('exports', () => {
  it('CSV is RFC 4180, parses back to the same rows, and its token column equals the recount', async () => {
    const out = join(dir, 'cost.csv')
    const { data } = await writeExport(api, store.db, { view: 'cost', format: 'csv', out, args: ALL })
    const text = readFileSync(out, 'utf8')
    expect(text.includes('\r\n')).toBe(true)
    const rows = parse(text, { columns: true }) as Record<string, string>[]
    const table = data.tables.find((t) => t.title.startsWith('Cost and tokens'))!
    expect(rows).toHaveLength(table.rows.length)
    expect(rows.reduce((a, r) => a + Number(r['Total tokens']), 0)).toBe(
      recount(join(dir, 'c/projects')).total,
    )
    // Costs keep full precision; a period without priced usage is an empty cell, not 0.
    const sumCost = rows.reduce((a, r) => a + (r['Cost (USD)'] === '' ? 0 : Number(r['Cost (USD)'])), 0)
    const s = api.call('summary', ALL)
    expect(sumCost).toBeCloseTo((s.ok && (s.value as SummaryResult).cost.value) || NaN, 9)
  })

  it('CSV quotes fields with commas, quotes and newlines, and can carry a BOM for Excel', async () => {
    const out = join(dir, 'sessions.csv')
    const { data } = await writeExport(api, store.db, {
      view: 'sessions',
      format: 'csv',
      out,
      args: ALL,
      bom: true,
    })
    const raw = readFileSync(out, 'utf8')
    expect(raw.charCodeAt(0)).toBe(0xfeff)
    const rows = parse(raw.slice(1), { columns: true }) as Record<string, string>[]
    const titles = data.tables[1]!.rows.map((r) => r.title ?? '')
    expect(rows.map((r) => r.Title)).toEqual(titles)
    expect(titles.some((t) => typeof t === 'string' && /[",\n]/.test(t))).toBe(true) // the fixtures have such titles
  })

  it('JSON is the contract’s answers', async () => {
    const out = join(dir, 'models.json')
    await writeExport(api, store.db, { view: 'models', format: 'json', out, args: ALL })
    const j = JSON.parse(readFileSync(out, 'utf8'))
    const models = api.call('models', ALL)
    expect(models.ok && j.results.models).toEqual(models.ok && models.value)
    expect(j.results.summary.range).toEqual(j.range)
  })

  it('anonymizes project names and paths everywhere, and drops session titles', async () => {
    const out = join(dir, 'projects.json')
    await writeExport(api, store.db, { view: 'projects', format: 'json', out, args: ALL, anonymize: true })
    const text = readFileSync(out, 'utf8')
    const p = api.call('projects', ALL)
    const projects = (p.ok && (p.value as ProjectsResult).projects) || []
    expect(projects.length).toBeGreaterThan(3)
    for (const x of projects) expect(text).not.toContain(x.path)
    expect(JSON.parse(text).results.projects.projects[0].name).toMatch(/^project-\d+$/)
    // An anonymized CSV is still the view's table (table titles are kept), with aliased names.
    const csv = join(dir, 'sessions-anon.csv')
    await writeExport(api, store.db, {
      view: 'sessions',
      format: 'csv',
      out: csv,
      args: ALL,
      anonymize: true,
    })
    const rows = parse(readFileSync(csv, 'utf8'), { columns: true }) as Record<string, string>[]
    expect(rows.length).toBeGreaterThan(3)
    expect(Object.keys(rows[0]!)).toContain('Title')
    expect(rows.every((r) => r.Title === '' && /^\/project-\d+$/.test(r.Project!))).toBe(true)
  })

  it('PDF has a title page, the KPIs, vector charts and the tables, readable by a PDF reader', async () => {
    const out = join(dir, 'report.pdf')
    await writeExport(api, store.db, { view: 'cost', format: 'pdf', out, args: ALL })
    expect(readFileSync(out).subarray(0, 5).toString()).toBe('%PDF-')
    const pdf = await readPdf(out) // parses every page's content stream, as a viewer drawing it would
    const text = pdf.text
    const s = api.call('summary', ALL)
    const cost = formatMoney(s.ok ? (s.value as SummaryResult).cost.value : null, undefined, 'en-US')
    expect(text).toContain('Observatory report')
    expect(text).toContain('Cost & tokens')
    expect(text).toContain(`Cost: ${cost}`)
    expect(text).toContain('Cost and tokens per month')
    expect(text).toContain('2026-04') // a table row
    expect(pdf.pages.length).toBeGreaterThanOrEqual(4) // title, summary + charts, two tables
    expect(pdf.pages.every((p) => p.texts > 0)).toBe(true)
    // The chart is drawn as vectors: its axis labels are text in the PDF, its lines and areas paths.
    expect(text).toMatch(/\$\d+\.\d\d/)
    const charts = pdf.pages.find((p) => p.text.includes('Cost by model'))!
    expect(charts.text).toMatch(/\$\d+\.\d\d/)
    expect(charts.paths).toBeGreaterThan(50)
    expect(pdf.pages.reduce((a, p) => a + p.images, 0)).toBe(0)
  })

  it('every export is in the export log', () => {
    const n = store.db.prepare(`SELECT COUNT(*) AS n FROM exports`).get() as { n: number }
    expect(n.n).toBeGreaterThanOrEqual(5)
  })
})
