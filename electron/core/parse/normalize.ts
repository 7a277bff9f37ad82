import type { BadLineKind, EventRec, ParsedBatch, ResponseRec, SessionMetaRec, SpanPart } from './records'
import { spanPart } from './session-span'
import { classifyUserLine, firstText, userEventText } from './classify'
import { parseIsoTime } from './iso-time'
import { fromLatin1, setLatin1, str, text } from './line-strings'
import { responseKey } from './response-key'
import { badUsage } from './usage-check'
import type { InlineRuns } from './inline-runs'

/* eslint-disable @typescript-eslint/no-explicit-any -- transcript lines are schemaless JSON; every field is checked before use */

/** What the file itself tells us (file name, subagent layout); line fields win when present. */
export interface FileContext {
  sessionId: string | null
  agentId: string | null
  /** The line was decoded as latin1 (one char per byte): kept strings are re-decoded as UTF-8. */
  latin1?: boolean
  /** Timestamps after this are bad (default: latestValidTs(), read per line). */
  maxTs?: number
  /** Per file read: attributes 1.0.x inline sidechain lines to the Task call's run (inline-runs.ts). */
  inlineRuns?: InlineRuns
}

/** Timestamps before 2023 (Claude Code did not exist) or more than 2 days ahead are bad lines. */
export const MIN_TS = Date.UTC(2023, 0, 1)
export const MAX_AHEAD_MS = 2 * 86_400_000

/** The latest valid timestamp at `now`. A clock before 2023 is wrong: then only the lower bound holds. */
export function latestValidTs(now = Date.now()): number {
  return now < MIN_TS ? Infinity : now + MAX_AHEAD_MS
}

const ERROR_TEXT_MAX = 500
const PROMPT_TEXT_MAX = 200

function num(v: unknown): number {
  return typeof v === 'number' && Number.isFinite(v) && v > 0 ? Math.round(v) : 0
}

// Set per line by normalizeLine, like latin1.
let maxTs = 0

/** A line's timestamp: null when absent (undefined or null), NaN when present but invalid or out of range. */
function time(v: unknown): number | null {
  if (v === undefined || v === null) return null
  if (typeof v !== 'string') return NaN
  const t = parseIsoTime(v)
  return t >= MIN_TS && t <= maxTs ? t : NaN
}

function bad(out: ParsedBatch, kind: BadLineKind): void {
  out.badLines[kind] = (out.badLines[kind] ?? 0) + 1
}

function clip(s: string | null, max: number): string | null {
  return s === null ? null : s.length > max ? s.slice(0, max) : s
}

/** Accumulates per-session metadata for one batch. */
export class SessionAccumulator {
  readonly map = new Map<string, SessionMetaRec>()
  /** The last user/assistant line per session: what a later `summary.leafUuid` points at. */
  private readonly lastLeaf = new Map<string, string>()
  /** Per session, its span parts by agent id (see session-span.ts). */
  private readonly partsOf = new Map<string, Map<string, SpanPart>>()

  leaf(sessionId: string, uuid: string): void {
    this.lastLeaf.set(sessionId, uuid)
  }

  touch(sessionId: string, ts: number | null, line: any, agentId: string | null = null): void {
    let s = this.map.get(sessionId)
    if (!s) {
      s = {
        sessionId,
        firstTs: Infinity,
        lastTs: -Infinity,
        parts: [],
        cwd: null,
        versions: [],
        gitBranch: null,
        entrypoint: null,
      }
      this.map.set(sessionId, s)
    }
    if (ts !== null) {
      if (ts < s.firstTs) s.firstTs = ts
      if (ts > s.lastTs) s.lastTs = ts
      let byAgent = this.partsOf.get(sessionId)
      if (!byAgent) this.partsOf.set(sessionId, (byAgent = new Map()))
      spanPart(s.parts, byAgent, agentId ?? '', ts, line)
    }
    if (s.cwd === null) s.cwd = str(line.cwd)
    const v = str(line.version)
    if (v !== null && !s.versions.includes(v)) s.versions.push(v)
    const b = str(line.gitBranch)
    if (b !== null) s.gitBranch = b
    if (s.entrypoint === null) s.entrypoint = str(line.entrypoint)
  }

  flush(into: ParsedBatch): void {
    for (const s of this.map.values()) if (Number.isFinite(s.firstTs)) into.sessions.push(s)
    for (const [sessionId, uuid] of this.lastLeaf) into.leafs.push({ uuid, sessionId })
    this.map.clear()
    this.lastLeaf.clear()
    this.partsOf.clear()
  }
}

function splitCacheWrite(usage: any): { cw5m: number; cw1h: number } {
  const split = usage.cache_creation && typeof usage.cache_creation === 'object' ? usage.cache_creation : null
  const s5 = split ? num(split.ephemeral_5m_input_tokens) : 0
  const s1 = split ? num(split.ephemeral_1h_input_tokens) : 0
  const total = usage.cache_creation_input_tokens == null ? s5 + s1 : num(usage.cache_creation_input_tokens)
  // Lines without the split (before ~1.0.9x) count as 5-minute writes.
  const cw1h = Math.min(s1, total)
  return { cw5m: total - cw1h, cw1h }
}

