import { appendFileSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import type { HealthResult } from '../../shared/contract'
import { copyFixtures } from '../helpers/store'
import { assistantLine, firstTranscript, inBothSchemes, useServedFixtures } from './fixture'
import { serve } from './harness'
import { DashboardPage } from './pages/dashboard'
import { HealthPage } from './pages/health'

/** Health over the real fixtures, and a store error shown in the window while the store is locked. */
const e = useServedFixtures()

describe('Health', () => {
  it('shows what is watched', async () => {
    await inBothSchemes(e, HealthPage, async (h, d) => {
      await d.settled()
      expect(await h.panel.textContent()).toContain('Files watched')
    })
  })
})

describe('a store error in the window', () => {
  it('shows as a banner on every page and on Health while the store is locked, and goes once a pass commits', async () => {
    const root = join(e.dir, 'locked-claude')
    copyFixtures(root)
    const db = join(e.dir, 'locked.db')
    const s = await serve(root, db, e.dir, { OBSERVATORY_BUSY_TIMEOUT_MS: '100' })
    const d = await DashboardPage.open(e.browser, s)
    const banner = d.storeError
    const other = new Database(db)
    try {
      await d.settled()
      expect(await banner.count()).toBe(0)
      other.exec('BEGIN EXCLUSIVE') // another process holds the store
      appendFileSync(firstTranscript(root), assistantLine('locked', 10, 20))
      await banner.waitFor({ timeout: 20_000 })
      expect(await banner.textContent()).toMatch(/cannot use its store \(locked,.*locked by another process/)
      const h = await d.show(HealthPage)
      await expect.poll(() => h.main.textContent(), { timeout: 10_000 }).toMatch(/locked/)
      other.exec('ROLLBACK')
      appendFileSync(firstTranscript(root), assistantLine('unlocked', 10, 20))
      await banner.waitFor({ state: 'detached', timeout: 20_000 })
      const health = await s.call<HealthResult>('health')
      expect(health.storeError).toBeNull()
      expect(d.errors).toEqual([])
    } finally {
      other.close()
      await d.close()
      s.stop()
    }
  }, 90_000)
})
