import { availableParallelism } from 'node:os'
import { parentPort, workerData } from 'node:worker_threads'
import { Api, dataChanged } from '../core/api/api'
import { ParsePool } from '../core/ingest/file-parser'
import { LiveIngest } from '../core/ingest/live'
import { openCore } from '../core/open-core'
import { existingDefaultRoots } from '../core/paths'
import createParseWorker from '../core/ingest/parse-worker?nodeWorker'
import type { WorkerMessage, WorkerRequest } from './worker-protocol'

/**
 * The app's core thread: the only writer to the store. Ingestion (live) and queries run here, so
 * the main process never blocks on parsing or SQL.
 */
const post = (m: WorkerMessage): void => parentPort?.postMessage(m)
const log = (level: string, msg: string): void => post({ type: 'log', level, msg })

const { nativeBinding } = workerData as { nativeBinding?: string }
// Parse workers beside this one; this thread stays the single writer.
const pool = new ParsePool(Math.max(1, availableParallelism() - 1), () => createParseWorker({}))
const { db, ingestor } = openCore({ nativeBinding, parser: pool, log })
const api = new Api(db, Date.now, (msg) => log('error', msg))
const roots = existingDefaultRoots().map((path) => ({ path }))
const changed = (s: { filesRead: number; newResponses: number }): void => {
  const data = dataChanged(s)
  if (!data) return
  api.invalidate()
  post({ type: 'event', name: 'data-changed', data })
}

const live = new LiveIngest(ingestor, roots, {
  onPass: changed,
  onError: (err) => log('error', `ingest failed: ${(err as Error).message}`),
})

parentPort?.on('message', (req: WorkerRequest) => {
  post({ type: 'reply', seq: req.seq, result: api.call(req.name, req.args) })
})

void ingestor
  .ingest(roots)
  .then((s) => {
    changed(s)
    return live.start()
  })
  .catch((err: unknown) => log('error', `first ingest failed: ${(err as Error).message}`))
