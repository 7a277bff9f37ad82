import { parentPort } from 'node:worker_threads'
import { packFile, parseFile } from './parse-file'
import type { ParseTask } from './file-parser'

// Worker entry for ParsePool: parse one file range per message and post the records back.
parentPort?.on('message', ({ id, task }: { id: number; task: ParseTask }) => {
  try {
    parentPort!.postMessage({
      id,
      ok: true,
      value: packFile(parseFile(task.path, task.from, task.ctx, undefined, task.metaPath ?? null), true),
    })
  } catch (err) {
    parentPort!.postMessage({ id, ok: false, error: (err as Error).message })
  }
})
