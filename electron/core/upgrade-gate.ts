import type { IngestProgress } from '../../shared/contract'
import { upgradePending, upgradeStore, type UpgradeProgress } from './store/backfill'
import type { Db } from './store/db'

/**
 * The store's upgrade as the host runs it (an open with `deferBackfills`): the backfills of new
 * migrations, chunk by chunk, before the first pass. Meanwhile `message()` says so and the Api
 * answers it to every request but health (ARCHITECTURE.md, "Migrations and backfills"): the tables
 * being filled would give wrong numbers, and a write would race the backfill.
 */
export class UpgradeGate {
  private state: UpgradeProgress | null
  private failed: string | null = null

  constructor(private readonly db: Db) {
    this.state = upgradePending(db) ? { chunksDone: 0, chunksTotal: 0, done: false } : null
  }

  /** Null once the store is ready. */
  message(): string | null {
    if (this.failed) return this.failed
    if (!this.state) return null
    const pct = this.state.chunksTotal
      ? Math.floor((100 * this.state.chunksDone) / this.state.chunksTotal)
      : 0
    return `the store is being upgraded (${pct} %): answers come once it is done`
  }

  /** Runs the upgrade; a failure is thrown, and the message then stays (nothing may write). */
  async run(report: (p: IngestProgress) => void): Promise<void> {
    if (!this.state) return
    try {
      await upgradeStore(this.db, (p) => {
        this.state = p
        report({
          filesDone: 0,
          filesTotal: 0,
          bytesDone: 0,
          bytesTotal: 0,
          done: p.done,
          upgrade: { chunksDone: p.chunksDone, chunksTotal: p.chunksTotal },
        })
      })
      this.state = null
    } catch (err) {
      this.failed = `upgrading the store failed: ${(err as Error).message}`
      throw err
    }
  }
}
