import { DateTime } from 'luxon'
import type { CommonArgs, GroupBy } from '../../../shared/contract/params'
import { systemTimeZone } from '../report/time'
import { BUCKET_MS, DAY_MS } from '../store/buckets'
import { DATA_MIN_MS, LimitError, MAX_POINTS, dataMaxMs } from './limits'

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

const HOUR_MS = 3_600_000
const LONGEST_GROUP_MS: Record<GroupBy, number> = {
  hour: HOUR_MS,
  day: 26 * HOUR_MS,
  week: 7 * 26 * HOUR_MS,
  month: 31 * 26 * HOUR_MS,
}

const isoDate = (ms: number): string => new Date(ms).toISOString()

/**
 * Resolves a range. `24h` is the rolling last 24 hours; `7d`/`30d`/`90d`/`1y` are today plus the
 * previous N−1 local days (calendar-aligned in the time zone); `all` starts at local midnight of the
 * day of the first stored response (`firstData`, within the data window). Explicit ranges are
 * clamped to the data window (DATA_MIN_MS to a year after now) and widened to 15-minute edges; one
 * entirely outside it is refused. The previous period is the equal-length span just before.
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
    const max = dataMaxMs(now)
    const [a, b] = [Date.parse(r.start), Date.parse(r.end)]
    if (b <= DATA_MIN_MS || a >= max)
      throw new LimitError(
        `the range ${r.start} to ${r.end} lies outside the data window (${isoDate(DATA_MIN_MS)} to ${isoDate(max)})`,
      )
    start = floorBucket(Math.max(a, DATA_MIN_MS))
    end2 = ceilBucket(Math.min(b, max))
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
 * Weeks start on `weekStart` (1 = Monday … 7 = Sunday). More than MAX_POINTS groups is refused
 * (LimitError) as soon as the count passes it, so a huge request costs no more than an allowed one.
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
  const tooMany = () =>
    new LimitError(
      `${unit} groups from ${isoDate(start)} to ${isoDate(end)} would be more than the ${MAX_POINTS} points a request may answer: group by a longer unit or shorten the range`,
    )
  // The longest a group can last (a DST day, a 31-day month): over this many, refused without iterating.
  if ((end - start) / LONGEST_GROUP_MS[unit] > MAX_POINTS + 2) throw tooMany()
  const edges: number[] = []
  for (let d = first(start); ; d = d.plus({ [`${unit}s`]: 1 })) {
    const ms = d.toMillis()
    if (!Number.isFinite(ms))
      throw new LimitError(`no ${unit} groups can be computed from ${start} to ${end}`)
    edges.push(ms)
    if (ms >= end) return edges
    if (edges.length > MAX_POINTS) throw tooMany()
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
