import { existsSync } from 'node:fs'
import type { SourceInfo } from '../../../shared/contract'
import type { RootSpec } from '../ingest/ingest'
import type { Db } from '../store/db'
import { sourceFiles } from '../store/ingest-state'
import { realOrNull } from './transcript-folder'

/** A root in use: where it came from and whether it is watched. */
export interface ActiveRoot {
  spec: RootSpec
  origin: SourceInfo['origin']
  watch: boolean
}

/** Settings → sources: every root in use with what it stored, then stored sources no longer read. */
export function listSources(db: Db, roots: ActiveRoot[]): SourceInfo[] {
  const files = new Map(sourceFiles(db).map((r) => [r.root, r]))
  const sources = roots.map((r): SourceInfo => {
    const real = realOrNull(r.spec.path)
    const stored = real ? files.get(real) : undefined
    if (real) files.delete(real)
    return {
      path: r.spec.path,
      label: r.spec.label ?? stored?.label ?? '',
      origin: r.origin,
      watch: r.watch,
      exists: real !== null,
      files: stored?.files ?? 0,
    }
  })
  for (const s of files.values())
    sources.push({
      path: s.root,
      label: s.label,
      origin: 'stored',
      watch: false,
      exists: existsSync(s.root),
      files: s.files,
    })
  return sources
}