function isApiError(a: any, model: string | null): boolean {
  if (a.isApiErrorMessage === true) return true
  if (model !== '<synthetic>') return false
  const t = firstText(a.message?.content)
  return t !== null && t.startsWith('API Error')
}

/** Tool calls of an assistant message (each `tool_use` block). */
function toolUses(
  content: any[],
  ts: number,
  sessionId: string,
  agentId: string | null,
  out: ParsedBatch,
): void {
  for (const b of content) {
    if (!b || b.type !== 'tool_use' || typeof b.id !== 'string') continue
    const input = b.input && typeof b.input === 'object' ? b.input : {}
    out.toolUses.push({
      id: b.id,
      name: str(b.name) ?? 'unknown',
      ts,
      sessionId,
      agentId,
      subagentType: str(input.subagent_type),
      description: clip(str(input.description), PROMPT_TEXT_MAX),
    })
  }
}

function apiErrorEvent(a: any, ts: number, sessionId: string, agentId: string | null): EventRec {
  return {
    uuid: str(a.uuid) ?? `${sessionId}:${ts}:api_error`,
    kind: 'api_error',
    ts,
    sessionId,
    agentId,
    text: text(firstText(a.message.content), ERROR_TEXT_MAX),
    value: Number.isFinite(Number(a.apiErrorStatus)) ? Number(a.apiErrorStatus) : null,
  }
}

/** The copy of a response an assistant message carries (`usage` is an object, `id` its message id). */
function responseOf(
  a: any,
  envelope: any,
  usage: any,
  id: string,
  model: string | null,
  ts: number,
  sessionId: string,
  agentId: string | null,
  isSidechain: boolean,
  fromProgress: boolean,
): ResponseRec {
  const { cw5m, cw1h } = splitCacheWrite(usage)
  const stu = usage.server_tool_use && typeof usage.server_tool_use === 'object' ? usage.server_tool_use : {}
  return {
    key: responseKey(id, str(a.requestId)),
    uuid: str(a.uuid),
    ts,
    sessionId,
    agentId,
    isSidechain,
    cwd: str(envelope.cwd) ?? str(a.cwd),
    model: model ?? 'unknown',
    stopReason: str(a.message.stop_reason),
    tokens: {
      input: num(usage.input_tokens),
      output: num(usage.output_tokens),
      cacheWrite5m: cw5m,
      cacheWrite1h: cw1h,
      cacheRead: num(usage.cache_read_input_tokens),
    },
    webSearch: num(stu.web_search_requests),
    webFetch: num(stu.web_fetch_requests),
    serviceTier: str(usage.service_tier),
    speed: str(usage.speed),
    costUsdLogged: typeof a.costUSD === 'number' && Number.isFinite(a.costUSD) ? a.costUSD : null,
    fromProgress,
  }
}

/**
 * Handles an assistant message: either a transcript line or the copy inside an `agent_progress`
 * line (`envelope` is then the progress line, `a` its `data.message`).
 */
function assistant(
  a: any,
  envelope: any,
  ts: number | null,
  sessionId: string,
  agentId: string | null,
  isSidechain: boolean,
  fromProgress: boolean,
  out: ParsedBatch,
): void {
  const msg = a.message
  if (!msg || typeof msg !== 'object') return
  if (ts === null) return bad(out, 'no_timestamp')
  const model = str(msg.model)
  if (isApiError(a, model)) {
    out.events.push(apiErrorEvent(a, ts, sessionId, agentId))
    return
  }
  if (Array.isArray(msg.content)) toolUses(msg.content, ts, sessionId, agentId, out)
  // <synthetic> lines (limit notices, "No response requested.") carry no billable usage.
  if (model === '<synthetic>') return
  const usage = msg.usage
  if (!usage || typeof usage !== 'object') return
  const id = str(msg.id)
  if (id === null) return bad(out, 'no_message_id')
  out.responses.push(
    responseOf(a, envelope, usage, id, model, ts, sessionId, agentId, isSidechain, fromProgress),
  )
}

/** Results of a user line that answers tool calls. */
function toolResults(u: any, ts: number, out: ParsedBatch): void {
  const tur = u.toolUseResult
  const spawnedAgentId = tur && typeof tur === 'object' && !Array.isArray(tur) ? str(tur.agentId) : null
  for (const b of u.message.content) {
    if (!b || b.type !== 'tool_result' || typeof b.tool_use_id !== 'string') continue
    const isError = b.is_error === true
    let errorText: string | null = null
    if (isError) errorText = typeof tur === 'string' ? tur : (firstText(b.content) ?? null)
    out.toolResults.push({
      toolUseId: b.tool_use_id,
      ts,
      isError,
      errorText: text(errorText, ERROR_TEXT_MAX),
      spawnedAgentId,
    })
  }
}

