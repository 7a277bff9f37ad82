import type { IngestStats } from '../../core/ingest/ingest'
import type { CoreContext } from '../context'
import { rootSpecs } from '../context'

export interface IngestFlags {
  root: string[]
  sourceLabel?: string
}

/** Ingests the given roots (or the defaults), quietly skipping default roots that do not exist. */
export async function runIngest(core: CoreContext, flags: IngestFlags): Promise<IngestStats> {
  const specs = rootSpecs(flags.root, flags.sourceLabel)
  const stats = await core.ingestor.ingest(specs)
  return stats
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
