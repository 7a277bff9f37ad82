/**
 * Request and push-event names, without the schemas (the sandboxed preload imports only this).
 * A test checks that this list matches the contract map exactly.
 */
export const REQUEST_NAMES = [
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
] as const
export const PUSH_EVENT_NAMES = ['data-changed'] as const

export const requestChannel = (name: string): string => `observatory:${name}`
export const eventChannel = (name: string): string => `observatory-event:${name}`
