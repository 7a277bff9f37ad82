import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { IngestProgress } from '../shared/contract'
import { CoreHost } from '../electron/core/host'
import { openCore } from '../electron/core/open-core'
import { snapshot, toVersion10 } from './helpers/backfill'
import { cleanup, copyFixtures, openTestStore, tempDir } from './helpers/store'

describe('the host upgrading a store (deferred backfills)', () => {
  let dir = ''
  beforeAll(() => {
    dir = tempDir()
    copyFixtures(join(dir, 'in'))
  })
  afterAll(() => cleanup(dir))

  it('answers "being upgraded" until the backfills end, reports progress, then reads and answers', async () => {
    const file = join(dir, 'o.db')
    const store = openTestStore(file)
    await store.ingest(join(dir, 'in'))
    store.close()
    const expected = snapshot(file)
    toVersion10(file)

    const core = openCore({
      dbPath: file,
      pricesFile: join(dir, 'prices.json'),
      store: { deferBackfills: true },
    })
    const events: IngestProgress[] = []
    const host = new CoreHost(core, {
      log: () => {},
      emit: (name, data) => {
        if (name === 'ingest-progress') events.push(data as IngestProgress)
      },
      defaultRoots: () => [],
      cliRoots: [{ path: join(dir, 'in') }],
      live: { rescanMs: 60_000 },
    })
    const before = host.api.call('summary', { range: { preset: 'all' } })
    expect(before).toMatchObject({ ok: false, error: { code: 'store' } })
    expect(!before.ok && before.error.message).toMatch(/being upgraded \(0 %\)/)
    expect(host.api.call('health', {}).ok).toBe(true)

    await host.start()
    const upgrade = events.filter((e) => e.upgrade)
    expect(upgrade.length).toBeGreaterThan(1)
    expect(upgrade.at(-1)).toMatchObject({ done: true })
    expect(upgrade.at(-1)!.upgrade!.chunksDone).toBe(upgrade.at(-1)!.upgrade!.chunksTotal)
    expect(host.api.call('summary', { range: { preset: 'all' } }).ok).toBe(true)
    await host.stop()
    await core.close()
    expect(snapshot(file)).toEqual(expected)
  })
})
