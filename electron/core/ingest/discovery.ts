import { readdirSync, statSync } from 'node:fs'
import { basename, dirname, join, sep } from 'node:path'

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
const SKIP_DIRS = new Set(['tool-results', 'node_modules', '.git'])

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
  const name = basename(path, '.jsonl')
  const parts = dirname(path).split(sep)
  const subIdx = parts.lastIndexOf('subagents')
  if (name.startsWith('agent-')) {
    const agentId = name.slice('agent-'.length)
    if (subIdx > 0) {
      const sid = parts[subIdx - 1]!
      return {
        path,
        kind: 'subagent',
        sessionId: UUID.test(sid) ? sid : null,
        agentId,
        metaPath: join(dirname(path), `agent-${agentId}.meta.json`),
      }
    }
    return { path, kind: 'legacy-agent', sessionId: null, agentId, metaPath: null }
  }
  return { path, kind: 'session', sessionId: UUID.test(name) ? name : null, agentId: null, metaPath: null }
}

/** Recursively lists transcript files under a root. Unreadable folders are reported, not fatal. */
export function discover(root: string, onError: (msg: string) => void = () => {}): TranscriptFile[] {
  const out: TranscriptFile[] = []
  const walk = (dir: string): void => {
    let entries
    try {
      entries = readdirSync(dir, { withFileTypes: true })
    } catch (err) {
      onError(`cannot read ${dir}: ${(err as Error).message}`)
      return
    }
    for (const e of entries) {
      const p = join(dir, e.name)
      if (e.isDirectory()) {
        if (!SKIP_DIRS.has(e.name)) walk(p)
      } else if (e.isFile() && e.name.endsWith('.jsonl') && e.name !== 'journal.jsonl')
        out.push(describeFile(p))
    }
  }
  walk(scanDir(root))
  out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
  return out
}
