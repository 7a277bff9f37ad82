import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { gunzipSync } from 'node:zlib'
import { expect, it } from 'vitest'
import { cleanup, copyFixtures, openTestStore, tempDir } from '../../../tests/helpers/store'
import { archiveNewBytes, archivePath, restoreArchive } from './archive'

it('cuts what an interrupted run left before appending, and rewrites the copy of a replaced file', async () => {
  const dir = tempDir('obs-archive-')
  const store = openTestStore()
  try {
    const root = copyFixtures(join(dir, 'src'), ['spotter'])
    await store.ingest(root)
    const arch = join(dir, 'archive')
    expect((await archiveNewBytes(store.db, arch)).files).toBeGreaterThan(2)
    const file = join(root, 'projects', 'spotter', 'short.jsonl')
    const { id, root: realRoot } = store.db.prepare(`SELECT s.id, s.root FROM sources s`).get() as {
      id: number
      root: string
    }
    const copy = archivePath(arch, id, realRoot, join(realRoot, 'projects', 'spotter', 'short.jsonl'))
    // A run killed mid-write: half a gzip member after the last complete one.
    appendFileSync(copy, Buffer.concat([Buffer.from([0x1f, 0x8b, 8, 0]), Buffer.alloc(64 << 10, 7)]))
    const line = readFileSync(file, 'utf8').split('\n')[0]!
    appendFileSync(file, `${line}\n`)
    await store.ingest(root)
    expect((await archiveNewBytes(store.db, arch)).files).toBe(1)
    expect(gunzipSync(readFileSync(copy)).equals(readFileSync(file))).toBe(true)

    // Replaced by a shorter file: re-read from 0 by the ingest, and the copy starts over.
    writeFileSync(file, `${line}\n`)
    await store.ingest(root)
    await archiveNewBytes(store.db, arch)
    expect(gunzipSync(readFileSync(copy)).toString()).toBe(`${line}\n`)

    // Restoring never overwrites, and a label cannot name a folder outside the target.
    store.db.prepare(`UPDATE sources SET label = '..'`).run()
    const [restored] = await restoreArchive(store.db, arch, join(dir, 'out'))
    expect(restored).toBe(join(dir, 'out', `source-${id}`))
    expect(existsSync(join(restored!, 'projects', 'spotter', 'short.jsonl'))).toBe(true)
    await expect(restoreArchive(store.db, arch, join(dir, 'out'))).rejects.toThrow(/already exists/)
  } finally {
    store.close()
    cleanup(dir)
  }
})
