import { execFileSync, spawnSync } from 'node:child_process'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { cleanup, REAL_FIXTURES, tempDir } from './helpers/store'

const ROOT = resolve(__dirname, '..')
const BIN = join(ROOT, 'scripts/cli-bin/observatory.mjs')
let dir: string

beforeAll(() => {
  execFileSync(process.execPath, [join(ROOT, 'scripts/build-cli.mjs')], { cwd: ROOT })
  dir = tempDir('obs-cli-hostile-')
})
afterAll(() => cleanup(dir))

describe('observatory ingest over hostile lines', () => {
  it('reports bad_timestamp and bad_usage in its output and names the file relative to the root', () => {
    const lines = readFileSync(join(REAL_FIXTURES, 'spotter/short.jsonl'), 'utf8').split('\n').filter(Boolean)
    const base = JSON.parse(lines.find((l) => l.includes('"usage"') && l.includes('"assistant"'))!)
    const copy = (n: number, patch: (o: typeof base) => void): string => {
      const o = structuredClone(base)
      o.uuid = `cli-${n}`
      o.message.id = `msg_cli_${n}`
      patch(o)
      return JSON.stringify(o)
    }
    const hostile = [
      copy(1, (o) => (o.timestamp = '2026-02-30T10:00:00.000Z')),
      copy(2, (o) => (o.timestamp = '2099-01-01T00:00:00.000Z')),
      copy(3, (o) => (o.message.usage.input_tokens = -3)),
    ]
    const root = join(dir, 'claude')
    const proj = join(root, 'projects', '-secret-home-project')
    mkdirSync(proj, { recursive: true })
    writeFileSync(join(proj, 's.jsonl'), [...lines, ...hostile].join('\n') + '\n')
    const r = spawnSync(process.execPath, [BIN, 'ingest', '--root', root], {
      encoding: 'utf8',
      env: {
        ...process.env,
        OBSERVATORY_DB: join(dir, 'cli.db'),
        CLAUDE_CONFIG_DIR: join(dir, 'nothing-here'),
        OBSERVATORY_PRICES: join(dir, 'no-prices.json'),
      },
    })
    expect(r.status).toBe(0)
    expect(r.stdout).toMatch(/^bad lines {2}bad_timestamp: 2, bad_usage: 1$/m)
    expect(r.stderr).toContain(
      `warn: ${join('projects', '-secret-home-project', 's.jsonl')}: bad lines: bad_timestamp=2, bad_usage=1`,
    )
    expect(r.stderr).not.toContain(dir)
  })
})
