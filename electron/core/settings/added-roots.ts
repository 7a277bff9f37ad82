import type { RootSpec } from '../ingest/ingest'
import type { Db } from '../store/db'
import { readSetting } from './settings-rows'

/**
 * The folders the user added in Settings, read without the settings schema (so the CLI's fast path
 * does not load zod): entries that are not well-formed are skipped.
 */
export function addedRoots(db: Db): (RootSpec & { watch: boolean })[] {
  const raw = readSetting(db, 'roots')
  if (!Array.isArray(raw)) return []
  return raw
    .filter((r): r is { path: string; label?: unknown; watch?: unknown } => typeof r?.path === 'string')
    .map((r) => ({
      path: r.path,
      ...(typeof r.label === 'string' ? { label: r.label } : {}),
      watch: r.watch !== false,
    }))
}
