import { readdirSync, statSync, type Stats } from 'node:fs'
import { sep } from 'node:path'
import { describe, isTranscriptName, SKIP_DIRS, topDir, type TranscriptFile } from './discovery'
import { REC, setRec, type DirState, type Rec, type ScanState } from './scan-state'
import { STAT, StatBatch, statList } from './stat-batch'
import { timeSlicer } from './time-slice'

/**
 * A folder whose mtime is less than this old when it is listed is listed again next pass: an entry
 * added later within the same clock tick (2 s on FAT) would leave its mtime as it was.
 */
export const RACY_MS = 5000

export interface WalkVisitor {
  /** A file whose `stat` differs from its record (`hadRow`), or that has none: returns its row's record now. */
  changed(file: TranscriptFile, st: Stats, hadRow: boolean): Rec | null
  /** A file that could not be `stat`ed (it still counts as present). */
  unreadable(path: string, err: Error): void
  error(msg: string): void
}

export interface WalkResult {
  state: ScanState
  /** Files that had a record (a present row) in `old` and are gone. */
  gone: string[]
  files: number
  /** Folders read with `readdir` (the others reused their listing from `old`). */
  listed: number
}

/** Whether subfolder `dir` comes before file `name` in path order (`dir + sep < name`, without the string). */
function dirBefore(dir: string, name: string): boolean {
  if (!name.startsWith(dir)) return dir < name
  return name.length > dir.length && name.charCodeAt(dir.length) > sep.charCodeAt(0)
}

/** A folder's identity as `stat` gives it. */
interface DirStat {
  mtimeMs: number
  dev: number
  ino: number
}

/** Sorted transcript names and subfolders of a folder, or why it cannot be read. */
function list(path: string, st: DirStat, prev: DirState | undefined, gone: string[]): DirState | Error {
  let entries
  try {
    entries = readdirSync(path, { withFileTypes: true })
  } catch (err) {
    return err as Error
  }
  const names: string[] = []
  const dirs: string[] = []
  for (const e of entries) {
    if (e.isDirectory()) {
      if (!SKIP_DIRS.has(e.name)) dirs.push(e.name)
    } else if (e.isFile() && isTranscriptName(e.name)) names.push(e.name)
  }
  names.sort()
  dirs.sort()
  const before = new Map<string, number>()
  prev?.names.forEach((n, i) => before.set(n, i))
  const recs = new Float64Array(names.length * REC).fill(-1)
  names.forEach((n, i) => {
    const k = before.get(n)
    if (k === undefined) return
    recs.set(prev!.recs.subarray(k * REC, (k + 1) * REC), i * REC)
    before.delete(n)
  })
  const prefix = path.endsWith(sep) ? path : path + sep
  for (const [n, k] of before) if (prev!.recs[k * REC]! >= 0) gone.push(prefix + n)
  const mtimeMs = Date.now() - st.mtimeMs < RACY_MS ? -1 : st.mtimeMs
  return { mtimeMs, dev: st.dev, ino: st.ino, dirs, names, recs }
}

/** The stats of every folder of a saved state and of its files, taken at once (`StatBatch`). */
export interface Prefetch {
  /** A folder's index in the batch (its files follow it). */
  at: Map<DirState, number>
  batch: StatBatch
}

/** Starts statting what `old` lists (a helper thread begins at once; the walk does the rest). */
export function prefetch(old: ScanState): Prefetch {
  const dirs = Array.from(old.keys())
  const names = Array.from(old.values(), (d) => d.names)
  const list = statList(dirs, names)
  const at = new Map<DirState, number>()
  let f = 0
  for (const d of old.values()) at.set(d, list.base[f++]!)
  return { at, batch: new StatBatch(list) }
}

/**
 * Lists the transcripts under a root in path order, reusing the listing of each folder whose mtime,
 * device and inode are those `old` recorded, and `stat`s every file (an append changes no folder):
 * `visitor.changed` hears of each file whose size, mtime or inode differ from its record. The folders
 * and files `old` holds are statted first, several at once (`started`: see `prefetch`); the rest (new
 * or changed folders) as met.
 */
export async function walk(
  root: string,
  old: ScanState,
  visitor: WalkVisitor,
  started: Prefetch = prefetch(old),
): Promise<WalkResult> {
  const res: WalkResult = { state: new Map(), gone: [], files: 0, listed: 0 }
  const slice = timeSlicer()
  const pre = { at: started.at, st: await started.batch.run() }
  const visit = async (path: string, name: string, parent: string, sessionDir: string | null) => {
    const prev = old.get(path)
    const at = prev && pre.at.get(prev)
    let st: DirStat
    if (at !== undefined && pre.st[at * STAT]! >= 0)
      st = { mtimeMs: pre.st[at * STAT + 1]!, dev: pre.st[at * STAT + 2]!, ino: pre.st[at * STAT + 3]! }
    else
      try {
        st = statSync(path)
      } catch (err) {
        visitor.error(`cannot read ${path}: ${(err as Error).message}`)
        return
      }
    const same = prev && prev.mtimeMs === st.mtimeMs && prev.ino === st.ino && prev.dev === st.dev
    if (!same) res.listed++
    const d = same ? prev : list(path, st, prev, res.gone)
    if (d instanceof Error) {
      visitor.error(`cannot read ${path}: ${d.message}`)
      return
    }
    res.state.set(path, d)
    const { names, dirs, recs } = d
    const prefix = path.endsWith(sep) ? path : path + sep
    const inner = name === 'subagents' ? parent : sessionDir
    // The prefetched stats of this folder's files, when its listing is the one they were taken for.
    const base = d === prev && at !== undefined ? (at + 1) * STAT : -1
    let i = 0
    let j = 0
    // Files and subfolders merged in the order of their paths ('.' sorts before '/').
    while (i < names.length || j < dirs.length) {
      const turn = slice()
      if (turn) await turn
      if (j < dirs.length && (i >= names.length || dirBefore(dirs[j]!, names[i]!))) {
        const sub = dirs[j++]!
        await visit(prefix + sub, sub, name, inner)
        continue
      }
      const n = names[i]!
      res.files++
      const k = i * REC
      const p = base + i * STAT
      if (
        base >= 0 &&
        pre.st[p]! >= 0 &&
        recs[k] === pre.st[p] &&
        recs[k + 1] === Math.floor(pre.st[p + 1]!) &&
        recs[k + 3] === pre.st[p + 3] &&
        recs[k + 2] === pre.st[p + 2]
      ) {
        i++
        continue
      }
      // Not prefetched, or changed: `stat`ed (again) here, for the Stats the plan needs.
      const fp = prefix + n
      let fst: Stats
      try {
        fst = statSync(fp)
      } catch (err) {
        visitor.unreadable(fp, err as Error)
        i++
        continue
      }
      if (
        recs[k] !== fst.size ||
        recs[k + 1] !== Math.floor(fst.mtimeMs) ||
        recs[k + 3] !== fst.ino ||
        recs[k + 2] !== fst.dev
      )
        setRec(recs, i, visitor.changed(describe(fp, path, n, inner), fst, recs[k]! >= 0))
      i++
    }
  }
  const top = topDir(root)
  await visit(top.dir, top.name, top.parent ?? '', top.sessionDir)
  for (const [path, d] of old) {
    if (res.state.has(path)) continue
    const prefix = path.endsWith(sep) ? path : path + sep
    d.names.forEach((n, i) => {
      if (d.recs[i * REC]! >= 0) res.gone.push(prefix + n)
    })
  }
  return res
}
