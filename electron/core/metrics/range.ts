import { DateTime } from 'luxon'
import type { CommonArgs, GroupBy } from '../../../shared/contract/params'
import { systemTimeZone } from '../report/time'
import { BUCKET_MS, DAY_MS } from '../store/buckets'

const PRESET_DAYS: Record<string, number> = { '7d': 7, '30d': 30, '90d': 90, '1y': 365 }

export interface ResolvedRange {
  /** [start, end) in UTC ms, on 15-minute edges (the rollup's resolution). */
  start: number
  end: number
  /** The previous period of equal length, or null when there is none (`all`). */
  prev: { start: number; end: number } | null
  timezone: string
  weekStart: number
}

const floorBucket = (ms: number): number => Math.floor(ms / BUCKET_MS) * BUCKET_MS
const ceilBucket = (ms: number): number => Math.ceil(ms / BUCKET_MS) * BUCKET_MS

/**
 * Resolves a range. `24h` is the rolling last 24 hours; `7d`/`30d`/`90d`/`1y` are today plus the
 * previous N−1 local days (calendar-aligned in the time zone); `all` starts at local midnight of the day of the first
 * stored response. Explicit
 * ranges are widened to 15-minute edges. `all` starts at local midnight of the first stored day. The previous period is the equal-length span just before.
 */
export function resolveRange(args: CommonArgs, now: number, firstData: number | null): ResolvedRange {
  const timezone = args.timezone ?? systemTimeZone()
  const end = ceilBucket(now)
  let start: number
  let end2 = end
  const r = args.range
  if ('preset' in r) {
    if (r.preset === '24h') start = end - DAY_MS
    else if (r.preset === 'all')
      start = DateTime.fromMillis(firstData ?? now, { zone: timezone })
        .startOf('day')
        .toMillis()
    else {
      const today = DateTime.fromMillis(now, { zone: timezone }).startOf('day')
      start = today.minus({ days: PRESET_DAYS[r.preset]! - 1 }).toMillis()
    }
  } else {
    start = floorBucket(Date.parse(r.start))
    end2 = ceilBucket(Date.parse(r.end))
  }
  const len = end2 - start
  const noPrev = 'preset' in r && r.preset === 'all'
  return {
    start,
    end: end2,
    prev: noPrev || len <= 0 ? null : { start: start - len, end: start },
    timezone,
    weekStart: args.weekStart,
  }
}

/**
 * Group edges between start and end in the time zone (DST-correct): each group is [edges[i], edges[i+1]).
 * Weeks start on `weekStart` (1 = Monday … 7 = Sunday).
 */
export function groupEdges(
  start: number,
  end: number,
  unit: GroupBy,
  timezone: string,
  weekStart: number,
): number[] {
  const first = (ms: number): DateTime => {
    const d = DateTime.fromMillis(ms, { zone: timezone })
    if (unit === 'week') return d.startOf('day').minus({ days: (d.weekday - weekStart + 7) % 7 })
    return d.startOf(unit)
  }
  const edges: number[] = []
  for (let d = first(start); ; d = d.plus({ [`${unit}s`]: 1 })) {
    edges.push(d.toMillis())
    if (d.toMillis() >= end) return edges
  }
}

/** Label of a group starting at `ms`: ISO date, or date and hour for hourly groups. */
export function groupLabel(ms: number, unit: GroupBy, timezone: string): string {
  const d = DateTime.fromMillis(ms, { zone: timezone })
  if (unit === 'hour') return d.toFormat("yyyy-MM-dd'T'HH:mm")
  if (unit === 'month') return d.toFormat('yyyy-MM')
  return d.toISODate() ?? ''
}

/** Index of the group holding `ms` (edges sorted), by binary search. */
export function groupIndex(edges: number[], ms: number): number {
  let lo = 0
  let hi = edges.length - 2
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1
    if (edges[mid]! <= ms) lo = mid
    else hi = mid - 1
  }
  return lo
}
