import type { IngestStats, RootSpec } from '../../core/ingest/ingest'
import type { CoreContext } from '../context'
import { rootSpecs } from '../context'
import { addedRoots } from '../../core/settings/added-roots'

export interface IngestFlags {
  root: string[]
  sourceLabel?: string
}

/**
 * Ingests the given roots, or else the default roots (quietly skipping absent ones) and the watched
 * folders added in the app's Settings.
 */
export async function runIngest(core: CoreContext, flags: IngestFlags): Promise<IngestStats> {
  return core.ingestor.ingest(ingestSpecs(core, flags))
}

/** The roots a command reads: --root, or else the default roots and the watched added folders. */
export function ingestSpecs(core: CoreContext, flags: IngestFlags): RootSpec[] {
  const specs = rootSpecs(flags.root, flags.sourceLabel)
  if (flags.root.length === 0) specs.push(...addedRoots(core.db).filter((r) => r.watch))
  return specs
}

export function formatIngest(s: IngestStats): string {
  const bad = Object.entries(s.badLines)
  return [
    `roots      ${s.roots}`,
    `files      ${s.files} (${s.filesRead} read)`,
    `bytes      ${(s.bytes / 1e6).toFixed(1)} MB`,
    `lines      ${s.lines} (${s.parsedLines} parsed, ${s.skippedLines} skipped by the pre-filter)`,
    `responses  ${s.newResponses} new, ${s.replacedResponses} replaced by a more complete copy`,
    `bad lines  ${bad.length ? bad.map(([k, v]) => `${k}: ${v}`).join(', ') : 'none'}`,
    `seconds    ${s.seconds.toFixed(2)}`,
    ...s.errors.map((e) => `warning    ${e}`),
    ...(s.errorCount > s.errors.length ? [`warning    … and ${s.errorCount - s.errors.length} more`] : []),
  ].join('\n')
}
