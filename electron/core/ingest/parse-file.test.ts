import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, it } from 'vitest'
import { parseFile } from './parse-file'

it('keeps non-ASCII text exact although lines are decoded as latin1', () => {
  const dir = mkdtempSync(join(tmpdir(), 'obs-utf8-'))
  const cwd = '/home/zoë/Café ☕ 日本語/proj'
  const prompt = 'naïve question — 日本語で 🎉 ' + 'é'.repeat(300)
  const lines = [
    {
      type: 'user',
      uuid: 'u1',
      sessionId: 's',
      cwd,
      timestamp: '2026-01-01T00:00:00.000Z',
      message: { role: 'user', content: prompt },
    },
    // JSON.stringify escapes a lone surrogate as \udXXX: it must survive next to raw UTF-8.
    { type: 'ai-title', sessionId: 's', aiTitle: 'Fix ünïcode \ud800 bug' },
  ]
  const f = join(dir, 's.jsonl')
  writeFileSync(f, lines.map((l) => JSON.stringify(l)).join('\n') + '\n')
  const { batch } = parseFile(f, 0, { sessionId: null, agentId: null })
  expect(batch.sessions[0]!.cwd).toBe(cwd)
  expect(batch.events[0]!.text).toBe(prompt.slice(0, 200))
  expect(batch.titles[0]!.title).toBe('Fix ünïcode \ud800 bug')
  rmSync(dir, { recursive: true })
})
