/**
 * `npm run bench`: generates (once, cached in .bench/) a deterministic `~/.claude`-shaped corpus and
 * prints what issue #17 asks: corpus shape, cold ingest (beside ccusage), store size, no-op pass and
 * warm `daily`, every request × range in-process, live mode, and `serve`'s RSS after the same sweep.
 *
 * BENCH_MB: corpus size (default 1024; days spanned scale from 120 at ≤ 1 GB to 730 at ~6 GB and up).
 * BENCH_REPS: repetitions per request × range (default 5). BENCH_COLD: cold ingests (3 up to 2 GB, else 1).
 * BENCH_SKIP_UI=1: no Chromium dashboard step. BENCH_ONLY=a,b: only these sections (shape, ingest,
 * store, warm, recount, queries, live, serve, ccusage, ui); a store is ingested first if none exists.
 * BENCH_UI_ONLY=1: only the dashboard figures over the store a previous run left.
 */
import { spawnSync } from 'node:child_process'
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs'
import { cpus } from 'node:os'
import { join, resolve } from 'node:path'
import { generateCorpus } from './generate-corpus'
import { openDb, type Db } from '../../electron/core/store/db'
import { PriceBook } from '../../electron/core/prices/price-book'
import { Ingestor } from '../../electron/core/ingest/ingest'
import type { IngestPhases } from '../../electron/core/ingest/ingest-stats'
import { dailyReport } from '../../electron/core/report/daily'
import { recount } from '../../tests/helpers/recount'
import { Api } from '../../electron/core/api/api'
import { percentiles } from '../../electron/core/metrics/common'
import { benchDashboard } from './ui-bench'
import { corpusShape, formatShape } from './corpus-shape'
import { formatTable, sweepRequests, timeRequests } from './query-table'
import { liveBench } from './live-bench'
import { serveSweep } from './serve-sweep'
import { ccusageBench } from './ccusage'

const repo = resolve(import.meta.dirname, '../..')
const MB = Number(process.env.BENCH_MB ?? 1024)
/** 120 days up to 1 GB (the figures before #17 stay comparable), then growing with the size up to two years. */
const DAYS = Math.round(Math.min(730, Math.max(120, (120 * MB) / 1024)))
const REPS = Number(process.env.BENCH_REPS ?? 5)
const COLD_RUNS = Number(process.env.BENCH_COLD ?? (MB <= 2048 ? 3 : 1))
const ONLY = process.env.BENCH_ONLY?.split(',').map((s) => s.trim())
const on = (section: string): boolean =>
  (!ONLY || ONLY.includes(section)) && !(section === 'ui' && process.env.BENCH_SKIP_UI)
const work = join(repo, '.bench')
// v2: the corpus with large tool results, tools at the real rate and days growing with the size
const corpus = join(work, `corpus-${MB}mb-seed1-v2`)
const roots = [join(corpus, '.claude'), join(corpus, '.config', 'claude')]
const cli = join(repo, 'out', 'cli', 'observatory.mjs')
const dbFile = join(work, `bench-${MB}mb.db`)

const median = (xs: number[]): number => percentiles(xs).p50!
const sec = (ms: number): string => (ms / 1000).toFixed(2)

function run(args: string[]): { ms: number; out: string } {
  const t = performance.now()
  const r = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', maxBuffer: 1 << 28 })
  const ms = performance.now() - t
  if (r.status !== 0) throw new Error(`observatory ${args.join(' ')} failed: ${r.stderr}`)
  return { ms, out: r.stdout }
}

/** Sizes the corpus and reads it once, so the ingest figures are with the page cache warm, as labelled. */
function treeBytes(dir: string): { bytes: number; files: number } {
  let bytes = 0
  let files = 0
  for (const e of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!e.isFile() || !e.name.endsWith('.jsonl')) continue
    bytes += readFileSync(join(e.parentPath, e.name)).length
    files++
  }
  return { bytes, files }
}

function prepareCorpus(): { bytes: number; files: number } {
  if (!existsSync(join(corpus, '.done'))) {
    rmSync(corpus, { recursive: true, force: true })
    const t = performance.now()
    const g = generateCorpus({ root: corpus, targetBytes: MB * 1e6, seed: 1, days: DAYS })
    writeFileSync(join(corpus, '.done'), JSON.stringify(g))
    console.log(
      `corpus: generated ${g.files} files, ${(g.bytes / 1e6).toFixed(0)} MB over ${DAYS} days in ${sec(performance.now() - t)} s`,
    )
  }
  const size = roots.map(treeBytes).reduce((a, b) => ({ bytes: a.bytes + b.bytes, files: a.files + b.files }))
  console.log(
    `corpus: ${corpus} — ${size.files} files, ${(size.bytes / 1e6).toFixed(0)} MB (page cache warm)`,
  )
  return size
}

