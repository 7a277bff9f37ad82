import { sep } from 'node:path'
import type { FileState } from '../store/writer'
import type { FilesFingerprint } from '../store/ingest-state'

/** What the store holds for a present file: size, mtime (ms, floored), device, inode, offset. */
export type Rec = [size: number, mtimeMs: number, dev: number, ino: number, offset: number]
/** Numbers per file in `DirState.recs`. */
export const REC = 5

/**
 * One folder as the last pass listed it. Its entries are reused while its mtime, device and inode are
 * unchanged (adding, removing or renaming an entry changes the mtime; appending to a file does not,
 * which is why every file is still `stat`ed).
 */
export interface DirState {
  /** -1: list it again next pass (it changed too recently to trust its mtime). */
  mtimeMs: number
  dev: number
  ino: number
  /** Subfolders, sorted. */
  dirs: string[]
  /** Transcript names, sorted. */
  names: string[]
  /**
   * REC numbers per name, mirroring its file row (a size of -1: no row, or one marked missing). Flat, so
   * 90k files cost no object each, and saved as raw doubles.
   */
  recs: Float64Array
}

/** A source's folders by absolute path. */
export type ScanState = Map<string, DirState>

/** The record a row gives, or null for a row marked missing. */
export function recOf(row: FileState | undefined): Rec | null {
  if (!row || row.missing_since !== null || row.ino === null) return null
  const cut = row.ino.indexOf(':')
  return [row.size, row.mtime_ms, Number(row.ino.slice(0, cut)), Number(row.ino.slice(cut + 1)), row.offset]
}

export function setRec(recs: Float64Array, i: number, rec: Rec | null): void {
  if (rec) recs.set(rec, i * REC)
  else recs[i * REC] = -1
}

/** The sums `filesFingerprint` computes in SQL, over the records: equal means the state mirrors the rows. */
export function stateFingerprint(state: ScanState): FilesFingerprint {
  const f: FilesFingerprint = [0, 0, 0, 0]
  for (const d of state.values())
    for (let k = 0; k < d.recs.length; k += REC) {
      if (d.recs[k]! < 0) continue
      f[0]++
      f[1] += d.recs[k]!
      f[2] += d.recs[k + 1]! % 4294967296
      f[3] += d.recs[k + 4]!
    }
  return f
}

type StoredDir = [rel: string, mtimeMs: number, dev: number, ino: number, dirs: string[], names: string[]]

interface Stored {
  v: 2
  top: string
  dirs: StoredDir[]
}

/** For `store_state`: the listings as JSON (folders relative to `top`), the records as one run of doubles. */
export function serializeState(top: string, state: ScanState): { json: string; recs: Buffer } {
  const prefix = top.endsWith(sep) ? top : top + sep
  const dirs: StoredDir[] = []
  const all: Float64Array[] = []
  let n = 0
  for (const [path, d] of state) {
    const rel = path === top ? '' : path.startsWith(prefix) ? path.slice(prefix.length) : null
    if (rel === null) continue
    dirs.push([rel, d.mtimeMs, d.dev, d.ino, d.dirs, d.names])
    all.push(d.recs)
    n += d.recs.length
  }
  const recs = new Float64Array(n)
  let at = 0
  for (const r of all) {
    recs.set(r, at)
    at += r.length
  }
  return {
    json: JSON.stringify({ v: 2, top, dirs } satisfies Stored),
    recs: Buffer.from(recs.buffer, recs.byteOffset, recs.byteLength),
  }
}

/** The saved state, or null when it is missing, unreadable or of another folder. */
export function parseState(
  top: string,
  json: string | undefined,
  blob: Buffer | undefined,
): ScanState | null {
  if (!json || !blob || blob.byteLength % 8 !== 0) return null
  let s: Stored
  try {
    s = JSON.parse(json) as Stored
  } catch {
    return null
  }
  if (s?.v !== 2 || s.top !== top || !Array.isArray(s.dirs)) return null
  // A view needs 8-byte alignment; a copy costs a few ms at most.
  const all =
    blob.byteOffset % 8 === 0
      ? new Float64Array(blob.buffer, blob.byteOffset, blob.byteLength / 8)
      : new Float64Array(new Uint8Array(blob).buffer)
  const prefix = top.endsWith(sep) ? top : top + sep
  const state: ScanState = new Map()
  let at = 0
  for (const [rel, mtimeMs, dev, ino, dirs, names] of s.dirs) {
    const end = at + names.length * REC
    const recs = all.subarray(at, end)
    at = end
    state.set(rel === '' ? top : prefix + rel, { mtimeMs, dev, ino, dirs, names, recs })
  }
  return at === all.length ? state : null
}
