import { realpathSync, type Stats } from 'node:fs'
import { basename, join, resolve, sep } from 'node:path'
import { AppearWatch } from './appear-watch'
import { scanDir } from './discovery'
import { DirWatcher, WatchLimitError } from './dir-watch'
import type { IngestStats, Ingestor, RootSpec } from './ingest'
import type { Folder } from './root-scan'

export { WatchLimitError } from './dir-watch'

export interface LiveOptions {
  /** Quiet time after the last file event before a pass starts (batches bursts of writes). */
  debounceMs?: number
  /**
   * A full incremental pass at this interval regardless of events: file-system events can be lost
   * (network drives, some editors); a pass with nothing new only stats.
   */
  rescanMs?: number
  /** The interval instead when nothing can be watched (a watch limit reached). Default 10 s. */
  pollMs?: number
  /** At most this many folder watches (default: half the system's inotify limit on Linux, else none). */
  maxWatches?: number
  onPass?: (stats: IngestStats) => void
  /** Failed passes, and a WatchLimitError when live mode watches only some folders or none (then it polls). */
  onError?: (err: unknown) => void
}

/**
 * How deep below a root's projects folder the watcher goes: `<project>/<session>/subagents/<file>` is
 * three levels, and a folder of copies from other machines adds a few. Deeper files are still read by
 * the periodic pass; an added folder with a huge tree below it costs no watch for each folder.
 */
export const WATCH_DEPTH = 6
const NEVER_WATCHED = new Set(['node_modules', '.git'])

/** What the watcher skips: files that are no transcript or sidecar, and dependency or VCS folders. */
export function ignoredByWatcher(path: string, st?: Stats): boolean {
  if (NEVER_WATCHED.has(basename(path))) return true
  return st?.isFile() === true && !path.endsWith('.jsonl') && !path.endsWith('.meta.json')
}

/** Folders at most WATCH_DEPTH levels below `top`. */
function shallow(top: string, dirs: Folder[]): Folder[] {
  const base = top.split(sep).length
  return dirs.filter((d) => d.path.split(sep).length - base <= WATCH_DEPTH)
}

/**
 * Live mode: watches the folders the passes list and runs an incremental pass shortly after something
 * in them changes. Passes never overlap; events that arrive during a pass schedule exactly one more.
 */
export class LiveIngest {
  private watcher: DirWatcher | undefined
  /** Roots that did not exist at the last pass, each waiting to appear (then a pass reads and watches it). */
  private readonly absent = new Map<string, AppearWatch>()
  private timer: NodeJS.Timeout | undefined
  private rescan: NodeJS.Timeout | undefined
  private running: Promise<void> | undefined
  private again = false
  /** Whether only some folders are watched (over the watch budget): then the periodic pass is frequent. */
  private partial = false
  private stopped = false
  /** Counters for pipeline health: file events seen, passes run, passes that failed. */
  readonly counters = { events: 0, passes: 0, failures: 0 }

  /** Folders watched now (one watch each; a recursive watch per root counts as one). */
  get watchedFolders(): number {
    return this.watcher?.size ?? 0
  }

  constructor(
    private readonly ingestor: Ingestor,
    private readonly roots: RootSpec[],
    private readonly opts: LiveOptions = {},
  ) {}

  /**
   * Resolves after a first pass, once its folders are watched; changes after that trigger passes.
   * Watching starts from the pass's listings, so it costs no walk of its own.
   */
  async start(): Promise<void> {
    this.every(this.opts.rescanMs ?? 30_000)
    this.watcher = new DirWatcher((dir, name) => {
      if (name !== null && ignoredByWatcher(join(dir, name))) return
      this.counters.events++
      this.schedule()
    }, this.opts.maxWatches)
    await this.pass()
  }

  /**
   * The folders the passes scan (`scanDir` of each root, found again each pass: a `projects/` folder may
   * appear in a root); a root that does not exist gets an AppearWatch, so it is read and watched as soon
   * as it is made rather than at the next start.
   */
  private tops(): string[] {
    const tops: string[] = []
    for (const r of this.roots) {
      let top: string | null = null
      try {
        top = scanDir(realpathSync(r.path))
      } catch {
        // not there (yet)
      }
      const waiting = this.absent.get(r.path)
      if (top !== null) {
        tops.push(top)
        waiting?.close()
        this.absent.delete(r.path)
      } else if (waiting) waiting.check()
      else {
        const a = new AppearWatch(resolve(r.path), () => {
          this.absent.delete(r.path)
          this.schedule()
        })
        this.absent.set(r.path, a)
        a.check()
      }
    }
    return tops
  }

  private every(ms: number): void {
    clearInterval(this.rescan)
    this.rescan = setInterval(() => this.schedule(), ms)
  }

  private schedule(): void {
    if (this.stopped) return
    clearTimeout(this.timer)
    this.timer = setTimeout(() => void this.pass(), this.opts.debounceMs ?? 50)
  }

  /** Watches the folders the pass listed; a folder new to the watcher gets a pass of its own (see below). */
  private watch(): void {
    const w = this.watcher
    if (!w || this.stopped) return
    const tops = this.tops()
    if (w.gaveUp) return
    const dirs: Folder[] = []
    for (const top of tops) dirs.push(...shallow(top, this.ingestor.folders(top) ?? []))
    const poll = this.opts.pollMs ?? 10_000
    let res
    try {
      res = w.sync(tops, dirs)
    } catch (err) {
      if (!(err instanceof WatchLimitError)) throw err
      this.every(poll)
      this.opts.onError?.(new WatchLimitError(`${err.message}; a pass runs every ${poll / 1000} s instead`))
      return
    }
    // What was written to a folder before its watch began is read by one more pass.
    if (res.added > 0) this.schedule()
    const partial = res.unwatched > 0
    if (partial === this.partial) return
    this.partial = partial
    this.every(partial ? poll : (this.opts.rescanMs ?? 30_000))
    if (partial)
      this.opts.onError?.(
        new WatchLimitError(
          `live mode watches the ${w.size} most recently changed of ${dirs.length} transcript folders ` +
            `(the watch limit; on Linux raise fs.inotify.max_user_watches); the others are read by a pass every ${poll / 1000} s`,
        ),
      )
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
        this.watch()
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
    this.watcher?.close()
    for (const a of this.absent.values()) a.close()
    this.absent.clear()
    while (this.running) await this.running
  }
}
