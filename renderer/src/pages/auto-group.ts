import type { GroupBy, Range } from '../../../shared/contract'

/** A sensible time grouping for a range: hours for a day, days up to a quarter, weeks beyond. */
export function autoGroupBy(range: Range): GroupBy {
  const ms = 'preset' in range ? null : Date.parse(range.end) - Date.parse(range.start)
  if ('preset' in range)
    return range.preset === '24h' ? 'hour' : range.preset === '1y' || range.preset === 'all' ? 'week' : 'day'
  return ms! <= 2 * 86_400_000 ? 'hour' : ms! <= 120 * 86_400_000 ? 'day' : 'week'
}