type ColdStats = {
  bytes: number
  lines: number
  newResponses: number
  maxRssMb: number
  badLines: object
  phases: IngestPhases
  writeByTenth: number[]
}

/** Where a cold ingest's time went (s, s per GB), and the writer's time per tenth of the input (flat = linear). */
function formatPhases(s: ColdStats, gb: number): string[] {
  const parts = Object.entries(s.phases).map(
    ([k, ms]) => `${k} ${sec(ms)} s (${(ms / 1000 / gb).toFixed(2)}/GB)`,
  )
  return [
    `cold ingest phases: ${parts.join(', ')}`,
    `cold ingest writer (apply + commit) per tenth of the input: ${s.writeByTenth.map(sec).join(', ')} s`,
  ]
}

/** Cold ingests, each into a fresh store, as a user would run it; the median run is reported. */
function coldIngest(rootArgs: string[]): number {
  const colds = Array.from({ length: COLD_RUNS }, () => {
    for (const suffix of ['', '-wal', '-shm']) rmSync(dbFile + suffix, { force: true })
    return run(['ingest', ...rootArgs, '--db', dbFile, '--json'])
  })
  const cold = colds.slice().sort((a, b) => a.ms - b.ms)[Math.floor((colds.length - 1) / 2)]!
  const stats = JSON.parse(cold.out) as ColdStats
  const gb = stats.bytes / 1e9
  console.log(
    `cold ingest (median of ${colds.length} fresh stores; runs ${colds.map((c) => sec(c.ms)).join(', ')} s): ${sec(cold.ms)} s wall, ` +
      `${(stats.bytes / 1e6 / (cold.ms / 1000)).toFixed(0)} MB/s = ${(cold.ms / 1000 / gb).toFixed(1)} s per GB, ` +
      `${stats.lines} lines, ${stats.newResponses} responses, peak RSS ${stats.maxRssMb} MB, bad lines ${JSON.stringify(stats.badLines)}`,
  )
  for (const l of formatPhases(stats, gb)) console.log(l)
  writeFileSync(`${dbFile}.cold.json`, JSON.stringify({ ms: cold.ms }))
  return cold.ms
}

/** Store file sizes, bytes per stored response, and the rows of every non-empty table. */
function storeSize(db: Db): string[] {
  const size = (f: string): number => (existsSync(f) ? statSync(f).size : 0)
  const [main, wal] = [size(dbFile), size(`${dbFile}-wal`)]
  const tables = db
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
    .pluck()
    .all() as string[]
  const rows = tables.map(
    (t) => [t, db.prepare(`SELECT COUNT(*) FROM "${t}"`).pluck().get() as number] as const,
  )
  const responses = rows.find(([t]) => t === 'responses')?.[1] ?? 0
  const first = ['responses', 'rollup_15m', 'tool_calls', 'events', 'sessions', 'agents', 'files']
  rows.sort(([a], [b]) => (first.indexOf(a) + 1 || 99) - (first.indexOf(b) + 1 || 99))
  return [
    `store: ${(main / 1e6).toFixed(0)} MB + ${(wal / 1e6).toFixed(0)} MB WAL, ` +
      `${((main + wal) / Math.max(1, responses)).toFixed(0)} bytes per stored response`,
    `store rows: ${rows
      .filter(([, n]) => n > 0)
      .map(([t, n]) => `${t} ${n}`)
      .join(', ')}`,
  ]
}

