import { PAGES } from '../../shared/pages'
import type { MenuItemConstructorOptions } from 'electron'

/**
 * The application menu with the usual roles (edit, view, window; the app menu on macOS) and a Go menu
 * whose items call `go(route)`.
 */
export function appMenuTemplate(platform: string, go: (route: string) => void): MenuItemConstructorOptions[] {
  const mac = platform === 'darwin'
  return [
    ...(mac ? [{ role: 'appMenu' as const }] : []),
    { role: 'fileMenu' },
    { role: 'editMenu' },
    {
      label: 'Go',
      submenu: PAGES.map(([route, label, key]) => ({
        label,
        accelerator: `CmdOrCtrl+${key}`,
        click: () => go(route),
      })),
    },
    { role: 'viewMenu' },
    { role: 'windowMenu' },
  ]
}
