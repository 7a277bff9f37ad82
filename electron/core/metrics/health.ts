import type { HealthResult } from '../../../shared/contract/results'
import type { Db } from '../store/db'
import { classifyStoreError, lastStoreError } from '../store/store-error'
import { sourceFiles } from '../store/ingest-state'
import { percentiles } from './common'

/** Durations of recent API calls per request, for the health view. */
export class QueryTimings {
  private readonly recent = new Map<string, number[]>()

  record(name: string, ms: number): void {
    const xs = this.recent.get(name) ?? []
    xs.push(ms)
    if (xs.length > 200) xs.shift()
    this.recent.set(name, xs)
  }

  summary(): HealthResult['queries'] {
    return [...this.recent.entries()].map(([name, xs]) => {
      const p = percentiles(xs)
      return { name, count: p.count, p50Ms: p.p50!, p95Ms: p.p95! }
    })
  }
}

/**
 * Pipeline health: sources and files, the last ingest pass, bad lines by reason (parse/records.ts
 * BadLineKind), store size, query timings, and the last store error. When the store itself fails, it
 * still answers with that error.
 */
export function health(db: Db, timings: QueryTimings): HealthResult {
  try {
    return { ...pipeline(db, timings), storeError: lastStoreError(db.name) }
  } catch (err) {
    if (!classifyStoreError(err, db.name)) throw err
    return {
      sources: [],
      filesWatched: 0,
      lastIngest: null,
      badLines: {},
      dbBytes: 0,
      queries: timings.summary(),
      storeError: lastStoreError(db.name),
    }
  }
}

function pipeline(db: Db, timings: QueryTimings): Omit<HealthResult, 'storeError'> {
  const sources = sourceFiles(db)
  const last = db
    .prepare(`SELECT started_at, seconds, files, bytes, lines FROM ingest_log ORDER BY id DESC LIMIT 1`)
    .get() as { started_at: number; seconds: number; files: number; bytes: number; lines: number } | undefined
  const badLines: Record<string, number> = {}
  for (const r of db.prepare(`SELECT bad_lines FROM ingest_log WHERE bad_lines <> '{}'`).all() as {
    bad_lines: string
  }[])
    for (const [k, v] of Object.entries(JSON.parse(r.bad_lines) as Record<string, number>))
      badLines[k] = (badLines[k] ?? 0) + v
  const page = db.pragma('page_size', { simple: true }) as number
  const pages = db.pragma('page_count', { simple: true }) as number
  return {
    sources,
    filesWatched: sources.reduce((a, s) => a + s.files - s.missingFiles, 0),
    lastIngest: last
      ? {
          at: new Date(last.started_at).toISOString(),
          seconds: last.seconds,
          files: last.files,
          bytes: last.bytes,
          lines: last.lines,
          linesPerSecond: last.seconds > 0 ? last.lines / last.seconds : null,
        }
      : null,
    badLines,
    dbBytes: page * pages,
    queries: timings.summary(),
  }
}
