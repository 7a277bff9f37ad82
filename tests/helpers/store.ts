import { cpSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterEach, beforeEach } from 'vitest'
import { openDb, type Db } from '../../electron/core/store/db'
import { PriceBook } from '../../electron/core/prices/price-book'
import type { PriceOverrides } from '../../electron/core/prices/overrides'
import { Ingestor, type IngestStats } from '../../electron/core/ingest/ingest'

/** The 23 real transcripts from the team kit (MIT; see tests/fixtures/claude-logs/SOURCES.md), copied in. */
export const REAL_FIXTURES = resolve(__dirname, '../fixtures/claude-logs/real')

export function tempDir(prefix = 'obs-'): string {
  return mkdtempSync(join(tmpdir(), prefix))
}

/** A copy of the real fixtures (or a subset) as a `projects/` tree we may modify. */
export function copyFixtures(dest: string, only?: string[]): string {
  const projects = join(dest, 'projects')
  if (!only) cpSync(REAL_FIXTURES, projects, { recursive: true, filter: (s) => !s.endsWith('.md') })
  else for (const rel of only) cpSync(join(REAL_FIXTURES, rel), join(projects, rel), { recursive: true })
  return dest
}

export interface TestStore {
  db: Db
  ingestor: Ingestor
  prices: PriceBook
  ingest(...roots: string[]): Promise<IngestStats>
  close(): void
}

export function openTestStore(file = ':memory:', overrides: PriceOverrides = {}): TestStore {
  const db = openDb(file)
  const prices = new PriceBook(overrides)
  const ingestor = new Ingestor(db, prices, { defaultLabel: () => 'test-host' })
  return {
    db,
    ingestor,
    prices,
    ingest: (...roots) => ingestor.ingest(roots.map((path) => ({ path }))),
    close: () => db.close(),
  }
}

export function totals(db: Db): {
  responses: number
  input: number
  output: number
  cacheCreation: number
  cacheRead: number
  total: number
} {
  const r = db
    .prepare(
      `SELECT COUNT(*) AS responses, SUM(input) AS input, SUM(output) AS output,
        SUM(cache_write_5m + cache_write_1h) AS cacheCreation, SUM(cache_read) AS cacheRead FROM responses`,
    )
    .get() as { responses: number; input: number; output: number; cacheCreation: number; cacheRead: number }
  return { ...r, total: r.input + r.output + r.cacheCreation + r.cacheRead }
}

export function rollupTotals(db: Db): { responses: number; total: number; cost: number; unpriced: number } {
  return db
    .prepare(
      `SELECT SUM(responses) AS responses, SUM(input + output + cache_write_5m + cache_write_1h + cache_read) AS total,
        SUM(cost) AS cost, SUM(unpriced_tokens) AS unpriced FROM rollup_15m`,
    )
    .get() as { responses: number; total: number; cost: number; unpriced: number }
}

export function cleanup(dir: string): void {
  rmSync(dir, { recursive: true, force: true })
}

/** Gives every test of the file a fresh temp folder and in-memory store (handed to `set`), cleaned up after. */
export function useTempStore(set: (dir: string, store: TestStore) => void): void {
  let dir = ''
  let store: TestStore | undefined
  beforeEach(() => {
    dir = tempDir()
    store = openTestStore()
    set(dir, store)
  })
  afterEach(() => {
    store?.close()
    cleanup(dir)
  })
}

/** Row counts of every fact table, the token totals (facts and rollup), and the sessions' spans. */
export function storeSnapshot(s: TestStore) {
  const count = (t: string) => (s.db.prepare(`SELECT COUNT(*) AS n FROM ${t}`).get() as { n: number }).n
  const tables = [
    'responses',
    'events',
    'tool_calls',
    'sessions',
    'agents',
    'session_titles',
    'leafs',
    'summaries',
  ]
  return {
    sessions: s.db.prepare(`SELECT id, first_ts, last_ts, versions FROM sessions ORDER BY id`).all(),
    counts: Object.fromEntries(tables.map((t) => [t, count(t)])),
    totals: totals(s.db),
    rollup: rollupTotals(s.db),
  }
}
