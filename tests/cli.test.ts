import { readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildCli, runCli } from './helpers/cli'
import { recount } from './helpers/recount'
import { cleanup, copyFixtures, tempDir } from './helpers/store'

let dir: string

function cli(...args: string[]) {
  return cliWith({}, ...args)
}

function cliWith(env: Record<string, string>, ...args: string[]) {
  return runCli({ dir, db: join(dir, 'cli.db'), env }, ...args)
}

beforeAll(() => {
  buildCli()
  dir = tempDir('obs-cli-')
  copyFixtures(join(dir, 'claude'))
})
afterAll(() => cleanup(dir))

describe('observatory CLI', () => {
  it('ingest --json reports files, lines, responses and seconds', () => {
    const r = cli('ingest', '--root', join(dir, 'claude'), '--source-label', 'laptop', '--json')
    expect(r.code).toBe(0)
    const s = JSON.parse(r.out)
    expect(s).toMatchObject({ roots: 1, files: 22, filesRead: 22, badLines: {} })
    expect(s.newResponses).toBe(recount(join(dir, 'claude/projects')).responses)
    expect(typeof s.seconds).toBe('number')
  })

  it('daily --json has the ccusage shape and totals equal to an independent recount', () => {
    const r = cli('daily', '--root', join(dir, 'claude'), '--json', '--timezone', 'UTC')
    expect(r.code).toBe(0)
    const j = JSON.parse(r.out)
    const expected = recount(join(dir, 'claude/projects'))
    expect(j.totals).toMatchObject({
      inputTokens: expected.input,
      outputTokens: expected.output,
      cacheCreationTokens: expected.cacheCreation,
      cacheReadTokens: expected.cacheRead,
      totalTokens: expected.total,
      unpricedTokens: 0,
    })
    expect(Object.keys(j.daily[0])).toEqual(
      expect.arrayContaining([
        'date',
        'inputTokens',
        'outputTokens',
        'cacheCreationTokens',
        'cacheReadTokens',
        'totalTokens',
        'totalCost',
        'modelsUsed',
        'modelBreakdowns',
      ]),
    )
    expect(Object.keys(j.daily[0].modelBreakdowns[0])).toEqual(
      expect.arrayContaining([
        'modelName',
        'inputTokens',
        'outputTokens',
        'cacheCreationTokens',
        'cacheReadTokens',
        'cost',
      ]),
    )
    const sum = j.daily.reduce((a: number, d: { totalTokens: number }) => a + d.totalTokens, 0)
    expect(sum).toBe(expected.total)
  })

  it('filters by date range in the given time zone and by project', () => {
    const all = JSON.parse(cli('daily', '--json', '--timezone', 'UTC', '--root', join(dir, 'claude')).out)
    const one = JSON.parse(
      cli(
        'daily',
        '--json',
        '--timezone',
        'UTC',
        '--since',
        '2026-02-10',
        '--until',
        '2026-02-12',
        '--root',
        join(dir, 'claude'),
      ).out,
    )
    expect(one.daily.map((d: { date: string }) => d.date)).toEqual(['2026-02-10', '2026-02-12'])
    const spotter = JSON.parse(
      cli('daily', '--json', '--timezone', 'UTC', '--project', 'spotter', '--root', join(dir, 'claude')).out,
    )
    expect(spotter.totals.totalTokens).toBeGreaterThan(0)
    expect(spotter.totals.totalTokens).toBeLessThan(all.totals.totalTokens)
  })

  it('prints a readable table by default', () => {
    const r = cli('daily', '--timezone', 'UTC', '--root', join(dir, 'claude'))
    expect(r.code).toBe(0)
    expect(r.out).toMatch(/^Date\s+Models\s+Input/)
    expect(r.out).toMatch(/Total\s+/)
  })

  it.each([
    [['daily', '--bogus'], /Unknown option '--bogus'/],
    [['daily', '--since', '2026-02-30'], /--since must be a date/],
    [['daily', '--timezone', 'Mars/Olympus'], /unknown time zone/],
    [['frobnicate'], /unknown command/],
  ])('exits 2 with a clear message for %j', (args, msg) => {
    const r = cli(...args)
    expect(r.code).toBe(2)
    expect(r.err).toMatch(msg)
  })

  it('reports an unreadable root and still ingests the others', () => {
    const r = cli('ingest', '--root', join(dir, 'missing'), '--root', join(dir, 'claude'), '--json')
    expect(r.code).toBe(0)
    expect(JSON.parse(r.out).errors[0]).toMatch(/missing/)
  })

  it('re-prices explicitly after prices.json changes, and rejects an invalid prices.json clearly', () => {
    cli('ingest', '--root', join(dir, 'claude'))
    const prices = join(dir, 'prices.json')
    writeFileSync(prices, JSON.stringify({ models: { 'claude-opus-4-7': { input: 1, output: 1 } } }))
    const r = JSON.parse(cliWith({ OBSERVATORY_PRICES: prices }, 'reprice', '--json').out)
    expect(r.responses).toBeGreaterThan(0)
    expect(r.version).toMatch(/\+overrides:/)
    writeFileSync(prices, '{"models": {"x": {"input": "cheap"}}}')
    const bad = cliWith({ OBSERVATORY_PRICES: prices }, 'daily', '--root', join(dir, 'claude'))
    expect(bad.code).toBe(1)
    expect(bad.err).toMatch(/invalid price overrides in .*prices\.json/)
    expect(bad.err).not.toMatch(/at \w+ \(/)
  })

  it('serves every metric of the contract as a command, in JSON and as a table', () => {
    const j = JSON.parse(
      cli('summary', '--range', 'all', '--timezone', 'UTC', '--root', join(dir, 'claude'), '--json').out,
    )
    expect(j.tokens.total.value).toBe(recount(join(dir, 'claude/projects')).total)
    for (const name of ['series', 'heatmap', 'models', 'projects', 'sessions']) {
      const r = cli(name, '--range', 'all', '--root', join(dir, 'claude'))
      expect(r.code, `${name}: ${r.err}`).toBe(0)
      expect(r.out).toMatch(/ → .*\n.*\n-+/)
    }
    const bad = cli('series', '--group-by', 'fortnight')
    expect(bad.code).toBe(2)
    expect(bad.err).toMatch(/groupBy/)
  })

  it('exports a view as CSV, JSON or PDF without Electron, and refuses an unknown view or format', () => {
    const root = ['--root', join(dir, 'claude'), '--range', 'all', '--timezone', 'UTC']
    for (const format of ['csv', 'json', 'pdf']) {
      const out = join(dir, `models.${format}`)
      const r = cli('export', '--view', 'models', '--format', format, '--out', out, ...root)
      expect(r.code, r.err).toBe(0)
      expect(r.out).toContain(out)
      expect(statSync(out).size).toBeGreaterThan(100)
    }
    const j = JSON.parse(readFileSync(join(dir, 'models.json'), 'utf8'))
    expect(j.results.models.models.reduce((a: number, m: { responses: number }) => a + m.responses, 0)).toBe(
      recount(join(dir, 'claude/projects')).responses,
    )
    // One table of a view, stacked by project as the Cost & tokens page can be.
    const per = join(dir, 'per-project.csv')
    const t = cli(
      'export',
      '--view',
      'cost',
      '--breakdown-by',
      'project',
      '--table',
      'Per project',
      '--out',
      per,
      ...root,
    )
    expect(t.code, t.err).toBe(0)
    const lines = readFileSync(per, 'utf8').trim().split('\r\n')
    expect(lines[0]!.startsWith('Project,Cost (USD),')).toBe(true)
    const projects = JSON.parse(cli('projects', '--json', ...root).out) as { projects: { path: string }[] }
    expect(new Set(lines.slice(1).map((l) => l.split(',')[0]))).toEqual(
      new Set(projects.projects.map((p) => p.path)),
    )
    expect(cli('export', '--view', 'cost', '--table', 'Nope', '--out', per, ...root).code).toBe(2)
    expect(cli('export', '--view', 'nope', ...root).code).toBe(2)
    expect(cli('export', '--view', 'models', '--format', 'xls', ...root).code).toBe(2)
  })

  it('archives what it read and restores a folder that reads back to the same totals', () => {
    const r = cli('archive', '--root', join(dir, 'claude'), '--restore', join(dir, 'restored'), '--json')
    expect(r.code, r.err).toBe(0)
    const a = JSON.parse(r.out) as { folder: string; files: number; bytes: number; restored: string[] }
    expect(a.folder).toBe(join(dir, 'archive'))
    expect(a.files).toBeGreaterThan(20)
    expect(a.restored).toHaveLength(1)
    expect(recount(join(a.restored[0]!, 'projects')).total).toBe(recount(join(dir, 'claude/projects')).total)
    const again = cli('archive', '--root', join(dir, 'claude'), '--json')
    expect(JSON.parse(again.out)).toMatchObject({ files: a.files, bytes: a.bytes, copied: 0 })
  })
})
