import { expect, it } from 'vitest'
import type { MenuItemConstructorOptions } from 'electron'
import { appMenuTemplate } from './app-menu'

it('has the usual menus, the app menu on macOS only, and a Go menu that opens pages', () => {
  const routes: string[] = []
  const linux = appMenuTemplate('linux', (r) => routes.push(r))
  expect(linux.map((m) => m.role ?? m.label)).toEqual(['fileMenu', 'editMenu', 'Go', 'View', 'windowMenu'])
  expect(appMenuTemplate('darwin', () => {})[0]).toEqual({ role: 'appMenu' })
  const go = linux.find((m) => m.label === 'Go')!.submenu as {
    label: string
    accelerator: string
    click: () => void
  }[]
  expect(go[1]).toMatchObject({ label: 'Cost & tokens', accelerator: 'CmdOrCtrl+2' })
  go[6]!.click()
  expect(routes).toEqual(['sessions'])
})

it('keeps DevTools and reloads out of the packaged app, and gives them to development', () => {
  const roles = (t: MenuItemConstructorOptions[]): string[] =>
    t.flatMap((m) => [...(m.role ? [m.role] : []), ...(Array.isArray(m.submenu) ? roles(m.submenu) : [])])
  for (const platform of ['linux', 'darwin', 'win32']) {
    const prod = roles(appMenuTemplate(platform, () => {}))
    expect(prod).toEqual(expect.arrayContaining(['zoomIn', 'togglefullscreen']))
    for (const dev of ['toggleDevTools', 'reload', 'forceReload', 'viewMenu']) expect(prod).not.toContain(dev)
    expect(roles(appMenuTemplate(platform, () => {}, false))).toContain('viewMenu')
  }
})
