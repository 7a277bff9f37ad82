import { parentPort, workerData } from 'node:worker_threads'
import { PARSE_WORKER_OPTIONS, parseWorkerCount, ParsePool } from '../core/ingest/file-parser'
import { CoreHost } from '../core/host'
import { openCore } from '../core/open-core'
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
const pool = new ParsePool(parseWorkerCount(), () => createParseWorker(PARSE_WORKER_OPTIONS))
// The store's upgrade, if any, runs in host.start() before the first pass, chunk by chunk.
const core = openCore({ nativeBinding, parser: pool, log, store: { deferBackfills: true } })
const host = new CoreHost(core, {
  log,
  emit: (name, data) => post({ type: 'event', name, data }),
  exportPaths: 'dialog', // the shell asks for the path in the native save dialog
})

post({ type: 'ready' })

parentPort?.on('message', (req: WorkerRequest) => {
  if (req.type === 'stop') return void stop()
  // Answered between calls: no pong means this thread is stuck (the relay then terminates it).
  if (req.type === 'ping') return post({ type: 'pong', id: req.id })
  void host.api.callAsync(req.name, req.args).then((result) => post({ type: 'reply', seq: req.seq, result }))
})

/** On quit: no pass or upkeep left running, the store closed cleanly; the main process then ends the thread. */
async function stop(): Promise<void> {
  try {
    await host.stop()
    await core.close()
  } catch (err) {
    log('error', `stopping the core: ${(err as Error).message}`)
  }
  post({ type: 'stopped' })
}

void host.start()
