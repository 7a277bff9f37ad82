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
  /** 2: saved before the text layout (read, then saved again as text); 3: JSON for names text cannot hold. */
  v: 2 | 3
  top: string
  dirs: StoredDir[]
}

/** Whether a string can stand on a line of the text layout. */
const plain = (x: string) => !x.includes('\n') && !x.includes('\t')

/**
 * The listings as text: a line `v3<TAB>top`, then per folder a line `rel<TAB>mtime<TAB>dev<TAB>ino<TAB>
 * subfolders<TAB>names` followed by its subfolders and names, one a line. Read with `split`, which at 23k
 * folders and 79k names takes about half the time `JSON.parse` does (the CLI reads it on every run).
 * Null when a name holds a newline or tab: then JSON (v3) is saved instead.
 */
function toText(top: string, dirs: StoredDir[]): string | null {
  if (!plain(top)) return null
  const lines = [`v3\t${top}`]
  for (const [rel, mtimeMs, dev, ino, subs, names] of dirs) {
    if (!plain(rel) || !subs.every(plain) || !names.every(plain)) return null
    lines.push(`${rel}\t${mtimeMs}\t${dev}\t${ino}\t${subs.length}\t${names.length}`, ...subs, ...names)
  }
  return lines.join('\n')
}

function fromText(top: string, text: string): StoredDir[] | null {
  const lines = text.split('\n')
  if (lines[0] !== `v3\t${top}`) return null
  const dirs: StoredDir[] = []
  for (let k = 1; k < lines.length;) {
    const h = lines[k++]!.split('\t')
    const nd = Number(h[4])
    const nn = Number(h[5])
    if (h.length !== 6 || !(nd >= 0 && nn >= 0 && k + nd + nn <= lines.length)) return null
    dirs.push([
      h[0]!,
      Number(h[1]),
      Number(h[2]),
      Number(h[3]),
      lines.slice(k, k + nd),
      lines.slice(k + nd, k + nd + nn),
    ])
    k += nd + nn
  }
  return dirs
}

function fromJson(top: string, json: string): StoredDir[] | null {
  let s: Stored
  try {
    s = JSON.parse(json) as Stored
  } catch {
    return null
  }
  return (s?.v === 2 || s?.v === 3) && s.top === top && Array.isArray(s.dirs) ? s.dirs : null
}

/** For `store_state`: the listings as text (or JSON; folders relative to `top`), the records as one run of doubles. */
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
    json: toText(top, dirs) ?? JSON.stringify({ v: 3, top, dirs } satisfies Stored),
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
  const dirs = json.startsWith('{') ? fromJson(top, json) : fromText(top, json)
  if (!dirs) return null
  // A view needs 8-byte alignment; a copy costs a few ms at most.
  const all =
    blob.byteOffset % 8 === 0
      ? new Float64Array(blob.buffer, blob.byteOffset, blob.byteLength / 8)
      : new Float64Array(new Uint8Array(blob).buffer)
  const prefix = top.endsWith(sep) ? top : top + sep
  const state: ScanState = new Map()
  let at = 0
  for (const [rel, mtimeMs, dev, ino, subs, names] of dirs) {
    const end = at + names.length * REC
    if (end > all.length) return null
    state.set(rel === '' ? top : prefix + rel, {
      mtimeMs,
      dev,
      ino,
      dirs: subs,
      names,
      recs: all.subarray(at, end),
    })
    at = end
  }
  return at === all.length ? state : null
}

/** A save from before the text layout, worth saving again (once) even when nothing changed. */
export const oldLayout = (json: string): boolean => json.startsWith('{"v":2,')
