import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { expect, it } from 'vitest'
import { cleanup, copyFixtures, tempDir } from '../../../tests/helpers/store'
import { describeFile, discover } from './discovery'

const SESSION = '29ccd257-68b1-427f-ae5f-6524b7cb6f20'

it('describes every discovered file as describeFile does from its whole path', () => {
  const dir = tempDir('obs-discover-')
  try {
    const root = copyFixtures(dir)
    const found = discover(root)
    expect(found.length).toBeGreaterThan(20)
    expect(found.some((f) => f.kind === 'subagent' && f.sessionId === SESSION && f.metaPath)).toBe(true)
    expect(found.some((f) => f.kind === 'legacy-agent')).toBe(true)
    for (const f of found) expect(f).toEqual(describeFile(f.path))
  } finally {
    cleanup(dir)
  }
})

it('gives files under a root that sits inside a subagents folder to that session', () => {
  const dir = tempDir('obs-discover-')
  try {
    const root = join(dir, SESSION, 'subagents', 'x')
    mkdirSync(root, { recursive: true })
    writeFileSync(join(root, 'agent-abc.jsonl'), '')
    const [f] = discover(root)
    expect(f).toEqual({ ...describeFile(f!.path), kind: 'subagent', sessionId: SESSION })
    expect(f!.metaPath).toBe(join(root, 'agent-abc.meta.json'))
  } finally {
    cleanup(dir)
  }
})
