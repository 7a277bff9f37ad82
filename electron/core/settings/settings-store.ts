import { DEFAULT_SETTINGS, settingsSchema, type Settings } from '../../../shared/contract/settings'
import type { Db } from '../store/db'
import { writeSettings } from './settings-rows'

/**
 * Settings live in the `settings` table, one JSON value per top-level key. A stored value that no
 * longer validates (edited by hand, written by another version) falls back to its default, logged.
 */
export function loadSettings(db: Db, log: (msg: string) => void = () => {}): Settings {
  const rows = db.prepare(`SELECT key, value FROM settings`).all() as { key: string; value: string }[]
  const out: Record<string, unknown> = { ...DEFAULT_SETTINGS }
  const shape = settingsSchema.shape as Record<
    string,
    { safeParse(v: unknown): { success: boolean; data?: unknown } }
  >
  for (const { key, value } of rows) {
    const field = shape[key]
    if (!field) continue
    let parsed: { success: boolean; data?: unknown }
    try {
      parsed = field.safeParse(JSON.parse(value))
    } catch {
      parsed = { success: false }
    }
    if (parsed.success) out[key] = parsed.data
    else log(`ignoring the stored setting "${key}": it is not valid; using the default`)
  }
  return out as Settings
}

/** Writes the given top-level keys (already validated by the contract). */
export function saveSettings(db: Db, patch: Partial<Settings>): void {
  writeSettings(db, patch)
}
