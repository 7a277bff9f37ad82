import { projectPath } from './project'
import type { EventRec, ParsedBatch, ResponseRec, SessionMetaRec, ToolResultRec } from './records'

/**
 * A ParsedBatch as rows of plain values, in the form a parse worker posts and the writer binds.
 * Copying one file's records between threads costs per object and per property name, so rows
 * are arrays; calls and results of one batch are already paired, and every `cwd` (of a response or a
 * session) is already a project path (parse/project.ts). Every row except ResponseRow is in its
 * statement's bind order (store/writer-sql.ts).
 */
export type ResponseRow = [
  key: string,
  uuid: string | null,
  ts: number,
  sessionId: string,
  agentId: string | null,
  isSidechain: 0 | 1,
  /** Project path from the line's cwd ('' when the line has none). */
  project: string,
  model: string,
  stopReason: string | null,
  input: number,
  output: number,
  cacheWrite5m: number,
  cacheWrite1h: number,
  cacheRead: number,
  webSearch: number,
  webFetch: number,
  serviceTier: string | null,
  speed: string | null,
  costUsdLogged: number | null,
  fromProgress: 0 | 1,
]

/** Column positions in a ResponseRow. */
export const R = {
  key: 0,
  uuid: 1,
  ts: 2,
  sessionId: 3,
  agentId: 4,
  isSidechain: 5,
  project: 6,
  model: 7,
  stopReason: 8,
  input: 9,
  output: 10,
  cacheWrite5m: 11,
  cacheWrite1h: 12,
  cacheRead: 13,
  webSearch: 14,
  webFetch: 15,
  serviceTier: 16,
  speed: 17,
  costUsdLogged: 18,
  fromProgress: 19,
} as const

/** A call without its result (WRITER_SQL.toolUse). */
export type ToolUseRow = [
  id: string,
  name: string,
  ts: number,
  sessionId: string,
  agentId: string | null,
  subagentType: string | null,
  description: string | null,
]
/** A call and its result (WRITER_SQL.toolFull). */
export type ToolCallRow = [
  ...use: ToolUseRow,
  resultTs: number,
  isError: 0 | 1,
  errorText: string | null,
  spawnedAgentId: string | null,
]
/** A result whose call is not in the batch (WRITER_SQL.toolResult: the ts is bound twice). */
export type ToolResultRow = [
  id: string,
  ts: number,
  resultTs: number,
  isError: 0 | 1,
  errorText: string | null,
  spawnedAgentId: string | null,
]
export type EventRow = [
  uuid: string,
  kind: string,
  ts: number,
  sessionId: string,
  agentId: string | null,
  text: string | null,
  value: number | null,
]

/** A session's facts from the batch, its `cwd` already a project path (null when no line had one). */
export type PackedSession = Omit<SessionMetaRec, 'cwd'> & { project: string | null }

export interface PackedBatch {
  /** One row per response key (the batch's best copy). */
  responses: ResponseRow[]
  toolCalls: ToolCallRow[]
  toolUses: ToolUseRow[]
  toolResults: ToolResultRow[]
  events: EventRow[]
  sessions: PackedSession[]
  titles: [sessionId: string, kind: string, title: string][]
  summaries: [leafUuid: string, summary: string][]
  leafs: [uuid: string, sessionId: string][]
  lines: number
  parsedLines: number
  skippedLines: number
  badLines: Record<string, number>
}

export function responseTotal(r: ResponseRow): number {
  return r[R.input] + r[R.output] + r[R.cacheWrite5m] + r[R.cacheWrite1h] + r[R.cacheRead]
}

// Small functions on purpose: V8 optimizes (and after a deopt re-optimizes) each alone, in every worker.

function responseRow(r: ResponseRec, project: string): ResponseRow {
  const t = r.tokens
  return [
    r.key,
    r.uuid,
    r.ts,
    r.sessionId,
    r.agentId,
    r.isSidechain ? 1 : 0,
    project,
    r.model,
    r.stopReason,
    t.input,
    t.output,
    t.cacheWrite5m,
    t.cacheWrite1h,
    t.cacheRead,
    r.webSearch,
    r.webFetch,
    r.serviceTier,
    r.speed,
    r.costUsdLogged,
    r.fromProgress ? 1 : 0,
  ]
}

/** Project paths by cwd: a batch holds few distinct ones. */
class Projects {
  private readonly paths = new Map<string, string>()

  of(cwd: string): string {
    let p = this.paths.get(cwd)
    if (p === undefined) this.paths.set(cwd, (p = projectPath(cwd)))
    return p
  }
}

function responseRows(rs: ResponseRec[], projects: Projects): ResponseRow[] {
  const out: ResponseRow[] = []
  for (const r of rs) out.push(responseRow(r, r.cwd === null ? '' : projects.of(r.cwd)))
  return out
}

function sessionRows(ss: SessionMetaRec[], projects: Projects): PackedSession[] {
  return ss.map(({ cwd, ...s }) => ({ ...s, project: cwd === null ? null : projects.of(cwd) }))
}

/** A call and its result usually sit in the same file: pair them (the last result per id wins). */
function toolRows(b: ParsedBatch): Pick<PackedBatch, 'toolCalls' | 'toolUses' | 'toolResults'> {
  const results = new Map<string, ToolResultRec>()
  for (const r of b.toolResults) results.set(r.toolUseId, r)
  const toolCalls: ToolCallRow[] = []
  const toolUses: ToolUseRow[] = []
  for (const u of b.toolUses) {
    const r = results.get(u.id)
    if (r === undefined) {
      toolUses.push([u.id, u.name, u.ts, u.sessionId, u.agentId, u.subagentType, u.description])
      continue
    }
    results.delete(u.id)
    toolCalls.push([
      u.id,
      u.name,
      u.ts,
      u.sessionId,
      u.agentId,
      u.subagentType,
      u.description,
      r.ts,
      r.isError ? 1 : 0,
      r.errorText,
      r.spawnedAgentId,
    ])
  }
  const toolResults: ToolResultRow[] = []
  for (const r of results.values())
    toolResults.push([r.toolUseId, r.ts, r.ts, r.isError ? 1 : 0, r.errorText, r.spawnedAgentId])
  return { toolCalls, toolUses, toolResults }
}

function eventRows(es: EventRec[]): EventRow[] {
  const out: EventRow[] = []
  for (const e of es) out.push([e.uuid, e.kind, e.ts, e.sessionId, e.agentId, e.text, e.value])
  return out
}

export function packBatch(b: ParsedBatch): PackedBatch {
  const projects = new Projects()
  return {
    responses: responseRows(b.responses, projects),
    ...toolRows(b),
    events: eventRows(b.events),
    sessions: sessionRows(b.sessions, projects),
    titles: b.titles.map((t) => [t.sessionId, t.kind, t.title]),
    summaries: b.summaries.map((s) => [s.leafUuid, s.summary]),
    leafs: b.leafs.map((l) => [l.uuid, l.sessionId]),
    lines: b.lines,
    parsedLines: b.parsedLines,
    skippedLines: b.skippedLines,
    badLines: b.badLines,
  }
}
