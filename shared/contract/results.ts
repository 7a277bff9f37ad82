/** Result types of the metric requests (plain JSON: what IPC and HTTP carry). */

/** A value with its previous-period value and the relative change. */
export interface Delta {
  value: number | null
  previous: number | null
  /** (value − previous) / previous; null when there is no previous period or it was 0 (see note). */
  change: number | null
  note?: 'no previous period' | 'previous was 0' | 'unknown'
}

export interface EffectiveRange {
  start: string
  end: string
  timezone: string
  weekStart: number
  previous: { start: string; end: string } | null
}

export interface SummaryResult {
  range: EffectiveRange
  /** Cost of priced responses; null when nothing in the range could be priced. */
  cost: Delta
  tokens: {
    input: Delta
    output: Delta
    cacheWrite5m: Delta
    cacheWrite1h: Delta
    cacheRead: Delta
    total: Delta
  }
  unpricedTokens: Delta
  responses: Delta
  sessions: Delta
  prompts: Delta
  activeProjects: Delta
  /** cacheRead / (input + cacheWrite + cacheRead). */
  cacheHitRate: Delta
  mostUsedModel: { name: string; responses: number } | null
  mostActiveProject: { path: string; name: string; cost: number | null; tokens: number } | null
}

export interface SeriesPoint {
  /** Group start in the time zone: `YYYY-MM-DD`, `YYYY-MM` or `YYYY-MM-DDTHH:mm`. */
  label: string
  start: string
  cost: number | null
  tokens: { input: number; output: number; cacheWrite5m: number; cacheWrite1h: number; cacheRead: number }
  unpricedTokens: number
  responses: number
  /** With `withActivity`: sessions with a response in the group, and human prompts. */
  sessions?: number
  prompts?: number
  /** Per model or per project (see `breakdownBy`). */
  breakdown: {
    key: string
    cost: number | null
    tokens: number
    responses: number
    kinds: { input: number; output: number; cacheWrite5m: number; cacheWrite1h: number; cacheRead: number }
  }[]
}

export interface SeriesResult {
  range: EffectiveRange
  groupBy: 'hour' | 'day' | 'week' | 'month'
  breakdownBy: 'model' | 'project'
  points: SeriesPoint[]
}

export interface HeatmapCell {
  /** 1 = Monday … 7 = Sunday (ISO), local to the time zone. */
  weekday: number
  hour: number
  responses: number
  prompts: number
  cost: number
  /** Mean of turn durations (system/turn_duration) that ended in this cell, ms; null when none. */
  avgResponseMs: number | null
}

export interface HeatmapResult {
  range: EffectiveRange
  cells: HeatmapCell[]
  peakHour: number | null
  peakWeekday: number | null
}

export interface ModelRow {
  model: string
  responses: number
  /** null when the model has no known price. */
  cost: number | null
  avgInputTokens: number
  avgOutputTokens: number
  cacheHitRate: number | null
  /** Share of all responses in the range (0–1). */
  share: number
  /** Mean duration of the turns whose last main-thread response came from this model; null when none. */
  avgResponseMs: number | null
  /** Responses vs the previous period. */
  trend: Delta
}

export interface ModelsResult {
  range: EffectiveRange
  models: ModelRow[]
}

export interface ProjectRow {
  path: string
  name: string
  cost: number | null
  tokens: number
  unpricedTokens: number
  responses: number
  sessions: number
  lastActive: string | null
}

export interface ProjectsResult {
  range: EffectiveRange
  projects: ProjectRow[]
}

export interface SessionRow {
  id: string
  title: string | null
  project: string | null
  firstActivity: string
  lastActivity: string
  durationMs: number
  cost: number | null
  tokens: number
  responses: number
  prompts: number
  models: string[]
}

export interface SessionsResult {
  range: EffectiveRange
  total: number
  sessions: SessionRow[]
}

/** Nearest-rank percentiles of durations in ms; null when there are none. */
export interface Percentiles {
  count: number
  mean: number | null
  p50: number | null
  p90: number | null
  p95: number | null
  p99: number | null
}

