/**
 * The buckets of the response-time histograms (`latency_1h`, migration 016). Durations are whole
 * milliseconds. The bucket edges are the integers ⌈1.02^k⌉ (k ≥ 0) and the edges of the fixed
 * distribution bins (HISTOGRAM_EDGES_MS): a bucket holds the integers from its lower edge to one below
 * its upper edge, whose ratio is under 1.02, and lies in one fixed bin, so the bins' counts stay exact.
 * A bucket stands for the value whose relative distance to both of its ends is the same, so any
 * duration in it is within RELATIVE_ERROR of that value (below 50 ms every bucket holds one value).
 */

/** Upper edges (ms) of the distribution's bins; the last bin is open-ended. */
export const HISTOGRAM_EDGES_MS = [1e3, 2e3, 5e3, 10e3, 20e3, 30e3, 60e3, 120e3, 300e3, 600e3, 1800e3]

const GAMMA = 1.02
/** Bound on |estimate − exact| / exact of one bucket's value: (γ − 1) / (γ + 1). */
export const RELATIVE_ERROR = 0.01
/** Above this (over 300 years) everything shares the last bucket; no stored duration comes near it. */
const TOP_MS = 1e13

/** Lower edges: bucket i holds [EDGES[i], EDGES[i+1]); bucket 0 holds 0 (and any value below 1). */
const EDGES: Float64Array = (() => {
  const set = new Set<number>([0, ...HISTOGRAM_EDGES_MS])
  for (let x = 1; x <= TOP_MS; x *= GAMMA) set.add(Math.ceil(x))
  return Float64Array.from([...set].sort((a, b) => a - b))
})()

export const BUCKETS = EDGES.length

/** The bucket of a duration d ≥ 0: the last whose lower edge is ≤ d. */
export function bucketOf(d: number): number {
  let lo = 0
  let hi = EDGES.length - 1
  if (!(d >= 1)) return 0
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1
    if (EDGES[mid]! <= d) lo = mid
    else hi = mid - 1
  }
  return lo
}

/** The value a bucket stands for: 2ab / (a + b) of its least and greatest whole values a and b. */
export const BUCKET_VALUE: Float64Array = Float64Array.from(EDGES, (a, i) => {
  if (i === EDGES.length - 1 || a === 0) return a
  const b = EDGES[i + 1]! - 1
  return (2 * a * b) / (a + b)
})

/** The fixed bin (index into HISTOGRAM_EDGES_MS, or its length for the open last one) of a duration. */
export function binIndex(d: number): number {
  const i = HISTOGRAM_EDGES_MS.findIndex((e) => d < e)
  return i === -1 ? HISTOGRAM_EDGES_MS.length : i
}

/** The fixed bin of each bucket (all its values share it). */
export const BUCKET_BIN: Uint8Array = Uint8Array.from(EDGES, (a) => binIndex(a))

/** A sparse histogram as stored: (bucket, count) pairs, buckets ascending, 8 bytes a pair. */
export function encodeHist(counts: Map<number, number>): Buffer {
  const keys = [...counts.keys()].filter((k) => counts.get(k) !== 0).sort((a, b) => a - b)
  const buf = Buffer.allocUnsafe(keys.length * 8)
  keys.forEach((k, i) => {
    buf.writeUInt32LE(k, i * 8)
    // Signed: facts changed around the writer may take a count below 0, which must not fail a file.
    buf.writeInt32LE(counts.get(k)!, i * 8 + 4)
  })
  return buf
}

/** Calls fn with each (bucket, count) of a stored histogram. */
export function forEachBucket(buf: Uint8Array, fn: (bucket: number, n: number) => void): void {
  const v = new DataView(buf.buffer, buf.byteOffset, buf.byteLength)
  for (let o = 0; o + 8 <= buf.byteLength; o += 8) fn(v.getUint32(o, true), v.getInt32(o + 4, true))
}

export function decodeHist(buf: Uint8Array): Map<number, number> {
  const m = new Map<number, number>()
  forEachBucket(buf, (b, n) => m.set(b, n))
  return m
}

/** The least duration of a bucket. */
export const bucketLow = (b: number): number => EDGES[b]!
