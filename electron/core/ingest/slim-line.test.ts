import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { REAL_FIXTURES } from '../../../tests/helpers/store'
import { readLines } from './line-reader'
import { parseFile } from './parse-file'
import { KEPT_PREFIX, LONG_STRING, slimLine } from './slim-line'

const slim = (json: string): string => {
  const buf = Buffer.from(`xx${json}yy`)
  return slimLine(buf, 2, buf.length - 2)
}

describe('slimLine', () => {
  it('returns short lines and lines without long strings unchanged', () => {
    const short = JSON.stringify({ a: 'b'.repeat(100) })
    expect(slim(short)).toBe(short)
    const many = JSON.stringify({ xs: Array.from({ length: 1000 }, (_, i) => `v${i}`) })
    expect(many.length).toBeGreaterThan(LONG_STRING)
    expect(slim(many)).toBe(many)
  })

  // Every alignment of escapes (\", \\, \n, \uXXXX) and multi-byte UTF-8 against the cut.
  const pieces = ['a', '"', '\\', '\n', '\u0001', 'é', '日', '🎉', '\\"', '\\u0041']
  for (const piece of pieces)
    for (let shift = 0; shift < 7; shift++) {
      it(`cuts a long string made of ${JSON.stringify(piece)} (shift ${shift}) into a valid prefix`, () => {
        const long = 'x'.repeat(shift) + piece.repeat(Math.ceil((LONG_STRING * 2) / piece.length))
        const o = { type: 'user', keep: 'short "quoted" \\ value', big: long, n: 42, arr: [long, 'end'] }
        const out = JSON.parse(slim(JSON.stringify(o))) as typeof o
        expect(out.keep).toBe(o.keep)
        expect(out.n).toBe(42)
        expect(out.arr[1]).toBe('end')
        for (const cut of [out.big, out.arr[0]!]) {
          const bytes = Buffer.from(cut, 'latin1')
          expect(bytes.length).toBeGreaterThan(KEPT_PREFIX / 6 - 1)
          expect(bytes.length).toBeLessThanOrEqual(KEPT_PREFIX)
          expect(Buffer.from(long).subarray(0, bytes.length).equals(bytes)).toBe(true)
        }
      })
    }

  it('keeps the first characters of a long multi-byte prompt exact', () => {
    const dir = mkdtempSync(join(tmpdir(), 'obs-slim-'))
    const prompt = '日本語 ' + 'é🎉'.repeat(LONG_STRING)
    const line = { type: 'user', uuid: 'u1', sessionId: 's', timestamp: '2026-01-01T00:00:00.000Z' }
    writeFileSync(
      join(dir, 's.jsonl'),
      JSON.stringify({ ...line, message: { role: 'user', content: prompt } }) + '\n',
    )
    const { batch } = parseFile(join(dir, 's.jsonl'), 0, { sessionId: null, agentId: null })
    expect(batch.events[0]!.text).toBe(prompt.slice(0, 200))
    rmSync(dir, { recursive: true })
  })

  it('leaves malformed lines whole for JSON.parse to reject', () => {
    const torn = `{"a":"${'z'.repeat(LONG_STRING * 2)}`
    expect(slim(torn)).toBe(torn)
  })
})

it('changes nothing parseFile produces from the real transcripts', () => {
  const files = readdirSync(REAL_FIXTURES, { recursive: true, encoding: 'utf8' }).filter((f) =>
    f.endsWith('.jsonl'),
  )
  expect(files.length).toBeGreaterThan(20)
  let slimmed = 0
  for (const rel of files) {
    const path = join(REAL_FIXTURES, rel)
    const ctx = { sessionId: null, agentId: null }
    const whole = parseFile(path, 0, ctx, { slim: false })
    const fast = parseFile(path, 0, ctx)
    expect(fast, rel).toEqual(whole)
    readLines(path, 0, (buf, s, e) => {
      if (slimLine(buf, s, e).length < e - s) slimmed++
    })
  }
  // The fixtures hold images, long tool results and file contents: the comparison is not vacuous.
  expect(slimmed).toBeGreaterThan(30)
})