export interface ResponseTimesResult {
  range: EffectiveRange
  /**
   * The percentiles (p50…p99, over all and per group) are estimates from per-hour histograms, each
   * within `relativeError` (0.01 = 1 %) of the exact nearest-rank value; counts, means, the histogram's
   * bins and the slowest turns are exact.
   */
  estimate: { relativeError: number }
  /** Per turn: human prompt → end of the turn (see ARCHITECTURE.md, "Response times"). */
  turns: Percentiles & { fromTurnDuration: number }
  /** Per tool call: tool_use → tool_result. */
  tools: Percentiles
  /** Turn and tool durations per bin (upToMs: exclusive upper edge; null for the open last bin). */
  histogram: { upToMs: number | null; turns: number; tools: number }[]
  overTime: { label: string; start: string; turns: Percentiles; tools: Percentiles }[]
  slowestTurns: { sessionId: string; promptAt: string; durationMs: number }[]
}

export interface Spend {
  cost: number | null
  tokens: number
  responses: number
}

export interface SessionDetailResult {
  id: string
  title: string | null
  titleSource: 'custom' | 'ai' | 'summary' | 'prompt' | 'command' | null
  project: string | null
  firstActivity: string
  lastActivity: string
  versions: string[]
  gitBranch: string | null
  entrypoint: string | null
  totals: { all: Spend; main: Spend; subagents: Spend }
  turns: {
    promptAt: string
    prompt: string | null
    durationMs: number | null
    toolCalls: number
    spend: Spend
  }[]
  tools: { name: string; calls: number; errors: number; avgMs: number | null }[]
  toolErrors: { tool: string; at: string; message: string | null }[]
  apiErrors: { at: string; status: number | null; message: string | null }[]
  interruptions: number
  compactions: { at: string; trigger: string | null; preTokens: number | null }[]
  subagents: {
    id: string
    type: string | null
    description: string | null
    firstAt: string
    lastAt: string
    toolCalls: number
    spend: Spend
  }[]
  /**
   * null when every list is whole; else a list longer than its bound (SESSION_LIST_MAX) holds only its
   * most recent entries (subagents: the last to start) and these are the full counts of each list.
   */
  truncated: {
    turns: number
    toolErrors: number
    apiErrors: number
    compactions: number
    subagents: number
  } | null
}

export interface ToolsResult {
  range: EffectiveRange
  /** MCP tools are grouped by server as `mcp:<server>`. */
  tools: { name: string; calls: number; errors: number; errorRate: number }[]
  topErrors: { message: string; count: number; tools: string[] }[]
  interruptions: number
  apiErrors: number
  outcomes: { endedNormally: number; interrupted: number; apiError: number; noReply: number }
  /** Calls and errors by when they happened; outcomes by each session's last activity. */
  overTime: {
    label: string
    start: string
    calls: number
    errors: number
    outcomes: { endedNormally: number; interrupted: number; apiError: number; noReply: number }
  }[]
}

export interface AgentsResult {
  range: EffectiveRange
  agents: {
    type: string
    runs: number
    spend: Spend
    avgDurationMs: number | null
    toolCalls: number
    errorRate: number | null
  }[]
}

export interface CacheResult {
  range: EffectiveRange
  hitRate: number | null
  /** cache reads × (input rate − cache-read rate): what the cache saved vs uncached input; unpriced models excluded. */
  savedUsd: number
  overTime: { label: string; start: string; hitRate: number | null; savedUsd: number }[]
  byProject: { path: string; hitRate: number | null; savedUsd: number }[]
  /** The 20 sessions whose cache reads saved the most in the range. */
  bySession: { id: string; hitRate: number | null; savedUsd: number }[]
}

export interface ForecastResult {
  timezone: string
  month: {
    label: string
    costToDate: number | null
    projected: number | null
    method: string
    daysElapsed: number
    daysInMonth: number
  }
  /** The current 5-hour block (ccusage definition), or null when the last response is over 5 hours old. */
  block: {
    start: string
    end: string
    tokens: number
    cost: number | null
    burnPerHour: number | null
    projectedCost: number | null
  } | null
  plan: { monthlyUsd: number; apiEquivalentUsd: number | null; ratio: number | null } | null
}

export interface CompareResult {
  range: EffectiveRange
  groupBy: 'hour' | 'day' | 'week' | 'month'
  /** One entry per requested project, all on the same group edges. */
  projects: {
    project: string
    totals: Spend
    points: { label: string; cost: number | null; tokens: number; responses: number }[]
  }[]
}

export * from './host-results'
