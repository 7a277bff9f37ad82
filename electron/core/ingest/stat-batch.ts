import { statSync } from 'node:fs'
import { availableParallelism, loadavg } from 'node:os'
import { sep } from 'node:path'
import { Worker } from 'node:worker_threads'
import { timeSlicer } from './time-slice'

/** Numbers per path in `statBatch`'s answer: size, mtimeMs, dev, ino. */
export const STAT = 4
/** Paths claimed at a time by either thread. */
const CHUNK = 256
/** Below this many paths a helper thread (~30 ms to start) costs more than it saves. */
export const HELPER_MIN = 4096

/**
 * Whether a core looks idle (the last minute's load average below the cores; 0 where the system does
 * not tell, as on Windows): on a machine already busy, a helper only adds its start-up to the same work.
 */
export function coreToSpare(): boolean {
  return availableParallelism() > 1 && loadavg()[0]! < availableParallelism() - 0.5
}

/** OBSERVATORY_STAT_HELPER=1 always uses a helper (from HELPER_MIN paths), 0 never; else when a core is idle. */
function helperWanted(paths: number): boolean {
  const env = process.env.OBSERVATORY_STAT_HELPER
  return paths >= HELPER_MIN && env !== '0' && (env === '1' || coreToSpare())
}

/**
 * The helper: stats the chunks it claims from the shared counter (`next[0]`), and says it holds one in
 * `next[1]` (set before claiming), so the caller knows whether to wait for it; `next[2]` counts its
 * paths. It gets the folders and names as they are (copying 100k strings costs less than joining them
 * into one) and makes each path as `pathAt` does. CommonJS, as an eval'd worker is: the same code runs
 * bundled (CLI, Electron) and under vitest with no extra entry point.
 */
const HELPER = `
const { workerData: w, parentPort } = require('node:worker_threads')
const { statSync } = require('node:fs')
const { sep } = require('node:path')
const { dirs, names, base } = w
const n = base[dirs.length]
const out = new Float64Array(w.out)
const next = new Int32Array(w.next)
for (;;) {
  Atomics.store(next, 1, 1)
  const from = Atomics.add(next, 0, ${CHUNK})
  if (from >= n) break
  const to = Math.min(from + ${CHUNK}, n)
  let lo = 0, hi = dirs.length - 1
  while (lo < hi) { const m = (lo + hi + 1) >> 1; if (base[m] <= from) lo = m; else hi = m - 1 }
  let f = lo
  let prefix = dirs[f].endsWith(sep) ? dirs[f] : dirs[f] + sep
  for (let i = from; i < to; i++) {
    while (i >= base[f + 1]) { f++; prefix = dirs[f].endsWith(sep) ? dirs[f] : dirs[f] + sep }
    let s
    try { s = statSync(i === base[f] ? dirs[f] : prefix + names[f][i - base[f] - 1], { throwIfNoEntry: false }) } catch { continue }
    if (!s) continue
    out[i * 4] = s.size; out[i * 4 + 1] = s.mtimeMs; out[i * 4 + 2] = s.dev; out[i * 4 + 3] = s.ino
  }
  Atomics.add(next, 2, to - from)
  Atomics.store(next, 1, 0)
}
Atomics.store(next, 1, 0)
parentPort.postMessage('done')
`

/** The folders and their file names to stat: path `k` is folder `f` at `base[f]`, its names after it. */
export interface StatList {
  dirs: string[]
  names: string[][]
  /** Filled by `statList`: base[dirs.length] is the number of paths. */
  base: Int32Array
}

export function statList(dirs: string[], names: string[][]): StatList {
  const base = new Int32Array(dirs.length + 1)
  for (let f = 0; f < dirs.length; f++) base[f + 1] = base[f]! + 1 + names[f]!.length
  return { dirs, names, base }
}

const withSep = (dir: string) => (dir.endsWith(sep) ? dir : dir + sep)

