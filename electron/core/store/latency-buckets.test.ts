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
  // Each bucket holds the whole durations [low, next low): checking both ends of every bucket covers every
  // duration (the error |v − d| / d is largest at an end, and bucketOf and binIndex are monotone); a
  // dense sweep of the first 200 s and a stride over the rest check the monotonicity itself.
  let worst = 0
  const bad: string[] = []
  const check = (d: number) => {
    const b = bucketOf(d)
    if (bucketLow(b) > d || (b + 1 < BUCKETS && bucketLow(b + 1) <= d)) bad.push(`${d} outside bucket ${b}`)
    if (BUCKET_BIN[b] !== binIndex(d)) bad.push(`bucket ${b} of ${d} is not in its bin`)
    worst = Math.max(worst, d === 0 ? BUCKET_VALUE[b]! : Math.abs(BUCKET_VALUE[b]! - d) / d)
  }
  const last = bucketOf(30 * 86_400_000)
  for (let b = 0; b <= last; b++) {
    check(bucketLow(b))
    check(bucketLow(b + 1) - 1)
  }
  for (let d = 0; d < 200_000; d++) check(d)
  for (let d = 200_000; d < 30 * 86_400_000; d += 99_991) check(d)
  expect(bad).toEqual([])
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
