import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildCli, runCli } from './helpers/cli'
import { cleanup, fixtureLines, tempDir } from './helpers/store'

let dir: string

beforeAll(() => {
  buildCli()
  dir = tempDir('obs-cli-hostile-')
})
afterAll(() => cleanup(dir))

describe('observatory ingest over hostile lines', () => {
  it('reports bad_timestamp and bad_usage in its output and names the file relative to the root', () => {
    const lines = fixtureLines('spotter/short.jsonl')
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
    const r = runCli({ dir, db: join(dir, 'cli.db') }, 'ingest', '--root', root)
    expect(r.code).toBe(0)
    expect(r.out).toMatch(/^bad lines {2}bad_timestamp: 2, bad_usage: 1$/m)
    expect(r.err).toContain(
      `warn: ${join('projects', '-secret-home-project', 's.jsonl')}: bad lines: bad_timestamp=2, bad_usage=1`,
    )
    expect(r.err).not.toContain(dir)
  })
})
