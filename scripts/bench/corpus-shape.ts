import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

/** What the bench corpus holds, counted by reading it (not from the generator's own figures). */
export interface CorpusShape {
  files: { main: number; subagent: number; compaction: number }
  lines: number
  /** Distinct message.id:requestId of top-level assistant lines (what the store keeps as responses). */
  responses: number
  sessions: number
  /** Distinct tool_use ids in top-level assistant lines, and tool_result blocks marked is_error. */
  toolCalls: number
  toolErrors: number
  bytes: number
  /** Bytes in lines of 512 KB or more (large tool results, pasted images). */
  bigLineBytes: number
  bigLines: number
  firstTimestamp: string
  lastTimestamp: string
}

const BIG_LINE = 512 * 1024
const SHAPE_VERSION = 1

type Line = {
  type?: string
  sessionId?: string
  timestamp?: string
  requestId?: string
  message?: { id?: string; content?: unknown }
}

/**
 * Reads every `.jsonl` file under the roots once and counts what the issue asks about. The result is
 * cached in `cacheFile` (the corpus is deterministic, so a re-run reads the cache).
 */
export function corpusShape(roots: string[], cacheFile: string): CorpusShape {
  if (existsSync(cacheFile)) {
    const cached = JSON.parse(readFileSync(cacheFile, 'utf8')) as { version: number; shape: CorpusShape }
    if (cached.version === SHAPE_VERSION) return cached.shape
  }
  const s: CorpusShape = {
    files: { main: 0, subagent: 0, compaction: 0 },
    lines: 0,
    responses: 0,
    sessions: 0,
    toolCalls: 0,
    toolErrors: 0,
    bytes: 0,
    bigLineBytes: 0,
    bigLines: 0,
    firstTimestamp: '',
    lastTimestamp: '',
  }
  const responses = new Set<string>()
  const sessions = new Set<string>()
  const toolUses = new Set<string>()
  const scan = (text: string): void => {
    for (let at = 0; at < text.length;) {
      let end = text.indexOf('\n', at)
      if (end < 0) end = text.length
      const len = end - at
      if (len > 0) s.lines++
      if (len >= BIG_LINE) {
        // A large tool result: not parsed (the counts below come from the small lines around it).
        const line = text.slice(at, end)
        const bytes = Buffer.byteLength(line)
        s.bigLines++
        s.bigLineBytes += bytes
        if (line.includes('"is_error":true')) s.toolErrors++
      } else if (len > 0) line(text.slice(at, end))
      at = end + 1
    }
  }
  const line = (text: string): void => {
    let o: Line
    try {
      o = JSON.parse(text) as Line
    } catch {
      return
    }
    if (typeof o !== 'object' || o === null) return
    if (o.sessionId) sessions.add(o.sessionId)
    if (o.timestamp && (o.type === 'user' || o.type === 'assistant')) {
      if (!s.firstTimestamp || o.timestamp < s.firstTimestamp) s.firstTimestamp = o.timestamp
      if (o.timestamp > s.lastTimestamp) s.lastTimestamp = o.timestamp
    }
    const content = o.message?.content
    if (o.type === 'assistant' && o.message?.id) responses.add(`${o.message.id}:${o.requestId ?? ''}`)
    if (!Array.isArray(content)) return
    for (const b of content as { type?: string; id?: string; is_error?: boolean }[]) {
      if (o.type === 'assistant' && b.type === 'tool_use' && b.id) toolUses.add(b.id)
      if (o.type === 'user' && b.type === 'tool_result' && b.is_error === true) s.toolErrors++
    }
  }
  for (const root of roots) {
    if (!existsSync(root)) continue
    for (const e of readdirSync(root, { withFileTypes: true, recursive: true })) {
      if (!e.isFile() || !e.name.endsWith('.jsonl')) continue
      if (e.name.startsWith('agent-acompact')) s.files.compaction++
      else if (e.name.startsWith('agent-')) s.files.subagent++
      else s.files.main++
      const buf = readFileSync(join(e.parentPath, e.name))
      s.bytes += buf.length
      scan(buf.toString('utf8'))
    }
  }
  Object.assign(s, { responses: responses.size, sessions: sessions.size, toolCalls: toolUses.size })
  writeFileSync(cacheFile, JSON.stringify({ version: SHAPE_VERSION, shape: s }))
  return s
}

export function formatShape(s: CorpusShape): string[] {
  const files = s.files.main + s.files.subagent + s.files.compaction
  const days = (Date.parse(s.lastTimestamp) - Date.parse(s.firstTimestamp)) / 864e5
  const per = (n: number): string => (n / Math.max(1, s.sessions)).toFixed(1)
  return [
    `corpus shape: ${files} files (${s.files.main} main threads, ${s.files.subagent} subagent, ${s.files.compaction} compaction), ` +
      `${(s.bytes / 1e6).toFixed(0)} MB, ${s.lines} lines, ${s.responses} assistant responses, ${s.sessions} sessions, ` +
      `${days.toFixed(0)} days (${s.firstTimestamp.slice(0, 10)} → ${s.lastTimestamp.slice(0, 10)})`,
    `corpus shape: ${s.toolCalls} tool calls (${per(s.toolCalls)} per session), ${s.toolErrors} tool errors ` +
      `(${((100 * s.toolErrors) / Math.max(1, s.toolCalls)).toFixed(1)}% of calls); ${s.bigLines} lines ≥ 512 KB hold ` +
      `${(s.bigLineBytes / 1e6).toFixed(0)} MB (${((100 * s.bigLineBytes) / Math.max(1, s.bytes)).toFixed(0)}% of the bytes)`,
  ]
}
