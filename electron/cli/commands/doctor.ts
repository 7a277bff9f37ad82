import { existsSync, mkdirSync, renameSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { archiveDirFor, restoreArchive } from '../../core/archive/archive'
import type { IngestStats, RootSpec } from '../../core/ingest/ingest'
import type { Core } from '../../core/open-core'
import { inUseElsewhere, readSettingsRows, setAside, type StoreCheck } from '../../core/store/check-store'
import { clearStoreError, storeError } from '../../core/store/store-error'

export interface Rebuilt {
  /** Where the old store now is (with its -wal/-shm), or null when there was none. */
  oldStore: string | null
  /** Where the old archive now is, and the folder its transcripts were unpacked into. */
  oldArchive: string | null
  restored: string[]
  settingsCopied: number
  stats: IngestStats
}

export function formatCheck(c: StoreCheck): string {
  if (!c.exists) return `no store at ${c.file} yet (the first ingest creates it)`
  if (c.ok) return `${c.file}: ok (integrity, foreign keys and indexes checked; schema ${c.schemaVersion})`
  return [
    `${c.file}: ${c.problems.length} problem(s)`,
    ...c.problems.map((p) => `  ${p}`),
    'run `observatory doctor --rebuild` to make a new store from the transcripts and the archive (the old file is kept)',
  ].join('\n')
}

/**
 * `observatory doctor --rebuild`: sets the old store (and its archive) aside under a timestamped name,
 * never deleting either, unpacks the archive beside them, and reads the transcripts and the unpacked
 * archive into a new store. The roots come first, so data still on disk keeps its own source.
 */
export async function rebuildStore(
  file: string,
  roots: (core: Core) => RootSpec[],
  open: () => Core,
): Promise<Rebuilt> {
  if (existsSync(file) && inUseElsewhere(file))
    throw storeError('locked', file, 'doctor --rebuild needs it closed')
  const stamp = `before-rebuild-${new Date().toISOString().replace(/[:.]/g, '-')}`
  const settings = existsSync(file) ? readSettingsRows(file) : []
  const archive = archiveDirFor(file)
  let oldArchive: string | null = null
  if (existsSync(archive)) {
    oldArchive = `${archive}-${stamp}`
    renameSync(archive, oldArchive)
  }
  const oldStore = existsSync(file) ? setAside(file, stamp) : null
  mkdirSync(dirname(file), { recursive: true })
  const core = open()
  const put = core.db.prepare(`INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)`)
  core.db.transaction(() => settings.forEach((s) => put.run(s.key, s.value)))()
  const restored = oldArchive
    ? await restoreArchive(core.db, oldArchive, join(dirname(file), `restored-${stamp}`))
    : []
  const specs = [...roots(core), ...restored.map((path) => ({ path }))]
  const stats = await core.ingestor.ingest(specs)
  clearStoreError(file)
  return { oldStore, oldArchive, restored, settingsCopied: settings.length, stats }
}

export function formatRebuilt(file: string, r: Rebuilt): string {
  return [
    `rebuilt ${file}: ${r.stats.newResponses} responses from ${r.stats.filesRead} transcripts (${r.stats.roots} folders)`,
    r.oldStore ? `the old store is kept as ${r.oldStore}` : 'there was no old store',
    ...(r.oldArchive ? [`the old archive is kept as ${r.oldArchive}`] : []),
    ...r.restored.map((d) => `archived transcripts unpacked into ${d}`),
    `${r.settingsCopied} settings carried over`,
    ...r.stats.errors.map((e) => `warning: ${e}`),
  ].join('\n')
}
