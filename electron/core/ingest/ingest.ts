import { realpathSync, statSync } from 'node:fs'
import { basename, relative } from 'node:path'
import { collectGarbage, roomToRebuild, statfsFree } from './bulk-load'
import { asStoreError, checkpoint, StoreError, type Db } from '../store/db'
import { dropIndexes, ensureIndexes } from '../store/indexes'
import { refreshDeferred } from '../store/deferred-upkeep'
import { StoreWriter } from '../store/writer'
import { ensureSource, logPass } from '../store/ingest-state'
import type { PriceBook } from '../prices/price-book'
import type { TranscriptFile } from './discovery'
import { agentMeta } from './file-plan'
import { RootScans, type Folder } from './root-scan'
import { inlineParser, type FileParser, type ParseTask } from './file-parser'
import { unpackBatch, type PackedFile } from './parse-file'
import { ParseQueue } from './parse-queue'
import type { PackedBatch } from '../parse/packed'
import type { IngestProgress } from '../../../shared/contract/results'
import { addWriteTime, emptyStats, mergeBad, since, type IngestStats } from './ingest-stats'

export type { IngestStats } from './ingest-stats'

export interface RootSpec {
  path: string
  /** Source label; default: the existing label, else the caller's default (host name or folder name). */
  label?: string
}

export type Logger = (level: 'info' | 'warn' | 'error', msg: string) => void

export type ProgressListener = (p: IngestProgress) => void

const PROGRESS_EVERY_MS = 250

const MAX_ERRORS = 50
// Commits dominate write cost on random-key indexes, so a cold ingest commits rarely. Offsets commit
// with their records, so a crash only costs re-reading the uncommitted group.
const GROUP_BYTES = 256 << 20
const GROUP_FILES = 5000
const BULK_BYTES = 64 << 20
// After a pass that read this much, the WAL is checkpointed so the data lives in the main file.
const CHECKPOINT_BYTES = 1 << 20

export interface IngestorOptions {
  log?: Logger
  /** Label for a new source; default: the folder name. */
  defaultLabel?: (root: string) => string
  /** Inline by default; a ParsePool spreads parsing over worker threads. */
  parser?: FileParser
  /** Commit the group transaction after this many bytes of input (default 256 MiB). */
  commitBytes?: number
  /** A pass with at least this many new bytes bulk-loads (default 64 MiB). */
  bulkBytes?: number
  /** Free bytes on the store's disk (default: statfs of its folder). */
  freeBytes?: (dir: string) => number
}

/**
 * A file with new bytes to read, decided on the caller's thread before parsing. A cold pass plans every
 * file before the writer starts, so this keeps only the numbers it needs, not the `Stats` (four Dates).
 */
interface Planned {
  file: TranscriptFile
  /** The file's root (real path): logs name files relative to it. */
  root: string
  sourceId: number
  size: number
  /** Floored, as stored. */
  mtimeMs: number
  dev: number
  ino: number
  from: number
  reset: boolean
}

const toTask = (p: Planned): ParseTask => ({
  path: p.file.path,
  from: p.from,
  ctx: { sessionId: p.file.sessionId, agentId: p.file.agentId },
  metaPath: p.file.metaPath,
})

/**
 * Discovers transcripts under the roots and applies whatever is new since the last pass. Parsing
 * may run on worker threads (a FileParser); applying is done here, one transaction per file with
 * its new offset (see StoreWriter), in discovery order so a pass is deterministic.
 */
export class Ingestor {
  private readonly writer: StoreWriter
  private readonly scans: RootScans

  private readonly log: Logger
  private readonly defaultLabel: (root: string) => string
  private readonly parser: FileParser
  private readonly commitBytes: number
  private readonly bulkBytes: number
  private readonly freeBytes: (dir: string) => number

  constructor(
    private readonly db: Db,
    prices: PriceBook,
    opts: IngestorOptions = {},
  ) {
    this.writer = new StoreWriter(db, prices)
    this.scans = new RootScans(db)
    this.log = opts.log ?? (() => {})
    this.defaultLabel = opts.defaultLabel ?? ((root) => basename(root))
    this.parser = opts.parser ?? inlineParser
    this.commitBytes = opts.commitBytes ?? GROUP_BYTES
    this.bulkBytes = opts.bulkBytes ?? BULK_BYTES
    this.freeBytes = opts.freeBytes ?? statfsFree
  }

  /** Runs a write that is not the pass's outside its open group (see StoreWriter.outsideGroup). */
  outsideGroup<T>(write: () => T): Promise<T> {
    return this.writer.outsideGroup(write)
  }

  setPrices(prices: PriceBook): void {
    this.writer.setPrices(prices)
  }

  /** Registers a root as a source (deduplicated by real path) and returns its id. */
  ensureSource(realRoot: string, label?: string): number {
    return ensureSource(this.db, realRoot, label, this.defaultLabel(realRoot))
  }

  /** The folders the last pass listed below `top` (a root's `scanDir`), or null before one did. */
  folders(top: string): Folder[] | null {
    return this.scans.folders(top)
  }

