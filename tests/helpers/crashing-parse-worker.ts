import { parentPort, workerData } from 'node:worker_threads'
import { answerParse } from '../../electron/core/ingest/parse-message'
import type { ParseTask } from '../../electron/core/ingest/file-parser'

// A real parse worker that dies on files whose path contains `workerData.poison`: by throwing at
// top level ('throw') or by exiting ('exit'). For the ParsePool tests.
const { poison, how } = workerData as { poison: string; how: 'throw' | 'exit' }
parentPort!.on('message', (m: { id: number; task: ParseTask }) => {
  if (m.task.path.includes(poison)) {
    if (how === 'exit') process.exit(3)
    throw new Error(`worker crashed on ${m.task.path}`)
  }
  parentPort!.postMessage(answerParse(m))
})
parentPort!.postMessage({ ready: true })