function statRange({ dirs, names, base }: StatList, out: Float64Array, from: number, to: number): void {
  let lo = 0
  let hi = dirs.length - 1
  while (lo < hi) {
    const m = (lo + hi + 1) >> 1
    if (base[m]! <= from) lo = m
    else hi = m - 1
  }
  let f = lo
  let prefix = withSep(dirs[f]!)
  for (let i = from; i < to; i++) {
    while (i >= base[f + 1]!) prefix = withSep(dirs[++f]!)
    let s
    try {
      s = statSync(i === base[f] ? dirs[f]! : prefix + names[f]![i - base[f]! - 1]!, {
        throwIfNoEntry: false,
      })
    } catch {
      continue // left as not statted: the caller stats it again and reports why
    }
    if (!s) continue
    const k = i * STAT
    out[k] = s.size
    out[k + 1] = s.mtimeMs
    out[k + 2] = s.dev
    out[k + 3] = s.ino
  }
}

function startHelper(list: StatList, out: Float64Array, next: Int32Array): Worker | null {
  try {
    const w = new Worker(HELPER, {
      eval: true,
      workerData: { dirs: list.dirs, names: list.names, base: list.base, out: out.buffer, next: next.buffer },
      resourceLimits: { maxOldGenerationSizeMb: 64 },
    })
    // Not unref'd: the caller may be waiting for it (and always ends it).
    return w
  } catch {
    return null // no thread to spare: this one does it all
  }
}

/**
 * `stat`s many paths, several at once: this thread (in `run`) and, from `HELPER_MIN` paths when a core is
 * idle, one helper thread (started at once) take chunks from a shared counter, so neither waits on the other: a helper
 * that starts late or never just takes less, and one that starts before `run` is called has a head
 * start (the caller does other work meanwhile). A no-op pass is mostly `stat` calls (one per folder and
 * per file: an append changes no folder), and two threads on two cores take about half the time.
 */
export class StatBatch {
  private readonly out: Float64Array
  private readonly next: Int32Array
  private readonly helper: Worker | null
  private readonly helperDone: Promise<void> | null

  private readonly n: number

  constructor(
    private readonly list: StatList,
    helper = helperWanted(list.base[list.dirs.length]!),
  ) {
    const n = list.base[list.dirs.length]!
    this.n = n
    const shared = helper && typeof SharedArrayBuffer === 'function'
    const buf = (bytes: number) => (shared ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes))
    this.out = new Float64Array(buf(n * STAT * 8)).fill(NaN)
    this.next = new Int32Array(buf(12))
    const w = shared && n > 0 ? startHelper(list, this.out, this.next) : null
    this.helper = w
    this.helperDone = w
      ? new Promise<void>((resolve) => {
          w.once('message', () => resolve())
          w.once('error', () => resolve())
          w.once('exit', () => resolve())
        })
      : null
  }

  /**
   * Stats what the helper has not, and returns STAT numbers per path; a size that is not `>= 0` means it
   * could not be statted here (gone, unreadable): `stat` it again to learn why.
   */
  async run(): Promise<Float64Array> {
    const { n, out, next } = this
    const slice = timeSlicer()
    for (;;) {
      const from = Atomics.add(next, 0, CHUNK)
      if (from >= n) break
      statRange(this.list, out, from, Math.min(from + CHUNK, n))
      const turn = slice()
      if (turn) await turn
    }
    // Every chunk is claimed; wait only if the helper still holds one.
    if (this.helperDone && Atomics.load(next, 1) === 1) await this.helperDone
    this.cancel()
    return out
  }

  /** How many paths the helper has statted so far. */
  get helped(): number {
    return Atomics.load(this.next, 2)
  }

  /** Ends the helper (the results are not needed, or are all in). */
  cancel(): void {
    Atomics.store(this.next, 0, this.n)
    void this.helper?.terminate().catch(() => undefined)
  }
}
