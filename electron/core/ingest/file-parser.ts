import { availableParallelism } from 'node:os'
import type { Worker, WorkerOptions } from 'node:worker_threads'
import type { FileContext } from '../parse/normalize'
import { packFile, parseFile, type PackedFile } from './parse-file'
import type { ParseReply } from './parse-message'

export interface ParseTask {
  path: string
  from: number
  ctx: FileContext
  metaPath?: string | null
}

/** Turns a file's new bytes into records; inline or on a pool of worker threads. */
export interface FileParser {
  /** How many tasks to keep in flight. */
  readonly concurrency: number
  parse(task: ParseTask): Promise<PackedFile>
  close(): Promise<void>
}

export const inlineParser: FileParser = {
  concurrency: 1,
  parse: (t) => {
    try {
      return Promise.resolve(packFile(parseFile(t.path, t.from, t.ctx, undefined, t.metaPath ?? null)))
    } catch (err) {
      return Promise.reject(err)
    }
  },
  close: () => Promise.resolve(),
}

/**
 * How many parse workers a pool gets: one per core but the writer's, and at least two. The writer
 * waits on parsing for about a third of a cold pass, so on two cores a second parser fills that.
 */
export function parseWorkerCount(): number {
  return Math.max(2, availableParallelism() - 1)
}

/**
 * Options for a parse worker: its short-lived garbage never needs V8's default young generation,
 * and with several workers that memory adds up.
 */
export const PARSE_WORKER_OPTIONS: WorkerOptions = { resourceLimits: { maxYoungGenerationSizeMb: 8 } }

type Reply = ParseReply

interface Pending {
  task: ParseTask
  resolve: (v: PackedFile) => void
  reject: (e: Error) => void
}

/** One worker and the tasks sent to it, oldest first (it answers them in that order). */
interface Slot {
  worker: Worker
  tasks: Map<number, Pending>
  /** It said it started (the worker script loaded); dying before that means the script is broken. */
  ready: boolean
}

/**
 * Parsing spread over worker threads (JSON.parse dominates ingest time); the caller stays the
 * single writer. `spawn` creates a worker running `parse-worker`. A worker that dies (throws at top
 * level, exits, is killed) is replaced: the task it was parsing fails, the ones queued behind it go
 * to the new worker, so every task settles.
 */
export class ParsePool implements FileParser {
  readonly concurrency: number
  private slots: Slot[] = []
  private seq = 0
  private brokenInARow = 0

  constructor(
    private readonly size: number,
    private readonly spawn: () => Worker,
  ) {
    // Deep queues keep workers busy while the writer applies results in order (the ingestor also
    // bounds how many input bytes run ahead of the writer).
    this.concurrency = size * 256
  }

  private newSlot(): Slot {
    const slot: Slot = { worker: this.spawn(), tasks: new Map(), ready: false }
    const w = slot.worker
    w.on('message', (r: Reply | { ready: true }) => {
      if ('ready' in r) {
        slot.ready = true
        this.brokenInARow = 0
        return
      }
      const p = slot.tasks.get(r.id)
      slot.tasks.delete(r.id)
      if (r.ok) p?.resolve(r.value)
      else p?.reject(new Error(r.error))
    })
    // 'exit' comes after the replies the worker posted before dying (Node drains its port first);
    // 'error' may come before them, so it only records why.
    let why = ''
    w.on('error', (err) => (why = err.message))
    w.on('exit', (code) => this.lost(slot, why || `it exited with code ${code}`))
    return slot
  }

  /**
   * A worker died: fail the task it was on and hand the rest to a fresh worker. A worker with nothing
   * left is not replaced until work arrives, and workers that keep dying before they start (a broken
   * worker script) fail all their tasks rather than being restarted for each of them.
   */
  private lost(slot: Slot, why: string): void {
    const i = this.slots.indexOf(slot)
    if (i < 0) return // replaced already, or stopped by close()
    void slot.worker.terminate()
    this.slots.splice(i, 1)
    const [first, ...rest] = slot.tasks.values()
    if (!first) return
    const error = (p: Pending) => new Error(`the parse worker failed while parsing ${p.task.path}: ${why}`)
    first.reject(error(first))
    if (!slot.ready && ++this.brokenInARow > 2 * this.size) {
      for (const p of rest) p.reject(error(p))
      return
    }
    if (rest.length === 0) return
    const fresh = this.newSlot()
    this.slots.push(fresh)
    for (const p of rest) this.send(fresh, ++this.seq, p)
  }

  private send(slot: Slot, id: number, p: Pending): void {
    slot.tasks.set(id, p)
    slot.worker.postMessage({ id, task: p.task })
  }

  parse(task: ParseTask): Promise<PackedFile> {
    // Workers start on first use, so a pass with nothing new costs no thread start-up.
    while (this.slots.length < this.size) this.slots.push(this.newSlot())
    let slot = this.slots[0]!
    for (const s of this.slots) if (s.tasks.size < slot.tasks.size) slot = s
    return new Promise((resolve, reject) => this.send(slot, ++this.seq, { task, resolve, reject }))
  }

  /** Stops the workers; tasks still pending reject. The next parse starts new workers. */
  async close(): Promise<void> {
    const slots = this.slots
    this.slots = []
    await Promise.all(slots.map((s) => s.worker.terminate()))
    for (const s of slots) for (const p of s.tasks.values()) p.reject(new Error('the parse pool was closed'))
  }
}
