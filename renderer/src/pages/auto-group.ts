import type { GroupBy, Range } from '../../../shared/contract'
import { MAX_POINTS } from '../../../shared/contract/bounds'

/** A sensible time grouping for a range: hours for a day, days up to a quarter, weeks beyond. */
export function autoGroupBy(range: Range): GroupBy {
  const ms = 'preset' in range ? null : Date.parse(range.end) - Date.parse(range.start)
  if ('preset' in range)
    return range.preset === '24h' ? 'hour' : range.preset === '1y' || range.preset === 'all' ? 'week' : 'day'
  return ms! <= 2 * 86_400_000 ? 'hour' : ms! <= 120 * 86_400_000 ? 'day' : 'week'
}

const PRESET_DAYS: Record<string, number> = { '24h': 1, '7d': 7, '30d': 30, '90d': 90, '1y': 365 }

/**
 * Whether hour groups fit the server's point bound for this range. `all` is left to the server, which
 * knows where the data starts (a new user's `all` is short), and answers a clear refusal otherwise.
 */
export function hourGroupsFit(range: Range): boolean {
  const hours =
    'preset' in range
      ? (PRESET_DAYS[range.preset] ?? 0) * 24
      : (Date.parse(range.end) - Date.parse(range.start)) / 3_600_000
  return hours <= MAX_POINTS
}
