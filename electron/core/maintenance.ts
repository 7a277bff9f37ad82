import type { MaintenanceInfo } from '../../shared/contract'
import type { Settings } from '../../shared/contract/settings'
import { archiveNewBytes, archiveSize } from './archive/archive'
import type { Logger } from './ingest/ingest'
import type { Db } from './store/db'
import { hasResponsesBefore, pruneResponses, pruneState } from './store/prune'

const DAY = 86_400_000

/** The retention cutoff for `days`: UTC midnight `days` days before now. */
export function retentionCutoff(now: number, days: number): number {
  return Math.floor(now / DAY) * DAY - days * DAY
}

export interface MaintenanceOptions {
  log: Logger
  now: () => number
  /** Runs a task with no ingest pass running (the host's queue). */
  exclusive: <T>(task: () => Promise<T>) => Promise<T>
  /** Stored data changed: invalidate caches and tell the views. */
  changed: () => void
}

/**
 * The background upkeep after passes and on the host's timer: retention of per-response rows and the
 * transcript archive. Each runs at most once at a time; failures are logged and retried next time.
 */
export class Maintenance {
  private pruning = false
  private archiving: Promise<void> | null = null
  private lastArchive: { at: number; files: number; bytesIn: number } | null = null

  constructor(
    private readonly db: Db,
    readonly archiveDir: string,
    private readonly opts: MaintenanceOptions,
  ) {}

  async run(settings: Settings): Promise<void> {
    await this.retention(settings)
    if (settings.archive) await this.archive()
  }

  /** Deletes per-response rows older than the setting allows (nothing when kept forever). */
  async retention(settings: Settings): Promise<void> {
    if (settings.responseDetailDays === null || this.pruning) return
    const cutoff = retentionCutoff(this.opts.now(), settings.responseDetailDays)
    this.pruning = true
    try {
      if (!hasResponsesBefore(this.db, cutoff)) return
      const run = await this.opts.exclusive(() => pruneResponses(this.db, cutoff, this.opts.now()))
      this.opts.log(
        'info',
        `retention: deleted ${run.responses} per-response rows before ${new Date(cutoff).toISOString()} in ${run.seconds.toFixed(2)} s (rollups kept)`,
      )
      this.opts.changed()
    } catch (err) {
      this.opts.log('error', `retention failed: ${(err as Error).message}`)
    } finally {
      this.pruning = false
    }
  }

  /** Brings the archive up to what has been read; a run already going is awaited, not repeated. */
  archive(): Promise<void> {
    this.archiving ??= (async () => {
      try {
        const run = await archiveNewBytes(this.db, this.archiveDir)
        for (const e of run.errors) this.opts.log('warn', e)
        if (run.files > 0) {
          this.lastArchive = { at: this.opts.now(), files: run.files, bytesIn: run.bytesIn }
          this.opts.log(
            'info',
            `archive: ${run.files} files, ${run.bytesIn} bytes → ${run.bytesOut} compressed`,
          )
        }
      } catch (err) {
        this.opts.log('error', `archive failed: ${(err as Error).message}`)
      } finally {
        this.archiving = null
      }
    })()
    return this.archiving
  }

  /** Resolves when no archive run is going (before the store closes). */
  async idle(): Promise<void> {
    await this.archiving
  }

  async info(): Promise<MaintenanceInfo> {
    const prune = pruneState(this.db)
    return {
      lastPrune: prune.last,
      prunedResponses: prune.prunedTotal,
      archive: {
        folder: this.archiveDir,
        ...(await archiveSize(this.archiveDir)),
        lastRun: this.lastArchive,
      },
    }
  }
}
