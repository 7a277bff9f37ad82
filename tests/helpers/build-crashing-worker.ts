import { join, resolve } from 'node:path'
import { buildSync } from 'esbuild'

/** Bundles crashing-parse-worker.ts into `dir` and returns the file a Worker can run. */
export function buildCrashingWorker(dir: string): string {
  const outfile = join(dir, 'crashing-parse-worker.mjs')
  buildSync({
    entryPoints: [resolve(__dirname, 'crashing-parse-worker.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    outfile,
    logLevel: 'warning',
  })
  return outfile
}
