import { createHash } from 'node:crypto'
import { closeSync, openSync, readFileSync, readSync } from 'node:fs'

/** How many leading bytes identify a file's content (a rewrite in place changes them). */
export const HEAD_BYTES = 1024

/** `<n>:<sha1 of the first n bytes>`; compared later over the same n bytes. */
export function headHash(path: string, len: number): string {
  const fd = openSync(path, 'r')
  try {
    const buf = Buffer.alloc(len)
    const n = readSync(fd, buf, 0, len, 0)
    return hashOf(buf.subarray(0, n))
  } finally {
    closeSync(fd)
  }
}

/** headHash from the file's first bytes already read (`head`), for a file whose lines end at `endOffset`. */
export function hashHead(head: Buffer, endOffset: number): string {
  return hashOf(head.subarray(0, Math.min(HEAD_BYTES, endOffset)))
}

function hashOf(bytes: Buffer): string {
  return `${bytes.length}:${createHash('sha1').update(bytes).digest('hex')}`
}

/** What a subagent's `<agent>.meta.json` sidecar says (2.1.1xx); missing or unreadable → null. */
export interface SidecarMeta {
  agentType: string | null
  description: string | null
  worktreePath: string | null
}

export function readSidecar(metaPath: string | null): SidecarMeta | null {
  if (!metaPath) return null
  let meta: { agentType?: unknown; description?: unknown; worktreePath?: unknown }
  try {
    meta = JSON.parse(readFileSync(metaPath, 'utf8'))
  } catch {
    return null // older layouts have no sidecar; the Task call's input still names the type
  }
  const s = (v: unknown): string | null => (typeof v === 'string' && v.length > 0 ? v : null)
  return {
    agentType: s(meta.agentType),
    description: s(meta.description),
    worktreePath: s(meta.worktreePath),
  }
}