  /** One incremental pass; `onProgress` hears about it every 250 ms and once at the end. */
  async ingest(roots: RootSpec[], onProgress?: ProgressListener): Promise<IngestStats> {
    try {
      this.writer.repriceStale(this.log)
      return await this.ingestRoots(roots, onProgress)
    } catch (err) {
      this.scans.forget()
      throw asStoreError(err, this.db.name)
    }
  }

  private async ingestRoots(roots: RootSpec[], onProgress?: ProgressListener): Promise<IngestStats> {
    const t0 = performance.now()
    const stats = emptyStats()
    // Parsing starts with the first planned file, while the rest of the roots is still listed.
    const queue = new ParseQueue<Planned>(this.parser, toTask)
    const seen = new Set<string>()
    for (const spec of roots) {
      let real: string
      try {
        real = realpathSync(spec.path)
        if (!statSync(real).isDirectory()) throw new Error('not a directory')
      } catch (err) {
        const msg = `skipping root ${spec.path}: ${(err as Error).message}`
        this.report(stats, 'warn', msg)
        continue
      }
      if (seen.has(real)) continue
      seen.add(real)
      stats.roots++
      await this.planRoot(real, this.ensureSource(real, spec.label), stats, queue)
    }
    stats.phases.list = since(t0)
    const planned = queue.items
    // A large pass (first ingest, a big drag-in) bulk-loads: indexes are rebuilt once at the end.
    const bytesTotal = planned.reduce((n, p) => n + p!.size - p!.from, 0)
    const bulk =
      bytesTotal >= this.bulkBytes && roomToRebuild(this.db.name, bytesTotal, this.freeBytes, this.log)
    // Otherwise, indexes a failed bulk pass left dropped come back now (one cheap schema read if none), and
    // the turns it left to recompute are.
    let t = performance.now()
    if (bulk) dropIndexes(this.db)
    else {
      ensureIndexes(this.db)
      refreshDeferred(this.db)
    }
    stats.phases.indexes = since(t)
    const progress: IngestProgress = {
      filesDone: 0,
      filesTotal: planned.length,
      bytesDone: 0,
      bytesTotal,
      done: false,
    }
    try {
      await this.run(queue, stats, progress, onProgress, bulk)
    } catch (err) {
      // The pass's own error is the one to report; a rebuild that fails too is left to the next open.
      if (bulk) this.tryRebuild()
      throw err
    }
    if (bulk) {
      collectGarbage()
      t = performance.now()
      ensureIndexes(this.db)
      stats.phases.indexes += since(t)
      t = performance.now()
      // The pass left its sessions' turns (and moved sessions' activity) until the session indexes were back.
      refreshDeferred(this.db)
      stats.phases.deferred = since(t)
    }
    onProgress?.({ ...progress, filesDone: planned.length, bytesDone: bytesTotal, done: true })
    stats.seconds = (performance.now() - t0) / 1000
    if (stats.filesRead > 0) logPass(this.db, stats)
    this.scans.finish()
    t = performance.now()
    if (stats.bytes >= CHECKPOINT_BYTES) this.tryCheckpoint()
    stats.phases.checkpoint = since(t)
    return stats
  }

  /** Moves the WAL into the main file: housekeeping after a committed pass, so a failure only logs. */
  private tryCheckpoint(): void {
    try {
      const c = checkpoint(this.db)
      if (c.busy)
        this.log('info', `WAL checkpoint: a reader holds ${c.walPages} pages; the next one moves them`)
    } catch (err) {
      this.log(
        'warn',
        `WAL checkpoint failed (the data is committed; the next pass retries): ${(err as Error).message}`,
      )
    }
  }

  private tryRebuild(): void {
    try {
      ensureIndexes(this.db)
    } catch (err) {
      this.log('error', `rebuilding the indexes failed (the next open retries): ${(err as Error).message}`)
    }
  }

  /** Lists a root's files, marks vanished ones missing, and queues those with new bytes. */
  private async planRoot(
    root: string,
    sourceId: number,
    stats: IngestStats,
    queue: ParseQueue<Planned>,
  ): Promise<void> {
    // Listing and stat-ing yield every few ms, so a huge root never holds up the server's answers.
    stats.files += await this.scans.scan(root, sourceId, {
      plan: ({ file, st, from, reset }) => {
        const { size, dev, ino } = st
        const mtimeMs = Math.floor(st.mtimeMs)
        queue.add({ file, root, sourceId, size, mtimeMs, dev, ino, from, reset }, size - from)
      },
      warn: (msg) => this.report(stats, 'warn', msg),
      info: (msg) => this.log('info', msg),
    })
  }

