import type { AlertInputsResult, ForecastResult } from '../../shared/contract'
import { formatMoney, type Currency } from '../../shared/format'

export interface TrayItem {
  label: string
  /** What the shell does on click; absent for the read-only figures. */
  action?: 'open' | 'pause' | 'resume' | 'quit'
  separatorBefore?: boolean
}

/** The tray menu: today's and this week's cost, the current 5-hour block and burn rate, then actions. */
export function trayMenuModel(
  inputs: AlertInputsResult | null,
  forecast: ForecastResult | null,
  paused: boolean,
  currency: Currency,
): TrayItem[] {
  const money = (v: number | null) => formatMoney(v, currency, 'en-US')
  const block = forecast?.block
  return [
    { label: `Today: ${inputs ? money(inputs.day.cost) : '…'}` },
    { label: `This week: ${inputs ? money(inputs.week.cost) : '…'}` },
    {
      label: block
        ? `5-hour block: ${money(block.cost)}, ${block.burnPerHour === null ? 'burn rate unknown' : `${money(block.burnPerHour)}/h`}`
        : '5-hour block: no activity',
    },
    { label: 'Open dashboard', action: 'open', separatorBefore: true },
    paused ? { label: 'Resume watching', action: 'resume' } : { label: 'Pause watching', action: 'pause' },
    { label: 'Quit Observatory', action: 'quit', separatorBefore: true },
  ]
}

/** The tray's tooltip: today's cost at a glance. */
export function trayTooltip(inputs: AlertInputsResult | null, currency: Currency): string {
  return inputs ? `Observatory: ${formatMoney(inputs.day.cost, currency, 'en-US')} today` : 'Observatory'
}
