import type {
  AgentsResult,
  HeatmapResult,
  ModelsResult,
  ProjectsResult,
  ResponseTimesResult,
  SeriesResult,
  SessionsResult,
  SummaryResult,
  ToolsResult,
} from '../../../shared/contract/results'
import { TOKEN_KINDS } from '../../../shared/tokens'
import { TOKEN_KIND_LABELS } from '../../../shared/charts/common'

/** A table as exported: raw values (numbers stay numbers; unknown is null, never 0). */
export interface Table {
  title: string
  columns: { key: string; label: string; unit?: 'usd' | 'tokens' | 'ms' | 'ratio' | 'count' }[]
  rows: Record<string, string | number | null>[]
}

export function kpiTable(s: SummaryResult): Table {
  const row = (
    metric: string,
    d: { value: number | null; previous: number | null; change: number | null },
  ) => ({
    metric,
    value: d.value,
    previous: d.previous,
    change: d.change,
  })
  return {
    title: 'Summary',
    columns: [
      { key: 'metric', label: 'Metric' },
      { key: 'value', label: 'This period' },
      { key: 'previous', label: 'Previous period' },
      { key: 'change', label: 'Change', unit: 'ratio' },
    ],
    rows: [
      row('Cost (USD)', s.cost),
      row('Tokens', s.tokens.total),
      row('Unpriced tokens', s.unpricedTokens),
      row('Responses', s.responses),
      row('Sessions', s.sessions),
      row('Prompts', s.prompts),
      row('Active projects', s.activeProjects),
      row('Cache hit rate', s.cacheHitRate),
    ],
  }
}

export function seriesTable(s: SeriesResult): Table {
  return {
    title: `Cost and tokens per ${s.groupBy}`,
    columns: [
      { key: 'period', label: 'Period' },
      { key: 'cost', label: 'Cost (USD)', unit: 'usd' },
      ...TOKEN_KINDS.map((k) => ({ key: k, label: TOKEN_KIND_LABELS[k], unit: 'tokens' as const })),
      { key: 'total', label: 'Total tokens', unit: 'tokens' },
      { key: 'unpriced', label: 'Unpriced tokens', unit: 'tokens' },
      { key: 'responses', label: 'Responses', unit: 'count' },
    ],
    rows: s.points.map((p) => ({
      period: p.label,
      cost: p.cost,
      ...p.tokens,
      total: TOKEN_KINDS.reduce((a, k) => a + p.tokens[k], 0),
      unpriced: p.unpricedTokens,
      responses: p.responses,
    })),
  }
}

export function breakdownTable(s: SeriesResult): Table {
  const by = new Map<string, { cost: number | null; tokens: number; responses: number }>()
  for (const p of s.points)
    for (const b of p.breakdown) {
      const e = by.get(b.key) ?? { cost: null, tokens: 0, responses: 0 }
      e.cost = b.cost === null ? e.cost : (e.cost ?? 0) + b.cost
      e.tokens += b.tokens
      e.responses += b.responses
      by.set(b.key, e)
    }
  return {
    title: `Per ${s.breakdownBy}`,
    columns: [
      { key: 'key', label: s.breakdownBy === 'model' ? 'Model' : 'Project' },
      { key: 'cost', label: 'Cost (USD)', unit: 'usd' },
      { key: 'tokens', label: 'Tokens', unit: 'tokens' },
      { key: 'responses', label: 'Responses', unit: 'count' },
    ],
    rows: [...by.entries()].sort((a, b) => b[1].tokens - a[1].tokens).map(([key, v]) => ({ key, ...v })),
  }
}

export function heatmapTable(h: HeatmapResult): Table {
  return {
    title: 'Activity by weekday and hour',
    columns: [
      { key: 'weekday', label: 'Weekday (1 = Monday)' },
      { key: 'hour', label: 'Hour' },
      { key: 'responses', label: 'Responses', unit: 'count' },
      { key: 'prompts', label: 'Prompts', unit: 'count' },
      { key: 'cost', label: 'Cost (USD)', unit: 'usd' },
      { key: 'avgResponseMs', label: 'Mean response (ms)', unit: 'ms' },
    ],
    rows: h.cells.map((c) => ({ ...c })),
  }
}

