import { create } from 'zustand'
import type { Filters, GroupBy, Range } from '../../../shared/contract'
import type { Theme } from '../../../shared/contract/settings'
import type { Currency } from '../../../shared/format'

/**
 * UI state only: what the user is looking at (range, time zone, filters, theme, layout choices).
 * Query results live in the query layer, never here.
 */
export interface UiState {
  range: Range
  timezone: string
  weekStart: number
  filters: Filters
  theme: Theme
  currency: Currency
  groupBy: GroupBy
  breakdownBy: 'model' | 'project'
  /** Settings applied once on start; later edits come from the Settings page. */
  settingsApplied: boolean
  set(patch: Partial<Omit<UiState, 'set'>>): void
}

export const systemTimeZone = (): string => Intl.DateTimeFormat().resolvedOptions().timeZone

export const useUi = create<UiState>((set) => ({
  range: { preset: '30d' },
  timezone: systemTimeZone(),
  weekStart: 1,
  filters: {},
  theme: 'system',
  currency: { code: 'USD', perUsd: 1 },
  groupBy: 'day',
  breakdownBy: 'model',
  settingsApplied: false,
  set: (patch) => set(patch),
}))

/** The arguments every metric request shares, from the global bar. */
export function useCommonArgs(): { range: Range; timezone: string; weekStart: number; filters: Filters } {
  const range = useUi((s) => s.range)
  const timezone = useUi((s) => s.timezone)
  const weekStart = useUi((s) => s.weekStart)
  const filters = useUi((s) => s.filters)
  return { range, timezone, weekStart, filters }
}
