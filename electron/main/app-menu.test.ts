import { expect, it } from 'vitest'
import { appMenuTemplate } from './app-menu'

it('has the usual menus, the app menu on macOS only, and a Go menu that opens pages', () => {
  const routes: string[] = []
  const linux = appMenuTemplate('linux', (r) => routes.push(r))
  expect(linux.map((m) => m.role ?? m.label)).toEqual([
    'fileMenu',
    'editMenu',
    'Go',
    'viewMenu',
    'windowMenu',
  ])
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
