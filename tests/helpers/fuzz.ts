/**
 * fast-check parameters for the fuzz tests (`*.fuzz.test.ts`): a fixed seed and a small number of
 * runs in `npm test`; `npm run fuzz` sets FUZZ_RUNS (and a fresh FUZZ_SEED) for the long run.
 * A failure prints its seed and path, so `FUZZ_SEED=<seed> npm test -- <file>` replays it.
 */
export function fuzzParams(defaultRuns: number): { seed: number; numRuns: number } {
  const seed = Number(process.env.FUZZ_SEED ?? 20261203)
  const runs = Number(process.env.FUZZ_RUNS ?? defaultRuns)
  return {
    seed: Number.isInteger(seed) ? seed : 20261203,
    numRuns: Number.isInteger(runs) && runs > 0 ? runs : defaultRuns,
  }
}

/** The per-test time budget for a fuzz test: longer in the long run. */
export function fuzzTimeout(defaultMs: number): number {
  return process.env.FUZZ_RUNS ? Math.max(defaultMs, 3_600_000) : defaultMs
}
