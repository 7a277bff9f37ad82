/**
 * fast-check parameters for the fuzz tests (`*.fuzz.test.ts`): a fixed seed and each property's own
 * small number of runs in `npm test`; `npm run fuzz` multiplies every property's runs by FUZZ_SCALE
 * (and picks a fresh FUZZ_SEED) for the long run. A failure prints its seed and path, so
 * `FUZZ_SEED=<seed> npx vitest run <file>` replays it.
 */
export function fuzzParams(defaultRuns: number): { seed: number; numRuns: number } {
  const seed = Number(process.env.FUZZ_SEED ?? 20261203)
  return {
    seed: Number.isInteger(seed) ? seed : 20261203,
    numRuns: Math.max(1, Math.round(defaultRuns * fuzzScale())),
  }
}

/** The per-test time budget for a fuzz test: longer in the long run. */
export function fuzzTimeout(defaultMs: number): number {
  return fuzzScale() > 1 ? Math.max(defaultMs, defaultMs * fuzzScale(), 3_600_000) : defaultMs
}

function fuzzScale(): number {
  const s = Number(process.env.FUZZ_SCALE ?? 1)
  return Number.isFinite(s) && s > 0 ? s : 1
}
