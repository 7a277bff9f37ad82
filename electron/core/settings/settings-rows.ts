import type { Db } from '../store/db'

/**
 * The `settings` table's rows: one JSON value per key. Zod-free, so the CLI's fast path can read the
 * added folders; validation is the caller's (settings-store.ts validates the settings themselves).
 */

/** The parsed value of a key, or undefined when it is absent or not valid JSON. */
export function readSetting(db: Db, key: string): unknown {
  const row = db.prepare(`SELECT value FROM settings WHERE key = ?`).get(key) as { value: string } | undefined
  if (!row) return undefined
  try {
    return JSON.parse(row.value) as unknown
  } catch {
    return undefined
  }
}

export function writeSettings(db: Db, values: Record<string, unknown>): void {
  const put = db.prepare(
    `INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value`,
  )
  db.transaction(() => {
    for (const [k, v] of Object.entries(values)) if (v !== undefined) put.run(k, JSON.stringify(v))
  })()
}
