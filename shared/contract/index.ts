import { z } from 'zod'
import { commonSchema, groupBySchema, timezoneSchema } from './params'
import { exportSchema, type ExportResult } from './exports'
import { addSourceSchema, priceOverridesSchema, settingsPatchSchema, updateSourceSchema } from './settings'
import type {
  AgentsResult,
  AlertInputsResult,
  AlertEntry,
  AlertsResult,
  CacheResult,
  CompareResult,
  HealthResult,
  ForecastResult,
  ToolsResult,
  HeatmapResult,
  ModelsResult,
  ProjectsResult,
  ResponseTimesResult,
  SeriesResult,
  SessionsResult,
  SessionDetailResult,
  SettingsResult,
  SummaryResult,
  IngestProgress,
  MaintenanceInfo,
} from './results'

export * from './params'
export * from './settings'
export * from './exports'
export type * from './results'

/**
 * The one request contract: request name → argument schema (validated at every boundary) and
 * result type. The Electron IPC bridge and the HTTP server (`POST /api/<name>`) both serve exactly
 * these requests.
 */
export const REQUESTS = {
  summary: commonSchema,
  series: commonSchema.extend({
    groupBy: groupBySchema.default('day'),
    breakdownBy: z.enum(['model', 'project']).default('model'),
    /** Also count sessions and prompts per point (the Overview's sparklines). */
    withActivity: z.boolean().default(false),
  }),
  heatmap: commonSchema,
  models: commonSchema,
  responseTimes: commonSchema.extend({ groupBy: groupBySchema.default('day') }),
  projects: commonSchema,
  session: z.object({ id: z.string().min(1).max(200) }),
  tools: commonSchema.extend({ groupBy: groupBySchema.default('day') }),
  agents: commonSchema,
  cache: commonSchema.extend({ groupBy: groupBySchema.default('day') }),
  compare: commonSchema.extend({
    groupBy: groupBySchema.default('day'),
    projects: z.array(z.string().min(1)).min(2).max(10),
  }),
  health: z.object({}),
  forecast: z.object({
    timezone: timezoneSchema.optional(),
    planMonthlyUsd: z.number().nonnegative().max(100_000).optional(),
  }),
  alertInputs: z.object({
    timezone: timezoneSchema.optional(),
    weekStart: z.number().int().min(1).max(7).default(1),
  }),
  sessions: commonSchema.extend({
    page: z.number().int().min(0).max(100_000).default(0),
    pageSize: z.number().int().min(1).max(200).default(50),
    sort: z.enum(['cost', 'tokens', 'duration', 'prompts', 'lastActivity']).default('lastActivity'),
    order: z.enum(['asc', 'desc']).default('desc'),
    search: z.string().max(200).optional(),
  }),
  alerts: z.object({ limit: z.number().int().min(1).max(1000).default(200) }),
  exportView: exportSchema,
  snoozeAlerts: z.object({
    minutes: z
      .number()
      .int()
      .min(0)
      .max(7 * 24 * 60),
  }),
  settings: z.object({}),
  saveSettings: settingsPatchSchema,
  addSource: addSourceSchema,
  updateSource: updateSourceSchema,
  savePriceOverrides: priceOverridesSchema,
  setWatching: z.object({ paused: z.boolean() }),
  maintenance: z.object({}),
} as const

export interface ResultMap {
  summary: SummaryResult
  series: SeriesResult
  heatmap: HeatmapResult
  models: ModelsResult
  responseTimes: ResponseTimesResult
  projects: ProjectsResult
  sessions: SessionsResult
  /** null when no session has that id. */
  session: SessionDetailResult | null
  tools: ToolsResult
  agents: AgentsResult
  cache: CacheResult
  forecast: ForecastResult
  compare: CompareResult
  health: HealthResult
  alertInputs: AlertInputsResult
  alerts: AlertsResult
  snoozeAlerts: AlertsResult
  exportView: ExportResult
  settings: SettingsResult
  saveSettings: SettingsResult
  addSource: SettingsResult
  updateSource: SettingsResult
  savePriceOverrides: SettingsResult
  setWatching: { paused: boolean }
  maintenance: MaintenanceInfo
}

export type RequestName = keyof typeof REQUESTS
/** What a caller may send (defaults filled in by validation). */
export type RequestArgs<K extends RequestName> = z.input<(typeof REQUESTS)[K]>
/** What a handler receives after validation. */
export type ValidArgs<K extends RequestName> = z.output<(typeof REQUESTS)[K]>

export interface ApiError {
  code: 'invalid_arguments' | 'unknown_request' | 'unauthorized' | 'store' | 'internal'
  message: string
}

/** Every answer, over IPC and HTTP: never a thrown error across the boundary. */
export type ApiResult<T> = { ok: true; value: T } | { ok: false; error: ApiError }

/** Push events: sent after the store changes so views refresh. */
export interface PushEvents {
  'data-changed': { at: string; newResponses: number; filesRead: number }
  /** While a pass reads a lot (the first ingest, an added folder): throttled, and once with done: true. */
  'ingest-progress': IngestProgress
  'settings-changed': SettingsResult
  /** A threshold was crossed (see electron/core/alerts/thresholds.ts). */
  alert: AlertEntry
  /** A scheduled report was written. */
  'report-ready': { period: 'daily' | 'weekly' | 'monthly'; label: string; path: string }
  /** The shell asks the window to show a route (a notification was clicked). */
  'open-route': { route: string }
  /** Desktop app: the core worker's state (it failed and restarts, e.g. the store cannot be opened). */
  'core-status': CoreStatus
}

export interface CoreStatus {
  state: 'starting' | 'ready' | 'restarting' | 'stopped'
  /** Why the core stopped (the error it threw, or its exit code). */
  message?: string
  /** How many times the core was restarted since the app started. */
  restarts: number
  retryInMs?: number
}
export type PushEventName = keyof PushEvents
