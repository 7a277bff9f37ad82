import { readdirSync, statSync } from 'node:fs'
import { readdir } from 'node:fs/promises'
import { basename, dirname, join, sep } from 'node:path'
import { SLICE_MS, timeSlicer } from './time-slice'

export type FileKind = 'session' | 'subagent' | 'legacy-agent'

export interface TranscriptFile {
  path: string
  kind: FileKind
  /** From the layout; lines carry their own sessionId, which wins. */
  sessionId: string | null
  agentId: string | null
  /** `<agent>.meta.json` beside a subagent file, if any. */
  metaPath: string | null
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
export const SKIP_DIRS = new Set(['tool-results', 'node_modules', '.git'])

export const isTranscriptName = (name: string): boolean => name.endsWith('.jsonl') && name !== 'journal.jsonl'

/** The folder to scan for a root: `<root>/projects` when it exists, else the root itself (drag-in folders). */
export function scanDir(root: string): string {
  const p = join(root, 'projects')
  try {
    if (statSync(p).isDirectory()) return p
  } catch {
    // no projects/ folder: the root is itself a projects folder or a folder of transcripts
  }
  return root
}

export function describeFile(path: string): TranscriptFile {
  const dir = dirname(path)
  const parts = dir.split(sep)
  const subIdx = parts.lastIndexOf('subagents')
  return describe(path, dir, basename(path), subIdx > 0 ? parts[subIdx - 1]! : null)
}

/** `sessionDir`: the folder holding the `subagents/` folder the file sits in (any depth), else null. */
export function describe(
  path: string,
  dir: string,
  fileName: string,
  sessionDir: string | null,
): TranscriptFile {
  const name = fileName.slice(0, -'.jsonl'.length)
  if (name.startsWith('agent-')) {
    const agentId = name.slice('agent-'.length)
    if (sessionDir !== null)
      return {
        path,
        kind: 'subagent',
        sessionId: UUID.test(sessionDir) ? sessionDir : null,
        agentId,
        metaPath: `${dir.endsWith(sep) ? dir : dir + sep}agent-${agentId}.meta.json`,
      }
    return { path, kind: 'legacy-agent', sessionId: null, agentId, metaPath: null }
  }
  return { path, kind: 'session', sessionId: UUID.test(name) ? name : null, agentId: null, metaPath: null }
}

export interface PendingDir {
  dir: string
  name: string
  parent: string | null
  sessionDir: string | null
}

/** Lists one folder: its transcripts go to `out`, its subfolders to `pending`. */
function listDir(
  d: PendingDir,
  out: TranscriptFile[],
  pending: PendingDir[],
  onError: (msg: string) => void,
) {
  let entries
  try {
    entries = readdirSync(d.dir, { withFileTypes: true })
  } catch (err) {
    onError(`cannot read ${d.dir}: ${(err as Error).message}`)
    return
  }
  // Paths are built by concatenation (join() normalizes each one: a visible share of a warm pass).
  const prefix = d.dir.endsWith(sep) ? d.dir : d.dir + sep
  const subagents = d.name === 'subagents' && d.parent !== null ? d.parent : d.sessionDir
  for (const e of entries) {
    if (e.isDirectory()) {
      if (!SKIP_DIRS.has(e.name))
        pending.push({ dir: prefix + e.name, name: e.name, parent: d.name, sessionDir: subagents })
    } else if (e.isFile() && isTranscriptName(e.name))
      out.push(describe(prefix + e.name, d.dir, e.name, subagents))
  }
}

export function topDir(root: string): PendingDir {
  const top = scanDir(root)
  // A root may itself sit below a `subagents` folder: its files then belong to that session.
  const parts = dirname(top).split(sep)
  const above = parts.lastIndexOf('subagents')
  return {
    dir: top,
    name: basename(top),
    parent: basename(dirname(top)),
    sessionDir: above > 0 ? parts[above - 1]! : null,
  }
}

const byPath = (a: TranscriptFile, b: TranscriptFile) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)

/** Recursively lists transcript files under a root. Unreadable folders are reported, not fatal. */
export function discover(root: string, onError: (msg: string) => void = () => {}): TranscriptFile[] {
  const out: TranscriptFile[] = []
  const pending = [topDir(root)]
  while (pending.length) listDir(pending.pop()!, out, pending, onError)
  return out.sort(byPath)
}

/**
 * `discover`, handing the thread back every `sliceMs`: a pass over a huge folder (a whole disk added
 * as a source) must not hold up the server's answers while it lists.
 */
export async function discoverSliced(
  root: string,
  onError: (msg: string) => void = () => {},
  sliceMs = SLICE_MS,
): Promise<TranscriptFile[]> {
  const out: TranscriptFile[] = []
  const pending = [topDir(root)]
  const slice = timeSlicer(sliceMs)
  while (pending.length) {
    listDir(pending.pop()!, out, pending, onError)
    const turn = slice()
    if (turn) await turn
  }
  return out.sort(byPath)
}

/** How far `findTranscript` looks before giving up. */
export interface LookBudget {
  dirs: number
  ms: number
}

export type LookResult =
  | { found: string }
  /** `exhausted`: the budget ran out before every folder was looked at. */
  | { found: null; dirs: number; exhausted: boolean }

/**
 * Looks for one transcript under a root, breadth first (in a `~/.claude` copy they sit two levels
 * below `projects/`), with asynchronous reads so the caller's thread keeps answering, and stops
 * after `budget` folders or milliseconds: `/` or `/usr` is refused quickly instead of walked.
 */
export async function findTranscript(root: string, budget: LookBudget): Promise<LookResult> {
  const queue = [scanDir(root)]
  const t0 = performance.now()
  let dropped = false
  for (let next = 0; next < queue.length; next++) {
    if (next >= budget.dirs || performance.now() - t0 > budget.ms)
      return { found: null, dirs: next, exhausted: true }
    const dir = queue[next]!
    let entries
    try {
      entries = await readdir(dir, { withFileTypes: true })
    } catch {
      continue // an unreadable folder holds nothing we can read
    }
    for (const e of entries) {
      if (e.isFile() && isTranscriptName(e.name)) return { found: join(dir, e.name) }
      if (!e.isDirectory() || SKIP_DIRS.has(e.name)) continue
      if (queue.length < budget.dirs) queue.push(join(dir, e.name))
      else dropped = true
    }
  }
  return { found: null, dirs: queue.length, exhausted: dropped }
}
