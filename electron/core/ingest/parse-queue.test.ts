import { expect, it } from 'vitest'
import type { FileParser, ParseTask } from './file-parser'
import type { PackedFile } from './parse-file'
import { ParseQueue } from './parse-queue'

const MB = 1 << 20

/** A parser that records which files it was asked for and settles only when told to. */
function recordingParser(concurrency: number) {
  const launched: string[] = []
  const settle = new Map<string, () => void>()
  const parser: FileParser = {
    concurrency,
    parse: (task: ParseTask) => {
      launched.push(task.path)
      return new Promise<PackedFile>((resolve) => {
        settle.set(task.path, () => resolve({ batch: task.path, endOffset: 0, headHash: null, meta: null }))
      })
    },
    close: () => Promise.resolve(),
  }
  return { parser, launched, settle }
}

const task = (path: string): ParseTask => ({ path, from: 0, ctx: { sessionId: null, agentId: null } })

it('starts parsing files as they are added, within the concurrency and read-ahead window', () => {
  const { parser, launched } = recordingParser(2)
  const queue = new ParseQueue<string>(parser, task)
  queue.add('a', 1 * MB)
  expect(launched).toEqual(['a']) // before the writer asks for anything
  queue.add('b', 1 * MB)
  queue.add('c', 1 * MB)
  expect(launched).toEqual(['a', 'b']) // two in flight past the file the writer waits on
  void queue.parsed(0)
  expect(launched).toEqual(['a', 'b']) // the window still starts at file 0 while it is taken
  void queue.parsed(1)
  expect(launched).toEqual(['a', 'b', 'c'])
  expect(queue.items).toEqual(['a', 'b', 'c'])
})

it('bounds the input launched ahead of the writer, but always launches the file it waits on', () => {
  const { parser, launched } = recordingParser(100)
  const queue = new ParseQueue<string>(parser, task)
  queue.add('big', 40 * MB)
  queue.add('next', 1 * MB)
  expect(launched).toEqual(['big']) // 40 MB already ahead: more than the 32 MB window
  void queue.parsed(0)
  void queue.parsed(1)
  expect(launched).toEqual(['big', 'next'])
})

it('hands each parse back in plan order and parses again on request', async () => {
  const { parser, launched, settle } = recordingParser(4)
  const queue = new ParseQueue<string>(parser, task)
  for (const f of ['a', 'b']) queue.add(f, MB)
  settle.get('b')!()
  settle.get('a')!()
  expect((await queue.parsed(0)).batch).toBe('a')
  expect((await queue.parsed(1)).batch).toBe('b')
  const again = queue.parsed(0)
  expect(launched).toEqual(['a', 'b', 'a'])
  settle.get('a')!()
  expect((await again).batch).toBe('a')
})

it('lets committed items go, never one the writer has not taken yet', () => {
  const { parser } = recordingParser(4)
  const queue = new ParseQueue<string>(parser, task)
  for (const f of ['a', 'b', 'c', 'd']) queue.add(f, MB)
  void queue.parsed(0)
  void queue.parsed(1)
  queue.release(3) // only 0 and 1 were taken
  expect(queue.items).toEqual([undefined, undefined, 'c', 'd'])
  expect(() => queue.item(1)).toThrow(/released/)
  expect(queue.item(2)).toBe('c')
})
