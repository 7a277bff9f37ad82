import { describe, expect, it } from 'vitest'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { answerIpc, type IpcDeps } from './ipc-handler'
import { appOrigin } from './security'

const INDEX = join(__dirname, '../../out/renderer/index.html')
const PAGE = { url: `${pathToFileURL(INDEX).href}#/overview`, parent: null }

function deps(
  dialog: IpcDeps['showSaveDialog'] = async () => ({ canceled: false, filePath: '/home/me/Downloads/x.csv' }),
) {
  const relayed: { name: string; args: unknown }[] = []
  const dialogs: unknown[] = []
  const logs: string[] = []
  const d: IpcDeps = {
    origin: appOrigin({ isPackaged: true, devUrl: 'http://localhost:5173', indexFile: INDEX }),
    relay: async (name, args) => (
      relayed.push({ name, args }),
      { ok: true, value: { path: '/written', bytes: 3 } }
    ),
    showSaveDialog: (o) => (dialogs.push(o), dialog(o)),
    downloads: () => '/home/me/Downloads',
    sep: '/',
    log: (m) => logs.push(m),
    now: () => new Date('2026-11-24T10:00:00Z'),
  }
  return { d, relayed, dialogs, logs }
}

describe('answering an IPC request', () => {
  it('relays a query from our page', async () => {
    const { d, relayed } = deps()
    expect(await answerIpc(d, PAGE, 'summary', { range: { preset: '7d' } })).toMatchObject({ ok: true })
    expect(relayed).toEqual([{ name: 'summary', args: { range: { preset: '7d' } } }])
  })

  it('refuses a sender that is not our top frame, without relaying', async () => {
    for (const frame of [
      null,
      { url: 'file:///tmp/evil.html', parent: null },
      { url: 'http://localhost:5173/', parent: null }, // a packaged app ignores the dev server
      { url: PAGE.url, parent: {} },
    ]) {
      const { d, relayed, logs } = deps()
      expect(await answerIpc(d, frame, 'settings', {})).toMatchObject({
        ok: false,
        error: { code: 'unauthorized' },
      })
      expect(relayed).toEqual([])
      expect(logs[0]).toMatch(/^refused settings from/)
    }
  })

  it('an export asks the dialog and writes where the user chose, never where the page said', async () => {
    const { d, relayed, dialogs } = deps()
    await answerIpc(d, PAGE, 'exportView', { view: 'models', format: 'csv', path: '/etc/cron.d/evil' })
    expect(dialogs).toHaveLength(1)
    expect(relayed).toHaveLength(1)
    expect(relayed[0]!.args).toMatchObject({
      view: 'models',
      format: 'csv',
      path: '/home/me/Downloads/x.csv',
    })
  })

  it('an invalid export answers the validation error without a dialog', async () => {
    const { d, relayed, dialogs } = deps()
    const r = await answerIpc(d, PAGE, 'exportView', { view: 'models', format: 'exe' })
    expect(r).toMatchObject({ ok: false, error: { code: 'invalid_arguments' } })
    expect([dialogs.length, relayed.length]).toEqual([0, 0])
  })

  it('a cancelled dialog answers { path: null }; a failing one answers an error', async () => {
    const cancel = deps(async () => ({ canceled: true }))
    expect(await answerIpc(cancel.d, PAGE, 'exportView', { view: 'cost', format: 'pdf' })).toEqual({
      ok: true,
      value: { path: null, bytes: 0 },
    })
    expect(cancel.relayed).toEqual([])
    const broken = deps(() => Promise.reject(new Error('no display')))
    expect(await answerIpc(broken.d, PAGE, 'exportView', { view: 'cost', format: 'pdf' })).toMatchObject({
      ok: false,
      error: { code: 'internal', message: 'exportView failed: no display' },
    })
  })
})