async function main(): Promise<void> {
  mkdirSync(work, { recursive: true })
  console.log(
    `machine: ${cpus().length} cores (${cpus()[0]?.model ?? '?'}), node ${process.version}; BENCH_MB=${MB}, ${DAYS} days, ${REPS} reps`,
  )
  const size = prepareCorpus()
  if (on('shape')) {
    const [t, cache] = [performance.now(), `${corpus}.shape.json`]
    const cached = existsSync(cache)
    const shape = corpusShape(roots, cache)
    for (const l of formatShape(shape)) console.log(l)
    if (!cached) console.log(`corpus shape: counted in ${sec(performance.now() - t)} s (cached in ${cache})`)
  }

  // BENCH_UI_ONLY=1: only the dashboard figures, over the store a previous run left.
  if (process.env.BENCH_UI_ONLY && existsSync(dbFile)) return benchDashboard({ cli, repo, db: dbFile, roots })
  const rootArgs = roots.flatMap((r) => ['--root', r])
  let coldMs = NaN
  if (on('ingest') || !existsSync(dbFile)) coldMs = coldIngest(rootArgs)
  else if (existsSync(`${dbFile}.cold.json`))
    coldMs = (JSON.parse(readFileSync(`${dbFile}.cold.json`, 'utf8')) as { ms: number }).ms

  const db = openDb(dbFile)
  if (on('store')) for (const l of storeSize(db)) console.log(l)

  // Warm `daily --json` with nothing changed: whole CLI process; and the no-op pass and report in-process.
  if (on('warm')) {
    const warm = Array.from(
      { length: 7 },
      () => run(['daily', ...rootArgs, '--db', dbFile, '--json', '--timezone', 'UTC']).ms,
    )
    const ingestor = new Ingestor(db, new PriceBook(), { defaultLabel: () => 'bench' })
    const noop: number[] = []
    const report: number[] = []
    for (let i = 0; i < 7; i++) {
      let t = performance.now()
      const s = await ingestor.ingest(roots.map((path) => ({ path })))
      noop.push(performance.now() - t)
      if (s.filesRead > 0) console.log(`no-op pass read ${s.filesRead} files (expected none)`)
      t = performance.now()
      dailyReport(db, { timezone: 'UTC' })
      report.push(performance.now() - t)
    }
    console.log(
      `warm daily --json (nothing changed): ${median(warm).toFixed(0)} ms per CLI process (median of 7, includes Node start-up)`,
    )
    console.log(
      `no-op pass in-process (stat of every file, nothing read): ${median(noop).toFixed(1)} ms (median of 7; runs ${noop.map((x) => x.toFixed(0)).join(', ')}); ` +
        `daily report in-process ${median(report).toFixed(1)} ms`,
    )
  }

  // Tokens equal an independent recount.
  const storeTokens = dailyReport(db, { timezone: 'UTC' }).totals.totalTokens
  if (on('recount')) {
    const exp = roots.map((r) => recount(join(r, 'projects'))).reduce((a, b) => a + b.total, 0)
    console.log(
      `recount: store ${storeTokens} tokens, independent recount ${exp} → ${storeTokens === exp ? 'equal' : 'DIFFERENT'}`,
    )
  }

  // Every contract query × range, in-process, the result cache cleared before each call (corpus ends 2026-11-20).
  const api = new Api(db, () => Date.UTC(2026, 10, 20, 12))
  const { requests, note } = sweepRequests(api)
  if (on('queries')) {
    const t = performance.now()
    const cells = timeRequests(api, requests, REPS)
    console.log(`\nrequest × range, in-process (${note}):\n`)
    for (const l of formatTable(cells, REPS)) console.log(l)
    console.log(`(table took ${sec(performance.now() - t)} s)\n`)
  }

  // Live mode: watcher start-up, then append one response → stored. Over a copy of the store, so the
  // appended responses stay out of the bench store (a file that is gone keeps its rows).
  if (on('live')) {
    const copy = join(work, `bench-${MB}mb-live.db`)
    db.pragma('wal_checkpoint(TRUNCATE)')
    copyFileSync(dbFile, copy)
    const liveDb = openDb(copy)
    for (const l of await liveBench(liveDb, roots)) console.log(l)
    liveDb.close()
    for (const suffix of ['', '-wal', '-shm']) rmSync(copy + suffix, { force: true })
  }
  db.close()

  if (on('serve'))
    for (const l of await serveSweep({ cli, repo, db: dbFile, roots, requests })) console.log(l)

  if (on('ccusage'))
    for (const l of ccusageBench({
      work,
      corpus,
      roots,
      bytes: size.bytes,
      ourColdMs: coldMs,
      ourTokens: storeTokens,
      runs: MB <= 256 ? 3 : 1,
    }))
      console.log(l)

  // The dashboards in Chromium over this store.
  if (on('ui')) await benchDashboard({ cli, repo, db: dbFile, roots })
}

await main()
