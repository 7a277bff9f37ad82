import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { SettingsResult, SummaryResult } from '../../shared/contract'
import { copyFixtures } from '../helpers/store'
import { ALL, inBothSchemes, useServedFixtures } from './fixture'
import { DashboardPage } from './pages/dashboard'
import { SettingsPage } from './pages/settings'

/** Settings over the real fixtures: the folders read, and settings saved through the contract. */
const e = useServedFixtures()

describe('Settings', () => {
  it('lists the folder it reads', async () => {
    await inBothSchemes(e, SettingsPage, async (s, d) => {
      await d.settled()
      expect(await s.sources.textContent()).toContain(join(e.dir, 'claude'))
    })
  })

  it('settings are saved through the contract: the theme applies at once, an added folder is read', async () => {
    const d = await DashboardPage.open(e.browser, e.served)
    const s = await d.show(SettingsPage)
    await s.saveTheme('dark')
    await expect.poll(() => d.page.locator('html').getAttribute('data-theme')).toBe('dark')
    expect((await e.served.call<SettingsResult>('settings')).settings.theme).toBe('dark')
    // A folder without transcripts is refused with the reason; a copy of the fixtures is added.
    mkdirSync(join(e.dir, 'nothing-here'))
    await s.addFolder(join(e.dir, 'nothing-here'))
    await expect.poll(() => s.firstAlert.textContent()).toContain('no Claude Code transcripts')
    const backup = copyFixtures(join(e.dir, 'backup'))
    await s.addFolder(backup)
    await expect.poll(() => s.sources.textContent(), { timeout: 10_000 }).toContain(backup)
    // The backup overlaps what is stored: the totals do not change.
    const before = await e.served.call<SummaryResult>('summary', ALL)
    await expect
      .poll(
        async () =>
          (await e.served.call<SettingsResult>('settings')).sources.find((x) => x.path === backup)?.files,
      )
      .toBeGreaterThan(20)
    expect((await e.served.call<SummaryResult>('summary', ALL)).tokens.total.value).toBe(
      before.tokens.total.value,
    )
    // Removing the backup with its data, after the confirmation: the live folder still holds it all.
    await s.removeSource(backup, true)
    await expect.poll(() => s.sourceRow(backup).count(), { timeout: 20_000 }).toBe(0)
    await expect
      .poll(async () => (await e.served.call<SummaryResult>('summary', ALL)).tokens.total.value, {
        timeout: 20_000,
      })
      .toBe(before.tokens.total.value)
    expect((await e.served.call<SettingsResult>('settings')).sources.map((x) => x.path)).not.toContain(backup)
    // The data panel says nothing was pruned and the archive is off.
    await expect.poll(() => s.upkeep.textContent()).toContain('Nothing deleted')
    await e.served.call('saveSettings', { theme: 'system' })
    await d.close()
  })
})
