import { readFileSync, watch, type FSWatcher } from 'node:fs'

/** A watch limit reached (inotify's `max_user_watches`, or open files): live mode falls back to polling. */
export class WatchLimitError extends Error {}

/** The per-user inotify watch limit on Linux, else null. */
export function inotifyLimit(): number | null {
  if (process.platform !== 'linux') return null
  try {
    return Number(readFileSync('/proc/sys/fs/inotify/max_user_watches', 'utf8').trim()) || null
  } catch {
    return null
  }
}

const LIMIT_CODES = new Set(['ENOSPC', 'EMFILE', 'ENFILE'])

/**
 * Watches folders, not files: on Linux one inotify watch per folder (an append to a file is an event of
 * its folder); elsewhere one recursive watch per top folder (FSEvents, ReadDirectoryChangesW). The
 * folders come from the pass's listings, so starting costs no walk of its own.
 */
export class DirWatcher {
  private readonly watchers = new Map<string, FSWatcher>()
  private failed = false

  constructor(
    private readonly onEvent: (dir: string, name: string | null) => void,
    /** At most this many watches (default: inotify's limit on Linux). */
    private readonly limit = inotifyLimit(),
    private readonly recursive = process.platform === 'darwin' || process.platform === 'win32',
  ) {}

  get size(): number {
    return this.watchers.size
  }

  /** Whether a limit was reached: nothing is watched any more (until `close`). */
  get gaveUp(): boolean {
    return this.failed
  }

  /**
   * Watches exactly `dirs` (or, recursive, `tops`); returns how many watches were added. Throws a
   * WatchLimitError (after closing every watch) when the system's limit is reached.
   */
  sync(tops: string[], dirs: Iterable<string>): number {
    if (this.failed) return 0
    const want = new Set(this.recursive ? tops : dirs)
    if (this.limit !== null && want.size > this.limit)
      this.giveUp(`${want.size} folders exceed the limit of ${this.limit}`)
    for (const [dir, w] of this.watchers)
      if (!want.has(dir)) {
        w.close()
        this.watchers.delete(dir)
      }
    let added = 0
    for (const dir of want) {
      if (this.watchers.has(dir)) continue
      let w: FSWatcher
      try {
        w = watch(dir, { persistent: false, recursive: this.recursive }, (_, name) => this.onEvent(dir, name))
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code ?? ''
        if (LIMIT_CODES.has(code)) this.giveUp(`${code} after ${this.watchers.size} folders`)
        continue // gone since it was listed: the next pass notices
      }
      // A watched folder that is deleted ends its watch; the next pass drops or re-adds it.
      w.on('error', () => {
        w.close()
        if (this.watchers.get(dir) === w) this.watchers.delete(dir)
      })
      this.watchers.set(dir, w)
      added++
    }
    return added
  }

  private giveUp(why: string): never {
    this.close()
    this.failed = true
    throw new WatchLimitError(
      `live mode cannot watch the transcript folders (${why}; on Linux raise fs.inotify.max_user_watches)`,
    )
  }

  close(): void {
    for (const w of this.watchers.values()) w.close()
    this.watchers.clear()
  }
}
