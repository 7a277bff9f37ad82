import { availableParallelism } from 'node:os'
import type { Worker, WorkerOptions } from 'node:worker_threads'
import type { FileContext } from '../parse/normalize'
import { packFile, parseFile, type PackedFile } from './parse-file'

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

type Reply = { id: number; ok: true; value: PackedFile } | { id: number; ok: false; error: string }

/**
 * Parsing spread over worker threads (JSON.parse dominates ingest time); the caller stays the
 * single writer. `spawn` creates a worker running `parse-worker`.
 */
export class ParsePool implements FileParser {
  readonly concurrency: number
  private workers: Worker[] = []
  private readonly pending = new Map<
    number,
    { resolve: (v: PackedFile) => void; reject: (e: Error) => void }
  >()
  private load: number[] = []
  private seq = 0

  constructor(
    private readonly size: number,
    private readonly spawn: () => Worker,
  ) {
    // Deep queues keep workers busy while the writer applies results in order (the ingestor also
    // bounds how many input bytes run ahead of the writer).
    this.concurrency = size * 256
  }

  /** Workers start on first use, so a pass with nothing new costs no thread start-up. */
  private start(): void {
    this.workers = Array.from({ length: this.size }, () => this.spawn())
    this.load = this.workers.map(() => 0)
    this.workers.forEach((w, i) => {
      w.on('message', (r: Reply) => {
        this.load[i]!--
        const p = this.pending.get(r.id)
        this.pending.delete(r.id)
        if (r.ok) p?.resolve(r.value)
        else p?.reject(new Error(r.error))
      })
      w.on('error', (err) => {
        for (const p of this.pending.values()) p.reject(err)
        this.pending.clear()
      })
    })
  }

  parse(task: ParseTask): Promise<PackedFile> {
    if (this.workers.length === 0) this.start()
    const id = ++this.seq
    let i = 0
    for (let k = 1; k < this.load.length; k++) if (this.load[k]! < this.load[i]!) i = k
    this.load[i]!++
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject })
      this.workers[i]!.postMessage({ id, task })
    })
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()))
    this.workers = []
  }
}
