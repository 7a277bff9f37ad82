import { PAGES } from '../../shared/pages'
import type { MenuItemConstructorOptions } from 'electron'

/** The View menu of a packaged app: zoom and full screen, no reload and no DevTools. */
const PRODUCTION_VIEW: MenuItemConstructorOptions = {
  label: 'View',
  submenu: [
    { role: 'resetZoom' },
    { role: 'zoomIn' },
    { role: 'zoomOut' },
    { type: 'separator' },
    { role: 'togglefullscreen' },
  ],
}

/**
 * The application menu with the usual roles (edit, view, window; the app menu on macOS) and a Go menu
 * whose items call `go(route)`. Only an unpackaged app gets the stock View menu (reload, DevTools).
 */
export function appMenuTemplate(
  platform: string,
  go: (route: string) => void,
  packaged = true,
): MenuItemConstructorOptions[] {
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
    packaged ? PRODUCTION_VIEW : { role: 'viewMenu' },
    { role: 'windowMenu' },
  ]
}
