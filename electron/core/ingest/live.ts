import { watch, type FSWatcher } from 'chokidar'
import { realpathSync, type Stats } from 'node:fs'
import { basename } from 'node:path'
import { scanDir } from './discovery'
import type { IngestStats, Ingestor, RootSpec } from './ingest'

export interface LiveOptions {
  /** Quiet time after the last file event before a pass starts (batches bursts of writes). */
  debounceMs?: number
  /**
   * A full incremental pass at this interval regardless of events: file-system events can be lost
   * (network drives, some editors, events during watcher start-up); a pass with nothing new only stats.
   */
  rescanMs?: number
  onPass?: (stats: IngestStats) => void
  onError?: (err: unknown) => void
}

/**
 * How deep below a root's projects folder the watcher goes: `<project>/<session>/subagents/<file>` is
 * three levels, and a folder of copies from other machines adds a few. Deeper files are still read by
 * the periodic pass; an added folder with a huge tree below it costs no watcher for each folder.
 */
export const WATCH_DEPTH = 6
const NEVER_WATCHED = new Set(['node_modules', '.git'])

/** What the watcher skips: files that are no transcript or sidecar, and dependency or VCS folders. */
export function ignoredByWatcher(path: string, st?: Stats): boolean {
  if (NEVER_WATCHED.has(basename(path))) return true
  return st?.isFile() === true && !path.endsWith('.jsonl') && !path.endsWith('.meta.json')
}

/**
 * Live mode: watches the roots and runs an incremental pass shortly after files change. Passes
 * never overlap; events that arrive during a pass schedule exactly one more.
 */
export class LiveIngest {
  private watcher: FSWatcher | undefined
  private timer: NodeJS.Timeout | undefined
  private rescan: NodeJS.Timeout | undefined
  private running: Promise<void> | undefined
  private again = false
  private stopped = false
  /** Counters for pipeline health: file events seen, passes run, passes that failed. */
  readonly counters = { events: 0, passes: 0, failures: 0 }

  constructor(
    private readonly ingestor: Ingestor,
    private readonly roots: RootSpec[],
    private readonly opts: LiveOptions = {},
  ) {}

  /** Resolves once the watcher is ready; changes after that trigger passes. */
  start(): Promise<void> {
    const dirs: string[] = []
    for (const r of this.roots) {
      try {
        dirs.push(scanDir(realpathSync(r.path)))
      } catch {
        // a root that does not exist yet is simply not watched
      }
    }
    this.rescan = setInterval(() => this.schedule(), this.opts.rescanMs ?? 30_000)
    // chokidar never reports ready for an empty list: nothing to watch, only the periodic pass.
    if (dirs.length === 0) return Promise.resolve()
    const w = watch(dirs, {
      ignoreInitial: true,
      depth: WATCH_DEPTH,
      ignored: ignoredByWatcher,
    })
    this.watcher = w
    w.on('all', () => {
      this.counters.events++
      this.schedule()
    })
    w.on('error', (err) => this.opts.onError?.(err))
    return new Promise((resolve) =>
      w.once('ready', () => {
        // Catch up with anything written while the watcher was starting.
        this.schedule()
        resolve()
      }),
    )
  }

  private schedule(): void {
    if (this.stopped) return
    clearTimeout(this.timer)
    this.timer = setTimeout(() => void this.pass(), this.opts.debounceMs ?? 50)
  }

  private async pass(): Promise<void> {
    if (this.stopped) return
    if (this.running) {
      this.again = true
      return
    }
    this.running = (async () => {
      try {
        const stats = await this.ingestor.ingest(this.roots)
        this.counters.passes++
        this.opts.onPass?.(stats)
      } catch (err) {
        this.counters.failures++
        this.opts.onError?.(err)
      }
    })()
    await this.running
    this.running = undefined
    if (this.again) {
      this.again = false
      await this.pass()
    }
  }

  /** Stops watching; resolves once no pass is running (a pass queued behind the running one is dropped). */
  async stop(): Promise<void> {
    this.stopped = true
    clearTimeout(this.timer)
    clearInterval(this.rescan)
    await this.watcher?.close()
    while (this.running) await this.running
  }
}
