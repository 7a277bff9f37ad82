// Bundles the headless CLI (and the bench) for plain Node. Native and watched deps stay external.
// Code splitting keeps commands that load the contract (and with it zod) out of `daily`'s start-up;
// chunks sit beside the entry so `import.meta.dirname` means out/cli everywhere.
import { rmSync } from 'node:fs'
import { build } from 'esbuild'

rmSync('out/cli', { recursive: true, force: true })

const external = [
  'better-sqlite3',
  'chokidar',
  '@pydantic/genai-prices',
  'luxon',
  'zod',
  'pdfkit',
  'svg-to-pdfkit',
  'csv-stringify',
]
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  external,
  sourcemap: true,
  logLevel: 'warning',
  banner: {
    js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);",
  },
}
await build({
  ...common,
  entryPoints: {
    observatory: 'electron/cli/index.ts',
    'parse-worker': 'electron/core/ingest/parse-worker.ts',
  },
  splitting: true,
  chunkNames: 'chunk-[hash]',
  outdir: 'out/cli',
  outExtension: { '.js': '.mjs' },
})
await build({
  ...common,
  external: [...external, 'playwright-core', '@sparticuz/chromium'],
  entryPoints: { bench: 'scripts/bench/bench.ts' },
  outdir: 'out/cli',
  outExtension: { '.js': '.mjs' },
})
