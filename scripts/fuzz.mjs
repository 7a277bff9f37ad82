// `npm run fuzz [scale]`: the fuzz tests (`*.fuzz.test.ts`), each property run `scale` times as often
// as in `npm test` (default 100), with a fresh seed that is printed first.
import { spawnSync } from 'node:child_process'

const scale = process.argv[2] ?? process.env.FUZZ_SCALE ?? '100'
const seed = process.env.FUZZ_SEED ?? String(Math.floor(Math.random() * 2 ** 31))
process.stdout.write(`fuzz: every property ${scale}× its npm test runs, seed ${seed}\n`)
const r = spawnSync('npx', ['vitest', 'run', '--project', 'unit', '.fuzz.test.ts'], {
  stdio: 'inherit',
  shell: process.platform === 'win32',
  env: { ...process.env, FUZZ_SCALE: scale, FUZZ_SEED: seed },
})
process.exit(r.status ?? 1)
