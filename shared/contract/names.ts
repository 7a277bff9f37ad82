/**
 * Request and push-event names, without the schemas (the sandboxed preload imports only this).
 * A test checks that these lists match the contract map exactly.
 */
/** Read-only metric queries: also CLI commands. */
export const QUERY_NAMES = [
  'summary',
  'series',
  'heatmap',
  'models',
  'responseTimes',
  'projects',
  'sessions',
  'session',
  'tools',
  'agents',
  'cache',
  'forecast',
  'compare',
  'health',
  'alertInputs',
  'alerts',
] as const
/** Settings and sources: answered by the app's host (the core worker or `serve`), which owns the roots. */
export const ACTION_NAMES = [
  'exportView',
  'snoozeAlerts',
  'settings',
  'saveSettings',
  'addSource',
  'updateSource',
  'savePriceOverrides',
  'setWatching',
  'maintenance',
] as const
export const REQUEST_NAMES = [...QUERY_NAMES, ...ACTION_NAMES] as const
export const PUSH_EVENT_NAMES = [
  'data-changed',
  'ingest-progress',
  'settings-changed',
  'alert',
  'report-ready',
  'open-route',
  'core-status',
] as const

export const requestChannel = (name: string): string => `observatory:${name}`
export const eventChannel = (name: string): string => `observatory-event:${name}`

/** Range presets every metric accepts. */
export const RANGE_PRESETS = ['24h', '7d', '30d', '90d', '1y', 'all'] as const

/** Views that can be exported, and the formats. */
export const EXPORT_VIEWS = [
  'overview',
  'cost',
  'activity',
  'response-times',
  'models',
  'projects',
  'sessions',
  'agents',
  'tools',
] as const
export const EXPORT_FORMATS = ['csv', 'json', 'pdf'] as const