export function responseTimesTables(r: ResponseTimesResult): Table[] {
  return [
    {
      title: 'Turn time percentiles per period',
      columns: [
        { key: 'period', label: 'Period' },
        { key: 'count', label: 'Turns', unit: 'count' },
        ...(['p50', 'p90', 'p95', 'p99'] as const).map((k) => ({
          key: k,
          // Estimates from per-hour histograms (ARCHITECTURE.md, Response times).
          label: `${k} (ms, ±${+(r.estimate.relativeError * 100).toFixed(2)} %)`,
          unit: 'ms' as const,
        })),
      ],
      rows: r.overTime.map((p) => ({
        period: p.label,
        count: p.turns.count,
        p50: p.turns.p50,
        p90: p.turns.p90,
        p95: p.turns.p95,
        p99: p.turns.p99,
      })),
    },
    {
      title: 'Slowest turns',
      columns: [
        { key: 'sessionId', label: 'Session' },
        { key: 'promptAt', label: 'Prompt at' },
        { key: 'durationMs', label: 'Duration (ms)', unit: 'ms' },
      ],
      rows: r.slowestTurns.map((x) => ({ ...x })),
    },
  ]
}

export function modelsTable(m: ModelsResult): Table {
  return {
    title: 'Models',
    columns: [
      { key: 'model', label: 'Model' },
      { key: 'responses', label: 'Responses', unit: 'count' },
      { key: 'cost', label: 'Cost (USD)', unit: 'usd' },
      { key: 'avgInputTokens', label: 'Avg input', unit: 'tokens' },
      { key: 'avgOutputTokens', label: 'Avg output', unit: 'tokens' },
      { key: 'cacheHitRate', label: 'Cache hit rate', unit: 'ratio' },
      { key: 'share', label: 'Share', unit: 'ratio' },
      { key: 'avgResponseMs', label: 'Avg response (ms)', unit: 'ms' },
    ],
    rows: m.models.map(({ trend: _trend, ...r }) => ({ ...r })),
  }
}

export function projectsTable(p: ProjectsResult): Table {
  return {
    title: 'Projects',
    columns: [
      { key: 'name', label: 'Project' },
      { key: 'path', label: 'Path' },
      { key: 'cost', label: 'Cost (USD)', unit: 'usd' },
      { key: 'tokens', label: 'Tokens', unit: 'tokens' },
      { key: 'unpricedTokens', label: 'Unpriced tokens', unit: 'tokens' },
      { key: 'responses', label: 'Responses', unit: 'count' },
      { key: 'sessions', label: 'Sessions', unit: 'count' },
      { key: 'lastActive', label: 'Last active' },
    ],
    rows: p.projects.map((r) => ({ ...r })),
  }
}

export function sessionsTable(s: SessionsResult['sessions']): Table {
  return {
    title: 'Sessions',
    columns: [
      { key: 'id', label: 'Session' },
      { key: 'title', label: 'Title' },
      { key: 'project', label: 'Project' },
      { key: 'firstActivity', label: 'First activity' },
      { key: 'lastActivity', label: 'Last activity' },
      { key: 'durationMs', label: 'Duration (ms)', unit: 'ms' },
      { key: 'prompts', label: 'Prompts', unit: 'count' },
      { key: 'responses', label: 'Responses', unit: 'count' },
      { key: 'tokens', label: 'Tokens', unit: 'tokens' },
      { key: 'cost', label: 'Cost (USD)', unit: 'usd' },
      { key: 'models', label: 'Models' },
    ],
    rows: s.map((r) => ({ ...r, models: r.models.join(' ') })),
  }
}

export function agentsTable(a: AgentsResult): Table {
  return {
    title: 'Subagent types',
    columns: [
      { key: 'type', label: 'Type' },
      { key: 'runs', label: 'Runs', unit: 'count' },
      { key: 'cost', label: 'Cost (USD)', unit: 'usd' },
      { key: 'tokens', label: 'Tokens', unit: 'tokens' },
      { key: 'avgDurationMs', label: 'Avg duration (ms)', unit: 'ms' },
      { key: 'toolCalls', label: 'Tool calls', unit: 'count' },
      { key: 'errorRate', label: 'Error rate', unit: 'ratio' },
    ],
    rows: a.agents.map((r) => ({
      type: r.type,
      runs: r.runs,
      cost: r.spend.cost,
      tokens: r.spend.tokens,
      avgDurationMs: r.avgDurationMs,
      toolCalls: r.toolCalls,
      errorRate: r.errorRate,
    })),
  }
}

export function toolsTables(x: ToolsResult): Table[] {
  return [
    {
      title: 'Tools',
      columns: [
        { key: 'name', label: 'Tool' },
        { key: 'calls', label: 'Calls', unit: 'count' },
        { key: 'errors', label: 'Errors', unit: 'count' },
        { key: 'errorRate', label: 'Error rate', unit: 'ratio' },
      ],
      rows: x.tools.map((r) => ({ ...r })),
    },
    {
      title: 'Most frequent errors',
      columns: [
        { key: 'count', label: 'Count', unit: 'count' },
        { key: 'tools', label: 'Tools' },
        { key: 'message', label: 'Message' },
      ],
      rows: x.topErrors.map((e) => ({ count: e.count, tools: e.tools.join(' '), message: e.message })),
    },
  ]
}
