// `npm run fuzz [runs]`: the fuzz tests (`*.fuzz.test.ts`) with many more cases and a fresh seed.
import { spawnSync } from 'node:child_process'

const runs = process.argv[2] ?? process.env.FUZZ_RUNS ?? '20000'
const seed = process.env.FUZZ_SEED ?? String(Math.floor(Math.random() * 2 ** 31))
process.stdout.write(`fuzz: ${runs} runs per property, seed ${seed}\n`)
const r = spawnSync('npx', ['vitest', 'run', '.fuzz.test.ts'], {
  stdio: 'inherit',
  shell: process.platform === 'win32',
  env: { ...process.env, FUZZ_RUNS: runs, FUZZ_SEED: seed },
})
process.exit(r.status ?? 1)
