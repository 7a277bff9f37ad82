#!/usr/bin/env node
// Thin launcher for `npx observatory`: the CLI is bundled to out/cli by `npm install` (prepare) or `npm run build:cli`.
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'

const entry = join(import.meta.dirname, '..', '..', 'out', 'cli', 'observatory.mjs')
if (!existsSync(entry)) {
  process.stderr.write('observatory: the CLI is not built yet; run `npm run build:cli` in the repository.\n')
  process.exit(1)
}
await import(pathToFileURL(entry).href)
