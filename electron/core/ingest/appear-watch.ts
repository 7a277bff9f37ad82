import { existsSync, watch, type FSWatcher } from 'node:fs'
import { dirname } from 'node:path'

/** The deepest folder of `path`'s ancestors (or itself) that exists. */
function nearestExisting(path: string): string {
  let dir = path
  while (!existsSync(dir) && dirname(dir) !== dir) dir = dirname(dir)
  return dir
}

/**
 * Waits for a folder that does not exist yet (a root named before Claude Code first wrote there): one
 * watch, on its nearest existing ancestor, moved down as the missing levels appear; `onAppear` is called
 * once, when the folder exists. If no watch can be made, `check()` (the live mode's periodic pass calls
 * it) still notices.
 */
export class AppearWatch {
  private w: FSWatcher | undefined
  private at = ''
  private done = false

  constructor(
    readonly target: string,
    private readonly onAppear: () => void,
  ) {}

  /** Calls `onAppear` if the folder exists now, else (re)places the watch; the first call starts watching. */
  check(): void {
    // Looping after each new watch catches what appeared before that watch began.
    while (!this.done) {
      if (existsSync(this.target)) {
        this.close()
        this.onAppear()
        return
      }
      const dir = nearestExisting(dirname(this.target))
      if (dir === this.at && this.w) return
      this.w?.close()
      this.w = undefined
      this.at = dir
      try {
        const w = watch(dir, { persistent: false }, () => this.check())
        // The ancestor itself went away: the next check starts again from what exists.
        w.on('error', () => {
          w.close()
          if (this.w === w) this.w = undefined
        })
        this.w = w
      } catch {
        return // no watch to spare (or the folder just went): the periodic check covers it
      }
    }
  }

  close(): void {
    this.done = true
    this.w?.close()
    this.w = undefined
  }
}
