import { expect, it } from 'vitest'
import {
  BUCKET_BIN,
  BUCKET_VALUE,
  BUCKETS,
  binIndex,
  bucketLow,
  bucketOf,
  decodeHist,
  encodeHist,
  RELATIVE_ERROR,
} from './latency-buckets'

it('every whole duration up to 30 days is within 1 % of its bucket’s value, and its bucket lies in its bin', () => {
  let worst = 0
  for (let d = 0; d < 30 * 86_400_000; d += d < 200_000 ? 1 : 997) {
    const b = bucketOf(d)
    expect(bucketLow(b)).toBeLessThanOrEqual(d)
    if (b + 1 < BUCKETS) expect(bucketLow(b + 1)).toBeGreaterThan(d)
    const err = d === 0 ? BUCKET_VALUE[b]! : Math.abs(BUCKET_VALUE[b]! - d) / d
    worst = Math.max(worst, err)
    if (BUCKET_BIN[b] !== binIndex(d)) throw new Error(`bucket ${b} of ${d} is not in its bin`)
  }
  expect(worst).toBeLessThanOrEqual(RELATIVE_ERROR)
  expect(worst).toBeGreaterThan(0.0098)
  // Durations under 50 ms are exact.
  for (let d = 0; d < 50; d++) expect(BUCKET_VALUE[bucketOf(d)]).toBe(d)
})

it('a stored histogram round-trips, a count below 0 included (facts changed around the writer)', () => {
  const m = new Map([
    [3, 5],
    [1000, -2],
    [BUCKETS - 1, 1],
  ])
  expect([...decodeHist(encodeHist(m))].sort((a, b) => a[0] - b[0])).toEqual(
    [...m].sort((a, b) => a[0] - b[0]),
  )
  expect(encodeHist(new Map([[7, 0]])).length).toBe(0)
})
