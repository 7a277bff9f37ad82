import {
  closeSync,
  cpSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  writeFileSync,
  writeSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest'
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

/** The non-empty lines of a real fixture transcript (`rel` below REAL_FIXTURES). */
export function fixtureLines(rel: string): string[] {
  return readFileSync(join(REAL_FIXTURES, rel), 'utf8').split('\n').filter(Boolean)
}

/** Writes one transcript into the project folder `projects/-p` below `dir`, and returns its path. */
export function writeProjectTranscript(dir: string, name: string, content: string | Buffer): string {
  const proj = join(dir, 'projects', '-p')
  mkdirSync(proj, { recursive: true })
  const f = join(proj, name)
  writeFileSync(f, content)
  return f
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

/** A store ingested from a copy of all the real fixtures, shared by the tests of the file or block (handed to `set`). */
export function useFixtureStore(set: (store: TestStore) => void): void {
  let dir = ''
  let store: TestStore | undefined
  beforeAll(async () => {
    dir = tempDir()
    store = openTestStore()
    copyFixtures(dir)
    await store.ingest(dir)
    set(store)
  })
  afterAll(() => {
    store?.close()
    cleanup(dir)
  })
}

/** The first page (1-based) of a table or index in a store file. */
export function rootPage(file: string, table: string): number {
  const db = new Database(file, { readonly: true })
  const r = db.prepare(`SELECT rootpage FROM sqlite_schema WHERE name = ?`).get(table) as { rootpage: number }
  db.close()
  return r.rootpage
}

/** Overwrites page `page` (1-based) of the file with garbage. */
export function smashPage(file: string, page: number): void {
  const db = new Database(file, { readonly: true })
  const size = db.pragma('page_size', { simple: true }) as number
  db.close()
  const fd = openSync(file, 'r+')
  writeSync(fd, Buffer.alloc(size, 0xab), 0, size, (page - 1) * size)
  closeSync(fd)
}

/** Overwrites the root page of a table with garbage. */
export function smashTable(file: string, table: string): void {
  smashPage(file, rootPage(file, table))
}

/** Row counts of every fact table, the token totals (facts and rollup), the sessions' spans and the turns. */
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
    'session_spans',
    'turns',
  ]
  return {
    sessions: s.db.prepare(`SELECT id, first_ts, last_ts, versions FROM sessions ORDER BY id`).all(),
    turns: s.db
      .prepare(
        `SELECT t.session_id, t.ts, t.duration_ms, t.from_turn_duration, m.name AS model
         FROM turns t LEFT JOIN models m ON m.id = t.model_id ORDER BY t.session_id, t.ts`,
      )
      .all(),
    counts: Object.fromEntries(tables.map((t) => [t, count(t)])),
    totals: totals(s.db),
    rollup: rollupTotals(s.db),
  }
}
