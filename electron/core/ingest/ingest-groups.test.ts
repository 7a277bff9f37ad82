import { rmSync } from 'node:fs'
import { join } from 'node:path'
import { expect, it } from 'vitest'
import { recount } from '../../../tests/helpers/recount'
import { cleanup, copyFixtures, openTestStore, storeSnapshot, tempDir } from '../../../tests/helpers/store'
import { Ingestor } from './ingest'
import { inlineParser, type FileParser } from './file-parser'
import { unpackBatch } from './parse-file'
import type { ToolUseRow } from '../parse/packed'

// The only fixture from this project folder: its cwd is a project no other file introduces.
const FAILING = 'claude-code-log/-experiments-ideas/03eb5929-52b3-4b13-ada3-b93ae35806b8.jsonl'

/** Parses inline, but gives one file a batch the store rejects after its responses are written. */
function failingParser(path: string): FileParser {
  return {
    concurrency: 1,
    parse: async (task) => {
      const parsed = await inlineParser.parse(task)
      if (task.path.endsWith(path))
        unpackBatch(parsed.batch).toolUses.push([
          null,
          'Read',
          0,
          's',
          null,
          null,
          null,
        ] as unknown as ToolUseRow)
      return parsed
    },
    close: () => Promise.resolve(),
  }
}

it('a file that fails inside a group is skipped alone: the group is redone and the rest is exact', async () => {
  const dir = tempDir('obs-groups-')
  const root = copyFixtures(join(dir, 'all'))
  const without = copyFixtures(join(dir, 'without'))
  rmSync(join(without, 'projects', FAILING))
  const store = openTestStore()
  const clean = openTestStore()
  try {
    // One group for the whole pass, applied without a savepoint per file.
    const ingestor = new Ingestor(store.db, store.prices, {
      parser: failingParser(FAILING),
      defaultLabel: () => 'test-host',
    })
    const stats = await ingestor.ingest([{ path: root }])
    expect(stats.errorCount).toBe(1)
    expect(stats.errors[0]).toContain(`failed to ingest ${join(root, 'projects', FAILING)}`)
    await clean.ingest(without)
    expect(storeSnapshot(store)).toEqual(storeSnapshot(clean))
    expect(stats.newResponses).toBe(storeSnapshot(clean).totals.responses)

    // The failed file was not marked read: a later pass (parsed normally) picks it up, and the
    // project it introduces gets a row although the first attempt's insert was rolled back.
    const again = await store.ingest(root)
    expect(again.errorCount).toBe(0)
    expect(again.filesRead).toBe(1)
    expect(storeSnapshot(store).totals.total).toBe(recount(join(root, 'projects')).total)
    expect(storeSnapshot(store).rollup.total).toBe(recount(join(root, 'projects')).total)
  } finally {
    store.close()
    clean.close()
    cleanup(dir)
  }
})
