import type { Percentiles } from '../../../shared/contract/results'
import { BUCKET_VALUE, BUCKETS, bucketOf } from '../store/latency-buckets'

const QUANTILES = [0.5, 0.9, 0.95, 0.99] as const

/**
 * Histograms of durations per group, merged from stored hours (`latency_1h`) and from single values
 * (the facts at a range's partial hours). Count and sum are exact; percentiles are nearest-rank over
 * the buckets, each bucket standing for its value (store/latency-buckets.ts: within 1 %).
 */
export class GroupHists {
  private readonly counts: (Float64Array | undefined)[]
  private readonly n: Float64Array
  private readonly sum: Float64Array

  constructor(private readonly groups: number) {
    this.counts = new Array<Float64Array | undefined>(groups)
    this.n = new Float64Array(groups)
    this.sum = new Float64Array(groups)
  }

  private of(g: number): Float64Array {
    return (this.counts[g] ??= new Float64Array(BUCKETS))
  }

  /** One duration. */
  value(g: number, d: number): void {
    this.of(g)[bucketOf(d)]!++
    this.n[g]!++
    this.sum[g]! += d
  }

  /** A stored hour: its count, sum and histogram blob. */
  hour(g: number, n: number, sum: number, hist: Uint8Array): void {
    const c = this.of(g)
    // forEachBucket inlined: this runs for every stored pair of the range.
    const v = new DataView(hist.buffer, hist.byteOffset, hist.byteLength)
    for (let o = 0; o + 8 <= hist.byteLength; o += 8) c[v.getUint32(o, true)]! += v.getInt32(o + 4, true)
    this.n[g]! += n
    this.sum[g]! += sum
  }

  /** Calls fn with each bucket's count over all groups (for the fixed bins). */
  total(): Float64Array {
    const all = new Float64Array(BUCKETS)
    for (const c of this.counts) if (c) for (let b = 0; b < BUCKETS; b++) all[b]! += c[b]!
    return all
  }

  percentiles(): { all: Percentiles; perGroup: Percentiles[] } {
    let n = 0
    let sum = 0
    for (let g = 0; g < this.groups; g++) {
      n += this.n[g]!
      sum += this.sum[g]!
    }
    const perGroup = Array.from({ length: this.groups }, (_, g) =>
      stats(this.counts[g], this.n[g]!, this.sum[g]!),
    )
    return { all: stats(this.total(), n, sum), perGroup }
  }

  /** The lowest bucket such that at least k values lie in it or above it over all groups (0 if fewer). */
  static topBucket(all: Float64Array, k: number): number {
    let seen = 0
    for (let b = BUCKETS - 1; b > 0; b--) if ((seen += all[b]!) >= k) return b
    return 0
  }
}

function stats(c: Float64Array | undefined, n: number, sum: number): Percentiles {
  if (!c || n === 0) return { count: 0, mean: null, p50: null, p90: null, p95: null, p99: null }
  // The rank each quantile takes in the sorted values (the exact code's index + 1, common.ts).
  const ranks = QUANTILES.map((q) => Math.max(0, Math.ceil(q * n) - 1) + 1)
  const out: number[] = []
  let seen = 0
  for (let b = 0; b < BUCKETS && out.length < ranks.length; b++) {
    seen += c[b]!
    while (out.length < ranks.length && seen >= ranks[out.length]!) out.push(BUCKET_VALUE[b]!)
  }
  // (Counts that do not add up to n, from facts changed around the writer, leave a rank unmet: null.)
  const at = (i: number) => out[i] ?? null
  return { count: n, mean: sum / n, p50: at(0), p90: at(1), p95: at(2), p99: at(3) }
}
