import { readFileSync, watch, type FSWatcher } from 'node:fs'
import type { Folder } from './root-scan'

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

  private readonly budget: number

  /** `maxWatches`: default half of inotify's per-user limit on Linux (other programs need watches too). */
  constructor(
    private readonly onEvent: (dir: string, name: string | null) => void,
    maxWatches?: number,
    private readonly recursive = process.platform === 'darwin' || process.platform === 'win32',
  ) {
    const limit = inotifyLimit()
    this.budget = maxWatches ?? (limit === null ? Infinity : Math.floor(limit / 2))
  }

  get size(): number {
    return this.watchers.size
  }

  /** Whether a limit was reached: nothing is watched any more (until `close`). */
  get gaveUp(): boolean {
    return this.failed
  }

  /**
   * Watches `dirs` (or, recursive, `tops`); over the budget, only the most recently changed of them (Claude
   * Code writes to its newest files; the periodic pass covers the rest). Returns how many watches were
   * added and how many folders went unwatched. Throws a WatchLimitError (after closing every watch) when
   * the system refuses a watch.
   */
  sync(tops: string[], dirs: Folder[]): { added: number; unwatched: number } {
    if (this.failed) return { added: 0, unwatched: 0 }
    let chosen = dirs
    if (dirs.length > this.budget) {
      const recent = (f: Folder) => (f.mtimeMs < 0 ? Infinity : f.mtimeMs)
      chosen = [...dirs].sort((a, b) => recent(b) - recent(a)).slice(0, this.budget)
    }
    const want = new Set(this.recursive ? tops : chosen.map((f) => f.path))
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
    return { added, unwatched: this.recursive ? 0 : dirs.length - chosen.length }
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
