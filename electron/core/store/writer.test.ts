import { expect, it } from 'vitest'
import { PriceBook } from '../prices/price-book'
import { loadSettings, saveSettings } from '../settings/settings-store'
import { openDb } from './db'
import { ensureSource, sourceFiles } from './ingest-state'
import { StoreWriter } from './writer'

it("a write from outside the pass waits for the open group and survives the group's rollback", async () => {
  const db = openDb(':memory:')
  const writer = new StoreWriter(db, new PriceBook())
  writer.begin()
  ensureSource(db, '/pass/root', 'pass', 'pass') // the pass's own write, in its group
  let done = false
  const saved = writer.outsideGroup(() => {
    saveSettings(db, { theme: 'dark' })
    done = true
    return loadSettings(db).theme
  })
  await Promise.resolve()
  expect(done).toBe(false)
  writer.rollback() // a file failed: the group is undone to be redone file by file
  expect(await saved).toBe('dark')
  expect(loadSettings(db).theme).toBe('dark')
  expect(db.prepare('SELECT COUNT(*) AS n FROM sources').get()).toEqual({ n: 0 })
  expect(sourceFiles(db)).toEqual([])
  // With no group open it runs at once.
  await writer.outsideGroup(() => saveSettings(db, { theme: 'light' }))
  expect(loadSettings(db).theme).toBe('light')
  db.close()
})
