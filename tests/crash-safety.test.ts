import { execFileSync, spawn, spawnSync } from 'node:child_process'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { openDb } from '../electron/core/store/db'
import { generateCorpus } from '../scripts/bench/generate-corpus'
import { cleanup, tempDir } from './helpers/store'

const ROOT = resolve(__dirname, '..')
const BIN = join(ROOT, 'out/cli/observatory.mjs')
let dir: string
let roots: string[]

beforeAll(() => {
  execFileSync(process.execPath, [join(ROOT, 'scripts/build-cli.mjs')], { cwd: ROOT })
  dir = tempDir('obs-crash-')
  generateCorpus({ root: join(dir, 'home'), targetBytes: 40e6, seed: 7 })
  roots = [join(dir, 'home/.claude'), join(dir, 'home/.config/claude')]
})
afterAll(() => cleanup(dir))

function ingestArgs(db: string): string[] {
  return [BIN, 'ingest', ...roots.flatMap((r) => ['--root', r]), '--db', db, '--json']
}

/** Everything a report could read, in a comparable form. */
function snapshot(file: string) {
  const db = openDb(file, { readonly: true })
  const q = (sql: string) => db.prepare(sql).get()
  const s = {
    responses:
      q(`SELECT COUNT(*) n, SUM(input) i, SUM(output) o, SUM(cache_write_5m) w5, SUM(cache_write_1h) w1,
      SUM(cache_read) r, ROUND(SUM(cost), 6) c FROM responses`),
    rollup:
      q(`SELECT SUM(responses) n, SUM(input) i, SUM(output) o, SUM(cache_write_5m) w5, SUM(cache_write_1h) w1,
      SUM(cache_read) r, ROUND(SUM(cost), 6) c, SUM(unpriced_tokens) u FROM rollup_15m`),
    events: db.prepare(`SELECT kind, COUNT(*) n FROM events GROUP BY kind ORDER BY kind`).all(),
    tools: q(`SELECT COUNT(*) n, SUM(COALESCE(is_error, 0)) e FROM tool_calls`),
    sessions: q(`SELECT COUNT(*) n, SUM(first_ts) f, SUM(last_ts) l FROM sessions`),
    turns: q(
      `SELECT COUNT(*) n, SUM(ts) t, SUM(duration_ms) d, SUM(from_turn_duration) f, COUNT(model_id) m FROM turns`,
    ),
  }
  db.close()
  return s
}

/** Deterministic "random" kill delays. */
function* delays(seed: number): Generator<number> {
  let x = seed
  for (;;) {
    x = (x * 1103515245 + 12345) % 2147483648
    yield 30 + (x % 900)
  }
}

it('gives the same totals after repeated kill -9 during ingest as a clean run', async () => {
  const clean = join(dir, 'clean.db')
  expect(spawnSync(process.execPath, ingestArgs(clean)).status).toBe(0)
  const expected = snapshot(clean)
  expect((expected.responses as { n: number }).n).toBeGreaterThan(1000)

  const crashed = join(dir, 'crashed.db')
  const d = delays(42)
  let killed = 0
  for (let i = 0; i < 6; i++) {
    // Commit every 2 MiB so kills land between, inside and after many group transactions.
    const child = spawn(process.execPath, ingestArgs(crashed), {
      stdio: 'ignore',
      env: { ...process.env, OBSERVATORY_COMMIT_MB: '2' },
    })
    const wait = d.next().value as number
    const exited = await new Promise<boolean>((res) => {
      const t = setTimeout(() => {
        child.kill('SIGKILL')
        res(false)
      }, wait)
      child.on('exit', () => {
        clearTimeout(t)
        res(true)
      })
    })
    if (!exited) {
      killed++
      await new Promise((res) => child.on('close', res))
    }
  }
  expect(killed).toBeGreaterThan(0)
  expect(spawnSync(process.execPath, ingestArgs(crashed)).status).toBe(0)
  expect(snapshot(crashed)).toEqual(expected)
}, 180_000)
