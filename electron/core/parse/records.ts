import type { TokenCounts } from '../../../shared/tokens'

/**
 * Normalized facts extracted from transcript lines. Every record carries the key that makes
 * re-reading a line idempotent (see ARCHITECTURE.md, "Counting rules").
 */

/** One copy of one API response (several lines and files may hold copies of the same response). */
export interface ResponseRec {
  /** The pair (`message.id`, `requestId`) as one string: parse/response-key.ts. */
  key: string
  uuid: string | null
  ts: number
  sessionId: string
  agentId: string | null
  isSidechain: boolean
  cwd: string | null
  model: string
  stopReason: string | null
  tokens: TokenCounts
  webSearch: number
  webFetch: number
  serviceTier: string | null
  speed: string | null
  /** `costUSD` written by Claude Code before 1.0.9. */
  costUsdLogged: number | null
  /** True when the copy came from an `agent_progress` line rather than the transcript itself. */
  fromProgress: boolean
}

export interface ToolUseRec {
  id: string
  name: string
  ts: number
  sessionId: string
  agentId: string | null
  /** Task/Agent calls: the subagent type and description from the call's input. */
  subagentType: string | null
  description: string | null
}

export interface ToolResultRec {
  toolUseId: string
  ts: number
  isError: boolean
  errorText: string | null
  /** Task/Agent results (2.0+): the id of the subagent that ran. */
  spawnedAgentId: string | null
}

export type EventKind = 'prompt' | 'command' | 'interrupt' | 'compaction' | 'api_error' | 'turn_duration'

/** Per-line session events, keyed by the line's uuid so copies count once. */
export interface EventRec {
  uuid: string
  kind: EventKind
  ts: number
  sessionId: string
  agentId: string | null
  /** prompt: first 200 chars; api_error: message; compaction: trigger. */
  text: string | null
  /** turn_duration: durationMs; compaction: preTokens; api_error: HTTP status. */
  value: number | null
}

/**
 * The span of one thread of a session in a batch: the main thread (`agentId` '') or one subagent.
 * A subagent whose only prompt is `Warmup` never sets the session's span (counting rule 11); its
 * first prompt's uuid and whether another prompt followed let later, incremental reads keep that
 * decision, and re-reading the same lines leave it as it was.
 */
export interface SpanPart {
  agentId: string
  firstTs: number
  lastTs: number
  firstPrompt: string | null
  firstIsWarmup: boolean
  morePrompts: boolean
}

export interface SessionMetaRec {
  sessionId: string
  firstTs: number
  lastTs: number
  /** Per thread (main, each subagent): the session's span is derived from these in the store. */
  parts: SpanPart[]
  cwd: string | null
  versions: string[]
  gitBranch: string | null
  entrypoint: string | null
}

export interface TitleRec {
  sessionId: string
  kind: 'custom' | 'ai'
  title: string
}

export interface SummaryRec {
  leafUuid: string
  summary: string
}

/** Why a line was not used (ARCHITECTURE.md, "Bad input"): the keys of `ParsedBatch.badLines`. */
export type BadLineKind =
  | 'invalid_json'
  | 'not_an_object'
  | 'line_too_large'
  | 'no_session'
  | 'no_timestamp'
  | 'no_message_id'
  | 'bad_timestamp'
  | 'bad_usage'

/** Everything one batch of lines produced. */
export interface ParsedBatch {
  responses: ResponseRec[]
  toolUses: ToolUseRec[]
  toolResults: ToolResultRec[]
  events: EventRec[]
  sessions: SessionMetaRec[]
  titles: TitleRec[]
  summaries: SummaryRec[]
  /** Per session, the uuid of its last user/assistant line in this batch, for resolving `summary.leafUuid`. */
  leafs: { uuid: string; sessionId: string }[]
  lines: number
  parsedLines: number
  skippedLines: number
  /** Per BadLineKind. */
  badLines: Record<string, number>
}

export function emptyBatch(): ParsedBatch {
  return {
    responses: [],
    toolUses: [],
    toolResults: [],
    events: [],
    sessions: [],
    titles: [],
    summaries: [],
    leafs: [],
    lines: 0,
    parsedLines: 0,
    skippedLines: 0,
    badLines: {},
  }
}
