import { mkdirSync } from 'node:fs'
import { availableParallelism } from 'node:os'
import { dirname, join } from 'node:path'
import { parentPort, workerData } from 'node:worker_threads'
import { Api } from '../core/api/api'
import { ParsePool } from '../core/ingest/file-parser'
import { Ingestor } from '../core/ingest/ingest'
import { LiveIngest } from '../core/ingest/live'
import { appDataDir, defaultDbPath, defaultRoots, defaultSourceLabel } from '../core/paths'
import { loadOverrides } from '../core/prices/overrides'
import { PriceBook } from '../core/prices/price-book'
import { openDb } from '../core/store/db'
import createParseWorker from '../core/ingest/parse-worker?nodeWorker'
import type { WorkerMessage, WorkerRequest } from './worker-protocol'

/**
 * The app's core thread: the only writer to the store. Ingestion (live) and queries run here, so
 * the main process never blocks on parsing or SQL.
 */
const post = (m: WorkerMessage): void => parentPort?.postMessage(m)
const log = (level: string, msg: string): void => post({ type: 'log', level, msg })

const { nativeBinding } = workerData as { nativeBinding?: string }
const file = defaultDbPath()
mkdirSync(dirname(file), { recursive: true })
const db = openDb(file, { nativeBinding })
const prices = new PriceBook(loadOverrides(join(appDataDir(), 'prices.json')))
const host = defaultSourceLabel()
// Parse workers beside this one; this thread stays the single writer.
const pool = new ParsePool(Math.max(1, availableParallelism() - 1), () => createParseWorker({}))
const ingestor = new Ingestor(db, prices, { log, defaultLabel: () => host, parser: pool })
const api = new Api(db, Date.now, (msg) => log('error', msg))
const roots = defaultRoots().map((path) => ({ path }))

const live = new LiveIngest(ingestor, roots, {
  onPass: (s) => {
    if (s.filesRead === 0) return
    api.invalidate()
    post({
      type: 'event',
      name: 'data-changed',
      data: { at: new Date().toISOString(), newResponses: s.newResponses, filesRead: s.filesRead },
    })
  },
  onError: (err) => log('error', `ingest failed: ${(err as Error).message}`),
})

parentPort?.on('message', (req: WorkerRequest) => {
  post({ type: 'reply', seq: req.seq, result: api.call(req.name, req.args) })
})

void ingestor
  .ingest(roots)
  .then((s) => {
    post({
      type: 'event',
      name: 'data-changed',
      data: { at: new Date().toISOString(), newResponses: s.newResponses, filesRead: s.filesRead },
    })
    return live.start()
  })
  .catch((err: unknown) => log('error', `first ingest failed: ${(err as Error).message}`))
