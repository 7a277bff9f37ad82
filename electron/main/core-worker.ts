import { parentPort, workerData } from 'node:worker_threads'
import { defaultDbPath, defaultRoots, defaultSourceLabel, appDataDir } from '../core/paths'
import { openDb } from '../core/store/db'
import { PriceBook } from '../core/prices/price-book'
import { loadOverrides } from '../core/prices/overrides'
import { Ingestor } from '../core/ingest/ingest'
import { dailyReport } from '../core/report/daily'
import { systemTimeZone } from '../core/report/time'
import { join } from 'node:path'
import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import type { WorkerReply, WorkerRequest } from './worker-protocol'
import { ParsePool } from '../core/ingest/file-parser'
import { availableParallelism } from 'node:os'
import createParseWorker from '../core/ingest/parse-worker?nodeWorker'

/**
 * The app's core thread: the only writer to the store. Ingestion and queries run here so the
 * main process never blocks on parsing or SQL.
 */
const { nativeBinding } = workerData as { nativeBinding?: string }
const file = defaultDbPath()
mkdirSync(dirname(file), { recursive: true })
const db = openDb(file, { nativeBinding })
const prices = new PriceBook(loadOverrides(join(appDataDir(), 'prices.json')))
const host = defaultSourceLabel()
// Parse workers beside this one; this thread stays the single writer.
const pool = new ParsePool(Math.max(1, availableParallelism() - 1), () => createParseWorker({}))
const ingestor = new Ingestor(db, prices, {
  log: (level, msg) => parentPort?.postMessage({ type: 'log', level, msg }),
  defaultLabel: () => host,
  parser: pool,
})

function today(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: systemTimeZone() }).format(new Date())
}

parentPort?.on('message', async (req: WorkerRequest) => {
  let reply: WorkerReply
  try {
    if (req.type === 'ingest') {
      const stats = await ingestor.ingest(defaultRoots().map((path) => ({ path })))
      reply = { seq: req.seq, ok: true, value: stats }
    } else {
      const day = today()
      const r = dailyReport(db, { since: day, until: day, timezone: systemTimeZone() })
      reply = { seq: req.seq, ok: true, value: { date: day, ...r.totals } }
    }
  } catch (err) {
    reply = { seq: req.seq, ok: false, error: (err as Error).message }
  }
  parentPort?.postMessage(reply)
})
