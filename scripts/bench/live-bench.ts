import { appendFileSync, mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { Worker } from 'node:worker_threads'
import type { Db } from '../../electron/core/store/db'
import { PriceBook } from '../../electron/core/prices/price-book'
import { Ingestor } from '../../electron/core/ingest/ingest'
import { PARSE_WORKER_OPTIONS, parseWorkerCount, ParsePool } from '../../electron/core/ingest/file-parser'
import { LiveIngest } from '../../electron/core/ingest/live'
import { percentiles } from '../../electron/core/metrics/common'

const median = (xs: number[]): number => percentiles(xs).p50!
const p95 = (xs: number[]): number => percentiles(xs).p95!
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))

/**
 * Live mode over the corpus, as the app runs it: watcher start-up (until ready and its catch-up pass
 * ran), the RSS it adds and the files it watches; then append one response to a file → in the store,
 * and → the pass that pushes data-changed.
 */
export async function liveBench(db: Db, roots: string[]): Promise<string[]> {
  const out: string[] = []
  const pool = new ParsePool(
    parseWorkerCount(),
    () => new Worker(new URL('./parse-worker.mjs', import.meta.url), PARSE_WORKER_OPTIONS),
  )
  const liveIngestor = new Ingestor(db, new PriceBook(), { defaultLabel: () => 'bench', parser: pool })
  let pushedAt = 0
  let firstPass = 0
  const live = new LiveIngest(
    liveIngestor,
    roots.map((path) => ({ path })),
    {
      debounceMs: 50,
      onError: (e) => console.error('live error:', e),
      // What `serve` and the app do on a pass: invalidate the cache and push data-changed.
      onPass: (s) => {
        firstPass ||= performance.now()
        if (s.filesRead > 0) pushedAt = performance.now()
      },
    },
  )
  const benchDir = join(roots[0]!, 'projects', '-bench-live')
  mkdirSync(benchDir, { recursive: true })
  const file = join(benchDir, 'bench-live.jsonl')
  const line = (id: string): string =>
    JSON.stringify({
      type: 'assistant',
      sessionId: 'bench-live',
      cwd: '/bench/live',
      timestamp: new Date().toISOString(),
      uuid: `uuid-${id}`,
      requestId: 'req_bench',
      message: {
        id,
        model: 'claude-opus-4-7',
        role: 'assistant',
        type: 'message',
        content: [{ type: 'text', text: 'ok' }],
        usage: { input_tokens: 1, output_tokens: 2 },
      },
    }) + '\n'
  writeFileSync(file, line(`msg_bench_seed_${Date.now()}`))
  await liveIngestor.ingest(roots.map((path) => ({ path })))
  // Watcher start-up: until start() resolves (a first pass, then its folders watched), then until a catch-up pass ran.
  global.gc?.()
  const rss0 = process.memoryUsage.rss()
  const t0 = performance.now()
  await live.start()
  const ready = performance.now() - t0
  while (!firstPass && performance.now() - t0 < 600_000) await sleep(2)
  const caughtUp = firstPass - t0
  const rss1 = process.memoryUsage.rss()
  const dirs = live.watchedFolders
  out.push(
    `watcher start-up: ready in ${(ready / 1000).toFixed(2)} s, catch-up pass done at ${(caughtUp / 1000).toFixed(2)} s; ` +
      `${dirs} folders watched (one watch per folder); ` +
      `RSS ${rss1 >= rss0 ? '+' : ''}${((rss1 - rss0) / 1e6).toFixed(0)} MB (bench process ${(rss1 / 1e6).toFixed(0)} MB)`,
  )
  await sleep(300)
  const lat: number[] = []
  const pushLat: number[] = []
  const has = db.prepare('SELECT 1 FROM responses WHERE key = ?')
  for (let i = 0; i < 7; i++) {
    const id = `msg_bench_${Date.now()}_${i}`
    const t = performance.now()
    appendFileSync(file, line(id))
    while (!has.get(`${id}:req_bench`) && performance.now() - t < 10_000) await sleep(2)
    lat.push(performance.now() - t)
    while (pushedAt < t && performance.now() - t < 10_000) await sleep(2)
    pushLat.push(pushedAt - t)
    await sleep(100)
  }
  const counters = { ...live.counters }
  await live.stop()
  await pool.close()
  rmSync(benchDir, { recursive: true, force: true })
  out.push(
    `append → push event (data-changed): median ${median(pushLat).toFixed(0)} ms, p95 ${p95(pushLat).toFixed(0)} ms`,
    `append → stored (live mode): median ${median(lat).toFixed(0)} ms, p95 ${p95(lat).toFixed(0)} ms over ${lat.length} appends (${counters.events} file events, ${counters.passes} passes, ${counters.failures} failed)`,
  )
  return out
}
