import { sep } from 'node:path'
import type { FileState } from '../store/writer'
import type { FilesFingerprint } from '../store/ingest-state'

/** What the store holds for a present file: size, mtime (ms, floored), device, inode, offset. */
export type Rec = [size: number, mtimeMs: number, dev: number, ino: number, offset: number]

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
  /** Transcript names, sorted; `recs[i]` mirrors the file row of `names[i]` (null: none, or one marked missing). */
  names: string[]
  recs: (Rec | null)[]
}

/** A source's folders by absolute path. */
export type ScanState = Map<string, DirState>

/** The record a row gives, or null for a row marked missing. */
export function recOf(row: FileState | undefined): Rec | null {
  if (!row || row.missing_since !== null || row.ino === null) return null
  const cut = row.ino.indexOf(':')
  return [row.size, row.mtime_ms, Number(row.ino.slice(0, cut)), Number(row.ino.slice(cut + 1)), row.offset]
}

/** The sums `filesFingerprint` computes in SQL, over the records: equal means the state mirrors the rows. */
export function stateFingerprint(state: ScanState): FilesFingerprint {
  const f: FilesFingerprint = [0, 0, 0, 0]
  for (const d of state.values())
    for (const r of d.recs) {
      if (r === null) continue
      f[0]++
      f[1] += r[0]
      f[2] += r[1] % 4294967296
      f[3] += r[4]
    }
  return f
}

type StoredDir = [
  rel: string,
  mtimeMs: number,
  dev: number,
  ino: number,
  dirs: string[],
  names: string[],
  recs: (Rec | null)[],
]

interface Stored {
  v: 1
  top: string
  dirs: StoredDir[]
}

/** JSON for `store_state`, folders relative to `top` (the scanned folder). */
export function serializeState(top: string, state: ScanState): string {
  const prefix = top.endsWith(sep) ? top : top + sep
  const dirs: StoredDir[] = []
  for (const [path, d] of state) {
    const rel = path === top ? '' : path.startsWith(prefix) ? path.slice(prefix.length) : null
    if (rel !== null) dirs.push([rel, d.mtimeMs, d.dev, d.ino, d.dirs, d.names, d.recs])
  }
  return JSON.stringify({ v: 1, top, dirs } satisfies Stored)
}

/** The stored state, or null when it is missing, unreadable or of another folder. */
export function parseState(top: string, json: string | undefined): ScanState | null {
  if (!json) return null
  let s: Stored
  try {
    s = JSON.parse(json) as Stored
  } catch {
    return null
  }
  if (s?.v !== 1 || s.top !== top || !Array.isArray(s.dirs)) return null
  const prefix = top.endsWith(sep) ? top : top + sep
  const state: ScanState = new Map()
  for (const [rel, mtimeMs, dev, ino, dirs, names, recs] of s.dirs)
    state.set(rel === '' ? top : prefix + rel, { mtimeMs, dev, ino, dirs, names, recs })
  return state
}
