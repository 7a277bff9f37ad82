import type { Settings } from '../../../shared/contract'
import { systemTimeZone, useUi } from './ui'

/** Stored settings → the UI's defaults (time zone, week start, currency, theme). */
export function applySettings(s: Settings): void {
  useUi.getState().set({
    timezone: s.timezone ?? systemTimeZone(),
    weekStart: s.weekStart,
    currency: s.currency,
    theme: s.theme,
    settingsApplied: true,
  })
}
