import { Menu, Tray, nativeImage, type MenuItemConstructorOptions } from 'electron'
import type { AlertInputsResult, ApiResult, ForecastResult, SettingsResult } from '../../shared/contract'
import { trayMenuModel, trayTooltip } from './tray-menu'

type Call = (name: string, args: unknown) => Promise<ApiResult<unknown>>

/** The tray icon and its live menu (the model is trayMenuModel, tested in Node). */
export class AppTray {
  private readonly tray: Tray
  private paused = false

  constructor(
    icon: string,
    private readonly call: Call,
    private readonly actions: { open(): void; quit(): void },
  ) {
    this.tray = new Tray(nativeImage.createFromPath(icon))
    this.tray.on('click', () => actions.open())
    void this.refresh()
  }

  async refresh(): Promise<void> {
    const value = async <T>(name: string, args: unknown): Promise<T | null> => {
      const r = await this.call(name, args)
      return r.ok ? (r.value as T) : null
    }
    const settings = await value<SettingsResult>('settings', {})
    const tz = settings?.settings.timezone ?? undefined
    const inputs = await value<AlertInputsResult>('alertInputs', {
      timezone: tz,
      weekStart: settings?.settings.weekStart,
    })
    const forecast = await value<ForecastResult>('forecast', { timezone: tz })
    const currency = settings?.settings.currency ?? { code: 'USD', perUsd: 1 }
    const items = trayMenuModel(inputs, forecast, this.paused, currency)
    const template: MenuItemConstructorOptions[] = items.flatMap((i) => [
      ...(i.separatorBefore ? [{ type: 'separator' as const }] : []),
      { label: i.label, enabled: i.action !== undefined, click: () => void this.act(i.action) },
    ])
    this.tray.setToolTip(trayTooltip(inputs, currency))
    this.tray.setContextMenu(Menu.buildFromTemplate(template))
  }

  private async act(action: string | undefined): Promise<void> {
    if (action === 'open') this.actions.open()
    else if (action === 'quit') this.actions.quit()
    else if (action === 'pause' || action === 'resume') {
      const r = await this.call('setWatching', { paused: action === 'pause' })
      if (r.ok) this.paused = (r.value as { paused: boolean }).paused
      await this.refresh()
    }
  }
}
