import { appendFileSync, readFileSync, realpathSync } from 'node:fs'
import { join } from 'node:path'
import { expect, it } from 'vitest'
import { recount } from '../../../tests/helpers/recount'
import {
  cleanup,
  copyFixtures,
  openTestStore,
  rollupTotals,
  storeSnapshot as snapshot,
  tempDir,
  totals,
} from '../../../tests/helpers/store'
import { removeSourceData } from './remove-source'

const LIVE = ['claude-code-log', 'sniffly', 'spotter']

type Line = { type: string; timestamp: string; message?: { content?: unknown; usage?: object } }

/** A human prompt and a reply one day after the file's last line, with new ids. */
function laterTurn(file: string): string {
  const lines = readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Line)
  const prompt = lines.find((l) => l.type === 'user' && typeof l.message?.content === 'string')!
  const reply = lines.find((l) => l.type === 'assistant' && l.message?.usage)!
  const at = new Date(Date.parse(lines.at(-1)!.timestamp) + 86_400_000).toISOString()
  const p = {
    ...prompt,
    uuid: 'later-prompt',
    timestamp: at,
    message: { ...prompt.message, content: 'one more thing' },
  }
  const r = {
    ...reply,
    uuid: 'later-reply',
    timestamp: at,
    message: { ...reply.message, id: 'msg_later_turn' },
  }
  return `${JSON.stringify(p)}\n${JSON.stringify(r)}\n`
}

it('removing a backup that overlaps the live folder leaves exactly what a clean read of the live folder gives', async () => {
  const dir = tempDir('obs-remove-')
  const live = copyFixtures(join(dir, 'live'), LIVE)
  const backup = copyFixtures(join(dir, 'backup')) // every fixture: overlaps all of live
  // The backup's copy of a live session also ran on a day longer: a prompt and a reply live lacks.
  appendFileSync(
    join(backup, 'projects/spotter/short.jsonl'),
    laterTurn(join(live, 'projects/spotter/short.jsonl')),
  )
  const store = openTestStore()
  const clean = openTestStore()
  try {
    await store.ingest(live, backup)
    expect(totals(store.db).total).toBe(recount(join(backup, 'projects')).total)
    const removed = removeSourceData(store.db, realpathSync(backup))
    expect(removed).toMatchObject({ id: 2, label: 'test-host' })
    expect(removed!.responses).toBeGreaterThan(0)
    expect(removed!.sessions).toBeGreaterThan(0)
    expect(removed!.rereadFiles).toBeGreaterThan(0)
    // The next pass re-reads the live files: responses the backup's copies stood for come back.
    await store.ingest(live)
    await clean.ingest(live)
    const after = snapshot(store)
    expect(after).toEqual(snapshot(clean))
    expect(after.totals.total).toBe(recount(join(live, 'projects')).total)
    expect(after.rollup.total).toBe(after.totals.total)
    // The source and its files are gone.
    const sources = store.db.prepare(`SELECT root FROM sources`).all()
    expect(sources).toEqual([{ root: realpathSync(live) }])
    expect(removeSourceData(store.db, realpathSync(backup))).toBeNull()

    // Removing the last source empties the store.
    removeSourceData(store.db, realpathSync(live))
    expect(Object.values(snapshot(store).counts).every((n) => n === 0)).toBe(true)
    expect(rollupTotals(store.db).responses).toBeNull()
  } finally {
    store.close()
    clean.close()
    cleanup(dir)
  }
})
