import type { Stats } from 'node:fs'
import { sep } from 'node:path'
import type { Db } from '../store/db'
import {
  fileLookup,
  filesFingerprint,
  knownFiles,
  loadScanState,
  markMissing,
  markMissingPaths,
  saveScanState,
  storeMark,
} from '../store/ingest-state'
import type { FileState } from '../store/writer'
import { scanDir, type TranscriptFile } from './discovery'
import { prefetch, walk } from './dir-walk'
import { planRead } from './file-plan'
import {
  parseState,
  recOf,
  serializeState,
  setRec,
  stateFingerprint,
  type Rec,
  type ScanState,
} from './scan-state'

/** A listed folder and its mtime (-1: changed within the last seconds). */
export interface Folder {
  path: string
  mtimeMs: number
}

/** A file with new bytes, as `scan` hands it over. */
export interface ScanPlan {
  file: TranscriptFile
  st: Stats
  ino: string
  from: number
  reset: boolean
}

export interface ScanHooks {
  plan(p: ScanPlan): void
  /** A file or folder that cannot be read. */
  warn(msg: string): void
  info(msg: string): void
}

/** A long-running process saves changed listings at most this often (a process's first pass always does). */
const SAVE_EVERY_MS = 30_000

interface Cached {
  top: string
  state: ScanState
  dirty: boolean
  /** What the pass applied (path → the record its row now holds), set on the state after the last commit. */
  applied: Map<string, Rec>
  /** `storeMark` after the last pass, when the state then mirrored the rows. */
  mark: string | null
}

const same = (a: number[], b: number[]) => a.every((x, i) => x === b[i])

/**
 * The folder listings of each source, kept between passes (and in `store_state` between processes), so
 * a pass with nothing to do reads no folder whose mtime is unchanged and no file rows: it `stat`s each
 * folder and file and compares with what the store holds. The listings are trusted only while the
 * sums over their records equal the same sums over the file rows (`filesFingerprint`); otherwise (first
 * pass, rows reset by another command, a failed pass) the pass reads every folder and row.
 */
export class RootScans {
  private readonly cache = new Map<number, Cached>()
  private savedAt = -Infinity

  constructor(private readonly db: Db) {}

  /** The source's listings as last kept (in memory, else saved), and whether they surely mirror its rows. */
  private candidate(sourceId: number, top: string): { state: ScanState; trusted: boolean } | null {
    const c = this.cache.get(sourceId)
    if (c?.top === top) return { state: c.state, trusted: c.mark !== null && c.mark === storeMark(this.db) }
    const saved = loadScanState(this.db, sourceId)
    const state = parseState(top, saved?.json, saved?.recs)
    return state ? { state, trusted: false } : null
  }

  /**
   * Lists a root's transcripts (reusing unchanged folders), hands each with new bytes to `hooks.plan`,
   * and marks the rows of vanished ones missing. Returns how many files it found.
   */
  async scan(root: string, sourceId: number, hooks: ScanHooks): Promise<number> {
    const top = scanDir(root)
    const cand = this.candidate(sourceId, top)
    // Statting starts (in a helper thread) while the listings are checked against the file rows.
    const pre = cand ? prefetch(cand.state) : undefined
    let old: ScanState | null = null
    try {
      if (cand?.trusted || (cand && same(stateFingerprint(cand.state), filesFingerprint(this.db, sourceId))))
        old = cand.state
    } finally {
      if (!old) pre?.batch.cancel()
    }
    // Without valid listings, all rows are read at once (one query beats a lookup per file).
    const known = old ? null : knownFiles(this.db, sourceId)
    const lookup = known ? (p: string) => known.get(p) : fileLookup(this.db, sourceId)
    const present = new Set<string>()
    let changes = 0
    const changed = (file: TranscriptFile, st: Stats, hadRow: boolean): Rec | null => {
      if (known) present.add(file.path)
      const prev = lookup(file.path)
      const ino = `${st.dev}:${st.ino}`
      try {
        const plan = planRead(prev, st, ino, file.path)
        if (plan?.reset) hooks.info(`${file.path} was truncated or replaced; re-reading from the start`)
        if (plan) hooks.plan({ file, st, ino, ...plan })
      } catch (err) {
        hooks.warn(`cannot read ${file.path}: ${(err as Error).message}`)
      }
      const now = recOf(prev)
      if (now !== null || hadRow) changes++
      return now
    }
    const res = await walk(
      root,
      old ?? new Map(),
      {
        changed,
        unreadable: (path, err) => {
          present.add(path)
          hooks.warn(`cannot read ${path}: ${err.message}`)
        },
        error: hooks.warn,
      },
      old ? pre : undefined,
    )
    if (known) markMissing(this.db, idsNotIn(known, present))
    else markMissingPaths(this.db, sourceId, res.gone)
    const dirty =
      !old || changes > 0 || res.listed > 0 || res.gone.length > 0 || this.cache.get(sourceId)?.dirty === true
    this.cache.set(sourceId, { top, state: res.state, dirty, applied: new Map(), mark: null })
    return res.files
  }

  /** The row of `path` now holds these (applied in a group that may still roll back: see `rolledBack`). */
  applied(sourceId: number, path: string, rec: Rec): void {
    this.cache.get(sourceId)?.applied.set(path, rec)
  }

  /** A group was rolled back: what it applied is undone. */
  rolledBack(sourceId: number, path: string): void {
    this.cache.get(sourceId)?.applied.delete(path)
  }

  /** After the pass's last write: records what it applied, and saves changed listings. */
  finish(): void {
    const now = performance.now()
    const save = now - this.savedAt >= SAVE_EVERY_MS
    for (const [sourceId, c] of this.cache) {
      for (const [path, rec] of c.applied) setPathRec(c.state, path, rec)
      c.dirty ||= c.applied.size > 0
      c.applied.clear()
      if (!save || !c.dirty) continue
      try {
        const { json, recs } = serializeState(c.top, c.state)
        saveScanState(this.db, sourceId, json, recs)
      } catch {
        continue // the pass is committed; the next process finds the saved state stale and lists everything
      }
      c.dirty = false
      this.savedAt = now
    }
    // Only the sources of this pass: another one's rows may have changed since its state was taken.
    const mark = storeMark(this.db)
    for (const c of this.cache.values()) c.mark ??= mark
  }

  /** The folders the last pass listed under a scanned folder (`scanDir` of a root), if it is known. */
  folders(top: string): Folder[] | null {
    for (const c of this.cache.values())
      if (c.top === top) return Array.from(c.state, ([path, d]) => ({ path, mtimeMs: d.mtimeMs }))
    return null
  }

  /** After a failed pass nothing kept in memory is trusted; the next pass checks what was saved. */
  forget(): void {
    this.cache.clear()
  }
}

function setPathRec(state: ScanState, path: string, rec: Rec): void {
  const cut = path.lastIndexOf(sep)
  const d = state.get(path.slice(0, cut))
  const i = d ? d.names.indexOf(path.slice(cut + 1)) : -1
  if (i >= 0) setRec(d!.recs, i, rec)
}

function idsNotIn(known: Map<string, FileState>, present: Set<string>): number[] {
  const ids: number[] = []
  for (const r of known.values()) if (!present.has(r.path)) ids.push(r.id)
  return ids
}
