import type { Locator } from 'playwright-core'
import type { DashboardPage } from './dashboard'

/** Settings: preferences, the folders read (sources) and the data upkeep panel. */
export class SettingsPage {
  static readonly route = 'settings'
  constructor(readonly d: DashboardPage) {}

  get sources(): Locator {
    return this.d.byTestId('sources')
  }

  sourceRow(path: string): Locator {
    return this.sources.locator('tr', { hasText: path })
  }

  get upkeep(): Locator {
    return this.d.byTestId('upkeep')
  }

  get firstAlert(): Locator {
    return this.d.page.getByRole('alert').first()
  }

  async saveTheme(theme: 'light' | 'dark' | 'system'): Promise<void> {
    await this.d.byTestId('theme').selectOption(theme)
    await this.d.page.getByRole('button', { name: 'Save settings' }).click()
  }

  async addFolder(path: string): Promise<void> {
    await this.d.page.getByLabel('Folder path').fill(path)
    await this.d.page.getByRole('button', { name: 'Add folder' }).click()
  }

  /** Removes a folder through its inline confirmation, deleting its data or keeping it. */
  async removeSource(path: string, deleteData: boolean): Promise<void> {
    const row = this.sourceRow(path)
    await row.getByTestId('remove-source').click()
    const confirm = row.getByRole('group', { name: `Remove ${path}` })
    await confirm
      .getByRole('button', { name: deleteData ? 'Remove and delete its data' : 'Stop reading, keep data' })
      .click()
  }
}