function user(
  u: any,
  ts: number | null,
  sessionId: string,
  agentId: string | null,
  isSidechain: boolean,
  out: ParsedBatch,
): void {
  if (ts === null) return
  const kind = classifyUserLine({
    isMeta: u.isMeta,
    isCompactSummary: u.isCompactSummary,
    isSidechain,
    message: u.message,
  })
  if (kind === 'tool_result') return toolResults(u, ts, out)
  const uuid = str(u.uuid)
  if (uuid === null) return
  if (kind === 'prompt' || kind === 'interrupt' || kind === 'command') {
    const shown = userEventText(kind, u.message?.content)
    out.events.push({
      uuid,
      kind,
      ts,
      sessionId,
      agentId,
      text: shown === null ? null : text(shown, PROMPT_TEXT_MAX),
      value: null,
    })
  }
}

function system(s: any, sessionId: string, agentId: string | null, out: ParsedBatch): void {
  const ts = time(s.timestamp)
  if (Number.isNaN(ts)) return bad(out, 'bad_timestamp')
  const uuid = str(s.uuid)
  if (ts === null || uuid === null) return
  if (s.subtype === 'compact_boundary') {
    const meta = s.compactMetadata && typeof s.compactMetadata === 'object' ? s.compactMetadata : {}
    out.events.push({
      uuid,
      kind: 'compaction',
      ts,
      sessionId,
      agentId,
      text: str(meta.trigger),
      value: num(meta.preTokens) || null,
    })
  } else if (s.subtype === 'turn_duration' && typeof s.durationMs === 'number') {
    out.events.push({
      uuid,
      kind: 'turn_duration',
      ts,
      sessionId,
      agentId,
      text: null,
      value: num(s.durationMs),
    })
  }
}

/** Routes one parsed line to the record extractors. Unknown types are ignored (P17). */
export function normalizeLine(
  o: any,
  ctx: FileContext,
  sessions: SessionAccumulator,
  out: ParsedBatch,
): void {
  setLatin1(ctx.latin1 === true)
  maxTs = ctx.maxTs ?? latestValidTs()
  if (o === null || typeof o !== 'object' || Array.isArray(o)) return bad(out, 'not_an_object')
  const type = o.type
  if (type === 'summary') {
    if (typeof o.summary === 'string' && typeof o.leafUuid === 'string')
      out.summaries.push({ leafUuid: o.leafUuid, summary: fromLatin1(o.summary) })
    return
  }
  if (type === 'custom-title' || type === 'ai-title') {
    const title = str(type === 'custom-title' ? o.customTitle : o.aiTitle)
    const sid = str(o.sessionId) ?? ctx.sessionId
    if (title !== null && sid !== null)
      out.titles.push({ sessionId: sid, kind: type === 'custom-title' ? 'custom' : 'ai', title })
    return
  }
  if (type !== 'assistant' && type !== 'user' && type !== 'system' && type !== 'progress') return
  const sessionId = str(o.sessionId) ?? ctx.sessionId
  if (sessionId === null) return bad(out, 'no_session')
  const runs = ctx.inlineRuns
  const ownId = str(o.agentId) ?? ctx.agentId
  const agentId = ownId ?? (runs && o.isSidechain === true && type !== 'progress' ? runs.sidechain(o) : null)
  const isSidechain = o.isSidechain === true || agentId !== null
  if (runs && ownId === null && o.isSidechain !== true && type !== 'progress') runs.main(o)
  if (type === 'progress') {
    const d = o.data
    if (!d || d.type !== 'agent_progress' || !d.message || typeof d.message !== 'object') return
    const subAgent = str(d.agentId) ?? agentId
    const ts = time(d.message.timestamp)
    const outer = time(o.timestamp)
    if (Number.isNaN(ts) || Number.isNaN(outer)) return bad(out, 'bad_timestamp')
    if (d.message.type === 'assistant') {
      if (badUsage(d.message)) return bad(out, 'bad_usage')
      assistant(d.message, o, ts ?? outer, sessionId, subAgent, true, true, out)
    } else if (d.message.type === 'user') user(d.message, ts, sessionId, subAgent, true, out)
    return
  }
  if (type === 'system') return system(o, sessionId, agentId, out)
  // Parsed once per line: the session span and the record share it. A bad line adds nothing.
  const ts = time(o.timestamp)
  if (Number.isNaN(ts)) return bad(out, 'bad_timestamp')
  if (type === 'assistant' && badUsage(o)) return bad(out, 'bad_usage')
  if (o.isMeta !== true) sessions.touch(sessionId, ts, o, agentId)
  if (typeof o.uuid === 'string') sessions.leaf(sessionId, o.uuid)
  if (type === 'assistant') assistant(o, o, ts, sessionId, agentId, isSidechain, false, out)
  else {
    const from = out.toolResults.length
    user(o, ts, sessionId, agentId, isSidechain, out)
    runs?.spawned(out.toolResults, from)
  }
}
