import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, it } from 'vitest'
import { packFile, parseFile, unpackBatch } from './parse-file'
import type { PackedBatch } from '../parse/packed'
import { REAL_FIXTURES } from '../../../tests/helpers/store'
import { HEAD_BYTES, headHash } from './file-facts'

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

it('hashes the same first bytes as a separate read, whatever the read size', () => {
  const dir = mkdtempSync(join(tmpdir(), 'obs-head-'))
  const line = (i: number): string =>
    JSON.stringify({
      type: 'system',
      uuid: `u${i}`,
      timestamp: '2026-01-01T00:00:00.000Z',
      pad: 'x'.repeat(i * 37),
    })
  const cases: [string, string][] = [
    ['empty', ''],
    ['short', `${line(1)}\n`],
    ['torn', `${line(1)}\n${line(2)}`],
    ['long', Array.from({ length: 40 }, (_, i) => line(i)).join('\n') + '\n'],
    ['one huge line', `${line(500)}\n${line(3)}\n`],
  ]
  for (const [name, text] of cases) {
    const f = join(dir, `${name}.jsonl`)
    writeFileSync(f, text)
    for (const chunkBytes of [64, 700, 4 << 20]) {
      const p = parseFile(f, 0, { sessionId: null, agentId: null }, { chunkBytes })
      const want = p.endOffset === 0 ? null : headHash(f, Math.min(HEAD_BYTES, p.endOffset))
      expect(p.headHash, `${name}, ${chunkBytes}-byte reads`).toBe(want)
    }
  }
  rmSync(dir, { recursive: true })
})

it('posting a batch as text loses nothing: the writer gets the rows an in-thread parse gives', () => {
  const files = readdirSync(REAL_FIXTURES, { recursive: true, encoding: 'utf8' }).filter((f) =>
    f.endsWith('.jsonl'),
  )
  let rows = 0
  let pairs = 0
  for (const f of files) {
    const parsed = parseFile(join(REAL_FIXTURES, f), 0, { sessionId: null, agentId: null })
    const posted = packFile(parsed, true)
    expect(typeof posted.batch).toBe('string')
    const direct = packFile(parsed).batch as PackedBatch
    expect(unpackBatch(posted.batch), f).toEqual(direct)
    // Every call with its result in the file is one paired row; the rest stay apart.
    const results = new Set(parsed.batch.toolResults.map((r) => r.toolUseId))
    const paired = new Set(parsed.batch.toolUses.filter((u) => results.has(u.id)).map((u) => u.id))
    expect(direct.toolCalls.map((c) => c[0]).sort(), f).toEqual([...paired].sort())
    expect(
      direct.toolResults.every((r) => !paired.has(r[0])),
      f,
    ).toBe(true)
    rows += direct.responses.length + direct.toolCalls.length + direct.events.length
    pairs += paired.size
  }
  // Not vacuous: the fixtures hold hundreds of rows, a good share of them paired calls.
  expect(rows).toBeGreaterThan(300)
  expect(pairs).toBeGreaterThan(50)
})