  /**
   * Applies the queued files in order as their parses arrive, inside group
   * transactions committed every `commitBytes` of input or GROUP_FILES files. Offsets commit with their
   * records, so a crash only costs re-reading the uncommitted group. Files are applied without a
   * savepoint each; if one fails, the group is rolled back and redone with a savepoint per file, so
   * only the failing file is skipped.
   */
  private async run(
    queue: ParseQueue<Planned>,
    stats: IngestStats,
    progress: IngestProgress,
    onProgress: ProgressListener | undefined,
    bulk: boolean,
  ): Promise<void> {
    const planned = queue.items
    let lastReport = performance.now()
    let groupBytes = 0
    let groupFiles = 0
    let group = { start: 0, stats: structuredClone(stats), bytesDone: 0 }
    let guardedUntil = -1 // after a failed group: apply up to here with a savepoint per file
    try {
      for (let i = 0; i < planned.length; i++) {
        // The price data loads while the first files are parsed, not after.
        if (i === 0) this.writer.prepare()
        const p = queue.item(i)
        let parsed: PackedFile
        let t = performance.now()
        try {
          parsed = await queue.parsed(i)
        } catch (err) {
          this.fail(p, err, stats)
          continue
        } finally {
          stats.phases.parseWait += since(t)
        }
        t = performance.now()
        this.writer.begin()
        const ok = this.applyOne(p, parsed, stats, i <= guardedUntil)
        stats.phases.apply += t = since(t)
        addWriteTime(stats, progress.bytesDone, progress.bytesTotal, t)
        if (!ok) {
          // Part of this file may be written: undo the group and redo it file by file.
          this.writer.rollback()
          for (let k = group.start; k < i; k++)
            this.scans.rolledBack(queue.item(k).sourceId, queue.item(k).file.path)
          const { phases, writeByTenth } = stats
          Object.assign(stats, structuredClone(group.stats), { phases, writeByTenth })
          progress.bytesDone = group.bytesDone
          groupBytes = groupFiles = 0
          guardedUntil = i
          i = group.start - 1
          continue
        }
        groupBytes += parsed.endOffset - p.from
        progress.filesDone = i + 1
        progress.bytesDone += p.size - p.from
        if (onProgress && performance.now() - lastReport >= PROGRESS_EVERY_MS) {
          lastReport = performance.now()
          onProgress({ ...progress })
        }
        if (++groupFiles >= GROUP_FILES || groupBytes >= this.commitBytes || i === guardedUntil) {
          t = performance.now()
          this.writer.commit()
          if (bulk) collectGarbage()
          stats.phases.commit += t = since(t)
          addWriteTime(stats, progress.bytesDone, progress.bytesTotal, t)
          groupBytes = groupFiles = 0
          group = { start: i + 1, stats: structuredClone(stats), bytesDone: progress.bytesDone }
          queue.release(group.start)
        }
      }
      const t = performance.now()
      this.writer.commit()
      stats.phases.commit += since(t)
    } catch (err) {
      this.writer.rollback()
      throw err
    }
  }

  private fail(p: Planned, err: unknown, stats: IngestStats): void {
    this.report(stats, 'error', `failed to ingest ${p.file.path}: ${(err as Error).message}`)
  }

  /**
   * Applies one parsed file. Returns false when an unguarded apply failed (the caller rolls back its
   * group); a guarded one (a savepoint) reports the failure and skips the file. Store errors propagate.
   */
  private applyOne(p: Planned, parsed: PackedFile, stats: IngestStats, guarded: boolean): boolean {
    const { endOffset } = parsed
    const batch = unpackBatch(parsed.batch)
    const sessionId = batch.sessions[0]?.sessionId ?? p.file.sessionId
    let res
    try {
      res = this.writer.apply(
        batch,
        {
          path: p.file.path,
          sourceId: p.sourceId,
          kind: p.file.kind,
          sessionId,
          agentId: p.file.agentId,
          ino: `${p.dev}:${p.ino}`,
          size: p.size,
          mtimeMs: p.mtimeMs,
          headHash: parsed.headHash,
          offset: endOffset,
          reset: p.reset,
        },
        agentMeta(p.file, sessionId, parsed.meta),
        guarded,
      )
    } catch (err) {
      if (err instanceof StoreError) throw err
      if (!guarded) return false
      this.fail(p, err, stats)
      return true
    }
    this.scans.applied(p.sourceId, p.file.path, [p.size, p.mtimeMs, p.dev, p.ino, endOffset])
    this.record(p, batch, stats, endOffset - p.from)
    stats.newResponses += res.newResponses
    stats.replacedResponses += res.replacedResponses
    return true
  }

  private report(stats: IngestStats, level: 'warn' | 'error', msg: string): void {
    stats.errorCount++
    if (stats.errors.length < MAX_ERRORS) stats.errors.push(msg)
    this.log(level, msg)
  }

  /** Adds a file's counts to the pass; a warning names the file relative to its root (no private paths). */
  private record(p: Planned, batch: PackedBatch, stats: IngestStats, bytes: number): void {
    stats.filesRead++
    stats.bytes += bytes
    stats.lines += batch.lines
    stats.parsedLines += batch.parsedLines
    stats.skippedLines += batch.skippedLines
    mergeBad(stats.badLines, batch.badLines)
    const bad = Object.entries(batch.badLines)
    if (bad.length === 0) return
    const file = relative(p.root, p.file.path)
    this.log('warn', `${file}: bad lines: ${bad.map(([k, v]) => `${k}=${v}`).join(', ')}`)
  }
}
