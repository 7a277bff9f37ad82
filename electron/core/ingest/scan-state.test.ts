import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { oldLayout, parseState, REC, serializeState, type DirState, type ScanState } from './scan-state'

const top = join('/', 'home', 'u', '.claude', 'projects')
const dir = (names: string[], dirs: string[] = [], mtimeMs = 1_767_000_000_123.456): DirState => ({
  mtimeMs,
  dev: 2049,
  ino: 9_007_199_254_740_991,
  dirs,
  names,
  recs: Float64Array.from({ length: names.length * REC }, (_, i) => (i % REC === 0 ? -1 : i * 1.5)),
})
function sample(name = 'agent-a1.jsonl'): ScanState {
  return new Map([
    [top, dir([], ['-p'], -1)],
    [join(top, '-p'), dir(['11111111-1111-4111-8111-111111111111.jsonl'], ['s1'])],
    [join(top, '-p', 's1'), dir([], ['subagents'])],
    [join(top, '-p', 's1', 'subagents'), dir([name, 'agent-b2.jsonl'])],
  ])
}
const plainState = (s: ScanState | null) =>
  s && Array.from(s, ([p, d]) => [p, { ...d, recs: Array.from(d.recs) }])

describe('the saved listings', () => {
  it('read back as they were saved (as text)', () => {
    const { json, recs } = serializeState(top, sample())
    expect(json.startsWith('v3\t')).toBe(true)
    expect(plainState(parseState(top, json, recs))).toEqual(plainState(sample()))
  })

  it('are saved as JSON when a name holds a newline or tab, and read back the same', () => {
    const odd = sample('odd\nname\t.jsonl')
    const { json, recs } = serializeState(top, odd)
    expect(json.startsWith('{')).toBe(true)
    expect(plainState(parseState(top, json, recs))).toEqual(plainState(odd))
  })

  it('read a JSON save of an older version', () => {
    const s = sample()
    const dirs = Array.from(s, ([p, d]) => [
      p === top ? '' : p.slice(top.length + 1),
      d.mtimeMs,
      d.dev,
      d.ino,
      d.dirs,
      d.names,
    ])
    const { recs } = serializeState(top, s)
    const old = JSON.stringify({ v: 2, top, dirs })
    expect(oldLayout(old)).toBe(true)
    expect(oldLayout(serializeState(top, s).json)).toBe(false)
    expect(oldLayout(serializeState(top, sample('odd\nname.jsonl')).json)).toBe(false)
    expect(plainState(parseState(top, old, recs))).toEqual(plainState(s))
  })

  it('are not trusted for another folder, cut short, or with records of another length', () => {
    const { json, recs } = serializeState(top, sample())
    expect(parseState(join(top, 'x'), json, recs)).toBeNull()
    expect(parseState(top, json.slice(0, json.lastIndexOf('\n')), recs)).toBeNull()
    expect(parseState(top, json, recs.subarray(0, recs.length - 8))).toBeNull()
  })
})
