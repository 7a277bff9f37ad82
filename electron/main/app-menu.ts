import type { MenuItemConstructorOptions } from 'electron'

/** Pages in the Go menu, with their accelerators (CmdOrCtrl+digit, as Alt+digit in the window). */
const GO: [string, string, string][] = [
  ['overview', 'Overview', '1'],
  ['cost', 'Cost & tokens', '2'],
  ['activity', 'Activity', '3'],
  ['response-times', 'Response times', '4'],
  ['models', 'Models', '5'],
  ['projects', 'Projects', '6'],
  ['sessions', 'Sessions', '7'],
  ['agents', 'Agents & tools', '8'],
  ['settings', 'Settings', '9'],
  ['health', 'Health', '0'],
]

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
      submenu: GO.map(([route, label, key]) => ({
        label,
        accelerator: `CmdOrCtrl+${key}`,
        click: () => go(route),
      })),
    },
    { role: 'viewMenu' },
    { role: 'windowMenu' },
  ]
}
