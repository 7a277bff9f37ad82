import { mkdirSync, readdirSync, readFileSync } from 'node:fs'
import { parse } from 'csv-parse/sync'
import { join } from 'node:path'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, expect, inject } from 'vitest'
import { launchBrowser } from '../../scripts/browser/launch-browser'
import { formatMoney } from '../../shared/format'
import { cleanup, copyFixtures, tempDir } from '../helpers/store'
import { serve, type Served } from './harness'
import { DashboardPage, type PageClass } from './pages/dashboard'

export const ALL = { range: { preset: 'all' }, timezone: 'UTC' }
export const money = (v: number | null) => formatMoney(v, undefined, 'en-US')

/** The browser the run's global setup found (scripts/browser/find-browser.ts). */
export function launch(): Promise<Browser> {
  return launchBrowser(inject('browser'))
}

export interface E2E {
  /** The test's temp folder: the fixtures are copied to <dir>/claude. */
  dir: string
  served: Served
  browser: Browser
}

/**
 * For one test file: the real fixtures copied to a temp folder, `observatory serve` over them and
 * a browser, all torn down after the file. Filled in by beforeAll.
 */
export function useServedFixtures(): E2E {
  const e = {} as E2E
  beforeAll(async () => {
    e.dir = tempDir('obs-e2e-')
    copyFixtures(join(e.dir, 'claude'))
    e.served = await serve(join(e.dir, 'claude'), join(e.dir, 'e2e.db'), e.dir)
    mkdirSync(join(e.dir, 'Downloads'), { recursive: true }) // exports without a path go there
    e.browser = await launch()
  }, 120_000)
  afterAll(async () => {
    await e.browser?.close()
    e.served?.stop()
    cleanup(e.dir)
  })
  return e
}

/** One assistant response as Claude Code writes it, timestamped now, with its own ids. */
export function assistantLine(id: string, input: number, output: number): string {
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
export function firstTranscript(root: string): string {
  const projects = join(root, 'projects')
  return (readdirSync(projects, { recursive: true }) as string[])
    .map((f) => join(projects, f))
    .find((f) => f.endsWith('.jsonl') && !f.includes('subagents'))!
}

/**
 * In light then dark: opens the dashboard, sets the range to all, goes to page P through the nav,
 * runs `check`, saves a screenshot `<route>-<scheme>` (unless `check` saves its own) and asserts
 * the page threw no error.
 */
export async function inBothSchemes<T>(
  e: E2E,
  P: PageClass<T>,
  check: (p: T, d: DashboardPage, scheme: 'light' | 'dark') => Promise<void>,
  screenshot = true,
): Promise<void> {
  for (const scheme of ['light', 'dark'] as const) {
    const d = await DashboardPage.open(e.browser, e.served, scheme)
    await d.setRange('all')
    await d.settled()
    const p = await d.show(P)
    await check(p, d, scheme)
    if (screenshot) await d.screenshot(`${P.route}-${scheme}`)
    expect(d.errors).toEqual([])
    await d.close()
  }
}

/** A CSV cell as the export writes a value: numbers in full, unknown as an empty cell. */
export const cell = (v: string | number | null) => (v === null ? '' : String(v))

/** A table's CSV as a table's button saved it: in <dir>/Downloads, parsed back to rows. */
export function readTableCsv(e: E2E, path: string): string[][] {
  expect(path.startsWith(join(e.dir, 'Downloads'))).toBe(true)
  return parse(readFileSync(path, 'utf8'), { record_delimiter: '\r\n' }) as string[][]
}
