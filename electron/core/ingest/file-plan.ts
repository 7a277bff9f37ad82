import type { Stats } from 'node:fs'
import type { AgentMeta, FileState } from '../store/writer'
import type { TranscriptFile } from './discovery'
import { headHash, type SidecarMeta } from './file-facts'

/** The agent row a subagent file contributes (null for main-thread files). */
export function agentMeta(
  f: TranscriptFile,
  sessionId: string | null,
  meta: SidecarMeta | null,
): AgentMeta | null {
  const sid = sessionId ?? f.sessionId
  if (f.agentId === null || sid === null) return null
  return { id: f.agentId, sessionId: sid, agentType: null, description: null, worktreePath: null, ...meta }
}

/** Where to start reading a file, or null when nothing changed since the last pass. */
export function planRead(
  prev: FileState | undefined,
  st: Stats,
  ino: string,
  path: string,
): { from: number; reset: boolean } | null {
  if (!prev) return { from: 0, reset: false }
  if (prev.ino !== ino || st.size < prev.offset) return { from: 0, reset: true }
  if (st.size === prev.size && Math.floor(st.mtimeMs) === prev.mtime_ms && prev.missing_since === null)
    return null
  // Same inode and not shorter, but rewritten in place? Then its first bytes differ.
  if (prev.head_hash) {
    const len = Number(prev.head_hash.split(':')[0])
    if (len > 0 && headHash(path, len) !== prev.head_hash) return { from: 0, reset: true }
  }
  return { from: prev.offset, reset: false }
}
