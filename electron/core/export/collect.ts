import type { EChartsOption } from 'echarts'
import { heatmapOption } from '../../../shared/charts/activity'
import { DEFAULT_CONTEXT, type ChartContext } from '../../../shared/charts/common'
import { callsErrorsOption, rankingOption } from '../../../shared/charts/rankings'
import { stackedOption, tokenKindsOption } from '../../../shared/charts/time-series'
import { distributionOption, percentilesOption } from '../../../shared/charts/timing'
import type {
  AgentsResult,
  CommonArgs,
  EffectiveRange,
  Filters,
  HealthResult,
  HeatmapResult,
  ModelsResult,
  ProjectsResult,
  ResponseTimesResult,
  SeriesResult,
  SessionsResult,
  SummaryResult,
  ToolsResult,
} from '../../../shared/contract'
import type { Api } from '../api/api'
import { EXPORT_VIEWS } from '../../../shared/contract/names'
import type { Anonymizer } from './anonymize'
import * as T from './tables'

export { EXPORT_VIEWS }
export type ExportView = (typeof EXPORT_VIEWS)[number]

export interface ExportData {
  view: ExportView
  title: string
  range: EffectiveRange
  sources: string[]
  /** The filters the view was exported with, one `Kind: a, b` line each (aliases when anonymized). */
  filters: string[]
  /** The contract's answers the export was made from (the JSON export is exactly these). */
  results: Record<string, unknown>
  summary: SummaryResult
  tables: T.Table[]
  charts: { title: string; option: EChartsOption }[]
}

/** The range, filters and grouping of the page being exported (`ValidArgs<'exportView'>['args']`). */
export type ExportArgs = Partial<CommonArgs> & {
  groupBy?: 'hour' | 'day' | 'week' | 'month'
  breakdownBy?: 'model' | 'project'
}

export class ExportError extends Error {}

const MAX_SESSIONS = 10_000

function filterLines(f: Partial<Filters> = {}): string[] {
  const lines: string[] = []
  if (f.projects?.length) lines.push(`Projects: ${f.projects.join(', ')}`)
  if (f.models?.length) lines.push(`Models: ${f.models.join(', ')}`)
  if (f.sources?.length) lines.push(`Sources: ${f.sources.join(', ')}`)
  if (f.thread && f.thread !== 'all') lines.push(`Thread: ${f.thread}`)
  return lines
}

/** Asks the contract for what a view shows and lays it out as tables and chart options. */
export function collectView(
  api: Api,
  view: ExportView,
  args: ExportArgs,
  ctx: ChartContext = DEFAULT_CONTEXT,
  anon?: Anonymizer,
): ExportData {
  // Anonymized at the source: tables, charts and the PDF are laid out from the aliased answers.
  const get = <R>(name: string, a: object = {}): R => {
    const r = api.call(name, { ...args, ...a })
    if (!r.ok) throw new ExportError(`${name}: ${r.error.message}`)
    return (anon ? anon.result(name, r.value) : r.value) as R
  }
  const groupBy = args.groupBy ?? 'day'
  const summary = get<SummaryResult>('summary')
  const health = api.call('health', {})
  const listed = health.ok ? (health.value as HealthResult).sources : []
  const sources = anon ? anon.sourceList(listed) : listed.map((s) => `${s.label} (${s.root})`)
  const filters = filterLines(anon ? anon.filters(args.filters) : args.filters)
  const base = { view, range: summary.range, sources, filters, summary }
  const results: Record<string, unknown> = { summary }
  const tables: T.Table[] = [T.kpiTable(summary)]
  const charts: ExportData['charts'] = []
  const add = <R>(name: string, a: object = {}): R => {
    const v = get<R>(name, a)
    results[name] = v
    return v
  }
  let title: string
  switch (view) {
    case 'overview': {
      title = 'Overview'
      const s = add<SeriesResult>('series', { groupBy, breakdownBy: 'model' })
      const p = add<ProjectsResult>('projects')
      charts.push({ title: 'Cost by model', option: stackedOption(s, 'cost', ctx, 'Cost by model') })
      tables.push(T.breakdownTable(s), T.projectsTable(p))
      break
    }
    case 'cost': {
      title = 'Cost & tokens'
      // Stacked by model or project, as the page is.
      const by = args.breakdownBy ?? 'model'
      const s = add<SeriesResult>('series', { groupBy, breakdownBy: by })
      charts.push(
        { title: `Cost by ${by}`, option: stackedOption(s, 'cost', ctx, `Cost by ${by}`) },
        { title: 'Token kinds', option: tokenKindsOption(s, ctx, 'Token kinds') },
      )
      tables.push(T.seriesTable(s), T.breakdownTable(s))
      break
    }
    case 'activity': {
      title = 'Activity'
      const h = add<HeatmapResult>('heatmap')
      charts.push({
        title: 'Responses by weekday and hour',
        option: heatmapOption(h, 'responses', ctx, 'Activity'),
      })
      tables.push(T.heatmapTable(h))
      break
    }
    case 'response-times': {
      title = 'Response times'
      const r = add<ResponseTimesResult>('responseTimes', { groupBy })
      charts.push(
        { title: 'Distribution', option: distributionOption(r, ctx, 'Distribution') },
        { title: 'Turn time percentiles', option: percentilesOption(r, ctx, 'Turn time percentiles') },
      )
      tables.push(...T.responseTimesTables(r))
      break
    }
    case 'models': {
      title = 'Models'
      const m = add<ModelsResult>('models')
      charts.push({
        title: 'Cost by model',
        option: rankingOption(
          m.models.map((x) => ({ name: x.model, value: x.cost })),
          'cost',
          ctx,
          'Cost by model',
        ),
      })
      tables.push(T.modelsTable(m))
      break
    }
    case 'projects': {
      title = 'Projects'
      const p = add<ProjectsResult>('projects')
      charts.push({
        title: 'Cost by project',
        option: rankingOption(
          p.projects.slice(0, 20).map((x) => ({ name: x.name, value: x.cost })),
          'cost',
          ctx,
          'Cost by project',
        ),
      })
      tables.push(T.projectsTable(p))
      break
    }
    case 'sessions': {
      title = 'Sessions'
      const rows: SessionsResult['sessions'] = []
      for (let page = 0; rows.length < MAX_SESSIONS; page++) {
        const s = get<SessionsResult>('sessions', {
          page,
          pageSize: 200,
          sort: 'lastActivity',
          order: 'desc',
        })
        rows.push(...s.sessions)
        if (s.sessions.length < 200) break
      }
      results.sessions = { range: summary.range, total: rows.length, sessions: rows }
      tables.push(T.sessionsTable(rows))
      break
    }
    case 'agents': {
      title = 'Agents'
      const a = add<AgentsResult>('agents')
      charts.push({
        title: 'Runs by subagent type',
        option: rankingOption(
          a.agents.map((x) => ({ name: x.type, value: x.runs })),
          'count',
          ctx,
          'Runs by subagent type',
        ),
      })
      tables.push(T.agentsTable(a))
      break
    }
    case 'tools': {
      title = 'Tools'
      const x = add<ToolsResult>('tools', { groupBy })
      charts.push({
        title: 'Tool calls and errors',
        option: callsErrorsOption(x.tools.slice(0, 20), ctx, 'Tool calls and errors'),
      })
      tables.push(...T.toolsTables(x))
      break
    }
  }
  return { ...base, title, results, tables, charts }
}
