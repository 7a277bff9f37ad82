import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { readLines } from './line-reader'

let dir: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'obs-lines-'))
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

function collect(path: string, from = 0, opts = {}) {
  const lines: string[] = []
  const res = readLines(path, from, (b, s, e) => lines.push(b.toString('utf8', s, e)), opts)
  return { ...res, lines }
}

describe('readLines', () => {
  it('reads complete lines and leaves a torn last line for the next pass', () => {
    const f = join(dir, 'a.jsonl')
    writeFileSync(f, '{"a":1}\n{"b":2}\n{"c":')
    const r = collect(f)
    expect(r.lines).toEqual(['{"a":1}', '{"b":2}'])
    expect(r.endOffset).toBe(16)
    writeFileSync(f, '{"a":1}\n{"b":2}\n{"c":3}\n')
    expect(collect(f, r.endOffset)).toMatchObject({ lines: ['{"c":3}'], endOffset: 24 })
  })

  it('handles lines that cross chunk boundaries and grow the buffer', () => {
    const f = join(dir, 'b.jsonl')
    const long = 'x'.repeat(10_000)
    writeFileSync(f, `${long}\nshort\n${long}y\n`)
    const r = collect(f, 0, { chunkBytes: 64 })
    expect(r.lines.map((l) => l.length)).toEqual([10_000, 5, 10_001])
  })

  it('skips and counts a line longer than the limit without losing the next lines', () => {
    const f = join(dir, 'c.jsonl')
    writeFileSync(f, `first\n${'z'.repeat(5000)}\nlast\n`)
    const r = collect(f, 0, { chunkBytes: 256, maxLineBytes: 1024 })
    expect(r.lines).toEqual(['first', 'last'])
    expect(r.tooLarge).toBe(1)
  })

  it('does not move past an oversized line that is still being written', () => {
    const f = join(dir, 'd.jsonl')
    writeFileSync(f, `ok\n${'z'.repeat(5000)}`)
    const r = collect(f, 0, { chunkBytes: 256, maxLineBytes: 1024 })
    expect(r.lines).toEqual(['ok'])
    expect(r.endOffset).toBe(3)
  })

  it('reads nothing from an empty file', () => {
    const f = join(dir, 'e.jsonl')
    writeFileSync(f, '')
    expect(collect(f)).toMatchObject({ lines: [], endOffset: 0 })
  })

  it('skips a UTF-8 BOM at the start of the file only, whatever the chunk size', () => {
    const f = join(dir, 'bom.jsonl')
    const bom = Buffer.from([0xef, 0xbb, 0xbf])
    writeFileSync(f, Buffer.concat([bom, Buffer.from('{"a":1}\n'), bom, Buffer.from('{"b":2}\n')]))
    for (const chunkBytes of [1, 2, 3, 4, 64]) {
      const r = collect(f, 0, { chunkBytes })
      expect(r.lines, `chunk ${chunkBytes}`).toEqual(['{"a":1}', '\ufeff{"b":2}'])
      expect(r.endOffset).toBe(3 + 8 + 3 + 8)
    }
    // Read from an offset, the same bytes are not at the file's start: they stay.
    writeFileSync(f, Buffer.concat([Buffer.from('x\n'), bom, Buffer.from('{"b":2}\n')]))
    expect(collect(f, 2).lines).toEqual(['\ufeff{"b":2}'])
  })

  it('offers the bytes after the last newline to lastLine, and moves past them only when it takes them', () => {
    const f = join(dir, 'tail.jsonl')
    writeFileSync(f, '{"a":1}\n{"b":2}')
    const offered: string[] = []
    const take = (yes: boolean) => (b: Buffer, s: number, e: number) => (
      offered.push(b.toString('utf8', s, e)),
      yes
    )
    expect(collect(f, 0, { lastLine: take(false), chunkBytes: 4 })).toMatchObject({
      lines: ['{"a":1}'],
      endOffset: 8,
    })
    expect(collect(f, 0, { lastLine: take(true) })).toMatchObject({ lines: ['{"a":1}'], endOffset: 15 })
    expect(offered).toEqual(['{"b":2}', '{"b":2}'])
    // Nothing is offered when the file ends with its newline, or inside an oversized line.
    writeFileSync(f, `ok\n${'z'.repeat(5000)}`)
    offered.length = 0
    expect(collect(f, 0, { lastLine: take(true), chunkBytes: 256, maxLineBytes: 1024 }).endOffset).toBe(3)
    writeFileSync(f, 'ok\n')
    expect(collect(f, 0, { lastLine: take(true) }).endOffset).toBe(3)
    expect(offered).toEqual([])
  })
})
