#!/usr/bin/env node
// Thin launcher for `npx observatory`: the CLI is bundled to out/cli by `npm install` (prepare) or `npm run build:cli`.
const { existsSync } = require('node:fs')
const { join } = require('node:path')

const entry = join(__dirname, '..', '..', 'out', 'cli', 'observatory.mjs')
if (!existsSync(entry)) {
  process.stderr.write('observatory: the CLI is not built yet; run `npm run build:cli` in the repository.\n')
  process.exit(1)
}
import(require('node:url').pathToFileURL(entry).href)
