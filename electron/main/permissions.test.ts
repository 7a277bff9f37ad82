import { expect, it } from 'vitest'
import { denyAllPermissions, type PermissionSession } from './permissions'

/** A recorder with Session's handler-setting surface. */
function recorder() {
  const h: Record<string, (...a: never[]) => unknown> = {}
  const s = {
    setPermissionRequestHandler: (f: never) => (h.request = f),
    setPermissionCheckHandler: (f: never) => (h.check = f),
    setDevicePermissionHandler: (f: never) => (h.device = f),
    setDisplayMediaRequestHandler: (f: never) => (h.display = f),
    setBluetoothPairingHandler: (f: never) => (h.pairing = f),
    on: (event: string, f: never) => (h[event] = f),
  }
  return { s: s as unknown as PermissionSession, h: h as Record<string, (...a: unknown[]) => unknown> }
}

it('denies every permission request and check, devices, screen capture and pairing, and logs requests', () => {
  const { s, h } = recorder()
  const logs: string[] = []
  denyAllPermissions(s, (m) => logs.push(m))
  for (const p of [
    'media',
    'geolocation',
    'notifications',
    'hid',
    'usb',
    'serial',
    'clipboard-read',
    'midi',
  ]) {
    const answers: boolean[] = []
    h.request!({}, p, (g: boolean) => answers.push(g), {})
    expect(answers).toEqual([false])
    expect(h.check!({}, p, 'file:///', {})).toBe(false)
  }
  expect(logs).toContain('denied permission request: media')
  expect(h.device!({ deviceType: 'usb', origin: 'file://' })).toBe(false)
  const streams: unknown[] = []
  h.display!({}, (x: unknown) => streams.push(x))
  expect(streams).toEqual([null])
  const pairing: unknown[] = []
  h.pairing!({}, (x: unknown) => pairing.push(x))
  expect(pairing).toEqual([{ confirmed: false }])
  for (const [event, args, none] of [
    ['select-hid-device', [{ deviceList: [{ deviceId: 'h1' }] }], undefined],
    ['select-usb-device', [{ deviceList: [{ deviceId: 'u1' }] }], undefined],
    ['select-serial-port', [[{ portId: 'p1' }], {}], ''],
  ] as const) {
    let prevented = false
    const picked: unknown[] = []
    h[event]!({ preventDefault: () => (prevented = true) }, ...args, (id?: string) => picked.push(id))
    expect(prevented).toBe(true)
    expect(picked).toEqual([none])
  }
})
