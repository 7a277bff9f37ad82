import { parentPort } from 'node:worker_threads'
import type { ParseTask } from './file-parser'
import { answerParse } from './parse-message'

// Worker entry for ParsePool: parse one file range per message and post the records back.
parentPort?.on('message', (m: { id: number; task: ParseTask }) => parentPort!.postMessage(answerParse(m)))
// Tells the pool the script loaded: a worker that dies before this is broken, not killed by a file.
parentPort?.postMessage({ ready: true })
